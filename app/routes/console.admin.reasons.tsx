import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  ActiveBadge,
  AdminField,
  AdminPage,
  AdminTable,
  BilingualCell,
  BilingualFields,
  CreatePanel,
  EditDetails,
  ListFilter,
  Pager,
  ToggleActive,
} from "../components/admin-ui";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { listQuery } from "../domain/admin/admin.schema";
import { runAdminAction } from "../domain/admin/admin-action.server";
import {
  createReason,
  listAdminReasons,
  setReasonActive,
  updateReason,
} from "../domain/admin/reasons.server";
import { requirePermission } from "../domain/auth/auth.server";
import { guarded } from "../utils/http.server";
import type { MessageKey } from "../utils/i18n";
import { useT } from "../utils/use-root";

export { reloadAfterConflict as shouldRevalidate } from "../components/admin-ui";

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requirePermission(request, "admin:system");
  const query = listQuery(request.url);
  return { query, reasons: listAdminReasons(actor, query) };
});

export const action = /* @__PURE__ */ guarded(async ({ request }: ActionFunctionArgs) =>
  runAdminAction(request, {
    createReason: { run: createReason, success: "admin.flash.created" },
    updateReason: { run: updateReason, success: "admin.flash.saved" },
    setReasonActive: { run: setReasonActive, success: "admin.flash.saved" },
  }),
);

const TEXT_LABELS: [MessageKey, MessageKey] = ["admin.reasons.textZh", "admin.reasons.textEn"];

function SortOrderField({ formId, value }: { formId: string; value: number }) {
  const t = useT();
  return (
    <AdminField
      formId={formId}
      name="sortOrder"
      type="number"
      inputMode="numeric"
      label={t("admin.reasons.order")}
      defaultValue={value}
      required
    />
  );
}

export default function AdminReasons() {
  const { query, reasons } = useLoaderData<typeof loader>();
  const t = useT();
  const nextOrder = Math.max(0, ...reasons.rows.map((r) => r.sortOrder)) + 10;
  return (
    <AdminPage id="reasons" title={t("admin.nav.reasons")} lead={t("admin.reasons.lead")}>
      <CreatePanel
        intent="createReason"
        title={t("admin.reasons.create")}
        fields={["code", "text", "textEn", "sortOrder"]}
      >
        <AdminField
          formId="createReason"
          name="code"
          label={t("admin.code")}
          required
          hint={t("admin.codeHint")}
        />
        <BilingualFields formId="createReason" field="text" labels={TEXT_LABELS} />
        <SortOrderField formId="createReason" value={nextOrder} />
      </CreatePanel>

      <ListFilter label={t("admin.filter.reasons")} q={query.q} />
      <AdminTable
        caption={t("admin.reasons.caption", { n: reasons.total })}
        columns={[
          t("admin.reasons.order"),
          t("admin.reasons.text"),
          t("admin.code"),
          t("common.status"),
          t("admin.actions"),
        ]}
      >
        {reasons.rows.map((r) => {
          const formId = `updateReason-${r.id}`;
          return (
            <tr key={r.id}>
              <td>{r.sortOrder}</td>
              <BilingualCell zh={r.text} en={r.textEn} />
              <td>
                <code>{r.code}</code>
              </td>
              <td>
                <ActiveBadge active={r.active} />
              </td>
              <td>
                <EditDetails
                  intent="updateReason"
                  formId={formId}
                  hiddenFields={{ reasonId: r.id, seen: r.seen }}
                  fields={["text", "textEn", "sortOrder"]}
                  label={t("admin.reasons.edit")}
                >
                  <BilingualFields
                    formId={formId}
                    field="text"
                    labels={TEXT_LABELS}
                    values={[r.text, r.textEn]}
                  />
                  <SortOrderField formId={formId} value={r.sortOrder} />
                </EditDetails>
                <ToggleActive
                  intent="setReasonActive"
                  idName="reasonId"
                  id={r.id}
                  active={r.active}
                />
              </td>
            </tr>
          );
        })}
      </AdminTable>
      <Pager page={reasons.page} pages={reasons.pages} total={reasons.total} />
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  ActiveBadge,
  AdminField,
  AdminForm,
  CreatePanel,
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
import { useLocale, useT } from "../utils/use-root";

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

export default function AdminReasons() {
  const { query, reasons } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const nextOrder = Math.max(0, ...reasons.rows.map((r) => r.sortOrder)) + 10;
  return (
    <section aria-labelledby="reasons-title">
      <h1 id="reasons-title">{t("admin.nav.reasons")}</h1>
      <p className="lead">{t("admin.reasons.lead")}</p>

      <CreatePanel formId="createReason" title={t("admin.reasons.create")}>
        <AdminForm
          intent="createReason"
          fields={["code", "text", "textEn", "sortOrder"]}
          label={t("admin.reasons.create")}
        >
          <AdminField
            formId="createReason"
            name="code"
            label={t("admin.code")}
            required
            hint={t("admin.codeHint")}
          />
          <AdminField
            formId="createReason"
            name="text"
            label={t("admin.reasons.textZh")}
            required
          />
          <AdminField
            formId="createReason"
            name="textEn"
            label={t("admin.reasons.textEn")}
            required
          />
          <AdminField
            formId="createReason"
            name="sortOrder"
            type="number"
            inputMode="numeric"
            label={t("admin.reasons.order")}
            defaultValue={nextOrder}
            required
          />
          <div>
            <button type="submit" className="button primary">
              {t("admin.reasons.create")}
            </button>
          </div>
        </AdminForm>
      </CreatePanel>

      <ListFilter label={t("admin.filter.reasons")} q={query.q} />
      <div className="table-wrap">
        <table>
          <caption>{t("admin.reasons.caption", { n: reasons.total })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("admin.reasons.order")}</th>
              <th scope="col">{t("admin.reasons.text")}</th>
              <th scope="col">{t("admin.code")}</th>
              <th scope="col">{t("common.status")}</th>
              <th scope="col">{t("admin.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {reasons.rows.map((r) => {
              const formId = `updateReason-${r.id}`;
              return (
                <tr key={r.id}>
                  <td>{r.sortOrder}</td>
                  <td>
                    {locale === "en" ? r.textEn : r.text}
                    <div className="muted">{locale === "en" ? r.text : r.textEn}</div>
                  </td>
                  <td>
                    <code>{r.code}</code>
                  </td>
                  <td>
                    <ActiveBadge active={r.active} />
                  </td>
                  <td>
                    <details>
                      <summary>{t("admin.edit")}</summary>
                      <AdminForm
                        intent="updateReason"
                        formId={formId}
                        fields={["text", "textEn", "sortOrder"]}
                        label={t("admin.reasons.edit")}
                      >
                        <input type="hidden" name="reasonId" value={r.id} />
                        <AdminField
                          formId={formId}
                          name="text"
                          label={t("admin.reasons.textZh")}
                          defaultValue={r.text}
                          required
                        />
                        <AdminField
                          formId={formId}
                          name="textEn"
                          label={t("admin.reasons.textEn")}
                          defaultValue={r.textEn}
                          required
                        />
                        <AdminField
                          formId={formId}
                          name="sortOrder"
                          type="number"
                          inputMode="numeric"
                          label={t("admin.reasons.order")}
                          defaultValue={r.sortOrder}
                          required
                        />
                        <div>
                          <button type="submit" className="button small">
                            {t("form.save")}
                          </button>
                        </div>
                      </AdminForm>
                    </details>
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
          </tbody>
        </table>
      </div>
      <Pager page={reasons.page} pages={reasons.pages} total={reasons.total} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import {
  ActiveBadge,
  AdminField,
  AdminPage,
  AdminSelect,
  AdminTable,
  BilingualCell,
  BilingualFields,
  CreatePanel,
  EditDetails,
  ListFilter,
  Pager,
  ToggleActive,
  toUnitOptions,
} from "../components/admin-ui";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { listQuery } from "../domain/admin/admin.schema";
import { runAdminAction } from "../domain/admin/admin-action.server";
import {
  createUnit,
  listAdminUnitChoices,
  listAdminUnits,
  renameUnit,
  setUnitActive,
} from "../domain/admin/units.server";
import { requirePermission } from "../domain/auth/auth.server";
import { guarded } from "../utils/http.server";
import { useLocale, useT } from "../utils/use-root";

export { reloadAfterConflict as shouldRevalidate } from "../components/admin-ui";

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requirePermission(request, "admin:system");
  const query = listQuery(request.url);
  return {
    query,
    units: listAdminUnits(actor, query),
    parents: listAdminUnitChoices(actor).filter((u) => u.level !== "county"),
  };
});

export const action = /* @__PURE__ */ guarded(async ({ request }: ActionFunctionArgs) =>
  runAdminAction(request, {
    createUnit: { run: createUnit, success: "admin.flash.created" },
    renameUnit: { run: renameUnit, success: "admin.flash.saved" },
    setUnitActive: { run: setUnitActive, success: "admin.flash.saved" },
  }),
);

export default function AdminUnits() {
  const { query, units, parents } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <AdminPage id="units" title={t("admin.nav.units")} lead={t("admin.units.lead")}>
      <CreatePanel
        intent="createUnit"
        title={t("admin.units.create")}
        fields={["parentId", "code", "name", "nameEn"]}
      >
        <AdminSelect
          formId="createUnit"
          name="parentId"
          label={t("admin.units.parent")}
          required
          options={toUnitOptions(locale, parents, (p) => ` (${t(`level.${p.level}`)})`)}
        />
        <AdminField
          formId="createUnit"
          name="code"
          label={t("admin.code")}
          required
          hint={t("admin.codeHint")}
        />
        <BilingualFields formId="createUnit" />
      </CreatePanel>

      <ListFilter label={t("admin.filter.units")} q={query.q} />
      <AdminTable
        caption={t("admin.units.caption", { n: units.total })}
        columns={[
          t("admin.name"),
          t("admin.level"),
          t("admin.code"),
          t("admin.nav.departments"),
          t("common.status"),
          t("admin.actions"),
        ]}
      >
        {units.rows.map((u) => {
          const formId = `renameUnit-${u.id}`;
          return (
            <tr key={u.id}>
              <BilingualCell zh={u.name} en={u.nameEn} depth={u.depth} />
              <td>{t(`level.${u.level}`)}</td>
              <td>
                <code>{u.code}</code>
              </td>
              <td>
                <Link to={`/console/admin/departments?unitId=${u.id}`}>{u.departmentCount}</Link>
              </td>
              <td>
                <ActiveBadge active={u.active} />
              </td>
              <td>
                <EditDetails
                  intent="renameUnit"
                  formId={formId}
                  hiddenFields={{ unitId: u.id, seen: u.seen }}
                  fields={["name", "nameEn"]}
                  label={t("admin.units.rename")}
                >
                  <BilingualFields formId={formId} values={[u.name, u.nameEn]} />
                </EditDetails>
                <ToggleActive
                  intent="setUnitActive"
                  idName="unitId"
                  id={u.id}
                  active={u.active}
                  confirm={t("admin.confirm.deactivate")}
                />
              </td>
            </tr>
          );
        })}
      </AdminTable>
      <Pager page={units.page} pages={units.pages} total={units.total} />
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

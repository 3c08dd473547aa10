import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
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
  FilterSelect,
  ListFilter,
  Pager,
  ToggleActive,
  toUnitOptions,
} from "../components/admin-ui";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { listQuery } from "../domain/admin/admin.schema";
import { runAdminAction } from "../domain/admin/admin-action.server";
import {
  createDepartment,
  listAdminDepartments,
  setDepartmentActive,
  updateDepartment,
} from "../domain/admin/departments.server";
import { listAdminUnitChoices } from "../domain/admin/units.server";
import { requirePermission } from "../domain/auth/auth.server";
import { guarded } from "../utils/http.server";
import { localized } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

export { reloadAfterConflict as shouldRevalidate } from "../components/admin-ui";

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requirePermission(request, "admin:system");
  const query = listQuery(request.url);
  const unitId = Number(new URL(request.url).searchParams.get("unitId")) || undefined;
  return {
    query,
    unitId: unitId ?? null,
    departments: listAdminDepartments(actor, { ...query, unitId }),
    units: listAdminUnitChoices(actor),
  };
});

export const action = /* @__PURE__ */ guarded(async ({ request }: ActionFunctionArgs) =>
  runAdminAction(request, {
    createDepartment: { run: createDepartment, success: "admin.flash.created" },
    updateDepartment: { run: updateDepartment, success: "admin.flash.saved" },
    setDepartmentActive: { run: setDepartmentActive, success: "admin.flash.saved" },
  }),
);

export default function AdminDepartments() {
  const { query, unitId, departments, units } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const unitOptions = toUnitOptions(locale, units);
  return (
    <AdminPage
      id="departments"
      title={t("admin.nav.departments")}
      lead={t("admin.departments.lead")}
    >
      <CreatePanel
        intent="createDepartment"
        title={t("admin.departments.create")}
        fields={["unitId", "code", "name", "nameEn"]}
      >
        <AdminSelect
          formId="createDepartment"
          name="unitId"
          label={t("common.unit")}
          options={unitOptions}
          defaultValue={unitId}
          required
        />
        <AdminField
          formId="createDepartment"
          name="code"
          label={t("admin.code")}
          required
          hint={t("admin.codeHint")}
        />
        <BilingualFields formId="createDepartment" />
      </CreatePanel>

      <ListFilter label={t("admin.filter.departments")} q={query.q}>
        <FilterSelect
          id="filter-unit"
          name="unitId"
          label={t("common.unit")}
          empty={t("admin.filter.all")}
          options={unitOptions}
          value={unitId}
        />
      </ListFilter>
      <AdminTable
        caption={t("admin.departments.caption", { n: departments.total })}
        columns={[
          t("admin.name"),
          t("common.unit"),
          t("admin.code"),
          t("admin.nav.users"),
          t("common.status"),
          t("admin.actions"),
        ]}
      >
        {departments.rows.map((d) => {
          const formId = `updateDepartment-${d.id}`;
          return (
            <tr key={d.id}>
              <BilingualCell zh={d.name} en={d.nameEn} />
              <td>{localized(locale, d.unitName, d.unitNameEn)}</td>
              <td>
                <code>{d.code}</code>
              </td>
              <td>{d.userCount}</td>
              <td>
                <ActiveBadge active={d.active} />
              </td>
              <td>
                <EditDetails
                  intent="updateDepartment"
                  formId={formId}
                  hiddenFields={{ departmentId: d.id, seen: d.seen }}
                  fields={["name", "nameEn", "unitId"]}
                  label={t("admin.departments.edit")}
                >
                  <BilingualFields formId={formId} values={[d.name, d.nameEn]} />
                  <AdminSelect
                    formId={formId}
                    name="unitId"
                    label={t("admin.departments.linkUnit")}
                    options={unitOptions}
                    defaultValue={d.unitId}
                    required
                  />
                </EditDetails>
                <ToggleActive
                  intent="setDepartmentActive"
                  idName="departmentId"
                  id={d.id}
                  active={d.active}
                  confirm={t("admin.confirm.deactivate")}
                />
              </td>
            </tr>
          );
        })}
      </AdminTable>
      <Pager page={departments.page} pages={departments.pages} total={departments.total} />
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

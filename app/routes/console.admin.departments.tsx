import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  ActiveBadge,
  AdminField,
  AdminForm,
  AdminSelect,
  CreatePanel,
  ListFilter,
  Pager,
  ToggleActive,
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
  const unitOptions: [number, string][] = units.map((u) => [
    u.id,
    `${"— ".repeat(u.path.split("/").filter(Boolean).length - 1)}${localized(locale, u.name, u.nameEn)}`,
  ]);
  return (
    <section aria-labelledby="departments-title">
      <h1 id="departments-title">{t("admin.nav.departments")}</h1>
      <p className="lead">{t("admin.departments.lead")}</p>

      <CreatePanel formId="createDepartment" title={t("admin.departments.create")}>
        <AdminForm
          intent="createDepartment"
          fields={["unitId", "code", "name", "nameEn"]}
          label={t("admin.departments.create")}
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
          <AdminField formId="createDepartment" name="name" label={t("admin.nameZh")} required />
          <AdminField formId="createDepartment" name="nameEn" label={t("admin.nameEn")} required />
          <div>
            <button type="submit" className="button primary">
              {t("admin.departments.create")}
            </button>
          </div>
        </AdminForm>
      </CreatePanel>

      <ListFilter label={t("admin.filter.departments")} q={query.q}>
        <div className="field">
          <label htmlFor="filter-unit">{t("common.unit")}</label>
          <select id="filter-unit" name="unitId" defaultValue={unitId ?? ""}>
            <option value="">{t("admin.filter.all")}</option>
            {unitOptions.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </ListFilter>
      <div className="table-wrap">
        <table>
          <caption>{t("admin.departments.caption", { n: departments.total })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("admin.name")}</th>
              <th scope="col">{t("common.unit")}</th>
              <th scope="col">{t("admin.code")}</th>
              <th scope="col">{t("admin.nav.users")}</th>
              <th scope="col">{t("common.status")}</th>
              <th scope="col">{t("admin.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {departments.rows.map((d) => {
              const formId = `updateDepartment-${d.id}`;
              return (
                <tr key={d.id}>
                  <td>
                    {localized(locale, d.name, d.nameEn)}
                    <div className="muted">{locale === "en" ? d.name : d.nameEn}</div>
                  </td>
                  <td>{localized(locale, d.unitName, d.unitNameEn)}</td>
                  <td>
                    <code>{d.code}</code>
                  </td>
                  <td>{d.userCount}</td>
                  <td>
                    <ActiveBadge active={d.active} />
                  </td>
                  <td>
                    <details>
                      <summary>{t("admin.edit")}</summary>
                      <AdminForm
                        intent="updateDepartment"
                        formId={formId}
                        fields={["name", "nameEn", "unitId"]}
                        label={t("admin.departments.edit")}
                      >
                        <input type="hidden" name="departmentId" value={d.id} />
                        <AdminField
                          formId={formId}
                          name="name"
                          label={t("admin.nameZh")}
                          defaultValue={d.name}
                          required
                        />
                        <AdminField
                          formId={formId}
                          name="nameEn"
                          label={t("admin.nameEn")}
                          defaultValue={d.nameEn}
                          required
                        />
                        <AdminSelect
                          formId={formId}
                          name="unitId"
                          label={t("admin.departments.linkUnit")}
                          options={unitOptions}
                          defaultValue={d.unitId}
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
          </tbody>
        </table>
      </div>
      <Pager page={departments.page} pages={departments.pages} total={departments.total} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

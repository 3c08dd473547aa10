import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import {
  AdminForm,
  AdminSelect,
  CreatePanel,
  formatDateTime,
  ListFilter,
  Pager,
} from "../components/admin-ui";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { listQuery } from "../domain/admin/admin.schema";
import { runAdminAction } from "../domain/admin/admin-action.server";
import { listCategoryChoices } from "../domain/admin/categories.server";
import { listAdminDepartmentChoices } from "../domain/admin/departments.server";
import {
  checkCategoryRoute,
  listCategoryRoutes,
  retireCategoryRoute,
  setCategoryRoute,
} from "../domain/admin/routing.server";
import { listAdminUnitChoices } from "../domain/admin/units.server";
import { requirePermission } from "../domain/auth/auth.server";
import { guarded } from "../utils/http.server";
import { localized } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requirePermission(request, "admin:system");
  const query = listQuery(request.url);
  const params = new URL(request.url).searchParams;
  const checkUnit = Number(params.get("checkUnit")) || null;
  const checkCategory = Number(params.get("checkCategory")) || null;
  return {
    query,
    routes: listCategoryRoutes(actor, query),
    units: listAdminUnitChoices(actor),
    departments: listAdminDepartmentChoices(actor),
    categories: listCategoryChoices(actor),
    check:
      checkUnit && checkCategory
        ? {
            unitId: checkUnit,
            categoryId: checkCategory,
            ...checkCategoryRoute(actor, checkUnit, checkCategory),
          }
        : null,
  };
});

export const action = /* @__PURE__ */ guarded(async ({ request }: ActionFunctionArgs) =>
  runAdminAction(request, {
    setRoute: { run: setCategoryRoute, success: "admin.flash.saved" },
    retireRoute: { run: retireCategoryRoute, success: "admin.flash.saved" },
  }),
);

export default function AdminRouting() {
  const { query, routes, units, departments, categories, check } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const depth = (path: string) => "— ".repeat(path.split("/").filter(Boolean).length - 1);
  const unitOptions: [number, string][] = units.map((u) => [
    u.id,
    `${depth(u.path)}${localized(locale, u.name, u.nameEn)}`,
  ]);
  const categoryOptions: [number, string][] = categories.map((c) => [
    c.id,
    `${"— ".repeat(c.level - 1)}${localized(locale, c.name, c.nameEn)} (${c.code})`,
  ]);
  const departmentOptions: [number, string][] = departments.map((d) => [
    d.id,
    localized(locale, d.name, d.nameEn),
  ]);
  return (
    <section aria-labelledby="routing-title">
      <h1 id="routing-title">{t("admin.nav.routing")}</h1>
      <p className="lead">{t("admin.routing.lead")}</p>

      <CreatePanel formId="setRoute" title={t("admin.routing.set")}>
        <AdminForm
          intent="setRoute"
          fields={["categoryId", "unitId", "departmentId"]}
          label={t("admin.routing.set")}
        >
          <AdminSelect
            formId="setRoute"
            name="categoryId"
            label={t("common.category")}
            options={categoryOptions}
            required
          />
          <AdminSelect
            formId="setRoute"
            name="unitId"
            label={t("common.unit")}
            options={unitOptions}
            required
          />
          <AdminSelect
            formId="setRoute"
            name="departmentId"
            label={t("admin.routing.department")}
            options={departmentOptions}
            required
          />
          <div>
            <button type="submit" className="button primary">
              {t("admin.routing.set")}
            </button>
          </div>
        </AdminForm>
      </CreatePanel>

      <h2>{t("admin.routing.check")}</h2>
      <Form method="get" className="filters" aria-label={t("admin.routing.check")}>
        <div className="field">
          <label htmlFor="check-unit">{t("common.unit")}</label>
          <select id="check-unit" name="checkUnit" defaultValue={check?.unitId ?? ""}>
            {unitOptions.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="check-category">{t("common.category")}</label>
          <select id="check-category" name="checkCategory" defaultValue={check?.categoryId ?? ""}>
            {categoryOptions.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit" className="button">
            {t("admin.routing.checkButton")}
          </button>
        </div>
      </Form>
      {check ? (
        <p className="notice" role="status">
          {check.departmentName
            ? t("admin.routing.checkResult", {
                department: localized(locale, check.departmentName, check.departmentNameEn),
              })
            : t("admin.routing.checkNone")}
        </p>
      ) : null}

      <h2>{t("admin.routing.rules")}</h2>
      <ListFilter label={t("admin.filter.routes")} q={query.q} />
      {routes.total === 0 ? (
        <p className="muted">{t("admin.routing.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t("admin.routing.caption", { n: routes.total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("common.category")}</th>
                <th scope="col">{t("common.unit")}</th>
                <th scope="col">{t("admin.routing.department")}</th>
                <th scope="col">{t("admin.since")}</th>
                <th scope="col">{t("admin.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {routes.rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    {localized(locale, r.categoryName, r.categoryNameEn)}{" "}
                    <code className="muted">{r.categoryCode}</code>
                  </td>
                  <td>{localized(locale, r.unitName, r.unitNameEn)}</td>
                  <td>{localized(locale, r.departmentName, r.departmentNameEn)}</td>
                  <td>{formatDateTime(locale, r.createdAt)}</td>
                  <td>
                    <AdminForm
                      intent="retireRoute"
                      formId={`retireRoute-${r.id}`}
                      className="inline"
                      confirm={t("admin.confirm.deactivate")}
                    >
                      <input type="hidden" name="routeId" value={r.id} />
                      <button type="submit" className="button small">
                        {t("admin.retire")}
                      </button>
                    </AdminForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={routes.page} pages={routes.pages} total={routes.total} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

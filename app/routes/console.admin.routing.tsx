import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  ActionButton,
  AdminPage,
  AdminSelect,
  AdminTable,
  CreatePanel,
  formatDateTime,
  ListFilter,
  Pager,
  RuleCheck,
  toCategoryOptions,
  toNameOptions,
  toUnitOptions,
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
  const unitOptions = toUnitOptions(locale, units);
  const categoryOptions = toCategoryOptions(locale, categories, { withCode: true });
  return (
    <AdminPage id="routing" title={t("admin.nav.routing")} lead={t("admin.routing.lead")}>
      <CreatePanel
        intent="setRoute"
        title={t("admin.routing.set")}
        fields={["categoryId", "unitId", "departmentId"]}
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
          options={toNameOptions(locale, departments)}
          required
        />
      </CreatePanel>

      <RuleCheck
        title={t("admin.routing.check")}
        units={unitOptions}
        categories={categoryOptions}
        check={check}
        answer={
          check &&
          (check.departmentName
            ? t("admin.routing.checkResult", {
                department: localized(locale, check.departmentName, check.departmentNameEn),
              })
            : t("admin.routing.checkNone"))
        }
      />

      <h2>{t("admin.routing.rules")}</h2>
      <ListFilter label={t("admin.filter.routes")} q={query.q} />
      <AdminTable
        caption={t("admin.routing.caption", { n: routes.total })}
        columns={[
          t("common.category"),
          t("common.unit"),
          t("admin.routing.department"),
          t("admin.since"),
          t("admin.actions"),
        ]}
        empty={routes.total === 0 && t("admin.routing.empty")}
      >
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
              <ActionButton
                intent="retireRoute"
                formId={`retireRoute-${r.id}`}
                hiddenFields={{ routeId: r.id }}
                label={t("admin.retire")}
                confirm={t("admin.confirm.deactivate")}
              />
            </td>
          </tr>
        ))}
      </AdminTable>
      <Pager page={routes.page} pages={routes.pages} total={routes.total} />
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

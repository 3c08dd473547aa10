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
  ListFilter,
  Pager,
  type SelectOption,
  StatusFilter,
  statusFilterOf,
  ToggleActive,
  toCategoryOptions,
  toNameOptions,
} from "../components/admin-ui";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { listQuery } from "../domain/admin/admin.schema";
import { runAdminAction } from "../domain/admin/admin-action.server";
import {
  createCategory,
  listAdminCategories,
  listCategoryChoices,
  setCategoryActive,
  updateCategory,
} from "../domain/admin/categories.server";
import { listAdminDepartmentChoices } from "../domain/admin/departments.server";
import { requirePermission } from "../domain/auth/auth.server";
import { guarded } from "../utils/http.server";
import { localized } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

export { reloadAfterConflict as shouldRevalidate } from "../components/admin-ui";

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requirePermission(request, "admin:system");
  const query = listQuery(request.url);
  const status = statusFilterOf(request.url);
  return {
    query,
    status: status ?? null,
    categories: listAdminCategories(actor, { ...query, status }),
    parents: listCategoryChoices(actor).filter((c) => c.level < 3),
    departments: listAdminDepartmentChoices(actor),
  };
});

export const action = /* @__PURE__ */ guarded(async ({ request }: ActionFunctionArgs) =>
  runAdminAction(request, {
    createCategory: { run: createCategory, success: "admin.flash.created" },
    updateCategory: { run: updateCategory, success: "admin.flash.saved" },
    setCategoryActive: { run: setCategoryActive, success: "admin.flash.saved" },
  }),
);

export default function AdminCategories() {
  const { query, status, categories, parents, departments } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const departmentOptions = toNameOptions(locale, departments);
  return (
    <AdminPage id="categories" title={t("admin.nav.categories")} lead={t("admin.categories.lead")}>
      <CreatePanel
        intent="createCategory"
        title={t("admin.categories.create")}
        fields={["parentId", "code", "name", "nameEn", "defaultDepartmentId"]}
      >
        <AdminSelect
          formId="createCategory"
          name="parentId"
          label={t("admin.categories.parent")}
          empty={t("admin.categories.topLevel")}
          options={toCategoryOptions(locale, parents, { withCode: true })}
        />
        <AdminField
          formId="createCategory"
          name="code"
          label={t("admin.code")}
          required
          hint={t("admin.categories.codeHint")}
        />
        <BilingualFields formId="createCategory" />
        <AdminSelect
          formId="createCategory"
          name="defaultDepartmentId"
          label={t("admin.categories.defaultDepartment")}
          empty={t("admin.categories.inherit")}
          options={departmentOptions}
        />
      </CreatePanel>

      <ListFilter label={t("admin.filter.categories")} q={query.q}>
        <StatusFilter status={status} />
      </ListFilter>
      <AdminTable
        caption={t("admin.categories.caption", { n: categories.total })}
        columns={[
          t("admin.name"),
          t("admin.code"),
          t("admin.categories.defaultDepartment"),
          t("common.status"),
          t("admin.actions"),
        ]}
      >
        {categories.rows.map((c) => {
          const formId = `updateCategory-${c.id}`;
          // A default department no longer offered (inactive, or outside this admin's units)
          // stays selectable on the category that still uses it.
          const options: SelectOption[] =
            c.defaultDepartmentId && !departmentOptions.some(([id]) => id === c.defaultDepartmentId)
              ? [
                  ...departmentOptions,
                  [
                    c.defaultDepartmentId,
                    localized(locale, c.departmentName ?? "", c.departmentNameEn),
                  ],
                ]
              : departmentOptions;
          return (
            <tr key={c.id}>
              <BilingualCell zh={c.name} en={c.nameEn} depth={c.level - 1} />
              <td>
                <code>{c.code}</code>
              </td>
              <td>
                {c.departmentName ? (
                  localized(locale, c.departmentName, c.departmentNameEn)
                ) : (
                  <span className="muted">{t("admin.categories.inherit")}</span>
                )}
              </td>
              <td>
                <ActiveBadge active={c.active} />
              </td>
              <td>
                <EditDetails
                  intent="updateCategory"
                  formId={formId}
                  hiddenFields={{ categoryId: c.id, seen: c.seen }}
                  fields={["name", "nameEn", "defaultDepartmentId"]}
                  label={t("admin.categories.edit")}
                >
                  <BilingualFields formId={formId} values={[c.name, c.nameEn]} />
                  <AdminSelect
                    formId={formId}
                    name="defaultDepartmentId"
                    label={t("admin.categories.defaultDepartment")}
                    empty={t("admin.categories.inherit")}
                    options={options}
                    defaultValue={c.defaultDepartmentId}
                  />
                </EditDetails>
                <ToggleActive
                  intent="setCategoryActive"
                  idName="categoryId"
                  id={c.id}
                  active={c.active}
                  confirm={t("admin.confirm.deactivateCategory")}
                />
              </td>
            </tr>
          );
        })}
      </AdminTable>
      <Pager page={categories.page} pages={categories.pages} total={categories.total} />
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

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

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requirePermission(request, "admin:system");
  const query = listQuery(request.url);
  const statusParam = new URL(request.url).searchParams.get("status");
  const status = statusParam === "active" || statusParam === "inactive" ? statusParam : undefined;
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
  const departmentOptions: [number, string][] = departments.map((d) => [
    d.id,
    localized(locale, d.name, d.nameEn),
  ]);
  return (
    <section aria-labelledby="categories-title">
      <h1 id="categories-title">{t("admin.nav.categories")}</h1>
      <p className="lead">{t("admin.categories.lead")}</p>

      <CreatePanel formId="createCategory" title={t("admin.categories.create")}>
        <AdminForm
          intent="createCategory"
          fields={["parentId", "code", "name", "nameEn", "defaultDepartmentId"]}
          label={t("admin.categories.create")}
        >
          <AdminSelect
            formId="createCategory"
            name="parentId"
            label={t("admin.categories.parent")}
            empty={t("admin.categories.topLevel")}
            options={parents.map((c) => [
              c.id,
              `${"— ".repeat(c.level - 1)}${localized(locale, c.name, c.nameEn)} (${c.code})`,
            ])}
          />
          <AdminField
            formId="createCategory"
            name="code"
            label={t("admin.code")}
            required
            hint={t("admin.categories.codeHint")}
          />
          <AdminField formId="createCategory" name="name" label={t("admin.nameZh")} required />
          <AdminField formId="createCategory" name="nameEn" label={t("admin.nameEn")} required />
          <AdminSelect
            formId="createCategory"
            name="defaultDepartmentId"
            label={t("admin.categories.defaultDepartment")}
            empty={t("admin.categories.inherit")}
            options={departmentOptions}
          />
          <div>
            <button type="submit" className="button primary">
              {t("admin.categories.create")}
            </button>
          </div>
        </AdminForm>
      </CreatePanel>

      <ListFilter label={t("admin.filter.categories")} q={query.q}>
        <div className="field">
          <label htmlFor="filter-status">{t("common.status")}</label>
          <select id="filter-status" name="status" defaultValue={status ?? ""}>
            <option value="">{t("admin.filter.all")}</option>
            <option value="active">{t("admin.active")}</option>
            <option value="inactive">{t("admin.inactive")}</option>
          </select>
        </div>
      </ListFilter>
      <div className="table-wrap">
        <table>
          <caption>{t("admin.categories.caption", { n: categories.total })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("admin.name")}</th>
              <th scope="col">{t("admin.code")}</th>
              <th scope="col">{t("admin.categories.defaultDepartment")}</th>
              <th scope="col">{t("common.status")}</th>
              <th scope="col">{t("admin.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {categories.rows.map((c) => {
              const formId = `updateCategory-${c.id}`;
              return (
                <tr key={c.id}>
                  <td style={{ paddingInlineStart: `${0.5 + (c.level - 1) * 1.25}rem` }}>
                    {localized(locale, c.name, c.nameEn)}
                    <div className="muted">{locale === "en" ? c.name : c.nameEn}</div>
                  </td>
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
                    <details>
                      <summary>{t("admin.edit")}</summary>
                      <AdminForm
                        intent="updateCategory"
                        formId={formId}
                        fields={["name", "nameEn", "defaultDepartmentId"]}
                        label={t("admin.categories.edit")}
                      >
                        <input type="hidden" name="categoryId" value={c.id} />
                        <AdminField
                          formId={formId}
                          name="name"
                          label={t("admin.nameZh")}
                          defaultValue={c.name}
                          required
                        />
                        <AdminField
                          formId={formId}
                          name="nameEn"
                          label={t("admin.nameEn")}
                          defaultValue={c.nameEn}
                          required
                        />
                        <AdminSelect
                          formId={formId}
                          name="defaultDepartmentId"
                          label={t("admin.categories.defaultDepartment")}
                          empty={t("admin.categories.inherit")}
                          options={
                            c.defaultDepartmentId &&
                            !departmentOptions.some(([id]) => id === c.defaultDepartmentId)
                              ? [
                                  ...departmentOptions,
                                  [
                                    c.defaultDepartmentId,
                                    localized(locale, c.departmentName ?? "", c.departmentNameEn),
                                  ],
                                ]
                              : departmentOptions
                          }
                          defaultValue={c.defaultDepartmentId}
                        />
                        <div>
                          <button type="submit" className="button small">
                            {t("form.save")}
                          </button>
                        </div>
                      </AdminForm>
                    </details>
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
          </tbody>
        </table>
      </div>
      <Pager page={categories.page} pages={categories.pages} total={categories.total} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

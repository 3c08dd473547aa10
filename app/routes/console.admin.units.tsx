import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
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
  createUnit,
  listAdminUnitChoices,
  listAdminUnits,
  renameUnit,
  setUnitActive,
} from "../domain/admin/units.server";
import { requirePermission } from "../domain/auth/auth.server";
import { guarded } from "../utils/http.server";
import { localized } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

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
    <section aria-labelledby="units-title">
      <h1 id="units-title">{t("admin.nav.units")}</h1>
      <p className="lead">{t("admin.units.lead")}</p>

      <CreatePanel formId="createUnit" title={t("admin.units.create")}>
        <AdminForm
          intent="createUnit"
          fields={["parentId", "code", "name", "nameEn"]}
          label={t("admin.units.create")}
        >
          <AdminSelect
            formId="createUnit"
            name="parentId"
            label={t("admin.units.parent")}
            required
            options={parents.map((p) => [
              p.id,
              `${"— ".repeat(p.path.split("/").filter(Boolean).length - 1)}${localized(locale, p.name, p.nameEn)} (${t(`level.${p.level}`)})`,
            ])}
          />
          <AdminField
            formId="createUnit"
            name="code"
            label={t("admin.code")}
            required
            hint={t("admin.codeHint")}
          />
          <AdminField formId="createUnit" name="name" label={t("admin.nameZh")} required />
          <AdminField formId="createUnit" name="nameEn" label={t("admin.nameEn")} required />
          <div>
            <button type="submit" className="button primary">
              {t("admin.units.create")}
            </button>
          </div>
        </AdminForm>
      </CreatePanel>

      <ListFilter label={t("admin.filter.units")} q={query.q} />
      <div className="table-wrap">
        <table>
          <caption>{t("admin.units.caption", { n: units.total })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("admin.name")}</th>
              <th scope="col">{t("admin.level")}</th>
              <th scope="col">{t("admin.code")}</th>
              <th scope="col">{t("admin.nav.departments")}</th>
              <th scope="col">{t("common.status")}</th>
              <th scope="col">{t("admin.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {units.rows.map((u) => (
              <tr key={u.id}>
                <td style={{ paddingInlineStart: `${0.5 + u.depth * 1.25}rem` }}>
                  {localized(locale, u.name, u.nameEn)}
                  <div className="muted">{locale === "en" ? u.name : u.nameEn}</div>
                </td>
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
                  <details>
                    <summary>{t("admin.edit")}</summary>
                    <AdminForm
                      intent="renameUnit"
                      formId={`renameUnit-${u.id}`}
                      fields={["name", "nameEn"]}
                      label={t("admin.units.rename")}
                    >
                      <input type="hidden" name="unitId" value={u.id} />
                      <AdminField
                        formId={`renameUnit-${u.id}`}
                        name="name"
                        label={t("admin.nameZh")}
                        defaultValue={u.name}
                        required
                      />
                      <AdminField
                        formId={`renameUnit-${u.id}`}
                        name="nameEn"
                        label={t("admin.nameEn")}
                        defaultValue={u.nameEn}
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
                    intent="setUnitActive"
                    idName="unitId"
                    id={u.id}
                    active={u.active}
                    confirm={t("admin.confirm.deactivate")}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={units.page} pages={units.pages} total={units.total} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

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
} from "../components/admin-ui";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { listQuery, STAFF_ROLES } from "../domain/admin/admin.schema";
import { runAdminAction } from "../domain/admin/admin-action.server";
import { listAdminDepartmentChoices } from "../domain/admin/departments.server";
import { listAdminUnitChoices } from "../domain/admin/units.server";
import { createUser, listAdminUsers } from "../domain/admin/users.server";
import { requirePermission } from "../domain/auth/auth.server";
import { guarded } from "../utils/http.server";
import { localized } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

type Role = (typeof STAFF_ROLES)[number];

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requirePermission(request, "admin:system");
  const query = listQuery(request.url);
  const params = new URL(request.url).searchParams;
  const roleParam = params.get("role");
  const role = STAFF_ROLES.find((r) => r === roleParam);
  const statusParam = params.get("status");
  const status = statusParam === "active" || statusParam === "inactive" ? statusParam : undefined;
  return {
    query,
    role: role ?? null,
    status: status ?? null,
    users: listAdminUsers(actor, { ...query, role, status }),
    units: listAdminUnitChoices(actor),
    departments: listAdminDepartmentChoices(actor),
  };
});

export const action = /* @__PURE__ */ guarded(async ({ request }: ActionFunctionArgs) =>
  runAdminAction(request, {
    createUser: {
      run: createUser,
      success: "admin.flash.userCreated",
      redirectTo: (result) => `/console/admin/users/${(result as { id: number }).id}`,
    },
  }),
);

export default function AdminUsers() {
  const { query, role, status, users, units, departments } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const roleOptions: [Role, string][] = STAFF_ROLES.map((r) => [r, t(`role.${r}`)]);
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{t("admin.nav.users")}</h1>
      <p className="lead">{t("admin.users.lead")}</p>

      <CreatePanel formId="createUser" title={t("admin.users.create")}>
        <AdminForm
          intent="createUser"
          fields={[
            "username",
            "displayName",
            "email",
            "departmentId",
            "password",
            "role",
            "unitId",
          ]}
          label={t("admin.users.create")}
        >
          <AdminField
            formId="createUser"
            name="username"
            label={t("login.username")}
            required
            autoComplete="off"
            hint={t("admin.users.usernameHint")}
          />
          <AdminField
            formId="createUser"
            name="displayName"
            label={t("admin.users.displayName")}
            required
          />
          <AdminField
            formId="createUser"
            name="email"
            type="email"
            label={t("admin.users.email")}
          />
          <AdminSelect
            formId="createUser"
            name="departmentId"
            label={t("admin.users.department")}
            empty={t("admin.users.noDepartment")}
            options={departments.map((d) => [d.id, localized(locale, d.name, d.nameEn)])}
          />
          <AdminField
            formId="createUser"
            name="password"
            type="password"
            label={t("admin.users.initialPassword")}
            required
            autoComplete="new-password"
            hint={t("admin.users.passwordHint")}
          />
          <fieldset className="stack">
            <legend>{t("admin.users.firstGrant")}</legend>
            <AdminSelect
              formId="createUser"
              name="role"
              label={t("admin.grants.role")}
              empty={t("admin.users.noGrant")}
              options={roleOptions}
            />
            <AdminSelect
              formId="createUser"
              name="unitId"
              label={t("common.unit")}
              empty="—"
              options={units.map((u) => [
                u.id,
                `${"— ".repeat(u.path.split("/").filter(Boolean).length - 1)}${localized(locale, u.name, u.nameEn)}`,
              ])}
            />
          </fieldset>
          <div>
            <button type="submit" className="button primary">
              {t("admin.users.create")}
            </button>
          </div>
        </AdminForm>
      </CreatePanel>

      <ListFilter label={t("admin.filter.users")} q={query.q}>
        <div className="field">
          <label htmlFor="filter-role">{t("admin.grants.role")}</label>
          <select id="filter-role" name="role" defaultValue={role ?? ""}>
            <option value="">{t("admin.filter.all")}</option>
            {roleOptions.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
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
          <caption>{t("admin.users.caption", { n: users.total })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("login.username")}</th>
              <th scope="col">{t("admin.users.displayName")}</th>
              <th scope="col">{t("admin.users.department")}</th>
              <th scope="col">{t("admin.grants.title")}</th>
              <th scope="col">{t("common.status")}</th>
            </tr>
          </thead>
          <tbody>
            {users.rows.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/console/admin/users/${u.id}`}>{u.username}</Link>
                </td>
                <td>
                  {u.displayName}
                  {u.email ? <div className="muted">{u.email}</div> : null}
                </td>
                <td>
                  {u.departmentName ? localized(locale, u.departmentName, u.departmentNameEn) : "—"}
                </td>
                <td>
                  {u.grants.length === 0 ? (
                    <span className="muted">{t("admin.grants.none")}</span>
                  ) : (
                    u.grants.map((g) => (
                      <div key={g.id}>
                        {t(`role.${g.role}`)} · {localized(locale, g.unitName, g.unitNameEn)}
                      </div>
                    ))
                  )}
                </td>
                <td>
                  <ActiveBadge active={u.active} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={users.page} pages={users.pages} total={users.total} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import {
  ActiveBadge,
  AdminField,
  AdminPage,
  AdminSelect,
  AdminTable,
  CreatePanel,
  FilterSelect,
  ListFilter,
  Pager,
  StatusFilter,
  statusFilterOf,
  toNameOptions,
  toUnitOptions,
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
  const status = statusFilterOf(request.url);
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
    <AdminPage id="users" title={t("admin.nav.users")} lead={t("admin.users.lead")}>
      <CreatePanel
        intent="createUser"
        title={t("admin.users.create")}
        fields={["username", "displayName", "email", "departmentId", "password", "role", "unitId"]}
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
        <AdminField formId="createUser" name="email" type="email" label={t("admin.users.email")} />
        <AdminSelect
          formId="createUser"
          name="departmentId"
          label={t("admin.users.department")}
          empty={t("admin.users.noDepartment")}
          options={toNameOptions(locale, departments)}
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
            options={toUnitOptions(locale, units)}
          />
        </fieldset>
      </CreatePanel>

      <ListFilter label={t("admin.filter.users")} q={query.q}>
        <FilterSelect
          id="filter-role"
          name="role"
          label={t("admin.grants.role")}
          empty={t("admin.filter.all")}
          options={roleOptions}
          value={role}
        />
        <StatusFilter status={status} />
      </ListFilter>
      <AdminTable
        caption={t("admin.users.caption", { n: users.total })}
        columns={[
          t("login.username"),
          t("admin.users.displayName"),
          t("admin.users.department"),
          t("admin.grants.title"),
          t("common.status"),
        ]}
      >
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
      </AdminTable>
      <Pager page={users.page} pages={users.pages} total={users.total} />
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

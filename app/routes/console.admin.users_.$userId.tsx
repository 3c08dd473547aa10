import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import {
  ActionButton,
  ActiveBadge,
  AdminField,
  AdminForm,
  AdminSelect,
  AdminTable,
  actionLabel,
  formatDateTime,
  SubmitButton,
  ToggleActive,
  toNameOptions,
  toUnitOptions,
} from "../components/admin-ui";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { STAFF_ROLES } from "../domain/admin/admin.schema";
import { runAdminAction } from "../domain/admin/admin-action.server";
import { listAdminDepartmentChoices } from "../domain/admin/departments.server";
import { listAdminUnitChoices } from "../domain/admin/units.server";
import {
  addGrant,
  getAdminUser,
  removeGrant,
  resetPassword,
  setUserActive,
  updateUser,
} from "../domain/admin/users.server";
import { requirePermission } from "../domain/auth/auth.server";
import { NotFoundError } from "../utils/errors";
import { guarded } from "../utils/http.server";
import { localized } from "../utils/i18n";
import { useLocale, useStaffUser, useT } from "../utils/use-root";

function userIdOf(params: { userId?: string }): number {
  const id = Number(params.userId);
  if (!Number.isInteger(id) || id <= 0) throw new NotFoundError("Unknown user");
  return id;
}

export { reloadAfterConflict as shouldRevalidate } from "../components/admin-ui";

export const loader = /* @__PURE__ */ guarded(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requirePermission(request, "admin:system");
  return {
    ...getAdminUser(actor, userIdOf(params)),
    units: listAdminUnitChoices(actor),
    departments: listAdminDepartmentChoices(actor),
  };
});

export const action = /* @__PURE__ */ guarded(async ({ request, params }: ActionFunctionArgs) => {
  const userId = String(userIdOf(params));
  // The account comes from the URL, never from a hidden field a page could change.
  const withUser =
    <T,>(run: (actor: Parameters<typeof updateUser>[0], input: Record<string, string>) => T) =>
    (actor: Parameters<typeof updateUser>[0], input: Record<string, string>) =>
      run(actor, { ...input, userId });
  return runAdminAction(request, {
    updateUser: { run: withUser(updateUser), success: "admin.flash.saved" },
    resetPassword: { run: withUser(resetPassword), success: "admin.flash.passwordReset" },
    setUserActive: { run: withUser(setUserActive), success: "admin.flash.saved" },
    addGrant: { run: withUser(addGrant), success: "admin.flash.grantAdded" },
    removeGrant: { run: removeGrant, success: "admin.flash.grantRemoved" },
  });
});

export default function AdminUser() {
  const { user, manageable, grants, audit, units, departments } = useLoaderData<typeof loader>();
  const me = useStaffUser();
  const t = useT();
  const locale = useLocale();
  const activeGrants = grants.filter((g) => g.revokedAt === null);
  const removedGrants = grants.filter((g) => g.revokedAt !== null);
  return (
    <section aria-labelledby="user-title">
      <p>
        <Link to="/console/admin/users">← {t("admin.nav.users")}</Link>
      </p>
      <h1 id="user-title">
        {user.displayName} <span className="muted">({user.username})</span>
      </h1>
      <p>
        <ActiveBadge active={user.active} />{" "}
        {!manageable ? <span className="muted">{t("admin.users.partlyOutside")}</span> : null}
      </p>

      <div className="grid-2">
        <div className="stack" style={{ alignContent: "start" }}>
          <h2>{t("admin.grants.title")}</h2>
          <AdminTable
            caption={t("admin.grants.title")}
            hideCaption
            columns={[
              t("admin.grants.role"),
              t("common.unit"),
              t("admin.since"),
              t("admin.actions"),
            ]}
            empty={activeGrants.length === 0 && t("admin.grants.none")}
          >
            {activeGrants.map((g) => (
              <tr key={g.id}>
                <td>{t(`role.${g.role}`)}</td>
                <td>{localized(locale, g.unitName, g.unitNameEn)}</td>
                <td>{formatDateTime(locale, g.createdAt)}</td>
                <td>
                  {g.removable ? (
                    <ActionButton
                      intent="removeGrant"
                      formId={`removeGrant-${g.id}`}
                      hiddenFields={{ grantId: g.id }}
                      label={t("admin.grants.remove")}
                      ariaLabel={t("admin.grants.removeLabel", {
                        role: t(`role.${g.role}`),
                        unit: localized(locale, g.unitName, g.unitNameEn),
                      })}
                      confirm={t("admin.confirm.removeGrant")}
                    />
                  ) : g.userId === me?.id && g.role === "admin" ? (
                    <span className="muted">{t("admin.grants.lastAdmin")}</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </AdminTable>
          {removedGrants.length ? (
            <details>
              <summary>{t("admin.grants.removed", { n: removedGrants.length })}</summary>
              <ul>
                {removedGrants.map((g) => (
                  <li key={g.id}>
                    {t(`role.${g.role}`)} · {localized(locale, g.unitName, g.unitNameEn)} ·{" "}
                    <span className="muted">{formatDateTime(locale, g.revokedAt)}</span>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          {user.active ? (
            <AdminForm intent="addGrant" fields={["role", "unitId"]} label={t("admin.grants.add")}>
              <h3>{t("admin.grants.add")}</h3>
              <AdminSelect
                formId="addGrant"
                name="role"
                label={t("admin.grants.role")}
                options={STAFF_ROLES.map((r) => [r, t(`role.${r}`)])}
                required
              />
              <AdminSelect
                formId="addGrant"
                name="unitId"
                label={t("common.unit")}
                options={toUnitOptions(locale, units)}
                required
              />
              <SubmitButton label={t("admin.grants.add")} variant="primary" />
            </AdminForm>
          ) : null}
        </div>

        <div className="stack" style={{ alignContent: "start" }}>
          {manageable ? (
            <>
              <h2>{t("admin.users.account")}</h2>
              <AdminForm
                intent="updateUser"
                fields={["displayName", "email", "departmentId"]}
                hiddenFields={{ seen: user.seen }}
                label={t("admin.users.account")}
              >
                <AdminField
                  formId="updateUser"
                  name="displayName"
                  label={t("admin.users.displayName")}
                  defaultValue={user.displayName}
                  required
                />
                <AdminField
                  formId="updateUser"
                  name="email"
                  type="email"
                  label={t("admin.users.email")}
                  defaultValue={user.email}
                />
                <AdminSelect
                  formId="updateUser"
                  name="departmentId"
                  label={t("admin.users.department")}
                  empty={t("admin.users.noDepartment")}
                  options={toNameOptions(locale, departments)}
                  defaultValue={user.departmentId}
                />
                <SubmitButton label={t("form.save")} />
              </AdminForm>

              <h2>{t("admin.users.resetPassword")}</h2>
              <AdminForm
                intent="resetPassword"
                fields={["password"]}
                label={t("admin.users.resetPassword")}
              >
                <AdminField
                  formId="resetPassword"
                  name="password"
                  type="password"
                  label={t("admin.users.newPassword")}
                  required
                  autoComplete="new-password"
                  hint={t("admin.users.resetHint")}
                />
                <SubmitButton label={t("admin.users.resetPassword")} />
              </AdminForm>

              {user.id !== me?.id ? (
                <>
                  <h2>{t("common.status")}</h2>
                  <ToggleActive
                    intent="setUserActive"
                    idName="userId"
                    id={user.id}
                    active={user.active}
                    confirm={t("admin.confirm.deactivateUser")}
                  />
                </>
              ) : null}
            </>
          ) : null}
        </div>
      </div>

      <h2>{t("admin.audit.title")}</h2>
      {audit.length === 0 ? (
        <p className="muted">{t("console.empty")}</p>
      ) : (
        <ul>
          {audit.map((a) => (
            <li key={a.id}>
              {formatDateTime(locale, a.createdAt)} · {a.actor ?? "—"} · {actionLabel(t, a.action)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

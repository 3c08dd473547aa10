import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import {
  ADMIN_SECTIONS,
  AdminForm,
  actionLabel,
  formatDateTime,
  useActionResult,
} from "../components/admin-ui";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { runAdminAction } from "../domain/admin/admin-action.server";
import { getAdminOverview, retrainCategoryModelAsAdmin } from "../domain/admin/overview.server";
import { requirePermission } from "../domain/auth/auth.server";
import { guarded } from "../utils/http.server";
import { localized } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requirePermission(request, "admin:system");
  return getAdminOverview(actor);
});

export const action = /* @__PURE__ */ guarded(async ({ request }: ActionFunctionArgs) =>
  runAdminAction(request, {
    retrain: {
      run: (actor) => retrainCategoryModelAsAdmin(actor) ?? { trainedOn: 0 },
      success: "admin.model.retrained",
      respond: true,
    },
  }),
);

const COUNT_KEYS: Record<string, keyof ReturnType<typeof getAdminOverview>["counts"]> = {
  "/console/admin/units": "units",
  "/console/admin/departments": "departments",
  "/console/admin/routing": "routes",
  "/console/admin/users": "users",
  "/console/admin/categories": "categories",
  "/console/admin/deadlines": "deadlines",
  "/console/admin/reasons": "reasons",
  "/console/admin/api-clients": "apiClients",
};

export default function AdminOverview() {
  const { counts, model, audit } = useLoaderData<typeof loader>();
  const retrained = useActionResult<{ trainedOn: number }>("retrain");
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("nav.admin")}</h1>
      <p className="lead">{t("admin.overview.lead")}</p>
      <ul className="cards">
        {ADMIN_SECTIONS.slice(1).map(([to, key]) => {
          const countKey = COUNT_KEYS[to];
          return (
            <li key={to} className="card">
              <h2 className="card-title">
                <Link to={to}>{t(key)}</Link>
              </h2>
              {countKey ? (
                <p className="muted">{t("admin.overview.count", { n: counts[countKey] })}</p>
              ) : null}
            </li>
          );
        })}
      </ul>

      <h2>{t("admin.model.title")}</h2>
      <p>
        {model
          ? t("admin.model.current", {
              n: model.trainedOn,
              date: formatDateTime(locale, model.createdAt),
              versions: model.versions,
            })
          : t("admin.model.none")}
      </p>
      {retrained ? (
        <p className="notice" role="status">
          {retrained.trainedOn > 0
            ? t("admin.model.retrained", { n: retrained.trainedOn })
            : t("admin.model.tooFew")}
        </p>
      ) : null}
      <AdminForm intent="retrain" className="actions">
        <button type="submit" className="button">
          {t("admin.model.retrain")}
        </button>
      </AdminForm>

      <h2>{t("admin.audit.title")}</h2>
      {audit.length === 0 ? (
        <p className="muted">{t("console.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t("admin.audit.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("admin.audit.when")}</th>
                <th scope="col">{t("admin.audit.who")}</th>
                <th scope="col">{t("admin.audit.what")}</th>
                <th scope="col">{t("common.unit")}</th>
              </tr>
            </thead>
            <tbody>
              {audit.map((a) => (
                <tr key={a.id}>
                  <td>{formatDateTime(locale, a.createdAt)}</td>
                  <td>{a.actor ?? "—"}</td>
                  <td>
                    {actionLabel(t, a.action)} <span className="muted">#{a.entityId}</span>
                  </td>
                  <td>{a.unitName ? localized(locale, a.unitName, a.unitNameEn) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

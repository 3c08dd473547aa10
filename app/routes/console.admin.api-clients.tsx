import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  AdminField,
  AdminForm,
  AdminSelect,
  CreatePanel,
  formatDateTime,
  ListFilter,
  Pager,
  useActionResult,
} from "../components/admin-ui";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { listQuery } from "../domain/admin/admin.schema";
import { runAdminAction } from "../domain/admin/admin-action.server";
import {
  createApiClient,
  listApiClients,
  revokeApiClient,
} from "../domain/admin/api-clients.server";
import { listApiActorChoices } from "../domain/admin/users.server";
import { requirePermission } from "../domain/auth/auth.server";
import { guarded } from "../utils/http.server";
import { useLocale, useT } from "../utils/use-root";

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requirePermission(request, "admin:system");
  const query = listQuery(request.url);
  return {
    query,
    clients: listApiClients(actor, query),
    actors: listApiActorChoices(actor),
  };
});

export const action = /* @__PURE__ */ guarded(async ({ request }: ActionFunctionArgs) =>
  runAdminAction(request, {
    // The key is returned to this one response and never again (not even by the loader).
    createApiClient: { run: createApiClient, success: "admin.flash.created", respond: true },
    revokeApiClient: { run: revokeApiClient, success: "admin.flash.revoked" },
  }),
);

export default function AdminApiClients() {
  const { query, clients, actors } = useLoaderData<typeof loader>();
  const created = useActionResult<{ name: string; key: string; keyPrefix: string }>(
    "createApiClient",
  );
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="api-title">
      <h1 id="api-title">{t("admin.nav.apiClients")}</h1>
      <p className="lead">{t("admin.apiClients.lead")}</p>

      {created ? (
        <div className="notice stack" role="status" aria-labelledby="new-key-title">
          <h2 id="new-key-title">{t("admin.apiClients.keyTitle", { name: created.name })}</h2>
          <p>{t("admin.apiClients.keyOnce")}</p>
          <label htmlFor="new-api-key">{t("admin.apiClients.key")}</label>
          <input
            id="new-api-key"
            readOnly
            value={created.key}
            onFocus={(e) => e.currentTarget.select()}
            style={{ fontFamily: "ui-monospace, monospace", width: "100%" }}
          />
        </div>
      ) : null}

      <CreatePanel formId="createApiClient" title={t("admin.apiClients.create")}>
        <AdminForm
          intent="createApiClient"
          fields={["name", "userId"]}
          label={t("admin.apiClients.create")}
        >
          <AdminField formId="createApiClient" name="name" label={t("admin.name")} required />
          <AdminSelect
            formId="createApiClient"
            name="userId"
            label={t("admin.apiClients.actsAs")}
            options={actors.map((u) => [u.id, `${u.displayName} (${u.username})`])}
            required
          />
          <p className="hint">{t("admin.apiClients.scopeHint")}</p>
          <div>
            <button type="submit" className="button primary">
              {t("admin.apiClients.create")}
            </button>
          </div>
        </AdminForm>
      </CreatePanel>

      <ListFilter label={t("admin.filter.apiClients")} q={query.q} />
      {clients.total === 0 ? (
        <p className="muted">{t("console.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t("admin.apiClients.caption", { n: clients.total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("admin.name")}</th>
                <th scope="col">{t("admin.apiClients.prefix")}</th>
                <th scope="col">{t("admin.apiClients.actsAs")}</th>
                <th scope="col">{t("admin.apiClients.createdBy")}</th>
                <th scope="col">{t("admin.apiClients.lastUsed")}</th>
                <th scope="col">{t("common.status")}</th>
              </tr>
            </thead>
            <tbody>
              {clients.rows.map((c) => (
                <tr key={c.id}>
                  <td>{c.name}</td>
                  <td>
                    <code>{c.keyPrefix}…</code>
                  </td>
                  <td>
                    {c.userDisplayName} <span className="muted">({c.username})</span>
                  </td>
                  <td>
                    {c.createdBy ?? "—"}
                    <div className="muted">{formatDateTime(locale, c.createdAt)}</div>
                  </td>
                  <td>{c.lastUsedAt ? formatDateTime(locale, c.lastUsedAt) : "—"}</td>
                  <td>
                    {c.revokedAt ? (
                      <span className="badge status-withdrawn">
                        {t("admin.apiClients.revokedAt", {
                          date: formatDateTime(locale, c.revokedAt),
                        })}
                      </span>
                    ) : (
                      <AdminForm
                        intent="revokeApiClient"
                        formId={`revokeApiClient-${c.id}`}
                        className="inline"
                        confirm={t("admin.confirm.revoke")}
                      >
                        <input type="hidden" name="clientId" value={c.id} />
                        <button
                          type="submit"
                          className="button small"
                          aria-label={t("admin.apiClients.revokeLabel", { name: c.name })}
                        >
                          {t("admin.apiClients.revoke")}
                        </button>
                      </AdminForm>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={clients.page} pages={clients.pages} total={clients.total} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  ActionButton,
  AdminField,
  AdminPage,
  AdminSelect,
  AdminTable,
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
    <AdminPage id="api" title={t("admin.nav.apiClients")} lead={t("admin.apiClients.lead")}>
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

      <CreatePanel
        intent="createApiClient"
        title={t("admin.apiClients.create")}
        fields={["name", "userId"]}
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
      </CreatePanel>

      <ListFilter label={t("admin.filter.apiClients")} q={query.q} />
      <AdminTable
        caption={t("admin.apiClients.caption", { n: clients.total })}
        columns={[
          t("admin.name"),
          t("admin.apiClients.prefix"),
          t("admin.apiClients.actsAs"),
          t("admin.apiClients.createdBy"),
          t("admin.apiClients.lastUsed"),
          t("common.status"),
        ]}
        empty={clients.total === 0 && t("console.empty")}
      >
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
                <ActionButton
                  intent="revokeApiClient"
                  formId={`revokeApiClient-${c.id}`}
                  hiddenFields={{ clientId: c.id }}
                  label={t("admin.apiClients.revoke")}
                  ariaLabel={t("admin.apiClients.revokeLabel", { name: c.name })}
                  confirm={t("admin.confirm.revoke")}
                />
              )}
            </td>
          </tr>
        ))}
      </AdminTable>
      <Pager page={clients.page} pages={clients.pages} total={clients.total} />
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

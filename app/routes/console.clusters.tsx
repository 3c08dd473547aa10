import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { ActionForm, ConflictBanner, StaffField } from "../components/staff-form";
import { requirePermission } from "../domain/auth/auth.server";
import { grantPaths } from "../domain/orgs/orgs.server";
import { failure, formObject } from "../domain/staff/form-action.server";
import {
  listClustersForStaff,
  mergeClusters,
  removeFromCluster,
  renameCluster,
} from "../domain/staff/topics.server";
import { fieldErrors } from "../domain/suggestions/suggestions.schema";
import { assertCsrf } from "../utils/csrf.server";
import { redirectWithFlash } from "../utils/flash.server";
import { guarded } from "../utils/http.server";
import { formatDate } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

const Query = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  q: z.string().trim().max(50).optional().catch(undefined),
  cluster: z.coerce.number().int().positive().optional().catch(undefined),
});

const seenAt = z.coerce.number().int().nonnegative();
const id = z.coerce.number().int().positive();
const TopicCommand = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("rename"),
    clusterId: id,
    seenAt,
    label: z.string().trim().min(2, "form.required").max(40, "form.tooLong"),
  }),
  z.object({ intent: z.literal("mergeCluster"), clusterId: id, seenAt, targetId: id }),
  z.object({ intent: z.literal("removeMember"), clusterId: id, seenAt, suggestionId: id }),
]);

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "cluster:suggestion");
  const q = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return {
    ...listClustersForStaff({
      paths: grantPaths(user, "reviewer"),
      page: q.page,
      q: q.q,
      selected: q.cluster,
    }),
    page: q.page,
  };
});

export const action = /* @__PURE__ */ guarded(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, "cluster:suggestion");
  const form = await request.formData();
  await assertCsrf(request, form);
  const raw = formObject(form);
  const parsed = TopicCommand.safeParse(raw);
  const intent = String(raw.intent ?? "");
  if (!parsed.success)
    return data({ intent, fieldErrors: fieldErrors(parsed.error) }, { status: 400 });
  const c = parsed.data;
  let back = c.clusterId;
  try {
    if (c.intent === "rename")
      renameCluster(user, { clusterId: c.clusterId, label: c.label, seenAt: c.seenAt });
    else if (c.intent === "mergeCluster") {
      mergeClusters(user, { sourceId: c.clusterId, targetId: c.targetId, seenAt: c.seenAt });
      back = c.targetId;
    } else removeFromCluster(user, { suggestionId: c.suggestionId, seenAt: c.seenAt });
  } catch (error) {
    return failure(intent, error);
  }
  return redirectWithFlash(`/console/clusters?cluster=${back}`, {
    kind: "success",
    key: "topics.saved",
  });
});

export default function Clusters() {
  const { rows, selected, members, page, pageSize } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const seen = selected ? new Date(selected.updatedAt).getTime() : 0;
  return (
    <section aria-labelledby="clusters-h" className="workspace">
      <h1 id="clusters-h">{t("nav.clusters")}</h1>
      <ConflictBanner />
      <Form method="get" className="row" role="search">
        <div className="field">
          <label htmlFor="cq">{t("topics.search")}</label>
          <input id="cq" name="q" defaultValue={params.get("q") ?? ""} />
        </div>
        <button type="submit" className="button">
          {t("topics.searchButton")}
        </button>
      </Form>
      <div className="workspace-grid">
        <div className="card">
          <h2>{t("topics.list")}</h2>
          {rows.length === 0 ? (
            <p className="muted">{t("console.empty")}</p>
          ) : (
            <ul className="plain">
              {rows.map((c) => (
                <li key={c.id}>
                  <Link
                    to={`?cluster=${c.id}${params.get("q") ? `&q=${encodeURIComponent(params.get("q")!)}` : ""}`}
                    aria-current={selected?.id === c.id ? "true" : undefined}
                  >
                    {c.label}
                  </Link>{" "}
                  <span className="muted small">
                    {t("topics.counts", { size: c.size, open: c.open, supports: c.supports ?? 0 })}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <nav className="pager" aria-label={t("queue.pages")}>
            {page > 1 ? <Link to={`?page=${page - 1}`}>{t("queue.prev")}</Link> : null}
            {rows.length === pageSize ? (
              <Link to={`?page=${page + 1}`}>{t("queue.next")}</Link>
            ) : null}
          </nav>
        </div>
        {selected ? (
          <div className="card stack">
            <h2>
              {selected.label} <span className="muted small">#{selected.id}</span>
            </h2>
            <ul className="plain cluster-members">
              {members.map((m) => (
                <li key={m.id}>
                  <Link to={`/console/suggestions/${m.id}`}>{m.trackingCode}</Link> {m.title}{" "}
                  <span className={`badge status-${m.status}`}>{t(`status.${m.status}`)}</span>{" "}
                  <span className="muted small">
                    {t("staff.supports", { n: m.supportsCount })} ·{" "}
                    {formatDate(locale, m.submittedAt)}
                  </span>
                  <ActionForm intent="removeMember" submitLabel="topics.remove" compact>
                    <input type="hidden" name="clusterId" value={selected.id} />
                    <input type="hidden" name="seenAt" value={seen} />
                    <input type="hidden" name="suggestionId" value={m.id} />
                  </ActionForm>
                </li>
              ))}
            </ul>
            <p className="muted small">{t("topics.mergeMembersHint")}</p>
            <ActionForm intent="rename" submitLabel="topics.rename">
              <input type="hidden" name="clusterId" value={selected.id} />
              <input type="hidden" name="seenAt" value={seen} />
              <StaffField intent="rename" name="label" label="topics.label">
                {(p) => <input {...p} defaultValue={selected.label} />}
              </StaffField>
            </ActionForm>
            <ActionForm intent="mergeCluster" submitLabel="topics.mergeInto">
              <input type="hidden" name="clusterId" value={selected.id} />
              <input type="hidden" name="seenAt" value={seen} />
              <StaffField intent="mergeCluster" name="targetId" label="topics.target">
                {(p) => (
                  <select {...p}>
                    {rows
                      .filter((c) => c.id !== selected.id)
                      .map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.label} ({c.size})
                        </option>
                      ))}
                  </select>
                )}
              </StaffField>
            </ActionForm>
          </div>
        ) : (
          <p className="muted">{t("topics.pick")}</p>
        )}
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { SuggestionTable } from "../components/suggestion-table";
import { requirePermission } from "../domain/auth/auth.server";
import { listDepartmentAssignments } from "../domain/suggestions/suggestions.server";
import { daysOverdue } from "../domain/supervision/deadlines";
import { now } from "../utils/clock.server";
import { ForbiddenError } from "../utils/errors";
import { guarded } from "../utils/http.server";
import { useT } from "../utils/use-root";

/**
 * The department handler's inbox: new assignments to accept or return, items in progress (reply
 * due), and answered items being implemented, each soonest deadline first.
 */
export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "view:console");
  if (!user.departmentId || !user.grants.some((g) => g.role === "handler"))
    throw new ForbiddenError();
  const at = now();
  const rows = listDepartmentAssignments(user.departmentId).map((r) => ({
    ...r,
    daysOverdue: ["assigned", "in_progress"].includes(r.status)
      ? daysOverdue(r.dueAt, at)
      : undefined,
  }));
  return {
    toAccept: rows.filter((r) => r.status === "assigned"),
    inProgress: rows.filter((r) => r.status === "in_progress"),
    implementing: rows.filter((r) => r.status === "answered" || r.status === "implementing"),
  };
});

export default function Inbox() {
  const { toAccept, inProgress, implementing } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t("nav.inbox")}</h1>
      <h2>{t("inbox.toAccept", { n: toAccept.length })}</h2>
      <SuggestionTable rows={toAccept} caption={t("inbox.toAccept", { n: toAccept.length })} />
      <h2>{t("inbox.inProgress", { n: inProgress.length })}</h2>
      <SuggestionTable
        rows={inProgress}
        caption={t("inbox.inProgress", { n: inProgress.length })}
      />
      <h2>{t("inbox.implementing", { n: implementing.length })}</h2>
      <SuggestionTable
        rows={implementing}
        caption={t("inbox.implementing", { n: implementing.length })}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

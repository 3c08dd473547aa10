import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { SuggestionTable } from "../components/suggestion-table";
import { requirePermission } from "../domain/auth/auth.server";
import { grantPaths } from "../domain/orgs/orgs.server";
import { listStaffSuggestions } from "../domain/suggestions/suggestions.server";
import { guarded } from "../utils/http.server";
import { useT } from "../utils/use-root";

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "review:suggestion");
  const rows = listStaffSuggestions({
    paths: grantPaths(user, "reviewer"),
    statuses: ["submitted", "transferred", "returned"],
    sort: "deadline",
  });
  return { rows: rows.map((r) => ({ ...r, dueAt: r.acceptDueAt })) };
});

export default function ReviewQueue() {
  const { rows } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section aria-labelledby="review-title">
      <h1 id="review-title">{t("nav.review")}</h1>
      <SuggestionTable rows={rows} caption={t("review.caption", { n: rows.length })} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { SuggestionTable } from "../components/suggestion-table";
import { requirePermission } from "../domain/auth/auth.server";
import { grantPaths } from "../domain/orgs/orgs.server";
import { listSupervisionBoard } from "../domain/supervision/supervision.server";
import { guarded } from "../utils/http.server";
import { useT } from "../utils/use-root";

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "supervise:suggestion");
  const rows = listSupervisionBoard(grantPaths(user, "supervisor"));
  return {
    overdue: rows.filter((r) => r.state === "overdue"),
    atRisk: rows.filter((r) => r.state === "at_risk"),
  };
});

export default function SupervisionBoard() {
  const { overdue, atRisk } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section aria-labelledby="sup-title">
      <h1 id="sup-title">{t("nav.supervision")}</h1>
      <h2>{t("supervision.overdue", { n: overdue.length })}</h2>
      <SuggestionTable rows={overdue} caption={t("supervision.overdueCaption")} />
      <h2>{t("supervision.atRisk", { n: atRisk.length })}</h2>
      <SuggestionTable rows={atRisk} caption={t("supervision.atRiskCaption")} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

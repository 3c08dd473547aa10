import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { ActionForm, ConflictBanner } from "../components/staff-form";
import { SuggestionTable } from "../components/suggestion-table";
import { requirePermission } from "../domain/auth/auth.server";
import { grantPaths } from "../domain/orgs/orgs.server";
import { handleStaffForm } from "../domain/staff/form-action.server";
import {
  listPendingExtensions,
  listSupervisionBoard,
} from "../domain/supervision/supervision.server";
import { guarded } from "../utils/http.server";
import { formatDate } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

/**
 * The supervisor's board: overdue and at-risk items in the subtree (most overdue first) and
 * the extension requests waiting for a decision. Notices are issued from each item's page.
 */
export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "supervise:suggestion");
  const paths = grantPaths(user, "supervisor");
  const rows = listSupervisionBoard(paths);
  return {
    overdue: rows.filter((r) => r.state === "overdue"),
    atRisk: rows.filter((r) => r.state === "at_risk"),
    extensions: listPendingExtensions(paths),
  };
});

export const action = /* @__PURE__ */ guarded(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, "supervise:suggestion");
  return handleStaffForm(request, user, null, "/console/supervision");
});

export default function SupervisionBoard() {
  const { overdue, atRisk, extensions } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="sup-title" className="workspace">
      <h1 id="sup-title">{t("nav.supervision")}</h1>
      <ConflictBanner />
      <h2>{t("supervision.extensions", { n: extensions.length })}</h2>
      {extensions.length ? (
        <ul className="plain">
          {extensions.map((e) => (
            <li key={e.id} className="card stack-sm">
              <p>
                <Link to={`/console/suggestions/${e.suggestionId}`}>{e.trackingCode}</Link>{" "}
                {e.title}
              </p>
              <p className="muted">
                {t("staff.extensionLine", { days: e.days })} · {formatDate(locale, e.createdAt)} —{" "}
                {e.reason}
              </p>
              <div className="row">
                <ActionForm
                  intent="decideExtension"
                  version={e.version}
                  submitLabel="staff.approve"
                >
                  <input type="hidden" name="suggestionId" value={e.suggestionId} />
                  <input type="hidden" name="extensionId" value={e.id} />
                  <input type="hidden" name="approve" value="true" />
                </ActionForm>
                <ActionForm
                  intent="decideExtension"
                  version={e.version}
                  submitLabel="staff.refuse"
                  danger
                >
                  <input type="hidden" name="suggestionId" value={e.suggestionId} />
                  <input type="hidden" name="extensionId" value={e.id} />
                  <input type="hidden" name="approve" value="false" />
                </ActionForm>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("console.empty")}</p>
      )}
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

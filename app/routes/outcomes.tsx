import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { OutcomeCard, Pager } from "../components/public-cards";
import { OUTCOME_TYPES, OutcomeListSchema } from "../domain/suggestions/public.schema";
import { listOutcomeStories } from "../domain/suggestions/public.server";
import publicStyles from "../styles/public.css";
import { guarded, redirectPastLastPage } from "../utils/http.server";
import { useT } from "../utils/use-root";

export const links = () => [{ rel: "stylesheet", href: publicStyles }];

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const query = OutcomeListSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const result = listOutcomeStories(query);
  redirectPastLastPage(request, result);
  return { result, query };
});

/** "From suggestion to practice" (从建议到实践): published outcomes and their milestones. */
export default function Outcomes() {
  const { result, query } = useLoaderData<typeof loader>();
  const t = useT();
  const { summary } = result;
  return (
    <section aria-labelledby="outcomes-title">
      <div className="page-head">
        <h1 id="outcomes-title">{t("outcomes.title")}</h1>
        <p className="lead">{t("outcomes.lead")}</p>
      </div>
      <dl className="stat-row">
        <div>
          <dt>{t("outcomes.stat.total")}</dt>
          <dd>{summary.total}</dd>
        </div>
        <div>
          <dt>{t("outcomes.stat.achieved")}</dt>
          <dd>{summary.achieved}</dd>
        </div>
        <div>
          <dt>{t("outcomes.stat.ongoing")}</dt>
          <dd>{summary.total - summary.achieved}</dd>
        </div>
      </dl>
      <Form method="get" className="filters compact" aria-label={t("outcomes.filter")}>
        <div className="field">
          <label htmlFor="type">{t("outcomes.type")}</label>
          <select id="type" name="type" defaultValue={query.type ?? ""}>
            <option value="">{t("list.all")}</option>
            {OUTCOME_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`outcome.${type}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="state">{t("outcomes.state")}</label>
          <select id="state" name="state" defaultValue={query.state ?? ""}>
            <option value="">{t("list.all")}</option>
            <option value="achieved">{t("outcomes.achieved")}</option>
            <option value="ongoing">{t("outcomes.ongoing")}</option>
          </select>
        </div>
        <button type="submit" className="button primary">
          {t("list.apply")}
        </button>
      </Form>
      <p className="muted" role="status">
        {t("outcomes.count", { n: result.total })}
      </p>
      {result.rows.length === 0 ? <p>{t("outcomes.empty")}</p> : null}
      <ul className="outcome-list">
        {result.rows.map((story) => (
          <li key={story.trackingCode}>
            <OutcomeCard story={story} />
          </li>
        ))}
      </ul>
      <Pager page={result.page} pages={result.pages} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

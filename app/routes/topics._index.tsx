import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Pager, SortLinks } from "../components/public-cards";
import { TopicListSchema } from "../domain/suggestions/public.schema";
import { listHotTopics } from "../domain/suggestions/public.server";
import publicStyles from "../styles/public.css";
import { guarded, redirectPastLastPage } from "../utils/http.server";
import { formatDate } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

export const links = () => [{ rel: "stylesheet", href: publicStyles }];

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const query = TopicListSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const result = listHotTopics(query);
  redirectPastLastPage(request, result);
  return { result, sort: query.sort ?? "hot" };
});

/** Hot topics: clusters of public suggestions, ranked by support-weighted recent growth. */
export default function Topics() {
  const { result, sort } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="topics-title">
      <div className="page-head">
        <h1 id="topics-title">{t("topics.title")}</h1>
        <p className="lead">{t("topics.lead")}</p>
      </div>
      <SortLinks
        label={t("list.sort")}
        current={sort}
        options={[
          { value: "hot", label: t("topics.sort.hot") },
          { value: "size", label: t("topics.sort.size") },
          { value: "new", label: t("topics.sort.new") },
        ]}
      />
      <p className="muted" role="status">
        {t("topics.count", { n: result.total })}
      </p>
      {result.rows.length === 0 ? (
        <p>{t("topics.empty")}</p>
      ) : (
        <ol className="topic-list" start={(result.page - 1) * result.pageSize + 1}>
          {result.rows.map((topic) => (
            <li key={topic.id} className="card topic-card">
              <h2 className="card-title">
                <Link to={`/topics/${topic.id}`}>{topic.label}</Link>
              </h2>
              {topic.emerging ? (
                <p className="meta">
                  <span className="badge emerging">{t("topics.emerging")}</span>
                </p>
              ) : null}
              <ul className="topic-stats">
                <li>
                  <strong>{topic.size}</strong> {t("topics.stat.suggestions")}
                </li>
                <li>
                  <strong>{topic.supports}</strong> {t("topics.stat.supports")}
                </li>
                <li>
                  <strong>{topic.answered}</strong> {t("topics.stat.answered")}
                </li>
              </ul>
              <p className="hint">
                {topic.new7 > 0 ? (
                  <>
                    <span className="growth">{t("topics.new7", { n: topic.new7 })}</span> ·{" "}
                  </>
                ) : topic.new30 > 0 ? (
                  <>{t("topics.new30", { n: topic.new30 })} · </>
                ) : null}
                {t("topics.lastSeen", { date: formatDate(locale, topic.lastSeen) })}
              </p>
            </li>
          ))}
        </ol>
      )}
      <Pager page={result.page} pages={result.pages} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import {
  OutcomeCard,
  Pager,
  SortLinks,
  StatusSummary,
  SuggestionCards,
} from "../components/public-cards";
import { MemberListSchema } from "../domain/suggestions/public.schema";
import {
  getTopic,
  listOutcomeStories,
  listPublicSuggestions,
} from "../domain/suggestions/public.server";
import publicStyles from "../styles/public.css";
import { NotFoundError } from "../utils/errors";
import { guarded } from "../utils/http.server";
import { formatDate } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

export const links = () => [{ rel: "stylesheet", href: publicStyles }];

export const loader = /* @__PURE__ */ guarded(async ({ request, params }: LoaderFunctionArgs) => {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError("Unknown topic");
  const topic = getTopic(id);
  const query = MemberListSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const sort = query.sort ?? "supported";
  return {
    topic,
    members: listPublicSuggestions({ clusterId: id, sort, page: query.page }),
    outcomes: listOutcomeStories({ clusterId: id, pageSize: 20 }),
    sort,
  };
});

/** One topic: its public suggestions, where they stand and what they became. */
export default function Topic() {
  const { topic, members, outcomes, sort } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const figures = [
    ["topics.fig.suggestions", topic.size],
    ["topics.fig.supports", topic.supports],
    ["topics.fig.new30", topic.new30],
    ["topics.fig.answered", topic.answered],
    ["topics.fig.adopted", topic.adopted],
  ] as const;
  return (
    <article aria-labelledby="topic-title">
      <div className="page-head">
        <p className="breadcrumb">
          <Link to="/topics">{t("topics.title")}</Link> ›
        </p>
        <h1 id="topic-title">{topic.label}</h1>
        <p className="muted">
          {t("topics.period", {
            from: formatDate(locale, topic.firstSeen),
            to: formatDate(locale, topic.lastSeen),
          })}
          {topic.emerging ? (
            <>
              {" "}
              <span className="badge emerging">{t("topics.emerging")}</span>
            </>
          ) : null}
        </p>
        <p>
          <a href={`/feeds/topics/${topic.id}.xml`} type="application/atom+xml">
            {t("topics.feed")}
          </a>
        </p>
      </div>
      <dl className="stat-row">
        {figures.map(([key, value]) => (
          <div key={key}>
            <dt>{t(key)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <StatusSummary counts={topic.statusCounts} label={t("topics.statusSummary")} />

      {outcomes.rows.length ? (
        <section aria-labelledby="topic-outcomes" className="section">
          <h2 id="topic-outcomes">{t("topics.outcomes")}</h2>
          <ul className="outcome-list">
            {outcomes.rows.map((story) => (
              <li key={story.trackingCode}>
                <OutcomeCard story={story} headingLevel={3} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="topic-members" className="section">
        <h2 id="topic-members">{t("topics.members", { n: members.total })}</h2>
        <SortLinks
          label={t("list.sort")}
          current={sort}
          options={[
            { value: "supported", label: t("list.sort.supported") },
            { value: "newest", label: t("list.sort.newest") },
            { value: "answered", label: t("list.sort.answered") },
          ]}
        />
        <SuggestionCards rows={members.rows} headingLevel={3} />
        <Pager page={members.page} pages={members.pages} />
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

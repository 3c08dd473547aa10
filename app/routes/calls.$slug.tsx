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
  getCall,
  listOutcomeStories,
  listPublicSuggestions,
} from "../domain/suggestions/public.server";
import publicStyles from "../styles/public.css";
import { guarded } from "../utils/http.server";
import { formatDate, localized } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

export const links = () => [{ rel: "stylesheet", href: publicStyles }];

export const loader = /* @__PURE__ */ guarded(async ({ request, params }: LoaderFunctionArgs) => {
  const call = getCall(String(params.slug));
  const query = MemberListSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const sort = query.sort ?? "newest";
  return {
    call,
    members: listPublicSuggestions({ callId: call.id, sort, page: query.page }),
    outcomes: listOutcomeStories({ callId: call.id, pageSize: 20 }),
    sort,
  };
});

/** One call: theme, period, its public suggestions and what they became. */
export default function CallPage() {
  const { call, members, outcomes, sort } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const title = localized(locale, call.title, call.titleEn);
  return (
    <article aria-labelledby="call-title">
      <div className="page-head">
        <p className="breadcrumb">
          <Link to="/calls">{t("calls.title")}</Link> ›
        </p>
        <h1 id="call-title">{title}</h1>
      </div>
      <div className="call-hero">
        <p>
          <span className={`badge state-${call.state}`}>{t(`calls.state.${call.state}`)}</span>{" "}
          <strong>
            {t("calls.period", {
              from: formatDate(locale, call.startsAt),
              to: formatDate(locale, call.endsAt),
            })}
          </strong>
          {call.state === "open" ? ` · ${t("calls.daysLeft", { n: call.daysLeft })}` : ""}
        </p>
        <p className="muted">
          {t("calls.by", { unit: localized(locale, call.unitName, call.unitNameEn) })}
        </p>
        <p>{localized(locale, call.description, call.descriptionEn)}</p>
        {call.state === "open" ? (
          <p>
            <Link className="button primary" to={`/submit?call=${call.id}`}>
              {t("calls.submit")}
            </Link>
          </p>
        ) : (
          <p className="muted">{t(call.state === "closed" ? "calls.isClosed" : "calls.notYet")}</p>
        )}
      </div>
      <dl className="stat-row section">
        <div>
          <dt>{t("calls.stat.received")}</dt>
          <dd>{call.received}</dd>
        </div>
        <div>
          <dt>{t("calls.stat.public")}</dt>
          <dd>{call.public}</dd>
        </div>
        <div>
          <dt>{t("calls.stat.outcomes")}</dt>
          <dd>{call.outcomes}</dd>
        </div>
      </dl>
      <StatusSummary counts={call.statusCounts} label={t("topics.statusSummary")} />

      {outcomes.rows.length ? (
        <section aria-labelledby="call-outcomes" className="section">
          <h2 id="call-outcomes">{t("calls.outcomes")}</h2>
          <ul className="outcome-list">
            {outcomes.rows.map((story) => (
              <li key={story.trackingCode}>
                <OutcomeCard story={story} headingLevel={3} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="call-members" className="section">
        <h2 id="call-members">{t("calls.members", { n: members.total })}</h2>
        {members.total === 0 ? (
          <p className="muted">{t("calls.noMembers")}</p>
        ) : (
          <>
            <SortLinks
              label={t("list.sort")}
              current={sort}
              options={[
                { value: "newest", label: t("list.sort.newest") },
                { value: "supported", label: t("list.sort.supported") },
                { value: "answered", label: t("list.sort.answered") },
              ]}
            />
            <SuggestionCards rows={members.rows} headingLevel={3} />
            <Pager page={members.page} pages={members.pages} />
          </>
        )}
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

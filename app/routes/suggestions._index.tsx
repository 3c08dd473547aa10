import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { getFormChoices } from "../domain/orgs/taxonomy.server";
import { listPublicSuggestions } from "../domain/suggestions/public.server";
import { DECISIONS, PublicListSchema } from "../domain/suggestions/suggestions.schema";
import { PUBLIC_STATES } from "../domain/suggestions/suggestions-workflow";
import { guarded, redirectPastLastPage } from "../utils/http.server";
import { formatDate, localized } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const query = PublicListSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const result = listPublicSuggestions(query);
  redirectPastLastPage(request, result);
  return { result, choices: getFormChoices(), query };
});

export default function PublicList() {
  const { result, choices, query } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const pageLink = (page: number) => {
    const p = new URLSearchParams(params);
    p.set("page", String(page));
    return `?${p.toString()}`;
  };
  return (
    <section aria-labelledby="list-title">
      <h1 id="list-title">{t("list.title")}</h1>
      <Form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="q">{t("list.search")}</label>
          <input id="q" name="q" type="search" defaultValue={query.q ?? ""} maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="category">{t("common.category")}</label>
          <select id="category" name="category" defaultValue={query.category ?? ""}>
            <option value="">{t("list.all")}</option>
            {choices.categories
              .filter((c) => c.level === 1)
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {localized(locale, c.name, c.nameEn)}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="region">{t("common.unit")}</label>
          <select id="region" name="region" defaultValue={query.region ?? ""}>
            <option value="">{t("list.all")}</option>
            {choices.regions.map((r) => (
              <option key={r.id} value={r.id}>
                {localized(locale, r.name, r.nameEn)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="status">{t("common.status")}</label>
          <select id="status" name="status" defaultValue={query.status ?? ""}>
            <option value="">{t("list.all")}</option>
            {PUBLIC_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="decision">{t("list.decision")}</label>
          <select id="decision" name="decision" defaultValue={query.decision ?? ""}>
            <option value="">{t("list.all")}</option>
            {DECISIONS.map((d) => (
              <option key={d} value={d}>
                {t(`decision.${d}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="period">{t("list.period")}</label>
          <select id="period" name="period" defaultValue={query.period ?? "all"}>
            {(["all", "7d", "30d", "90d", "365d"] as const).map((p) => (
              <option key={p} value={p}>
                {t(`list.period.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sort">{t("list.sort")}</label>
          <select id="sort" name="sort" defaultValue={query.sort ?? ""}>
            <option value="">{query.q ? t("list.sort.relevance") : t("list.sort.newest")}</option>
            <option value="newest">{t("list.sort.newest")}</option>
            <option value="supported">{t("list.sort.supported")}</option>
            <option value="answered">{t("list.sort.answered")}</option>
          </select>
        </div>
        <button type="submit" className="button primary">
          {t("list.apply")}
        </button>
      </Form>
      <p className="muted" role="status">
        {t("list.count", { n: result.total })}
      </p>
      <ul className="result-list">
        {result.rows.map((r) => (
          <li key={r.trackingCode} className="card">
            <h2 className="card-title">
              <Link to={`/suggestions/${r.trackingCode}`}>{r.title}</Link>
            </h2>
            <p className="hint">{r.excerpt}</p>
            <p className="meta">
              <span className={`badge status-${r.status}`}>{t(`status.${r.status}`)}</span>{" "}
              {r.decision ? <span className="badge">{t(`decision.${r.decision}`)}</span> : null}{" "}
              <span className="muted">
                {localized(locale, r.unitName, r.unitNameEn)} · {formatDate(locale, r.submittedAt)}{" "}
                · {t("common.supports", { n: r.supportsCount })}
              </span>
            </p>
          </li>
        ))}
      </ul>
      {result.pages > 1 ? (
        <nav aria-label={t("list.pages")} className="pager">
          {result.page > 1 ? (
            <Link to={pageLink(result.page - 1)} rel="prev">
              {t("list.prev")}
            </Link>
          ) : null}
          <span>{t("list.page", { page: result.page, pages: result.pages })}</span>
          {result.page < result.pages ? (
            <Link to={pageLink(result.page + 1)} rel="next">
              {t("list.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

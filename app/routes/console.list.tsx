import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { SuggestionTable } from "../components/suggestion-table";
import {
  DECISION_VALUES,
  ListQuerySchema,
  listHref,
  METRICS,
  SUGGESTION_STATUSES,
} from "../domain/analytics/dashboard.schema";
import { getFilterOptions } from "../domain/analytics/dashboard.server";
import { describeList, metricKey } from "../domain/analytics/describe";
import { staffListScope } from "../domain/analytics/filters.server";
import { describeListFilters, listMetricSuggestions } from "../domain/analytics/list.server";
import { requirePermission } from "../domain/auth/auth.server";
import analyticsStyles from "../styles/analytics.css";
import { now } from "../utils/clock.server";
import { guarded } from "../utils/http.server";
import { formatNumber, localized, type MessageKey } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

export const links = () => [{ rel: "stylesheet", href: analyticsStyles }];

/**
 * GET /console/list?metric=…&from=…&to=…&unit=…&category=…: the staff list behind a dashboard
 * number (or any filtered list), paginated, with CSV and XLSX exports of the same filters.
 */
export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "view:suggestion");
  const query = ListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const scope = staffListScope(user, query.scope);
  const result = listMetricSuggestions({ scope, query, at: now() });
  return {
    query,
    result,
    labels: describeListFilters(query),
    options: getFilterOptions(scope),
  };
});

export default function StaffList() {
  const { query, result, labels, options } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const { page: _page, ...withoutPage } = query;
  const exportQuery = listHref(withoutPage, "").replace(/^\?/, "");
  const title = describeList(query, labels, t, locale);
  return (
    <section aria-labelledby="list-title">
      <h1 id="list-title">{t("analytics.list.title")}</h1>
      <p className="lead" data-testid="list-description">
        {title}
      </p>
      <Form method="get" className="filters" aria-label={t("analytics.filters")}>
        <div className="field">
          <label htmlFor="metric">{t("analytics.list.metric")}</label>
          <select id="metric" name="metric" defaultValue={query.metric ?? "received"}>
            {METRICS.map((m) => (
              <option key={m} value={m}>
                {t(metricKey(m))}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="from">{t("analytics.from")}</label>
          <input id="from" name="from" type="date" defaultValue={query.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="to">{t("analytics.to")}</label>
          <input id="to" name="to" type="date" defaultValue={query.to ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="unit">{t("common.unit")}</label>
          <select id="unit" name="unit" defaultValue={query.unit ?? ""}>
            <option value="">{t("analytics.allScope")}</option>
            {options.units.map((u) => (
              <option key={u.id} value={u.id}>
                {`${"\u3000".repeat(u.indent)}${localized(locale, u.name, u.nameEn)}`}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="category">{t("common.category")}</label>
          <select id="category" name="category" defaultValue={query.category ?? ""}>
            <option value="">{t("list.all")}</option>
            {options.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {localized(locale, c.name, c.nameEn)}
              </option>
            ))}
            <option value="none">{t("analytics.uncategorized")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="decision">{t("list.decision")}</label>
          <select id="decision" name="decision" defaultValue={query.decision ?? ""}>
            <option value="">{t("list.all")}</option>
            {DECISION_VALUES.map((d) => (
              <option key={d} value={d}>
                {t(`decision.${d}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="status">{t("common.status")}</label>
          <select id="status" name="status" defaultValue={query.status ?? ""}>
            <option value="">{t("list.all")}</option>
            {query.status?.includes(",") ? (
              <option value={query.status}>
                {query.status
                  .split(",")
                  .map((st) => t(`status.${st}` as MessageKey))
                  .join("/")}
              </option>
            ) : null}
            {SUGGESTION_STATUSES.map((st) => (
              <option key={st} value={st}>
                {t(`status.${st}`)}
              </option>
            ))}
          </select>
        </div>
        {query.region ? <input type="hidden" name="region" value={query.region} /> : null}
        {query.regionSelf ? <input type="hidden" name="regionSelf" value="1" /> : null}
        {query.cluster ? <input type="hidden" name="cluster" value={query.cluster} /> : null}
        {query.department ? (
          <input type="hidden" name="department" value={query.department} />
        ) : null}
        {query.scope ? <input type="hidden" name="scope" value={query.scope} /> : null}
        <button type="submit" className="button primary">
          {t("list.apply")}
        </button>
      </Form>
      <div className="list-tools">
        <p role="status" data-testid="list-total" data-total={result.total}>
          {t("list.count", { n: formatNumber(locale, result.total) })}
        </p>
        <a className="button small" href={`/console/list/export.csv?${exportQuery}`} download>
          {t("export.csv")}
        </a>
        <a className="button small" href={`/console/list/export.xlsx?${exportQuery}`} download>
          {t("export.xlsx")}
        </a>
      </div>
      <SuggestionTable
        caption={t("analytics.list.caption", {
          n: formatNumber(locale, result.total),
          page: result.page,
          pages: result.pages,
        })}
        rows={result.rows.map((r) => ({ ...r, dueAt: r.dueAt }))}
      />
      {result.pages > 1 ? (
        <nav aria-label={t("list.pages")} className="pager">
          {result.page > 1 ? (
            <Link to={listHref({ ...query, page: result.page - 1 })} rel="prev">
              {t("list.prev")}
            </Link>
          ) : null}
          <span>{t("list.page", { page: result.page, pages: result.pages })}</span>
          {result.page < result.pages ? (
            <Link to={listHref({ ...query, page: result.page + 1 })} rel="next">
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

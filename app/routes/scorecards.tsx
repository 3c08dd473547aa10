import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { periodDates, recentMonths } from "../domain/analytics/period";
import {
  defaultDir,
  ScorecardQuerySchema,
  type ScorecardSort,
  sortScorecards,
} from "../domain/analytics/scorecard";
import { getScorecardsCached, scorecardPeriod } from "../domain/analytics/scorecards.server";
import analyticsStyles from "../styles/analytics.css";
import { now } from "../utils/clock.server";
import { guarded } from "../utils/http.server";
import { formatNumber, localized, type MessageKey } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

export const links = () => [{ rel: "stylesheet", href: analyticsStyles }];

export const meta: MetaFunction = () => [{ title: "部门评价 · 民意 Minyi" }];

/**
 * GET /scorecards?month=YYYY-MM&sort=…&dir=…: public department scorecards (三率 and more),
 * ranked by any column; sorting is plain links, so it works without JavaScript.
 */
export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const query = ScorecardQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const at = now();
  const period = scorecardPeriod(query.month, at);
  const sort: ScorecardSort = query.sort ?? "responseRate";
  const dir = query.dir ?? defaultDir(sort);
  const rows = sortScorecards(getScorecardsCached({ period, at }), sort, dir);
  return {
    rows,
    sort,
    dir,
    month: query.month ?? null,
    months: recentMonths(at),
    range: periodDates(period),
  };
});

const COLUMNS: { key: ScorecardSort; label: MessageKey; percent: boolean }[] = [
  { key: "assigned", label: "scorecard.col.assigned", percent: false },
  { key: "responseRate", label: "scorecard.col.responseRate", percent: true },
  { key: "resolutionRate", label: "scorecard.col.resolutionRate", percent: true },
  { key: "satisfactionRate", label: "scorecard.col.satisfactionRate", percent: true },
  { key: "avgDays", label: "scorecard.col.avgDays", percent: false },
  { key: "onTimeRate", label: "scorecard.col.onTimeRate", percent: true },
  { key: "adoptionRate", label: "scorecard.col.adoptionRate", percent: true },
];

export default function Scorecards() {
  const { rows, sort, dir, month, months, range } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const href = (key: ScorecardSort) => {
    const p = new URLSearchParams();
    if (month) p.set("month", month);
    p.set("sort", key);
    p.set("dir", key === sort ? (dir === "asc" ? "desc" : "asc") : defaultDir(key));
    return `?${p.toString()}`;
  };
  const value = (v: number | null, percent: boolean, digits = 1) =>
    v === null ? "—" : `${formatNumber(locale, v, digits)}${percent ? "%" : ""}`;
  return (
    <section aria-labelledby="sc-title" className="scorecards">
      <h1 id="sc-title">{t("scorecard.title")}</h1>
      <p className="lead">{t("scorecard.lead")}</p>
      <Form method="get" className="filters" aria-label={t("scorecard.period")}>
        <div className="field">
          <label htmlFor="month">{t("scorecard.period")}</label>
          <select id="month" name="month" defaultValue={month ?? ""}>
            <option value="">{t("scorecard.last12")}</option>
            {months.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
        <input type="hidden" name="sort" value={sort} />
        <input type="hidden" name="dir" value={dir} />
        <button type="submit" className="button primary">
          {t("list.apply")}
        </button>
      </Form>
      <div className="table-wrap">
        <table data-testid="scorecards" data-sort={sort} data-dir={dir}>
          <caption>
            {t("scorecard.caption", { from: range.from, to: range.to })}{" "}
            {t("scorecard.sortedBy", {
              column: t(COLUMNS.find((c) => c.key === sort)!.label),
              dir: t(dir === "asc" ? "scorecard.asc" : "scorecard.desc"),
            })}
          </caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t("scorecard.col.rank")}
              </th>
              <th scope="col">{t("scorecard.col.department")}</th>
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  className="num"
                  aria-sort={c.key === sort ? (dir === "asc" ? "ascending" : "descending") : "none"}
                >
                  <Link to={href(c.key)} preventScrollReset data-sort-key={c.key}>
                    {t(c.label)}
                    {c.key === sort ? (dir === "asc" ? " ▲" : " ▼") : ""}
                  </Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.departmentId} data-department={r.code}>
                <td className="num">{r[sort] === null ? "—" : i + 1}</td>
                <th scope="row">
                  {localized(locale, r.name, r.nameEn)}
                  <br />
                  <span className="muted">{localized(locale, r.unitName, r.unitNameEn)}</span>
                </th>
                {COLUMNS.map((c) => (
                  <td key={c.key} className="num" data-col={c.key} data-value={r[c.key] ?? ""}>
                    {c.key === "assigned"
                      ? formatNumber(locale, r.assigned)
                      : value(r[c.key], c.percent)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section aria-labelledby="sc-def">
        <h2 id="sc-def">{t("scorecard.definitions")}</h2>
        <dl className="definitions">
          {(
            [
              ["scorecard.col.assigned", "scorecard.def.assigned"],
              ["scorecard.col.responseRate", "scorecard.def.responseRate"],
              ["scorecard.col.resolutionRate", "scorecard.def.resolutionRate"],
              ["scorecard.col.satisfactionRate", "scorecard.def.satisfactionRate"],
              ["scorecard.col.avgDays", "scorecard.def.avgDays"],
              ["scorecard.col.onTimeRate", "scorecard.def.onTimeRate"],
              ["scorecard.col.adoptionRate", "scorecard.def.adoptionRate"],
            ] as const
          ).map(([term, def]) => (
            <div key={term}>
              <dt>{t(term)}</dt>
              <dd>{t(def)}</dd>
            </div>
          ))}
        </dl>
        <p className="muted">{t("scorecard.note")}</p>
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BarChart } from "../components/charts";
import { GeneralErrorBoundary } from "../components/error-boundary";
import {
  DashboardQuerySchema,
  type ListQuery,
  listHref,
} from "../domain/analytics/dashboard.schema";
import { getDashboard } from "../domain/analytics/dashboard.server";
import { analyticsScope, narrowToUnit, unitPathOf } from "../domain/analytics/filters.server";
import { describeListFilters } from "../domain/analytics/list.server";
import { parsePeriod, periodDates } from "../domain/analytics/period";
import { sortScorecards } from "../domain/analytics/scorecard";
import { getScorecards } from "../domain/analytics/scorecards.server";
import { requirePermission } from "../domain/auth/auth.server";
import analyticsStyles from "../styles/analytics.css";
import { now } from "../utils/clock.server";
import { guarded } from "../utils/http.server";
import { formatNumber, localized, type MessageKey } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

export const links = () => [{ rel: "stylesheet", href: analyticsStyles }];

/**
 * GET /console/report?period=2026-05 (or 2026-Q2, 2026, 30d, custom&from&to; default: the last
 * complete month) with optional unit and category: a printable periodic report of the
 * reader's scope, with print CSS (A4, no navigation, sections kept whole).
 */
export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "view:analytics");
  const query = DashboardQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const at = now();
  const period = parsePeriod(query, at, "lastMonth");
  const base = analyticsScope(user);
  const scope = narrowToUnit(base, query.unit ? (unitPathOf(query.unit) ?? "/none/") : null);
  const dashboard = getDashboard({
    scope,
    category: query.category,
    period,
    granularity: query.granularity,
    focusUnitId: query.unit ?? null,
    at,
  });
  const departments = sortScorecards(
    getScorecards({ period, at }).filter((r) => scope.paths.some((p) => r.unitPath.startsWith(p))),
    "responseRate",
    "desc",
  ).filter((r) => r.assigned > 0);
  return {
    dashboard,
    departments,
    query,
    period: { key: period.key, kind: period.kind, ...periodDates(period) },
    labels: describeListFilters({ unit: query.unit, category: query.category, regionSelf: false }),
    generatedAt: at.toISOString(),
    author: user.displayName,
  };
});

export default function PeriodicReport() {
  const { dashboard, departments, query, period, labels, generatedAt, author } =
    useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const { kpis } = dashboard;
  const num = (v: number) => formatNumber(locale, v);
  const pctText = (v: number | null) => (v === null ? "—" : `${formatNumber(locale, v, 1)}%`);
  const change = (cur: number, prev: number) =>
    prev > 0
      ? `${cur >= prev ? "+" : "−"}${formatNumber(locale, (Math.abs(cur - prev) / prev) * 100, 1)}%`
      : "—";
  const common: Partial<ListQuery> = {
    unit: query.unit,
    category: query.category,
    scope: "analytics",
  };
  const list = (metric: ListQuery["metric"], extra: Partial<ListQuery> = {}) =>
    listHref({ metric, from: kpis.period.from, to: kpis.period.to, ...common, ...extra });
  const scopeName = [
    labels.unit ? localized(locale, labels.unit.name, labels.unit.nameEn) : t("report.allScope"),
    query.category === "none"
      ? t("analytics.uncategorized")
      : labels.category
        ? localized(locale, labels.category.name, labels.category.nameEn)
        : null,
  ]
    .filter(Boolean)
    .join(" · ");
  const rows: {
    key: string;
    label: MessageKey;
    cur: string;
    prev: string;
    diff: string;
    href: string;
  }[] = [
    {
      key: "received",
      label: "analytics.kpi.received",
      cur: num(kpis.received.current),
      prev: num(kpis.received.previous),
      diff: change(kpis.received.current, kpis.received.previous),
      href: list("received"),
    },
    {
      key: "accepted",
      label: "analytics.kpi.accepted",
      cur: num(kpis.accepted.current),
      prev: num(kpis.accepted.previous),
      diff: change(kpis.accepted.current, kpis.accepted.previous),
      href: list("accepted"),
    },
    {
      key: "answered",
      label: "analytics.kpi.answered",
      cur: num(kpis.answered.current),
      prev: num(kpis.answered.previous),
      diff: change(kpis.answered.current, kpis.answered.previous),
      href: list("answered"),
    },
    {
      key: "adopted",
      label: "analytics.kpi.adopted",
      cur: num(kpis.adopted.current),
      prev: num(kpis.adopted.previous),
      diff: change(kpis.adopted.current, kpis.adopted.previous),
      href: list("adopted"),
    },
    {
      key: "converted",
      label: "analytics.kpi.converted",
      cur: num(kpis.converted.current),
      prev: num(kpis.converted.previous),
      diff: change(kpis.converted.current, kpis.converted.previous),
      href: list("converted"),
    },
    {
      key: "avgDays",
      label: "analytics.kpi.avgDays",
      cur:
        kpis.avgHandlingDays.current === null
          ? "—"
          : formatNumber(locale, kpis.avgHandlingDays.current, 1),
      prev:
        kpis.avgHandlingDays.previous === null
          ? "—"
          : formatNumber(locale, kpis.avgHandlingDays.previous, 1),
      diff: "",
      href: list("answered"),
    },
    {
      key: "onTime",
      label: "analytics.kpi.onTimeRate",
      cur: pctText(kpis.onTimeRate.current),
      prev: pctText(kpis.onTimeRate.previous),
      diff: "",
      href: list("answered_late"),
    },
    {
      key: "satisfaction",
      label: "analytics.kpi.satisfaction",
      cur:
        kpis.satisfactionAvg.current === null
          ? "—"
          : formatNumber(locale, kpis.satisfactionAvg.current, 2),
      prev:
        kpis.satisfactionAvg.previous === null
          ? "—"
          : formatNumber(locale, kpis.satisfactionAvg.previous, 2),
      diff: "",
      href: list("rated"),
    },
  ];
  const colTotals = dashboard.heatmap.columns.map((c, j) => ({
    c,
    total: dashboard.heatmap.cells.reduce((a, row) => a + (row[j] ?? 0), 0),
  }));
  return (
    <article className="report" aria-labelledby="report-title">
      <p className="no-print list-tools">
        <button type="button" className="button primary" onClick={() => window.print()}>
          {t("report.print")}
        </button>
        <Link to="/console/analytics">{t("report.back")}</Link>
      </p>
      <header className="report-header">
        <h1 id="report-title">{t("report.title")}</h1>
        <p>{t("report.periodLine", { from: period.from, to: period.to, scope: scopeName })}</p>
        <p className="muted">
          {t("report.generated", {
            at: new Date(generatedAt).toLocaleString(locale, { timeZone: "Asia/Shanghai" }),
            author,
          })}
        </p>
      </header>

      <section aria-labelledby="r-summary">
        <h2 id="r-summary">{t("report.summary")}</h2>
        <p data-testid="report-summary">
          {t("report.narrative", {
            received: num(kpis.received.current),
            receivedChange: change(kpis.received.current, kpis.received.previous),
            answered: num(kpis.answered.current),
            days:
              kpis.avgHandlingDays.current === null
                ? "—"
                : formatNumber(locale, kpis.avgHandlingDays.current, 1),
            onTime: pctText(kpis.onTimeRate.current),
            adopted: num(kpis.adopted.current),
            converted: num(kpis.converted.current),
            satisfaction:
              kpis.satisfactionAvg.current === null
                ? "—"
                : formatNumber(locale, kpis.satisfactionAvg.current, 2),
          })}
        </p>
        <table>
          <caption>
            {t("report.kpiCaption", {
              prevFrom: kpis.previousPeriod.from,
              prevTo: kpis.previousPeriod.to,
            })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("report.indicator")}</th>
              <th scope="col">{t("report.current")}</th>
              <th scope="col">{t("report.previous")}</th>
              <th scope="col">{t("report.change")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-kpi={r.key}>
                <th scope="row">{t(r.label)}</th>
                <td>
                  <Link to={r.href}>{r.cur}</Link>
                </td>
                <td>{r.prev}</td>
                <td>{r.diff}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="r-trend">
        <h2 id="r-trend">{t("analytics.trends")}</h2>
        <BarChart
          title={t(`analytics.trendsTitle.${dashboard.trends.granularity}`)}
          description={t("analytics.trendsDesc", {
            from: kpis.period.from,
            to: kpis.period.to,
            received: num(kpis.received.current),
            answered: num(kpis.answered.current),
          })}
          labels={dashboard.trends.points.map((p) => p.label)}
          series={[
            {
              key: "received",
              label: t("analytics.kpi.received"),
              color: "#0a58ca",
              values: dashboard.trends.points.map((p) => p.received),
            },
            {
              key: "answered",
              label: t("analytics.kpi.answered"),
              color: "#116329",
              values: dashboard.trends.points.map((p) => p.answered),
            },
          ]}
          tableCaption={t("analytics.dataTable")}
          labelHeader={t(`analytics.granularity.${dashboard.trends.granularity}`)}
        />
      </section>

      <div className="grid-2 analytics-pair">
        <section aria-labelledby="r-cat">
          <h2 id="r-cat">{t("report.byCategory")}</h2>
          <table className="compact">
            <thead>
              <tr>
                <th scope="col">{t("common.category")}</th>
                <th scope="col">{t("analytics.count")}</th>
              </tr>
            </thead>
            <tbody>
              {dashboard.heatmap.rows.map((r) => (
                <tr key={String(r.categoryId)}>
                  <th scope="row">
                    {r.categoryId === "none"
                      ? t("analytics.uncategorized")
                      : localized(locale, r.name ?? "", r.nameEn)}
                  </th>
                  <td>{num(r.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section aria-labelledby="r-region">
          <h2 id="r-region">{t("report.byRegion")}</h2>
          <table className="compact">
            <thead>
              <tr>
                <th scope="col">{t("common.unit")}</th>
                <th scope="col">{t("analytics.count")}</th>
              </tr>
            </thead>
            <tbody>
              {colTotals.map(({ c, total }) => (
                <tr key={`${c.unitId}-${c.self}-${c.other}`}>
                  <th scope="row">
                    {c.other
                      ? t("analytics.heat.other")
                      : c.self
                        ? t("analytics.heat.self", { name: localized(locale, c.name, c.nameEn) })
                        : localized(locale, c.name, c.nameEn)}
                  </th>
                  <td>{num(total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t("analytics.decisions")}</h2>
          <table className="compact">
            <tbody>
              {dashboard.decisions.map((d) => (
                <tr key={d.decision}>
                  <th scope="row">{t(`decision.${d.decision}`)}</th>
                  <td>{num(d.n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>

      <section aria-labelledby="r-topics">
        <h2 id="r-topics">{t("analytics.hotTopics")}</h2>
        {dashboard.topics.hot.length === 0 ? (
          <p className="muted">{t("analytics.noTopics")}</p>
        ) : (
          <ol>
            {dashboard.topics.hot.map((topic) => (
              <li key={topic.clusterId}>
                {topic.label}{" "}
                <span className="muted">
                  {t("report.topicLine", { n: topic.size, growth: topic.growth7 })}
                  {topic.emerging ? ` · ${t("analytics.new")}` : ""}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="r-dept" className="page-break">
        <h2 id="r-dept">{t("report.departments")}</h2>
        {departments.length === 0 ? (
          <p className="muted">{t("console.empty")}</p>
        ) : (
          <div className="table-wrap">
            <table className="compact scorecards">
              <thead>
                <tr>
                  <th scope="col">{t("scorecard.col.department")}</th>
                  <th scope="col" className="num">
                    {t("scorecard.col.assigned")}
                  </th>
                  <th scope="col" className="num">
                    {t("scorecard.col.responseRate")}
                  </th>
                  <th scope="col" className="num">
                    {t("scorecard.col.resolutionRate")}
                  </th>
                  <th scope="col" className="num">
                    {t("scorecard.col.satisfactionRate")}
                  </th>
                  <th scope="col" className="num">
                    {t("scorecard.col.avgDays")}
                  </th>
                  <th scope="col" className="num">
                    {t("scorecard.col.onTimeRate")}
                  </th>
                  <th scope="col" className="num">
                    {t("scorecard.col.adoptionRate")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {departments.map((d) => (
                  <tr key={d.departmentId}>
                    <th scope="row">{localized(locale, d.name, d.nameEn)}</th>
                    <td className="num">{num(d.assigned)}</td>
                    <td className="num">{pctText(d.responseRate)}</td>
                    <td className="num">{pctText(d.resolutionRate)}</td>
                    <td className="num">{pctText(d.satisfactionRate)}</td>
                    <td className="num">
                      {d.avgDays === null ? "—" : formatNumber(locale, d.avgDays, 1)}
                    </td>
                    <td className="num">{pctText(d.onTimeRate)}</td>
                    <td className="num">{pctText(d.adoptionRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="muted">{t("report.departmentsNote")}</p>
      </section>

      <section aria-labelledby="r-backlog">
        <h2 id="r-backlog">{t("analytics.backlog")}</h2>
        <table className="compact">
          <thead>
            <tr>
              <th scope="col">{t("analytics.age")}</th>
              <th scope="col">{t("analytics.open")}</th>
              <th scope="col">{t("analytics.overdue")}</th>
            </tr>
          </thead>
          <tbody>
            {dashboard.backlog.map((b) => (
              <tr key={b.key}>
                <th scope="row">{t("analytics.ageBucket", { key: b.key })}</th>
                <td>{num(b.open)}</td>
                <td>{num(b.overdue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">{t("analytics.backlogNote")}</p>
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

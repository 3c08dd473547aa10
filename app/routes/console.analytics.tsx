import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { BarChart, HBarChart, heatColor, Sparkline } from "../components/charts";
import { GeneralErrorBoundary } from "../components/error-boundary";
import {
  DashboardQuerySchema,
  type ListQuery,
  listHref,
} from "../domain/analytics/dashboard.schema";
import { getDashboard, getFilterOptions } from "../domain/analytics/dashboard.server";
import { analyticsScope, narrowToUnit, unitPathOf } from "../domain/analytics/filters.server";
import {
  parsePeriod,
  periodDates,
  ROLLING_PRESETS,
  recentMonths,
} from "../domain/analytics/period";
import { requirePermission } from "../domain/auth/auth.server";
import analyticsStyles from "../styles/analytics.css";
import { now } from "../utils/clock.server";
import { guarded } from "../utils/http.server";
import { formatNumber, localized, type MessageKey } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

export const links = () => [{ rel: "stylesheet", href: analyticsStyles }];

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "view:analytics");
  const query = DashboardQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const at = now();
  const period = parsePeriod(query, at, "30d");
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
  return {
    dashboard,
    query,
    period: { key: period.key, ...periodDates(period) },
    months: recentMonths(at),
    options: getFilterOptions(base),
  };
});

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function delta(current: number | null, previous: number | null) {
  if (current === null || previous === null) return null;
  return Math.round((current - previous) * 10) / 10;
}

export default function AnalyticsDashboard() {
  const data = useLoaderData<typeof loader>();
  const { dashboard, query, period } = data;
  const t = useT();
  const locale = useLocale();
  const { kpis } = dashboard;
  const common: Partial<ListQuery> = {
    unit: query.unit,
    category: query.category,
    scope: "analytics",
  };
  const list = (metric: ListQuery["metric"], extra: Partial<ListQuery> = {}) =>
    listHref({ metric, from: kpis.period.from, to: kpis.period.to, ...common, ...extra });
  const num = (v: number) => formatNumber(locale, v);
  const reportParams = new URLSearchParams();
  reportParams.set("period", period.key === "custom" ? "custom" : period.key);
  if (period.key === "custom") {
    reportParams.set("from", period.from);
    reportParams.set("to", period.to);
  }
  if (query.unit) reportParams.set("unit", String(query.unit));
  if (query.category) reportParams.set("category", String(query.category));

  const kpiCards: {
    key: string;
    label: MessageKey;
    value: number | null;
    previous: number | null;
    format: (v: number) => string;
    href: string;
    lowerIsBetter?: boolean;
    note?: React.ReactNode;
  }[] = [
    {
      key: "received",
      label: "analytics.kpi.received",
      value: kpis.received.current,
      previous: kpis.received.previous,
      format: num,
      href: list("received"),
    },
    {
      key: "accepted",
      label: "analytics.kpi.accepted",
      value: kpis.accepted.current,
      previous: kpis.accepted.previous,
      format: num,
      href: list("accepted"),
    },
    {
      key: "answered",
      label: "analytics.kpi.answered",
      value: kpis.answered.current,
      previous: kpis.answered.previous,
      format: num,
      href: list("answered"),
    },
    {
      key: "adopted",
      label: "analytics.kpi.adopted",
      value: kpis.adopted.current,
      previous: kpis.adopted.previous,
      format: num,
      href: list("adopted"),
      note: (
        <Link to={list("decided")}>
          {t("analytics.kpi.ofDecided", { n: num(kpis.decided.current) })}
        </Link>
      ),
    },
    {
      key: "converted",
      label: "analytics.kpi.converted",
      value: kpis.converted.current,
      previous: kpis.converted.previous,
      format: num,
      href: list("converted"),
    },
    {
      key: "avgDays",
      label: "analytics.kpi.avgDays",
      value: kpis.avgHandlingDays.current,
      previous: kpis.avgHandlingDays.previous,
      format: (v) => formatNumber(locale, v, 1),
      href: list("answered"),
      lowerIsBetter: true,
      note: t("analytics.kpi.basedOnAnswered", { n: num(kpis.answered.current) }),
    },
    {
      key: "onTime",
      label: "analytics.kpi.onTimeRate",
      value: kpis.onTimeRate.current,
      previous: kpis.onTimeRate.previous,
      format: (v) => `${formatNumber(locale, v, 1)}%`,
      href: list("answered"),
      note: (
        <>
          <Link to={list("answered_on_time")}>
            {t("analytics.kpi.onTimeCount", { n: num(kpis.onTime.current) })}
          </Link>{" "}
          ·{" "}
          <Link to={list("answered_late")}>
            {t("analytics.kpi.lateCount", { n: num(kpis.late.current) })}
          </Link>
        </>
      ),
    },
    {
      key: "satisfaction",
      label: "analytics.kpi.satisfaction",
      value: kpis.satisfactionAvg.current,
      previous: kpis.satisfactionAvg.previous,
      format: (v) => formatNumber(locale, v, 2),
      href: list("rated"),
      note: (
        <Link to={list("rated")}>
          {t("analytics.kpi.ratings", {
            n: num(kpis.ratings.current),
            rate:
              kpis.satisfactionRate.current === null
                ? "—"
                : `${formatNumber(locale, kpis.satisfactionRate.current, 1)}%`,
          })}
        </Link>
      ),
    },
  ];

  return (
    <section aria-labelledby="analytics-title" className="analytics">
      <h1 id="analytics-title">{t("nav.analytics")}</h1>
      <Filters data={data} />
      <p className="muted" role="status">
        {t("analytics.periodLine", {
          from: kpis.period.from,
          to: kpis.period.to,
          prevFrom: kpis.previousPeriod.from,
          prevTo: kpis.previousPeriod.to,
        })}{" "}
        <Link to={`/console/report?${reportParams.toString()}`}>{t("analytics.printReport")}</Link>
      </p>

      <h2 id="kpi-title">{t("analytics.kpis")}</h2>
      <ul className="kpis" aria-labelledby="kpi-title">
        {kpiCards.map((k) => {
          const d = delta(k.value, k.previous);
          const better = d === null || d === 0 ? null : k.lowerIsBetter ? d < 0 : d > 0;
          return (
            <li key={k.key} className="kpi" data-kpi={k.key}>
              <span className="kpi-label">{t(k.label)}</span>
              <Link to={k.href} className="kpi-value" data-value={k.value ?? ""}>
                {k.value === null ? t("home.fig.none") : k.format(k.value)}
              </Link>
              <span className={`kpi-delta ${better === null ? "" : better ? "up" : "down"}`}>
                {d === null
                  ? t("analytics.kpi.noCompare")
                  : t("analytics.kpi.delta", {
                      sign: d > 0 ? "+" : d < 0 ? "−" : "±",
                      diff: k.format(Math.abs(d)),
                      previous: k.previous === null ? "—" : k.format(k.previous),
                    })}
              </span>
              {k.note ? <span className="kpi-note">{k.note}</span> : null}
            </li>
          );
        })}
      </ul>

      <section aria-labelledby="trend-title">
        <h2 id="trend-title">{t("analytics.trends")}</h2>
        <BarChart
          title={t(`analytics.trendsTitle.${dashboard.trends.granularity}`)}
          description={t("analytics.trendsDesc", {
            from: kpis.period.from,
            to: kpis.period.to,
            received: num(dashboard.trends.points.reduce((a, p) => a + p.received, 0)),
            answered: num(dashboard.trends.points.reduce((a, p) => a + p.answered, 0)),
          })}
          labels={dashboard.trends.points.map((p) => p.label)}
          series={[
            {
              key: "received",
              label: t("analytics.kpi.received"),
              color: "#0a58ca",
              values: dashboard.trends.points.map((p) => p.received),
              hrefs: dashboard.trends.points.map((p) =>
                listHref({ metric: "received", from: p.from, to: p.to, ...common }),
              ),
            },
            {
              key: "answered",
              label: t("analytics.kpi.answered"),
              color: "#116329",
              values: dashboard.trends.points.map((p) => p.answered),
              hrefs: dashboard.trends.points.map((p) =>
                listHref({ metric: "answered", from: p.from, to: p.to, ...common }),
              ),
            },
          ]}
          tableCaption={t("analytics.dataTable")}
          labelHeader={t(`analytics.granularity.${dashboard.trends.granularity}`)}
        />
      </section>

      <section aria-labelledby="heat-title">
        <h2 id="heat-title">{t("analytics.heatmap")}</h2>
        <HeatMap data={data} common={common} />
      </section>

      <div className="grid-2 analytics-pair">
        <section aria-labelledby="topics-title">
          <h2 id="topics-title">{t("analytics.hotTopics")}</h2>
          <p className="muted">
            {t("analytics.topicsWindow", {
              from: dashboard.topics.from,
              to: dashboard.topics.to,
            })}
          </p>
          <TopicTable
            topics={dashboard.topics.hot}
            window={dashboard.topics}
            common={common}
            caption={t("analytics.hotTopicsCaption")}
          />
          <h3>{t("analytics.emergingTopics")}</h3>
          <TopicTable
            topics={dashboard.topics.emerging}
            window={dashboard.topics}
            common={common}
            caption={t("analytics.emergingCaption")}
          />
        </section>
        <section aria-labelledby="decision-title">
          <h2 id="decision-title">{t("analytics.decisions")}</h2>
          <HBarChart
            title={t("analytics.decisions")}
            description={dashboard.decisions
              .map((d) => `${t(`decision.${d.decision}`)} ${d.n}`)
              .join(", ")}
            rows={dashboard.decisions.map((d) => ({
              key: d.decision,
              label: t(`decision.${d.decision}`),
              value: d.n,
              href: list("decided", { decision: d.decision }),
              color:
                d.decision === "adopted"
                  ? "#116329"
                  : d.decision === "partly_adopted"
                    ? "#2da44e"
                    : d.decision === "for_reference"
                      ? "#7d4e00"
                      : "#a40e26",
            }))}
            tableCaption={t("analytics.dataTable")}
            labelHeader={t("list.decision")}
            valueHeader={t("analytics.count")}
          />
          <h2 id="backlog-title">{t("analytics.backlog")}</h2>
          <p className="muted">{t("analytics.backlogNote")}</p>
          <HBarChart
            title={t("analytics.backlog")}
            description={dashboard.backlog
              .map((b) => `${t("analytics.ageBucket", { key: b.key })} ${b.open}`)
              .join(", ")}
            rows={dashboard.backlog.map((b) => ({
              key: b.key,
              label: t("analytics.ageBucket", { key: b.key }),
              value: b.open,
              href: listHref({
                metric: "open",
                from: b.from ?? undefined,
                to: b.to,
                ...common,
              }),
              color: "#7d4e00",
            }))}
            tableCaption={t("analytics.dataTable")}
            labelHeader={t("analytics.age")}
            valueHeader={t("analytics.open")}
          />
          <table className="compact">
            <caption>{t("analytics.backlogCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("analytics.age")}</th>
                <th scope="col">{t("analytics.open")}</th>
                <th scope="col">{t("analytics.overdue")}</th>
              </tr>
            </thead>
            <tbody>
              {dashboard.backlog.map((b) => {
                const range = { from: b.from ?? undefined, to: b.to, ...common };
                return (
                  <tr key={b.key}>
                    <th scope="row">{t("analytics.ageBucket", { key: b.key })}</th>
                    <td>
                      <Link to={listHref({ metric: "open", ...range })}>{num(b.open)}</Link>
                    </td>
                    <td>
                      <Link to={listHref({ metric: "overdue", ...range })}>{num(b.overdue)}</Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      </div>
      <details className="definitions">
        <summary>{t("analytics.definitions")}</summary>
        <dl>
          {(
            [
              ["analytics.kpi.received", "analytics.def.received"],
              ["analytics.kpi.accepted", "analytics.def.accepted"],
              ["analytics.kpi.answered", "analytics.def.answered"],
              ["analytics.kpi.adopted", "analytics.def.adopted"],
              ["analytics.kpi.converted", "analytics.def.converted"],
              ["analytics.kpi.avgDays", "analytics.def.avgDays"],
              ["analytics.kpi.onTimeRate", "analytics.def.onTime"],
              ["analytics.kpi.satisfaction", "analytics.def.satisfaction"],
              ["analytics.hotTopics", "analytics.def.topics"],
              ["analytics.backlog", "analytics.def.backlog"],
            ] as const
          ).map(([term, def]) => (
            <div key={term}>
              <dt>{t(term)}</dt>
              <dd>{t(def)}</dd>
            </div>
          ))}
        </dl>
      </details>
    </section>
  );
}

function Filters({ data }: { data: Data }) {
  const t = useT();
  const locale = useLocale();
  const { query, period, months, options } = data;
  const years = [...new Set(months.map((m) => m.slice(0, 4)))];
  return (
    <Form method="get" className="filters analytics-filters" aria-label={t("analytics.filters")}>
      <div className="field">
        <label htmlFor="period">{t("list.period")}</label>
        <select id="period" name="period" defaultValue={period.key}>
          {ROLLING_PRESETS.map((p) => (
            <option key={p} value={p}>
              {t(`list.period.${p}`)}
            </option>
          ))}
          <optgroup label={t("analytics.months")}>
            {months.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </optgroup>
          <optgroup label={t("analytics.years")}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </optgroup>
          <option value="custom">{t("analytics.custom")}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="from">{t("analytics.from")}</label>
        <input
          id="from"
          name="from"
          type="date"
          defaultValue={period.key === "custom" ? period.from : ""}
        />
      </div>
      <div className="field">
        <label htmlFor="to">{t("analytics.to")}</label>
        <input
          id="to"
          name="to"
          type="date"
          defaultValue={period.key === "custom" ? period.to : ""}
        />
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
        <label htmlFor="granularity">{t("analytics.granularity")}</label>
        <select id="granularity" name="granularity" defaultValue={query.granularity ?? ""}>
          <option value="">{t("analytics.granularity.auto")}</option>
          {(["day", "week", "month"] as const).map((g) => (
            <option key={g} value={g}>
              {t(`analytics.granularity.${g}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button primary">
        {t("list.apply")}
      </button>
    </Form>
  );
}

function HeatMap({ data, common }: { data: Data; common: Partial<ListQuery> }) {
  const t = useT();
  const locale = useLocale();
  const { heatmap, kpis } = data.dashboard;
  if (heatmap.rows.length === 0) return <p className="muted">{t("console.empty")}</p>;
  const colName = (c: (typeof heatmap.columns)[number]) =>
    c.other
      ? t("analytics.heat.other")
      : c.self
        ? t("analytics.heat.self", { name: localized(locale, c.name, c.nameEn) })
        : localized(locale, c.name, c.nameEn);
  return (
    <div className="table-wrap">
      <table className="heatmap" data-chart="heatmap">
        <caption>
          {t("analytics.heatCaption", { from: kpis.period.from, to: kpis.period.to })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t("common.category")}</th>
            {heatmap.columns.map((c) => (
              <th key={`${c.unitId}-${c.self}-${c.other}`} scope="col">
                {colName(c)}
              </th>
            ))}
            <th scope="col">{t("analytics.total")}</th>
          </tr>
        </thead>
        <tbody>
          {heatmap.rows.map((r, i) => (
            <tr key={String(r.categoryId)}>
              <th scope="row">
                {r.categoryId === "none"
                  ? t("analytics.uncategorized")
                  : localized(locale, r.name ?? "", r.nameEn)}
              </th>
              {heatmap.columns.map((c, j) => {
                const v = heatmap.cells[i]?.[j] ?? 0;
                const style = heatColor(v, heatmap.max);
                const href =
                  c.other || v === 0
                    ? null
                    : listHref({
                        metric: "received",
                        from: kpis.period.from,
                        to: kpis.period.to,
                        ...common,
                        category: r.categoryId,
                        region: c.unitId ?? undefined,
                        regionSelf: c.self,
                      });
                return (
                  <td
                    key={`${c.unitId}-${c.self}-${c.other}`}
                    style={style}
                    data-value={v}
                    className="heat-cell"
                  >
                    {href ? (
                      <Link to={href} style={{ color: style.color }}>
                        {v}
                      </Link>
                    ) : (
                      v
                    )}
                  </td>
                );
              })}
              <td>
                <Link
                  to={listHref({
                    metric: "received",
                    from: kpis.period.from,
                    to: kpis.period.to,
                    ...common,
                    category: r.categoryId,
                  })}
                >
                  {r.total}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TopicTable({
  topics,
  window,
  common,
  caption,
}: {
  topics: Data["dashboard"]["topics"]["hot"];
  window: { from: string; to: string };
  common: Partial<ListQuery>;
  caption: string;
}) {
  const t = useT();
  if (topics.length === 0) return <p className="muted">{t("analytics.noTopics")}</p>;
  return (
    <table className="compact topics">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("analytics.topic")}</th>
          <th scope="col">{t("analytics.items")}</th>
          <th scope="col">{t("analytics.growth")}</th>
          <th scope="col">{t("analytics.weekly")}</th>
        </tr>
      </thead>
      <tbody>
        {topics.map((topic) => {
          const href = listHref({
            metric: "received",
            from: window.from,
            to: window.to,
            ...common,
            cluster: topic.clusterId,
          });
          return (
            <tr key={topic.clusterId}>
              <th scope="row">
                <Link to={href}>{topic.label}</Link>
                {topic.emerging ? <span className="badge">{t("analytics.new")}</span> : null}
              </th>
              <td>
                <Link to={href}>{topic.size}</Link>
              </td>
              <td>×{topic.growth7}</td>
              <td>
                <Sparkline values={topic.weekly} label={t("analytics.weeklyLabel")} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

/**
 * Every analyst dashboard figure, scorecard figure and list count checked against a
 * hand-written SQL query over the base tables of a fresh copy of the seeded database (seeded
 * at 2026-06-15T00:00Z, i.e. 08:00 in China). The period bounds below are written out by hand in
 * China time, not computed by the code under test. Long periods read whole months from the
 * trigger-maintained rollup, so the same checks also prove the rollup, before and after staff
 * commands that move, categorize and answer suggestions.
 */
import { describe, expect, it } from "vitest";
import type { ListQuery, Metric } from "../../app/domain/analytics/dashboard.schema";
import {
  getBacklog,
  getDecisionBreakdown,
  getHeatmap,
  getHotTopics,
  getKpis,
  getTrends,
} from "../../app/domain/analytics/dashboard.server";
import { analyticsScope, narrowToUnit } from "../../app/domain/analytics/filters.server";
import { listMetricSuggestions } from "../../app/domain/analytics/list.server";
import { parsePeriod } from "../../app/domain/analytics/period";
import type { ScorecardRow } from "../../app/domain/analytics/scorecard";
import { getScorecards, scorecardPeriod } from "../../app/domain/analytics/scorecards.server";
import { loadStaffUser } from "../../app/domain/auth/auth.server";
import { executeStaffCommand } from "../../app/domain/staff/dispatch.server";
import { rankHotTopics } from "../../app/nlp/hot-topics";
import type { Db } from "../../db/client";
import { SEEDED_AT } from "../setup/paths";
import { freshDb } from "../setup/test-db";

const AT = SEEDED_AT;
const DAY = 86_400_000;
/** Local midnight (UTC+8) of a date, by hand. */
const cst = (date: string) => Date.parse(`${date}T00:00:00+08:00`);

/** Periods with their hand-written bounds: [from, to) and the previous period. */
const PERIODS = [
  { key: "30d", from: "2026-05-17", to: "2026-06-16", prevFrom: "2026-04-17" },
  { key: "90d", from: "2026-03-18", to: "2026-06-16", prevFrom: "2025-12-18" },
  { key: "365d", from: "2025-06-16", to: "2026-06-16", prevFrom: "2024-06-16" },
  { key: "2026-05", from: "2026-05-01", to: "2026-06-01", prevFrom: "2026-04-01" },
  { key: "2026-Q2", from: "2026-04-01", to: "2026-07-01", prevFrom: "2026-01-01" },
  { key: "2025", from: "2025-01-01", to: "2026-01-01", prevFrom: "2024-01-01" },
] as const;

/**
 * Recomputes a rollup (analytics_monthly by month × unit × region × category, or analytics_daily
 * by day × unit × category) from the base tables and counts the rows where it differs from the
 * stored one, in either direction. 0 means the triggers kept it exact.
 */
function verifyRollup(table: "analytics_monthly" | "analytics_daily"): string {
  const monthly = table === "analytics_monthly";
  const key = (col: string) =>
    monthly
      ? `CAST(strftime('%Y%m', (${col} + 28800000) / 1000, 'unixepoch') AS INTEGER)`
      : `(${col} + 28800000) / 86400000`;
  const dims = (a: string) =>
    `${a}.unit_id AS unit_id, ${monthly ? `${a}.region_unit_id AS region_unit_id, ` : ""}coalesce(${a}.category_id, 0) AS category_id`;
  const dimCols = monthly ? "unit_id, region_unit_id, category_id" : "unit_id, category_id";
  const cols =
    "received, accepted, answered, answer_days, on_time, with_deadline, decided, adopted, partly_adopted, for_reference, not_adopted, converted, ratings, rating_sum, satisfied";
  const z = (set: Record<string, string>) =>
    cols
      .split(", ")
      .map((c) => `${set[c] ?? "0"} AS ${c}`)
      .join(", ");
  return `
WITH raw AS (
  SELECT k, ${dimCols}, ${cols
    .split(", ")
    .map((c) => (c === "answer_days" ? `round(sum(${c}), 6) AS ${c}` : `sum(${c}) AS ${c}`))
    .join(", ")} FROM (
    SELECT ${key("s.submitted_at")} AS k, ${dims("s")}, ${z({ received: "1" })} FROM suggestions s
    UNION ALL SELECT ${key("s.accepted_at")}, ${dims("s")}, ${z({ accepted: "1" })} FROM suggestions s WHERE s.accepted_at IS NOT NULL
    UNION ALL SELECT ${key("s.answered_at")}, ${dims("s")}, ${z({
      answered: "1",
      answer_days: "(s.answered_at - s.submitted_at) / 86400000.0",
      on_time: "(s.handle_due_at IS NOT NULL AND s.answered_at <= s.handle_due_at)",
      with_deadline: "(s.handle_due_at IS NOT NULL)",
    })} FROM suggestions s WHERE s.answered_at IS NOT NULL
    UNION ALL SELECT ${key("d.decided_at")}, ${dims("s")}, ${z({
      decided: "1",
      adopted: "(d.decision = 'adopted')",
      partly_adopted: "(d.decision = 'partly_adopted')",
      for_reference: "(d.decision = 'for_reference')",
      not_adopted: "(d.decision = 'not_adopted')",
    })} FROM adoption_decisions d JOIN suggestions s ON s.id = d.suggestion_id
    UNION ALL SELECT ${key("o.created_at")}, ${dims("s")}, ${z({ converted: "1" })} FROM outcomes o JOIN suggestions s ON s.id = o.suggestion_id
    UNION ALL SELECT ${key("x.created_at")}, ${dims("s")}, ${z({
      ratings: "1",
      rating_sum: "x.score",
      satisfied: "(x.score >= 3)",
    })} FROM satisfactions x JOIN suggestions s ON s.id = x.suggestion_id
  ) GROUP BY k, ${dimCols}),
roll AS (
  SELECT ${monthly ? "month" : "day"} AS k, ${dimCols}, ${cols
    .split(", ")
    .map((c) => (c === "answer_days" ? `round(${c}, 6) AS ${c}` : c))
    .join(", ")}
  FROM ${table} WHERE ${cols
    .split(", ")
    .map((c) => (c === "answer_days" ? `abs(${c}) > 1e-6` : `${c} <> 0`))
    .join(" OR ")}
)
SELECT count(*) AS n FROM (SELECT * FROM raw EXCEPT SELECT * FROM roll UNION ALL SELECT * FROM roll EXCEPT SELECT * FROM raw);
`;
}

type Filters = { unitPath: string | null; category: number | null };

function userScope(database: Db, username: string) {
  const id = (
    database.$client.prepare("SELECT id FROM users WHERE username = ?").get(username) as {
      id: number;
    }
  ).id;
  return loadStaffUser(id, database)!;
}

/** Hand-written WHERE for scope (unit path) and category (with all descendants), alias s. */
function handWhere(f: Filters): { sql: string; params: unknown[] } {
  const parts: string[] = ["1"];
  const params: unknown[] = [];
  if (f.unitPath) {
    parts.push("s.unit_id IN (SELECT id FROM org_units WHERE substr(path, 1, ?) = ?)");
    params.push(f.unitPath.length, f.unitPath);
  }
  if (f.category !== null) {
    parts.push(`s.category_id IN (WITH RECURSIVE tree(id) AS (SELECT ? UNION ALL
      SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id) SELECT id FROM tree)`);
    params.push(f.category);
  }
  return { sql: parts.join(" AND "), params };
}

function one(database: Db, sql: string, ...params: unknown[]): Record<string, number | null> {
  return database.$client.prepare(sql).get(...params) as Record<string, number | null>;
}

function expectedKpis(database: Db, f: Filters, from: number, to: number) {
  const w = handWhere(f);
  const count = (column: string) =>
    one(
      database,
      `SELECT count(*) AS n FROM suggestions s WHERE ${column} >= ? AND ${column} < ? AND ${w.sql}`,
      from,
      to,
      ...w.params,
    ).n ?? 0;
  const ans = one(
    database,
    `SELECT count(*) AS n, avg((answered_at - submitted_at) / 86400000.0) AS days,
       sum(CASE WHEN handle_due_at IS NOT NULL AND answered_at <= handle_due_at THEN 1 ELSE 0 END) AS ok,
       sum(CASE WHEN handle_due_at IS NOT NULL THEN 1 ELSE 0 END) AS due
     FROM suggestions s WHERE answered_at >= ? AND answered_at < ? AND ${w.sql}`,
    from,
    to,
    ...w.params,
  );
  const dec = one(
    database,
    `SELECT count(*) AS n, sum(CASE WHEN d.decision IN ('adopted','partly_adopted') THEN 1 ELSE 0 END) AS adopted
     FROM adoption_decisions d JOIN suggestions s ON s.id = d.suggestion_id
     WHERE d.decided_at >= ? AND d.decided_at < ? AND ${w.sql}`,
    from,
    to,
    ...w.params,
  );
  const out = one(
    database,
    `SELECT count(*) AS n FROM outcomes o JOIN suggestions s ON s.id = o.suggestion_id
     WHERE o.created_at >= ? AND o.created_at < ? AND ${w.sql}`,
    from,
    to,
    ...w.params,
  );
  const sat = one(
    database,
    `SELECT count(*) AS n, avg(r.score) AS avg, sum(CASE WHEN r.score >= 3 THEN 1 ELSE 0 END) AS ok,
       count(DISTINCT r.suggestion_id) AS suggestions
     FROM satisfactions r JOIN suggestions s ON s.id = r.suggestion_id
     WHERE r.created_at >= ? AND r.created_at < ? AND ${w.sql}`,
    from,
    to,
    ...w.params,
  );
  const due = ans.due ?? 0;
  return {
    received: count("s.submitted_at"),
    accepted: count("s.accepted_at"),
    answered: ans.n ?? 0,
    avgHandlingDays: ans.days == null ? null : Math.round(ans.days * 10) / 10,
    onTime: ans.ok ?? 0,
    late: due - (ans.ok ?? 0),
    onTimeRate: due > 0 ? Math.round(((ans.ok ?? 0) / due) * 1000) / 10 : null,
    decided: dec.n ?? 0,
    adopted: dec.adopted ?? 0,
    converted: out.n ?? 0,
    ratings: sat.n ?? 0,
    ratedSuggestions: sat.suggestions ?? 0,
    satisfactionAvg: sat.avg == null ? null : Math.round(sat.avg * 100) / 100,
    satisfactionRate: (sat.n ?? 0) > 0 ? Math.round(((sat.ok ?? 0) / sat.n!) * 1000) / 10 : null,
  };
}

function setup(database: Db, unitCode: string | null, categoryCode: string | null) {
  const user = userScope(database, "analyst");
  const unit = unitCode
    ? (database.$client.prepare("SELECT id, path FROM org_units WHERE code = ?").get(unitCode) as {
        id: number;
        path: string;
      })
    : null;
  const category = categoryCode
    ? (
        database.$client.prepare("SELECT id FROM categories WHERE code = ?").get(categoryCode) as {
          id: number;
        }
      ).id
    : null;
  const scope = narrowToUnit(analyticsScope(user), unit?.path ?? null);
  return {
    scope,
    unit,
    category,
    filters: { unitPath: unit?.path ?? null, category } satisfies Filters,
  };
}

const SCENARIOS = [
  { name: "province (analyst's whole scope)", unit: null, category: null },
  { name: "Linjiang City, transport", unit: "c-lj", category: "transport" },
  { name: "Linjiang City, not categorized", unit: "c-lj", category: "none" },
] as const;

function categoryOf(database: Db, code: string | null): number | "none" | undefined {
  if (code === null) return undefined;
  if (code === "none") return "none";
  return (
    database.$client.prepare("SELECT id FROM categories WHERE code = ?").get(code) as {
      id: number;
    }
  ).id;
}

/** The same check for analytics_department_monthly (scorecard cohorts by assignment month). */
const VERIFY_DEPARTMENTS = `
WITH raw AS (
  SELECT month, department_id, sum(assigned) AS assigned, sum(answered) AS answered,
    sum(completed) AS completed, round(sum(answer_days), 6) AS answer_days, sum(on_time) AS on_time,
    sum(decisions) AS decisions, sum(adopted) AS adopted, sum(ratings) AS ratings, sum(satisfied) AS satisfied
  FROM (
    SELECT CAST(strftime('%Y%m', (a.assigned_at + 28800000) / 1000, 'unixepoch') AS INTEGER) AS month,
      a.department_id, 1 AS assigned, (s.answered_at IS NOT NULL) AS answered,
      (s.answered_at IS NOT NULL AND s.status = 'completed') AS completed,
      CASE WHEN s.answered_at IS NOT NULL THEN (s.answered_at - a.assigned_at) / 86400000.0 ELSE 0 END AS answer_days,
      (s.answered_at IS NOT NULL AND s.answered_at <= coalesce(s.handle_due_at, a.due_at)) AS on_time,
      (SELECT count(*) FROM adoption_decisions d WHERE d.suggestion_id = s.id AND d.published_at IS NOT NULL) AS decisions,
      (SELECT count(*) FROM adoption_decisions d WHERE d.suggestion_id = s.id AND d.published_at IS NOT NULL
         AND d.decision IN ('adopted','partly_adopted')) AS adopted,
      (SELECT count(*) FROM satisfactions x WHERE x.suggestion_id = s.id) AS ratings,
      (SELECT count(*) FROM satisfactions x WHERE x.suggestion_id = s.id AND x.score >= 3) AS satisfied
    FROM assignments a JOIN suggestions s ON s.id = a.suggestion_id
    WHERE a.role = 'lead' AND a.status <> 'returned'
  ) GROUP BY month, department_id),
roll AS (
  SELECT month, department_id, assigned, answered, completed, round(answer_days, 6) AS answer_days,
    on_time, decisions, adopted, ratings, satisfied
  FROM analytics_department_monthly
  WHERE assigned <> 0 OR answered <> 0 OR completed <> 0 OR abs(answer_days) > 1e-6 OR on_time <> 0
    OR decisions <> 0 OR adopted <> 0 OR ratings <> 0 OR satisfied <> 0
)
SELECT count(*) AS n FROM (SELECT * FROM raw EXCEPT SELECT * FROM roll UNION ALL SELECT * FROM roll EXCEPT SELECT * FROM raw);
`;

describe("dashboard KPIs equal hand-written SQL", () => {
  const database = freshDb();
  it("the seed has a transport category to filter on", () => {
    expect(categoryOf(database, "transport")).toBeTypeOf("number");
  });
  for (const sc of SCENARIOS) {
    for (const p of PERIODS) {
      it(`${sc.name}, ${p.key}`, () => {
        const { scope, unit } = setup(database, sc.unit, null);
        const category = categoryOf(database, sc.category);
        const period = parsePeriod({ period: p.key }, AT);
        expect(period.from.getTime()).toBe(cst(p.from));
        expect(period.to.getTime()).toBe(cst(p.to));
        const k = getKpis({ scope, category, period, at: AT }, database);
        if (category === "none") {
          // The hand-written filter for "not categorized".
          const w = (col: string, from: number, to: number) =>
            one(
              database,
              `SELECT count(*) AS n FROM suggestions s WHERE ${col} >= ? AND ${col} < ?
               AND s.category_id IS NULL AND s.unit_id IN (SELECT id FROM org_units WHERE substr(path, 1, ?) = ?)`,
              from,
              to,
              unit!.path.length,
              unit!.path,
            ).n;
          expect(k.received.current).toBe(w("s.submitted_at", cst(p.from), cst(p.to)));
          expect(k.received.previous).toBe(w("s.submitted_at", cst(p.prevFrom), cst(p.from)));
          expect(k.accepted.current).toBe(w("s.accepted_at", cst(p.from), cst(p.to)));
          expect(k.answered.current).toBe(w("s.answered_at", cst(p.from), cst(p.to)));
          return;
        }
        const f: Filters = { unitPath: unit?.path ?? null, category: category ?? null };
        for (const [which, from, to] of [
          ["current", cst(p.from), cst(p.to)],
          ["previous", cst(p.prevFrom), cst(p.from)],
        ] as const) {
          const e = expectedKpis(database, f, from, to);
          expect(k.received[which], "received").toBe(e.received);
          expect(k.accepted[which], "accepted").toBe(e.accepted);
          expect(k.answered[which], "answered").toBe(e.answered);
          expect(k.decided[which], "decided").toBe(e.decided);
          expect(k.adopted[which], "adopted").toBe(e.adopted);
          expect(k.converted[which], "converted").toBe(e.converted);
          expect(k.avgHandlingDays[which], "avg days").toBe(e.avgHandlingDays);
          expect(k.onTimeRate[which], "on-time rate").toBe(e.onTimeRate);
          expect(k.onTime[which], "on time").toBe(e.onTime);
          expect(k.late[which], "late").toBe(e.late);
          expect(k.ratings[which], "ratings").toBe(e.ratings);
          expect(k.satisfactionAvg[which], "satisfaction").toBe(e.satisfactionAvg);
          expect(k.satisfactionRate[which], "satisfaction rate").toBe(e.satisfactionRate);
        }
      });
    }
  }

  it("finds something to count in the seeded periods (the checks above are not all zeros)", () => {
    const { scope } = setup(database, null, null);
    const k = getKpis({ scope, period: parsePeriod({ period: "365d" }, AT), at: AT }, database);
    expect(k.received.current).toBeGreaterThan(100);
    expect(k.answered.current).toBeGreaterThan(10);
    expect(k.adopted.current).toBeGreaterThan(5);
    expect(k.converted.current).toBeGreaterThan(5);
    expect(k.ratings.current).toBeGreaterThan(5);
    expect(k.avgHandlingDays.current).toBeGreaterThan(1);
  });
});

describe("the list behind every number counts the same rows", () => {
  const database = freshDb();
  const metrics: Metric[] = [
    "received",
    "accepted",
    "answered",
    "answered_on_time",
    "answered_late",
    "decided",
    "adopted",
    "converted",
    "rated",
  ];
  for (const sc of SCENARIOS.slice(0, 2)) {
    for (const p of PERIODS.filter((x) => ["30d", "365d", "2026-Q2"].includes(x.key))) {
      it(`${sc.name}, ${p.key}`, () => {
        const { scope, unit, category, filters } = setup(database, sc.unit, sc.category);
        const period = parsePeriod({ period: p.key }, AT);
        const e = expectedKpis(database, filters, cst(p.from), cst(p.to));
        const expected: Record<string, number> = {
          received: e.received,
          accepted: e.accepted,
          answered: e.answered,
          answered_on_time: e.onTime,
          answered_late: e.late,
          decided: e.decided,
          adopted: e.adopted,
          converted: e.converted,
          rated: e.ratedSuggestions,
        };
        const k = getKpis({ scope, category: category ?? undefined, period, at: AT }, database);
        for (const metric of metrics) {
          const q: ListQuery = {
            metric,
            from: k.period.from,
            to: k.period.to,
            unit: unit?.id,
            category: category ?? undefined,
            regionSelf: false,
          };
          const analyst = analyticsScope(userScope(database, "analyst"));
          const list = listMetricSuggestions({ scope: analyst, query: q, at: AT }, database, 500);
          expect(list.total, metric).toBe(expected[metric]);
          expect(list.rows.length, metric).toBe(expected[metric]);
        }
      });
    }
  }

  it("a reviewer's list stays inside the reviewer's city", () => {
    const reviewer = userScope(database, "reviewer-qs");
    const list = listMetricSuggestions(
      { scope: { paths: reviewer.grants.map((g) => g.unitPath) }, query: { regionSelf: false } },
      database,
      500,
    );
    const qs = database.$client.prepare("SELECT path FROM org_units WHERE code = 'c-qs'").get() as {
      path: string;
    };
    const expected = one(
      database,
      "SELECT count(*) AS n FROM suggestions s JOIN org_units u ON u.id = s.unit_id WHERE substr(u.path, 1, ?) = ?",
      qs.path.length,
      qs.path,
    ).n;
    expect(list.total).toBe(expected);
    expect(list.total).toBeGreaterThan(0);
  });
});

describe("trends, heat map, topics, decisions and backlog equal hand-written SQL", () => {
  const database = freshDb();
  for (const sc of SCENARIOS.slice(0, 2)) {
    for (const p of PERIODS.filter((x) => ["30d", "90d", "365d"].includes(x.key))) {
      it(`${sc.name}, ${p.key}`, () => {
        const { scope, unit, category, filters } = setup(database, sc.unit, sc.category);
        const period = parsePeriod({ period: p.key }, AT);
        const input = {
          scope,
          category: category ?? undefined,
          period,
          focusUnitId: unit?.id ?? null,
          at: AT,
        };
        const w = handWhere(filters);

        // Trends: each bucket against a count over its own local dates.
        const trends = getTrends(input, database);
        expect(trends.granularity).toBe(
          p.key === "30d" ? "day" : p.key === "90d" ? "week" : "month",
        );
        let receivedSum = 0;
        for (const point of trends.points) {
          const from = cst(point.from);
          const to = cst(point.to) + DAY;
          for (const [col, key] of [
            ["submitted_at", "received"],
            ["answered_at", "answered"],
          ] as const) {
            const n = one(
              database,
              `SELECT count(*) AS n FROM suggestions s WHERE s.${col} >= ? AND s.${col} < ? AND ${w.sql}`,
              from,
              to,
              ...w.params,
            ).n;
            expect(point[key], `${point.label} ${key}`).toBe(n);
          }
          receivedSum += point.received;
        }
        expect(receivedSum).toBe(expectedKpis(database, filters, cst(p.from), cst(p.to)).received);

        // Heat map: every cell against category subtree × region.
        const heat = getHeatmap(input, database);
        let cellSum = 0;
        heat.rows.forEach((row, i) => {
          heat.columns.forEach((col, j) => {
            const cat =
              row.categoryId === "none"
                ? "s.category_id IS NULL"
                : `s.category_id IN (WITH RECURSIVE tree(id) AS (SELECT ${row.categoryId} UNION ALL
                    SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id) SELECT id FROM tree)`;
            const focusPath = (
              database.$client
                .prepare("SELECT path FROM org_units WHERE id = ?")
                .get(heat.focusUnitId) as { path: string }
            ).path;
            const region = col.other
              ? `s.region_unit_id NOT IN (SELECT id FROM org_units WHERE substr(path, 1, ${focusPath.length}) = '${focusPath}')`
              : col.self
                ? `s.region_unit_id = ${col.unitId}`
                : `s.region_unit_id IN (SELECT x.id FROM org_units x, org_units y WHERE y.id = ${col.unitId} AND substr(x.path, 1, length(y.path)) = y.path)`;
            const n = one(
              database,
              `SELECT count(*) AS n FROM suggestions s WHERE s.submitted_at >= ? AND s.submitted_at < ?
               AND ${w.sql} AND ${cat} AND ${region}`,
              cst(p.from),
              cst(p.to),
              ...w.params,
            ).n;
            expect(heat.cells[i]![j], `${row.name} × ${col.name}`).toBe(n);
            cellSum += heat.cells[i]![j]!;
          });
        });
        expect(cellSum).toBe(receivedSum);

        // Decisions by kind.
        const decisions = getDecisionBreakdown(input, database);
        for (const d of decisions) {
          const n = one(
            database,
            `SELECT count(*) AS n FROM adoption_decisions d JOIN suggestions s ON s.id = d.suggestion_id
             WHERE d.decided_at >= ? AND d.decided_at < ? AND d.decision = ? AND ${w.sql}`,
            cst(p.from),
            cst(p.to),
            d.decision,
            ...w.params,
          ).n;
          expect(d.n, d.decision).toBe(n);
        }

        // Backlog by age (today is 2026-06-15 in China), with overdue items.
        const backlog = getBacklog(input, database);
        const today = "2026-06-15";
        for (const b of backlog) {
          const lo = b.maxDays === null ? 0 : cst(today) - b.maxDays * DAY;
          const hi = cst(today) - b.minDays * DAY + DAY;
          const row = one(
            database,
            `SELECT count(*) AS n, sum(CASE WHEN (CASE WHEN s.status IN ('submitted','transferred')
                THEN s.accept_due_at ELSE coalesce(s.handle_due_at, s.accept_due_at) END) < ? THEN 1 ELSE 0 END) AS late
             FROM suggestions s
             WHERE s.status IN ('submitted','transferred','accepted','assigned','returned','in_progress')
               AND s.submitted_at >= ? AND s.submitted_at < ? AND ${w.sql}`,
            AT.getTime(),
            lo,
            hi,
            ...w.params,
          );
          expect(b.open, b.key).toBe(row.n);
          expect(b.overdue, b.key).toBe(row.late ?? 0);
          // The list behind the backlog number counts the same.
          const list = listMetricSuggestions(
            {
              scope,
              query: {
                metric: "open",
                from: b.from ?? undefined,
                to: b.to,
                category: category ?? undefined,
                regionSelf: false,
              },
              at: AT,
            },
            database,
          );
          expect(list.total, `list ${b.key}`).toBe(b.open);
        }
        const open = one(
          database,
          `SELECT count(*) AS n FROM suggestions s WHERE s.status IN ('submitted','transferred','accepted','assigned','returned','in_progress') AND ${w.sql}`,
          ...w.params,
        ).n;
        expect(backlog.reduce((a, b) => a + b.open, 0)).toBe(open);

        // Hot topics: the same ranking from an independently fetched window.
        const topics = getHotTopics(input, database);
        const windowFrom = cst(topics.from);
        const windowTo = cst(topics.to) + DAY;
        expect((windowTo - windowFrom) / DAY).toBe(56);
        const items = database.$client
          .prepare(
            `SELECT s.id, s.cluster_id AS clusterId, s.submitted_at AS at, s.supports_count AS supports
             FROM suggestions s WHERE s.cluster_id IS NOT NULL AND s.submitted_at >= ? AND s.submitted_at < ? AND ${w.sql}`,
          )
          .all(windowFrom, windowTo, ...w.params) as {
          id: number;
          clusterId: number;
          at: number;
          supports: number;
        }[];
        const ranked = rankHotTopics(
          items.map((i) => ({
            id: String(i.id),
            clusterId: String(i.clusterId),
            createdAt: new Date(i.at),
            supports: i.supports,
          })),
          new Date(windowTo),
        );
        expect(topics.hot.map((t) => t.clusterId)).toEqual(
          ranked.slice(0, 8).map((t) => Number(t.clusterId)),
        );
        for (const t of topics.hot) {
          const n = items.filter((i) => i.clusterId === t.clusterId).length;
          expect(t.size).toBe(n);
          expect(t.weekly.reduce((a, b) => a + b, 0)).toBe(n);
          const list = listMetricSuggestions(
            {
              scope,
              query: {
                metric: "received",
                from: topics.from,
                to: topics.to,
                cluster: t.clusterId,
                category: category ?? undefined,
                regionSelf: false,
              },
              at: AT,
            },
            database,
          );
          expect(list.total).toBe(n);
        }
        for (const t of topics.emerging) {
          const first = one(
            database,
            "SELECT min(submitted_at) AS m FROM suggestions WHERE cluster_id = ?",
            t.clusterId,
          ).m!;
          expect(windowTo - first).toBeLessThanOrEqual(14 * DAY);
        }
      });
    }
  }
});

describe("the monthly rollup stays exact through staff commands", () => {
  it("after a transfer, a re-categorization and a published reply, every figure still equals SQL", () => {
    const database = freshDb();
    const reviewer = userScope(database, "reviewer");
    const handler = userScope(database, "handler");
    const at = new Date(AT.getTime() + 3_600_000);
    // A submitted item in Linjiang City moves to Jiangbei District.
    const submitted = database.$client
      .prepare(
        `SELECT s.id, s.version FROM suggestions s JOIN org_units u ON u.id = s.unit_id
         WHERE s.status = 'submitted' AND u.code = 'c-lj' ORDER BY s.id LIMIT 1`,
      )
      .get() as { id: number; version: number };
    const jb = database.$client.prepare("SELECT id FROM org_units WHERE code = 'd-jb'").get() as {
      id: number;
    };
    executeStaffCommand(
      reviewer,
      submitted.id,
      { intent: "transfer", version: submitted.version, toUnitId: jb.id, note: undefined },
      database,
      at,
    );
    // An accepted item changes category (old months must move with it).
    const accepted = database.$client
      .prepare(
        `SELECT s.id, s.version, s.category_id AS cat FROM suggestions s JOIN org_units u ON u.id = s.unit_id
         WHERE s.status = 'in_progress' AND s.accepted_at < ? AND u.path LIKE (SELECT path FROM org_units WHERE code = 'c-lj') || '%'
         ORDER BY s.id LIMIT 1`,
      )
      .get(AT.getTime() - 40 * DAY) as { id: number; version: number; cat: number };
    const other = database.$client
      .prepare("SELECT id FROM categories WHERE level = 2 AND id != ? ORDER BY id LIMIT 1")
      .get(accepted.cat) as { id: number };
    executeStaffCommand(
      reviewer,
      accepted.id,
      { intent: "setCategory", version: accepted.version, categoryId: other.id },
      database,
      at,
    );
    // The transport bureau answers one of its items, adopting it.
    const mine = database.$client
      .prepare(
        `SELECT s.id, s.version FROM suggestions s JOIN assignments a ON a.suggestion_id = s.id
         WHERE s.status = 'in_progress' AND a.role = 'lead' AND a.status = 'accepted' AND a.department_id = ?
         ORDER BY s.id LIMIT 1`,
      )
      .get(handler.departmentId) as { id: number; version: number };
    executeStaffCommand(
      handler,
      mine.id,
      {
        intent: "publishReply",
        version: mine.version,
        body: "经研究，采纳您的建议，将于下月起实施。",
        decision: "adopted",
        reason: undefined,
      },
      database,
      at,
    );
    const answered = one(
      database,
      "SELECT answered_at AS a FROM suggestions WHERE id = ?",
      mine.id,
    );
    expect(answered.a).toBe(at.getTime());

    // The rollup equals a recomputation from the base tables, row by row.
    // The transport bureau returns its pending assignment; the education bureau signs for one.
    const handlerEdu = userScope(database, "handler-edu");
    for (const [who, dept, intent] of [
      [handler, "lj-transport", "returnAssignment"],
      [handlerEdu, "lj-education", "acceptAssignment"],
    ] as const) {
      const item = database.$client
        .prepare(
          `SELECT s.id, s.version FROM suggestions s JOIN assignments a ON a.suggestion_id = s.id
           JOIN departments d ON d.id = a.department_id
           WHERE s.status = 'assigned' AND a.status = 'pending' AND d.code = ? ORDER BY s.id LIMIT 1`,
        )
        .get(dept) as { id: number; version: number };
      executeStaffCommand(
        who,
        item.id,
        intent === "returnAssignment"
          ? { intent, version: item.version, reason: "不属于本单位职责，请改交城管局。" }
          : { intent, version: item.version },
        database,
        at,
      );
    }

    for (const table of ["analytics_monthly", "analytics_daily"] as const) {
      const mismatch = database.$client.prepare(verifyRollup(table)).get() as { n: number };
      expect(mismatch.n, table).toBe(0);
    }
    expect((database.$client.prepare(VERIFY_DEPARTMENTS).get() as { n: number }).n).toBe(0);
    for (const month of ["2026-03", "2026-04", "2026-05", "2026-06"]) {
      const period = scorecardPeriod(month, AT);
      const rows = getScorecards({ period, at: AT }, database);
      expectScorecards(database, rows, period.from.getTime(), period.to.getTime());
    }

    for (const sc of SCENARIOS.slice(0, 2)) {
      const { scope, category, filters } = setup(database, sc.unit, sc.category);
      for (const p of PERIODS) {
        const k = getKpis(
          {
            scope,
            category: category ?? undefined,
            period: parsePeriod({ period: p.key }, AT),
            at: AT,
          },
          database,
        );
        const e = expectedKpis(database, filters, cst(p.from), cst(p.to));
        expect(k.received.current, `${sc.name} ${p.key}`).toBe(e.received);
        expect(k.answered.current, `${sc.name} ${p.key}`).toBe(e.answered);
        expect(k.adopted.current, `${sc.name} ${p.key}`).toBe(e.adopted);
        expect(k.accepted.current, `${sc.name} ${p.key}`).toBe(e.accepted);
        expect(k.avgHandlingDays.current, `${sc.name} ${p.key}`).toBe(e.avgHandlingDays);
      }
    }
  });

  it("a corrupted rollup is detected by the same check (the check can fail)", () => {
    const database = freshDb();
    expect((database.$client.prepare(VERIFY_DEPARTMENTS).get() as { n: number }).n).toBe(0);
    database.$client.exec(
      "UPDATE analytics_department_monthly SET adopted = adopted + 1 WHERE rowid = 1",
    );
    expect((database.$client.prepare(VERIFY_DEPARTMENTS).get() as { n: number }).n).toBeGreaterThan(
      0,
    );
    for (const table of ["analytics_monthly", "analytics_daily"] as const) {
      const check = () => (database.$client.prepare(verifyRollup(table)).get() as { n: number }).n;
      expect(check(), table).toBe(0);
      database.$client.exec(`UPDATE ${table} SET ratings = ratings + 1 WHERE rowid = 1`);
      expect(check(), table).toBeGreaterThan(0);
    }
  });
});

/** Checks every department's card against hand-written SQL over [from, to); returns the total assigned. */
function expectScorecards(database: Db, rows: ScorecardRow[], from: number, to: number): number {
  const departments = database.$client
    .prepare("SELECT count(*) AS n FROM departments WHERE active = 1")
    .get() as { n: number };
  expect(rows.length).toBe(departments.n);
  let assignedTotal = 0;
  for (const r of rows) {
    const e = one(
      database,
      `SELECT count(*) AS assigned,
         sum(CASE WHEN s.answered_at IS NOT NULL THEN 1 ELSE 0 END) AS answered,
         sum(CASE WHEN s.answered_at IS NOT NULL AND s.status = 'completed' THEN 1 ELSE 0 END) AS completed,
         avg(CASE WHEN s.answered_at IS NOT NULL THEN (s.answered_at - a.assigned_at) / 86400000.0 END) AS days,
         sum(CASE WHEN s.answered_at IS NOT NULL AND s.answered_at <= coalesce(s.handle_due_at, a.due_at) THEN 1 ELSE 0 END) AS ontime,
         sum(CASE WHEN s.answered_at IS NOT NULL OR coalesce(s.handle_due_at, a.due_at) < ? THEN 1 ELSE 0 END) AS due
       FROM assignments a JOIN suggestions s ON s.id = a.suggestion_id
       WHERE a.department_id = ? AND a.role = 'lead' AND a.status <> 'returned'
         AND a.assigned_at >= ? AND a.assigned_at < ?`,
      AT.getTime(),
      r.departmentId,
      from,
      to,
    );
    const d = one(
      database,
      `SELECT count(*) AS n, sum(CASE WHEN d.decision IN ('adopted','partly_adopted') THEN 1 ELSE 0 END) AS adopted
       FROM adoption_decisions d JOIN assignments a ON a.suggestion_id = d.suggestion_id
       WHERE d.published_at IS NOT NULL AND a.department_id = ? AND a.role = 'lead' AND a.status <> 'returned'
         AND a.assigned_at >= ? AND a.assigned_at < ?`,
      r.departmentId,
      from,
      to,
    );
    const sat = one(
      database,
      `SELECT count(*) AS n, sum(CASE WHEN x.score >= 3 THEN 1 ELSE 0 END) AS ok
       FROM satisfactions x JOIN assignments a ON a.suggestion_id = x.suggestion_id
       WHERE a.department_id = ? AND a.role = 'lead' AND a.status <> 'returned'
         AND a.assigned_at >= ? AND a.assigned_at < ?`,
      r.departmentId,
      from,
      to,
    );
    const pct = (a: number | null | undefined, b: number | null | undefined) =>
      b ? Math.round(((a ?? 0) / b) * 1000) / 10 : null;
    expect(r.assigned, r.code).toBe(e.assigned);
    expect(r.responseRate, r.code).toBe(pct(e.answered, e.assigned));
    expect(r.resolutionRate, r.code).toBe(pct(e.completed, e.answered));
    expect(r.avgDays, r.code).toBe(e.days == null ? null : Math.round(e.days * 10) / 10);
    expect(r.onTimeRate, r.code).toBe(pct(e.ontime, e.due));
    expect(r.adoptionRate, r.code).toBe(pct(d.adopted, d.n));
    expect(r.satisfactionRate, r.code).toBe(pct(sat.ok, sat.n));
    assignedTotal += r.assigned;
  }
  return assignedTotal;
}

describe("department scorecards equal hand-written SQL", () => {
  const database = freshDb();
  for (const month of ["2026-05", "2026-04", undefined]) {
    it(month ?? "last 12 months (monthly rollup)", () => {
      const period = scorecardPeriod(month, AT);
      const from = month ? cst(`${month}-01`) : cst("2025-07-01");
      const to = month
        ? month === "2026-05"
          ? cst("2026-06-01")
          : cst("2026-05-01")
        : cst("2026-07-01");
      expect(period.from.getTime()).toBe(from);
      expect(period.to.getTime()).toBe(to);
      const rows = getScorecards({ period, at: AT }, database);
      expect(expectScorecards(database, rows, from, to)).toBeGreaterThan(0);
    });
  }
  it("a rolling 90 days (base tables)", () => {
    const rows = getScorecards({ period: parsePeriod({ period: "90d" }, AT), at: AT }, database);
    expect(expectScorecards(database, rows, cst("2026-03-18"), cst("2026-06-16"))).toBeGreaterThan(
      0,
    );
  });
});

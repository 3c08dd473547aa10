import { NLP_CONFIG } from "../../nlp/config";
import { rankHotTopics } from "../../nlp/hot-topics";
import { now as clockNow } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { SATISFIED_MIN_SCORE } from "./figures.server";
import {
  type AnalyticsScope,
  CURRENT_DEADLINE_SQL,
  categoryFragment,
  normalizePaths,
  ON_TIME_SQL,
  OPEN_STATES_SQL,
  scopeFragment,
  Where,
} from "./filters.server";
import {
  autoGranularity,
  type Bucket,
  bucketIndex,
  buckets,
  DAY_MS,
  dayLabel,
  dayStart,
  type Granularity,
  localDay,
  monthStartDay,
  type Period,
  previousPeriod,
  splitByMonths,
  TZ_OFFSET_MS,
} from "./period";

/**
 * The analyst dashboard: every figure is one SQL aggregate over the reader's scope. Counts are
 * flows in the period, each placed by its own date: received by submission, accepted by
 * acceptance, answered by the answer, decisions by the decision, conversions by the outcome's
 * creation, satisfaction by the rating. The backlog is a snapshot at `at`.
 */

export interface DashboardFilters {
  /** Already narrowed to the unit filter (see narrowToUnit). */
  scope: AnalyticsScope;
  category?: number | "none";
}

export interface DashboardInput extends DashboardFilters {
  period: Period;
  granularity?: Granularity;
  /** The unit the heat map breaks down (its children become columns). */
  focusUnitId?: number | null;
  at?: Date;
}

/** Local day number of a timestamp column (timestamps are whole milliseconds). */
const DAY_SQL = (column: string) => `CAST((${column} + ${TZ_OFFSET_MS}) / ${DAY_MS} AS INTEGER)`;

function baseWhere(f: DashboardFilters, database: Db): Where {
  return new Where()
    .addFragment(scopeFragment(f.scope, database))
    .addFragment(categoryFragment(f.category, database));
}

type Row = Record<string, number | null>;

function getRow(database: Db, sql: string, where: Where, named: Record<string, number>): Row {
  return (database.$client.prepare(sql).get(...where.params, named) as Row | undefined) ?? {};
}

function allRows<T>(database: Db, sql: string, where: Where, named: Record<string, number>): T[] {
  return database.$client.prepare(sql).all(...where.params, named) as T[];
}

const n = (v: number | null | undefined) => Number(v ?? 0);

export interface Compared<T> {
  current: T;
  previous: T;
}

/** Every flow of a period: sums from the monthly rollup plus the base tables at the edges. */
export interface Flows {
  received: number;
  accepted: number;
  answered: number;
  answerDays: number;
  onTime: number;
  withDeadline: number;
  decided: number;
  adopted: number;
  partlyAdopted: number;
  forReference: number;
  notAdopted: number;
  converted: number;
  ratings: number;
  ratingSum: number;
  satisfied: number;
}

const FLOW_KEYS = [
  "received",
  "accepted",
  "answered",
  "answerDays",
  "onTime",
  "withDeadline",
  "decided",
  "adopted",
  "partlyAdopted",
  "forReference",
  "notAdopted",
  "converted",
  "ratings",
  "ratingSum",
  "satisfied",
] as const satisfies readonly (keyof Flows)[];

const ROLLUP_COLUMNS: Record<keyof Flows, string> = {
  received: "received",
  accepted: "accepted",
  answered: "answered",
  answerDays: "answer_days",
  onTime: "on_time",
  withDeadline: "with_deadline",
  decided: "decided",
  adopted: "adopted",
  partlyAdopted: "partly_adopted",
  forReference: "for_reference",
  notAdopted: "not_adopted",
  converted: "converted",
  ratings: "ratings",
  ratingSum: "rating_sum",
  satisfied: "satisfied",
};

function emptyFlows(): Flows {
  return Object.fromEntries(FLOW_KEYS.map((k) => [k, 0])) as unknown as Flows;
}

/** Whether the rollup can answer for this scope (it has no department dimension). */
function rollupUsable(f: DashboardFilters): boolean {
  return f.scope.departmentId === undefined || f.scope.departmentId === null;
}

function rollupWhere(f: DashboardFilters, months: number[], database: Db): Where {
  return new Where()
    .add(`s.month IN (${months.map(() => "?").join(",")})`, ...months)
    .addFragment(scopeFragment(f.scope, database))
    .addFragment(categoryFragment(f.category, database, true));
}

function dailyWhere(f: DashboardFilters, fromDay: number, toDay: number, database: Db): Where {
  return new Where()
    .add("s.day >= ? AND s.day < ?", fromDay, toDay)
    .addFragment(scopeFragment(f.scope, database))
    .addFragment(categoryFragment(f.category, database, true));
}

const isDayAligned = (ms: number) => (ms + TZ_OFFSET_MS) % DAY_MS === 0;

/**
 * With a unit scope, the rollups are read through their (unit, category, date) index: one short
 * range per unit and category instead of every row of the period (which the planner prefers
 * once ANALYZE has run, and which costs ~6× more on a million suggestions).
 */
function rollupIndex(f: DashboardFilters, table: "daily" | "monthly", database: Db): string {
  if (!scopeFragment(f.scope, database)) return "";
  return table === "daily"
    ? "INDEXED BY analytics_daily_dims_idx"
    : "INDEXED BY analytics_monthly_dims_idx";
}

/**
 * Whether days are cheaper from the daily rollup than from the base tables. Without filters the
 * base tables' dated covering indexes are read alone (a count per index entry, no joins), which
 * beats summing wide rollup rows; with a scope or category filter, decisions, outcomes and ratings
 * would have to join their suggestions, and the rollup avoids that.
 */
function dailyPays(f: DashboardFilters, database: Db): boolean {
  return rollupUsable(f) && baseWhere(f, database).parts.length > 0;
}

/** Flows in [from, to) summed from the daily rollup (whole local days). */
function dailyFlows(f: DashboardFilters, from: number, to: number, database: Db): Flows {
  const where = dailyWhere(f, localDay(from), localDay(to), database);
  const row = getRow(
    database,
    `SELECT ${FLOW_KEYS.map((k) => `sum(s.${ROLLUP_COLUMNS[k]}) AS ${k}`).join(", ")}
     FROM analytics_daily s ${rollupIndex(f, "daily", database)} WHERE ${where}`,
    where,
    {},
  );
  const out = emptyFlows();
  for (const k of FLOW_KEYS) out[k] = n(row[k]);
  return out;
}

/** Flows in [from, to) read from the base tables (when the rollups cannot answer). */
function rawFlows(f: DashboardFilters, from: number, to: number, database: Db): Flows {
  const named = { from, to };
  // Decisions, outcomes and ratings need their suggestion only to filter by scope or category;
  // without filters the join is left out (the dated index of the child table is enough).
  const probe = baseWhere(f, database);
  const join = (alias: string) =>
    probe.parts.length ? `JOIN suggestions s ON s.id = ${alias}.suggestion_id` : "";
  const q = (sql: string) => {
    const where = baseWhere(f, database);
    return getRow(
      database,
      sql
        .replace("$WHERE", String(where))
        .replace(/\$JOIN\((\w)\)/, (_, alias: string) => join(alias)),
      where,
      named,
    );
  };
  const received = q(
    "SELECT count(*) AS n FROM suggestions s WHERE s.submitted_at >= @from AND s.submitted_at < @to AND $WHERE",
  );
  const accepted = q(
    "SELECT count(*) AS n FROM suggestions s WHERE s.accepted_at >= @from AND s.accepted_at < @to AND $WHERE",
  );
  const answered = q(
    `SELECT count(*) AS n, sum((s.answered_at - s.submitted_at) / 86400000.0) AS days,
       sum(${ON_TIME_SQL}) AS onTime, sum(s.handle_due_at IS NOT NULL) AS withDeadline
     FROM suggestions s WHERE s.answered_at >= @from AND s.answered_at < @to AND $WHERE`,
  );
  const decided = q(
    `SELECT count(*) AS n, sum(d.decision = 'adopted') AS adopted,
       sum(d.decision = 'partly_adopted') AS partly, sum(d.decision = 'for_reference') AS reference,
       sum(d.decision = 'not_adopted') AS notAdopted
     FROM adoption_decisions d $JOIN(d)
     WHERE d.decided_at >= @from AND d.decided_at < @to AND $WHERE`,
  );
  const converted = q(
    `SELECT count(*) AS n FROM outcomes o $JOIN(o)
     WHERE o.created_at >= @from AND o.created_at < @to AND $WHERE`,
  );
  const rated = q(
    `SELECT count(*) AS n, sum(r.score) AS total, sum(r.score >= ${SATISFIED_MIN_SCORE}) AS ok
     FROM satisfactions r $JOIN(r)
     WHERE r.created_at >= @from AND r.created_at < @to AND $WHERE`,
  );
  return {
    received: n(received.n),
    accepted: n(accepted.n),
    answered: n(answered.n),
    answerDays: n(answered.days),
    onTime: n(answered.onTime),
    withDeadline: n(answered.withDeadline),
    decided: n(decided.n),
    adopted: n(decided.adopted),
    partlyAdopted: n(decided.partly),
    forReference: n(decided.reference),
    notAdopted: n(decided.notAdopted),
    converted: n(converted.n),
    ratings: n(rated.n),
    ratingSum: n(rated.total),
    satisfied: n(rated.ok),
  };
}

/**
 * All flows of a period. Whole calendar months come from the monthly rollup, the days of the
 * partial months at either end from the daily rollup (both kept exact by triggers), so a year
 * costs about as much as two months and filters never join the large tables. A scope limited
 * to one department's assignments (which the rollups cannot see) reads the base tables.
 */
export function getFlows(
  f: DashboardFilters,
  range: { from: Date; to: Date },
  database: Db = db(),
): Flows {
  const split = rollupUsable(f)
    ? splitByMonths(range)
    : { months: [], raw: [{ from: range.from.getTime(), to: range.to.getTime() }] };
  const total = emptyFlows();
  if (split.months.length) {
    const where = rollupWhere(f, split.months, database);
    const row = getRow(
      database,
      `SELECT ${FLOW_KEYS.map((k) => `sum(s.${ROLLUP_COLUMNS[k]}) AS ${k}`).join(", ")}
       FROM analytics_monthly s ${rollupIndex(f, "monthly", database)} WHERE ${where}`,
      where,
      {},
    );
    for (const k of FLOW_KEYS) total[k] += n(row[k]);
  }
  const useDaily = dailyPays(f, database);
  for (const r of split.raw) {
    const part =
      useDaily && isDayAligned(r.from) && isDayAligned(r.to)
        ? dailyFlows(f, r.from, r.to, database)
        : rawFlows(f, r.from, r.to, database);
    for (const k of FLOW_KEYS) total[k] += part[k];
  }
  return total;
}

export interface Kpis {
  period: { from: string; to: string };
  previousPeriod: { from: string; to: string };
  received: Compared<number>;
  accepted: Compared<number>;
  answered: Compared<number>;
  decided: Compared<number>;
  /** Adopted or partly adopted. */
  adopted: Compared<number>;
  converted: Compared<number>;
  /** Mean days from submission to answer, of the items answered in the period. */
  avgHandlingDays: Compared<number | null>;
  /** Answered by the handling deadline ÷ answered items that had one, in %. */
  onTimeRate: Compared<number | null>;
  onTime: Compared<number>;
  late: Compared<number>;
  /** Mean rating (1–5) of the ratings given in the period. */
  satisfactionAvg: Compared<number | null>;
  /** Ratings of SATISFIED_MIN_SCORE or more ÷ ratings, in %. */
  satisfactionRate: Compared<number | null>;
  ratings: Compared<number>;
}

function dates(p: { from: Date; to: Date }) {
  return { from: dayLabel(localDay(p.from.getTime())), to: dayLabel(localDay(p.to.getTime()) - 1) };
}

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
const pct = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : null);
const ratio = (a: number, b: number, digits: number) =>
  b > 0 ? Math.round((a / b) * 10 ** digits) / 10 ** digits : null;

/** KPIs of the period and of the previous period. */
export function getKpis(input: DashboardInput, database: Db = db()): Kpis {
  const prevPeriod = previousPeriod(input.period);
  const cur = getFlows(input, input.period, database);
  const prev = getFlows(input, prevPeriod, database);
  const both = <T>(fn: (x: Flows) => T): Compared<T> => ({ current: fn(cur), previous: fn(prev) });
  return {
    period: dates(input.period),
    previousPeriod: dates(prevPeriod),
    received: both((x) => x.received),
    accepted: both((x) => x.accepted),
    answered: both((x) => x.answered),
    decided: both((x) => x.decided),
    adopted: both((x) => x.adopted + x.partlyAdopted),
    converted: both((x) => x.converted),
    avgHandlingDays: both((x) => round1(ratio(x.answerDays, x.answered, 6))),
    onTimeRate: both((x) => pct(x.onTime, x.withDeadline)),
    onTime: both((x) => x.onTime),
    late: both((x) => x.withDeadline - x.onTime),
    satisfactionAvg: both((x) => ratio(x.ratingSum, x.ratings, 2)),
    satisfactionRate: both((x) => pct(x.satisfied, x.ratings)),
    ratings: both((x) => x.ratings),
  };
}

export interface TrendPoint {
  label: string;
  from: string;
  to: string;
  received: number;
  answered: number;
}

/** Day charts up to 3 months, week charts up to ~13 months; longer periods go by month. */
export function effectiveGranularity(
  p: { from: Date; to: Date },
  asked?: Granularity,
): Granularity {
  const days = (p.to.getTime() - p.from.getTime()) / DAY_MS;
  const g = asked ?? autoGranularity(p);
  if (g === "day" && days > 93) return days > 400 ? "month" : "week";
  if (g === "week" && days > 400) return "month";
  return g;
}

/**
 * Received and answered per day, week or month of the period: days from the daily rollup, and
 * by month whole months from the monthly rollup (the base tables only without the rollups).
 */
export function getTrends(
  input: DashboardInput,
  database: Db = db(),
): { granularity: Granularity; points: TrendPoint[] } {
  const granularity = effectiveGranularity(input.period, input.granularity);
  const list: Bucket[] = buckets(input.period, granularity);
  const points: TrendPoint[] = list.map((b) => ({
    label: b.label,
    from: dayLabel(b.firstDay),
    to: dayLabel(b.lastDay),
    received: 0,
    answered: 0,
  }));
  const split =
    granularity === "month" && rollupUsable(input)
      ? splitByMonths(input.period)
      : {
          months: [] as number[],
          raw: [{ from: input.period.from.getTime(), to: input.period.to.getTime() }],
        };
  if (split.months.length) {
    const where = rollupWhere(input, split.months, database);
    const rows = allRows<{ month: number; received: number; answered: number }>(
      database,
      `SELECT s.month AS month, sum(s.received) AS received, sum(s.answered) AS answered
       FROM analytics_monthly s ${rollupIndex(input, "monthly", database)} WHERE ${where} GROUP BY s.month`,
      where,
      {},
    );
    for (const r of rows) {
      const day = monthStartDay(Math.floor(r.month / 100), r.month % 100);
      const i = bucketIndex(list, day);
      if (i >= 0) {
        points[i]!.received += n(r.received);
        points[i]!.answered += n(r.answered);
      }
    }
  }
  const useDaily = dailyPays(input, database);
  for (const range of split.raw) {
    if (useDaily && isDayAligned(range.from) && isDayAligned(range.to)) {
      const where = dailyWhere(input, localDay(range.from), localDay(range.to), database);
      const rows = allRows<{ day: number; received: number; answered: number }>(
        database,
        `SELECT s.day AS day, sum(s.received) AS received, sum(s.answered) AS answered
         FROM analytics_daily s ${rollupIndex(input, "daily", database)} WHERE ${where} GROUP BY s.day`,
        where,
        {},
      );
      for (const r of rows) {
        const i = bucketIndex(list, r.day);
        if (i >= 0) {
          points[i]!.received += n(r.received);
          points[i]!.answered += n(r.answered);
        }
      }
      continue;
    }
    for (const [column, key] of [
      ["s.submitted_at", "received"],
      ["s.answered_at", "answered"],
    ] as const) {
      const where = baseWhere(input, database);
      const rows = allRows<{ day: number; n: number }>(
        database,
        `SELECT ${DAY_SQL(column)} AS day, count(*) AS n FROM suggestions s
         WHERE ${column} >= @from AND ${column} < @to AND ${where} GROUP BY day`,
        where,
        range,
      );
      for (const r of rows) {
        const i = bucketIndex(list, r.day);
        if (i >= 0) points[i]![key] += r.n;
      }
    }
  }
  return { granularity, points };
}

interface UnitRow {
  id: number;
  parentId: number | null;
  path: string;
  name: string;
  nameEn: string;
}

interface CategoryRow {
  id: number;
  parentId: number | null;
  name: string;
  nameEn: string;
}

export interface HeatColumn {
  unitId: number | null;
  name: string;
  nameEn: string;
  /** The focus unit itself (items whose region is exactly it). */
  self: boolean;
  /** Regions outside the focus subtree (items transferred in). */
  other: boolean;
}

export interface HeatRow {
  categoryId: number | "none";
  name: string | null;
  nameEn: string | null;
  total: number;
}

export interface Heatmap {
  focusUnitId: number | null;
  rows: HeatRow[];
  columns: HeatColumn[];
  /** cells[row][column] */
  cells: number[][];
  max: number;
}

/** The unit a scope is centred on: the unit filter, else the deepest unit common to the scope. */
export function focusUnit(scope: AnalyticsScope, database: Db): number | null {
  const paths = normalizePaths(scope.paths);
  if (paths.length === 0) return null;
  let common = paths[0]!;
  for (const p of paths.slice(1)) {
    let i = 0;
    while (i < common.length && i < p.length && common[i] === p[i]) i++;
    common = common.slice(0, common.lastIndexOf("/", i - 1) + 1);
  }
  const ids = common.split("/").filter(Boolean);
  const id = ids.length ? Number(ids[ids.length - 1]) : null;
  if (id === null) return null;
  const row = database.$client.prepare("SELECT id FROM org_units WHERE id = ?").get(id) as
    | { id: number }
    | undefined;
  return row?.id ?? null;
}

/** Received in the period by first-level category × region (children of the focus unit). */
export function getHeatmap(input: DashboardInput, database: Db = db()): Heatmap {
  const split = rollupUsable(input)
    ? splitByMonths(input.period)
    : {
        months: [] as number[],
        raw: [{ from: input.period.from.getTime(), to: input.period.to.getTime() }],
      };
  const raw: { categoryId: number | null; regionId: number; n: number }[] = [];
  if (split.months.length) {
    const where = rollupWhere(input, split.months, database);
    raw.push(
      ...allRows<{ categoryId: number; regionId: number; n: number }>(
        database,
        `SELECT nullif(s.category_id, 0) AS categoryId, s.region_unit_id AS regionId, sum(s.received) AS n
         FROM analytics_monthly s ${rollupIndex(input, "monthly", database)} WHERE ${where} GROUP BY s.category_id, s.region_unit_id`,
        where,
        {},
      ),
    );
  }
  for (const range of split.raw) {
    const where = baseWhere(input, database);
    raw.push(
      ...allRows<{ categoryId: number | null; regionId: number; n: number }>(
        database,
        `SELECT s.category_id AS categoryId, s.region_unit_id AS regionId, count(*) AS n
         FROM suggestions s WHERE s.submitted_at >= @from AND s.submitted_at < @to AND ${where}
         GROUP BY s.category_id, s.region_unit_id`,
        where,
        range,
      ),
    );
  }
  const units = database.$client
    .prepare("SELECT id, parent_id AS parentId, path, name, name_en AS nameEn FROM org_units")
    .all() as UnitRow[];
  const unitById = new Map(units.map((u) => [u.id, u]));
  const cats = database.$client
    .prepare("SELECT id, parent_id AS parentId, name, name_en AS nameEn FROM categories")
    .all() as CategoryRow[];
  const catById = new Map(cats.map((c) => [c.id, c]));
  const topOf = (id: number): CategoryRow | undefined => {
    let c = catById.get(id);
    for (let guard = 0; c && c.parentId !== null && guard < 10; guard++) {
      c = catById.get(c.parentId) ?? c;
    }
    return c;
  };

  const focusId = input.focusUnitId ?? focusUnit(input.scope, database);
  const focus = focusId !== null ? unitById.get(focusId) : undefined;
  const columnKey = (regionId: number): string => {
    const region = unitById.get(regionId);
    if (!focus || !region) return "other";
    if (region.id === focus.id) return "self";
    if (!region.path.startsWith(focus.path)) return "other";
    const child = region.path.slice(focus.path.length).split("/")[0];
    return `u${child}`;
  };

  const rowTotals = new Map<string, number>();
  const colTotals = new Map<string, number>();
  const cellMap = new Map<string, number>();
  for (const r of raw) {
    if (!r.n) continue;
    const top = r.categoryId === null ? undefined : topOf(r.categoryId);
    const rk = top ? String(top.id) : "none";
    const ck = columnKey(r.regionId);
    rowTotals.set(rk, (rowTotals.get(rk) ?? 0) + r.n);
    colTotals.set(ck, (colTotals.get(ck) ?? 0) + r.n);
    cellMap.set(`${rk}|${ck}`, (cellMap.get(`${rk}|${ck}`) ?? 0) + r.n);
  }
  const rows: HeatRow[] = [...rowTotals.entries()]
    .sort((a, b) => (a[0] === "none" ? 1 : b[0] === "none" ? -1 : b[1] - a[1]))
    .map(([key, total]) => {
      if (key === "none") return { categoryId: "none" as const, name: null, nameEn: null, total };
      const c = catById.get(Number(key))!;
      return { categoryId: c.id, name: c.name, nameEn: c.nameEn, total };
    });
  const colOrder = (k: string) =>
    k === "self" ? "" : k === "other" ? "~" : (unitById.get(Number(k.slice(1)))?.path ?? k);
  const columnKeys = [...colTotals.keys()].sort((a, b) => colOrder(a).localeCompare(colOrder(b)));
  const columns: HeatColumn[] = columnKeys.map((k) => {
    if (k === "other") return { unitId: null, name: "", nameEn: "", self: false, other: true };
    const u = k === "self" ? focus! : unitById.get(Number(k.slice(1)))!;
    return { unitId: u.id, name: u.name, nameEn: u.nameEn, self: k === "self", other: false };
  });
  let max = 0;
  const cells = rows.map((r) =>
    columnKeys.map((ck) => {
      const v = cellMap.get(`${r.categoryId}|${ck}`) ?? 0;
      max = Math.max(max, v);
      return v;
    }),
  );
  return { focusUnitId: focus?.id ?? null, rows, columns, cells, max };
}

export interface TopicSummary {
  clusterId: number;
  label: string;
  /** Items in the window. */
  size: number;
  score: number;
  growth7: number;
  emerging: boolean;
  firstSeen: string;
  /** Items per week over the window, oldest first. */
  weekly: number[];
}

export interface HotTopics {
  /** The window the topics are ranked over (inclusive local dates). */
  from: string;
  to: string;
  hot: TopicSummary[];
  emerging: TopicSummary[];
}

export const HOT_WINDOW_WEEKS = 8;

/**
 * Hot and emerging topics at the end of the period (or today, if earlier): clusters ranked by
 * recency-decayed, support-weighted activity over the last 8 weeks (app/nlp rankHotTopics).
 * A topic is emerging only if its first suggestion ever is recent, not just its first in the
 * window.
 */
export function getHotTopics(input: DashboardInput, database: Db = db(), limit = 8): HotTopics {
  const at = input.at ?? clockNow();
  const endDay = Math.min(localDay(input.period.to.getTime()), localDay(at.getTime()) + 1);
  const end = dayStart(endDay);
  const startDay = endDay - HOT_WINDOW_WEEKS * 7;
  const start = dayStart(startDay);
  const where = baseWhere(input, database);
  const items = allRows<{ id: number; clusterId: number; submittedAt: number; supports: number }>(
    database,
    `SELECT s.id, s.cluster_id AS clusterId, s.submitted_at AS submittedAt, s.supports_count AS supports
     FROM suggestions s INDEXED BY suggestions_analytics_submitted_idx
     WHERE s.submitted_at >= @from AND s.submitted_at < @to AND s.cluster_id IS NOT NULL AND ${where}`,
    where,
    { from: start.getTime(), to: end.getTime() },
  );
  const ranked = rankHotTopics(
    items.map((i) => ({
      id: String(i.id),
      clusterId: String(i.clusterId),
      createdAt: new Date(i.submittedAt),
      supports: i.supports,
    })),
    end,
  );
  const emergingDays = NLP_CONFIG.hot.emergingDays;
  const candidates = [
    ...ranked.slice(0, limit),
    ...ranked.filter((t) => t.emerging).slice(0, limit * 2),
  ];
  const ids = [...new Set(candidates.map((t) => Number(t.clusterId)))];
  const meta = new Map<number, { label: string; first: number }>();
  if (ids.length) {
    const rows = database.$client
      .prepare(
        `SELECT c.id, c.label, (SELECT min(x.submitted_at) FROM suggestions x WHERE x.cluster_id = c.id) AS first
         FROM clusters c WHERE c.id IN (${ids.map(() => "?").join(",")})`,
      )
      .all(...ids) as { id: number; label: string; first: number | null }[];
    for (const r of rows) meta.set(r.id, { label: r.label, first: r.first ?? 0 });
  }
  const byCluster = new Map<number, number[]>();
  for (const i of items) {
    const w = Math.floor((localDay(i.submittedAt) - startDay) / 7);
    const arr = byCluster.get(i.clusterId) ?? Array.from({ length: HOT_WINDOW_WEEKS }, () => 0);
    if (w >= 0 && w < HOT_WINDOW_WEEKS) arr[w]! += 1;
    byCluster.set(i.clusterId, arr);
  }
  const summary = (t: (typeof ranked)[number]): TopicSummary => {
    const id = Number(t.clusterId);
    const m = meta.get(id);
    const first = m?.first ?? t.firstSeen.getTime();
    return {
      clusterId: id,
      label: m?.label ?? `#${id}`,
      size: t.size,
      score: Math.round(t.score * 100) / 100,
      growth7: Math.round(t.growth7 * 100) / 100,
      emerging: t.emerging && end.getTime() - first <= emergingDays * DAY_MS,
      firstSeen: dayLabel(localDay(first)),
      weekly: byCluster.get(id) ?? [],
    };
  };
  return {
    from: dayLabel(startDay),
    to: dayLabel(endDay - 1),
    hot: ranked.slice(0, limit).map(summary),
    emerging: ranked
      .filter((t) => t.emerging)
      .map(summary)
      .filter((t) => t.emerging)
      .slice(0, limit),
  };
}

export interface DecisionCount {
  decision: "adopted" | "partly_adopted" | "for_reference" | "not_adopted";
  n: number;
}

/** Adoption decisions recorded in the period, by decision. */
export function getDecisionBreakdown(input: DashboardInput, database: Db = db()): DecisionCount[] {
  const f = getFlows(input, input.period, database);
  return [
    { decision: "adopted", n: f.adopted },
    { decision: "partly_adopted", n: f.partlyAdopted },
    { decision: "for_reference", n: f.forReference },
    { decision: "not_adopted", n: f.notAdopted },
  ];
}

export interface BacklogBucket {
  key: string;
  minDays: number;
  maxDays: number | null;
  /** Inclusive submission dates of the bucket (from is null for the oldest). */
  from: string | null;
  to: string;
  open: number;
  overdue: number;
}

/** Age bounds of the backlog buckets, in whole days since submission. */
export const BACKLOG_BUCKETS: readonly [number, number | null][] = [
  [0, 7],
  [8, 15],
  [16, 30],
  [31, 60],
  [61, 90],
  [91, null],
];

/**
 * Open items now (a snapshot, whatever the period), by age since submission, with overdue. The
 * covering index is named: with a unit filter the planner would otherwise walk the unit index
 * and read every open row from the table.
 */
export function getBacklog(input: DashboardInput, database: Db = db()): BacklogBucket[] {
  const at = input.at ?? clockNow();
  const today = localDay(at.getTime());
  const where = baseWhere(input, database);
  const rows = allRows<{ day: number; open: number; overdue: number }>(
    database,
    `SELECT ${DAY_SQL("s.submitted_at")} AS day, count(*) AS open,
       coalesce(sum(${CURRENT_DEADLINE_SQL} < @at), 0) AS overdue
     FROM suggestions s INDEXED BY suggestions_analytics_open_idx
     WHERE s.status IN ${OPEN_STATES_SQL} AND ${where} GROUP BY day`,
    where,
    { at: at.getTime() },
  );
  const out: BacklogBucket[] = BACKLOG_BUCKETS.map(([min, max]) => ({
    key: max === null ? `${min}+` : `${min}-${max}`,
    minDays: min,
    maxDays: max,
    from: max === null ? null : dayLabel(today - max),
    to: dayLabel(today - min),
    open: 0,
    overdue: 0,
  }));
  for (const r of rows) {
    const age = Math.max(0, today - r.day);
    const b = out.find((x) => age >= x.minDays && (x.maxDays === null || age <= x.maxDays));
    if (b) {
      b.open += r.open;
      b.overdue += r.overdue;
    }
  }
  return out;
}

export interface Dashboard {
  kpis: Kpis;
  trends: ReturnType<typeof getTrends>;
  heatmap: Heatmap;
  topics: HotTopics;
  decisions: DecisionCount[];
  backlog: BacklogBucket[];
}

export function getDashboard(input: DashboardInput, database: Db = db()): Dashboard {
  const withAt = { ...input, at: input.at ?? clockNow() };
  return {
    kpis: getKpis(withAt, database),
    trends: getTrends(withAt, database),
    heatmap: getHeatmap(withAt, database),
    topics: getHotTopics(withAt, database),
    decisions: getDecisionBreakdown(withAt, database),
    backlog: getBacklog(withAt, database),
  };
}

/** Choices for the filter forms: units inside the scope and first-level categories. */
export function getFilterOptions(scope: AnalyticsScope, database: Db = db()) {
  const paths = normalizePaths(scope.paths);
  const units = (
    database.$client
      .prepare("SELECT id, name, name_en AS nameEn, level, path FROM org_units ORDER BY path")
      .all() as { id: number; name: string; nameEn: string; level: string; path: string }[]
  )
    .filter((u) => paths.some((p) => u.path.startsWith(p)))
    .map((u) => ({ ...u, depth: u.path.split("/").filter(Boolean).length }));
  const minDepth = Math.min(...units.map((u) => u.depth));
  const categories = database.$client
    .prepare(
      "SELECT id, name, name_en AS nameEn FROM categories WHERE parent_id IS NULL ORDER BY id",
    )
    .all() as { id: number; name: string; nameEn: string }[];
  return {
    units: units.map((u) => ({
      id: u.id,
      name: u.name,
      nameEn: u.nameEn,
      indent: u.depth - minDepth,
    })),
    categories,
  };
}

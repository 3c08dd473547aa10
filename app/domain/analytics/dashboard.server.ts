import { NLP_CONFIG } from "../../nlp/config";
import { rankHotTopics } from "../../nlp/hot-topics";
import { now as clockNow } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { SATISFIED_MIN_SCORE } from "./figures.server";
import {
  ADOPTED_DECISIONS_SQL,
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
  type Period,
  previousPeriod,
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

const DAY_SQL = (column: string) => `(${column} + ${TZ_OFFSET_MS}) / ${DAY_MS}`;

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
const nullable = (v: number | null | undefined) =>
  v === null || v === undefined ? null : Number(v);

export interface Compared<T> {
  current: T;
  previous: T;
}

export interface Kpis {
  period: { from: string; to: string };
  previousPeriod: { from: string; to: string };
  received: Compared<number>;
  accepted: Compared<number>;
  answered: Compared<number>;
  decided: Compared<number>;
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
  ratedSuggestions: Compared<number>;
}

function dates(p: { from: Date; to: Date }) {
  return { from: dayLabel(localDay(p.from.getTime())), to: dayLabel(localDay(p.to.getTime()) - 1) };
}

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
const pct = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : null);

/** KPIs of the period and of the previous period, one range scan per source table. */
export function getKpis(input: DashboardInput, database: Db = db()): Kpis {
  const prev = previousPeriod(input.period);
  const named = {
    from: input.period.from.getTime(),
    to: input.period.to.getTime(),
    pfrom: prev.from.getTime(),
  };
  const w = () => baseWhere(input, database);

  const flow = (column: string) => {
    const where = w();
    const row = getRow(
      database,
      `SELECT sum(${column} >= @from) AS cur, sum(${column} < @from) AS prev
       FROM suggestions s WHERE ${column} >= @pfrom AND ${column} < @to AND ${where}`,
      where,
      named,
    );
    return { current: n(row.cur), previous: n(row.prev) };
  };
  const received = flow("s.submitted_at");
  const accepted = flow("s.accepted_at");

  const aw = w();
  const ans = getRow(
    database,
    `SELECT sum(s.answered_at >= @from) AS cur, sum(s.answered_at < @from) AS prev,
       avg(CASE WHEN s.answered_at >= @from THEN (s.answered_at - s.submitted_at) / 86400000.0 END) AS daysCur,
       avg(CASE WHEN s.answered_at < @from THEN (s.answered_at - s.submitted_at) / 86400000.0 END) AS daysPrev,
       sum(s.answered_at >= @from AND ${ON_TIME_SQL}) AS onTimeCur,
       sum(s.answered_at < @from AND ${ON_TIME_SQL}) AS onTimePrev,
       sum(s.answered_at >= @from AND s.handle_due_at IS NOT NULL) AS dueCur,
       sum(s.answered_at < @from AND s.handle_due_at IS NOT NULL) AS duePrev
     FROM suggestions s WHERE s.answered_at >= @pfrom AND s.answered_at < @to AND ${aw}`,
    aw,
    named,
  );

  const dw = w();
  const dec = getRow(
    database,
    `SELECT sum(d.decided_at >= @from) AS cur, sum(d.decided_at < @from) AS prev,
       sum(d.decided_at >= @from AND d.decision IN ${ADOPTED_DECISIONS_SQL}) AS adoptedCur,
       sum(d.decided_at < @from AND d.decision IN ${ADOPTED_DECISIONS_SQL}) AS adoptedPrev
     FROM adoption_decisions d JOIN suggestions s ON s.id = d.suggestion_id
     WHERE d.decided_at >= @pfrom AND d.decided_at < @to AND ${dw}`,
    dw,
    named,
  );

  const ow = w();
  const out = getRow(
    database,
    `SELECT sum(o.created_at >= @from) AS cur, sum(o.created_at < @from) AS prev
     FROM outcomes o JOIN suggestions s ON s.id = o.suggestion_id
     WHERE o.created_at >= @pfrom AND o.created_at < @to AND ${ow}`,
    ow,
    named,
  );

  const rw = w();
  const sat = getRow(
    database,
    `SELECT sum(r.created_at >= @from) AS cur, sum(r.created_at < @from) AS prev,
       avg(CASE WHEN r.created_at >= @from THEN r.score END) AS avgCur,
       avg(CASE WHEN r.created_at < @from THEN r.score END) AS avgPrev,
       sum(r.created_at >= @from AND r.score >= ${SATISFIED_MIN_SCORE}) AS okCur,
       sum(r.created_at < @from AND r.score >= ${SATISFIED_MIN_SCORE}) AS okPrev,
       count(DISTINCT CASE WHEN r.created_at >= @from THEN r.suggestion_id END) AS sugCur,
       count(DISTINCT CASE WHEN r.created_at < @from THEN r.suggestion_id END) AS sugPrev
     FROM satisfactions r JOIN suggestions s ON s.id = r.suggestion_id
     WHERE r.created_at >= @pfrom AND r.created_at < @to AND ${rw}`,
    rw,
    named,
  );

  const onTime = { current: n(ans.onTimeCur), previous: n(ans.onTimePrev) };
  const due = { current: n(ans.dueCur), previous: n(ans.duePrev) };
  const ratings = { current: n(sat.cur), previous: n(sat.prev) };
  return {
    period: dates(input.period),
    previousPeriod: dates(prev),
    received,
    accepted,
    answered: { current: n(ans.cur), previous: n(ans.prev) },
    decided: { current: n(dec.cur), previous: n(dec.prev) },
    adopted: { current: n(dec.adoptedCur), previous: n(dec.adoptedPrev) },
    converted: { current: n(out.cur), previous: n(out.prev) },
    avgHandlingDays: {
      current: round1(nullable(ans.daysCur)),
      previous: round1(nullable(ans.daysPrev)),
    },
    onTimeRate: {
      current: pct(onTime.current, due.current),
      previous: pct(onTime.previous, due.previous),
    },
    onTime,
    late: { current: due.current - onTime.current, previous: due.previous - onTime.previous },
    satisfactionAvg: {
      current: nullable(sat.avgCur) === null ? null : Math.round(n(sat.avgCur) * 100) / 100,
      previous: nullable(sat.avgPrev) === null ? null : Math.round(n(sat.avgPrev) * 100) / 100,
    },
    satisfactionRate: {
      current: pct(n(sat.okCur), ratings.current),
      previous: pct(n(sat.okPrev), ratings.previous),
    },
    ratings,
    ratedSuggestions: { current: n(sat.sugCur), previous: n(sat.sugPrev) },
  };
}

export interface TrendPoint {
  label: string;
  from: string;
  to: string;
  received: number;
  answered: number;
}

/** Received and answered per day, week or month of the period (days counted in SQL). */
export function getTrends(
  input: DashboardInput,
  database: Db = db(),
): { granularity: Granularity; points: TrendPoint[] } {
  const granularity = input.granularity ?? autoGranularity(input.period);
  const list: Bucket[] = buckets(input.period, granularity);
  const named = { from: input.period.from.getTime(), to: input.period.to.getTime() };
  const points: TrendPoint[] = list.map((b) => ({
    label: b.label,
    from: dayLabel(b.firstDay),
    to: dayLabel(b.lastDay),
    received: 0,
    answered: 0,
  }));
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
      named,
    );
    for (const r of rows) {
      const i = bucketIndex(list, r.day);
      if (i >= 0) points[i]![key] += r.n;
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
  const where = baseWhere(input, database);
  const raw = allRows<{ categoryId: number | null; regionId: number; n: number }>(
    database,
    `SELECT s.category_id AS categoryId, s.region_unit_id AS regionId, count(*) AS n
     FROM suggestions s WHERE s.submitted_at >= @from AND s.submitted_at < @to AND ${where}
     GROUP BY s.category_id, s.region_unit_id`,
    where,
    { from: input.period.from.getTime(), to: input.period.to.getTime() },
  );
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
     FROM suggestions s
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
  const where = baseWhere(input, database);
  const rows = allRows<{ decision: DecisionCount["decision"]; n: number }>(
    database,
    `SELECT d.decision AS decision, count(*) AS n
     FROM adoption_decisions d JOIN suggestions s ON s.id = d.suggestion_id
     WHERE d.decided_at >= @from AND d.decided_at < @to AND ${where} GROUP BY d.decision`,
    where,
    { from: input.period.from.getTime(), to: input.period.to.getTime() },
  );
  const order = ["adopted", "partly_adopted", "for_reference", "not_adopted"] as const;
  return order.map((decision) => ({
    decision,
    n: rows.find((r) => r.decision === decision)?.n ?? 0,
  }));
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

/** Open items now (a snapshot, whatever the period), by age since submission, with overdue. */
export function getBacklog(input: DashboardInput, database: Db = db()): BacklogBucket[] {
  const at = input.at ?? clockNow();
  const today = localDay(at.getTime());
  const where = baseWhere(input, database);
  const rows = allRows<{ day: number; open: number; overdue: number }>(
    database,
    `SELECT ${DAY_SQL("s.submitted_at")} AS day, count(*) AS open,
       coalesce(sum(${CURRENT_DEADLINE_SQL} < @at), 0) AS overdue
     FROM suggestions s WHERE s.status IN ${OPEN_STATES_SQL} AND ${where} GROUP BY day`,
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

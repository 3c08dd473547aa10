import type { SuggestionStatus } from "../../../db/schema/enums";
import { now as clockNow } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { LIST_PAGE_SIZE, type ListQuery, type Metric } from "./dashboard.schema";
import {
  ADOPTED_DECISIONS_SQL,
  type AnalyticsScope,
  CURRENT_DEADLINE_SQL,
  categoryFragment,
  LATE_SQL,
  narrowToUnit,
  ON_TIME_SQL,
  OPEN_STATES_SQL,
  scopeFragment,
  unitPathOf,
  Where,
} from "./filters.server";
import { rangeFromDates } from "./period";

/**
 * The staff list behind every dashboard number: the same predicate per metric as the figure,
 * with the figure's filters, paginated for the page or whole for exports.
 */

interface MetricSql {
  join?: string;
  /** The date the list's from/to bound (and that orders the list, newest first). */
  date: string;
  where?: string;
}

const DECISION_JOIN = "JOIN adoption_decisions d ON d.suggestion_id = s.id";

const METRIC_SQL: Record<Exclude<Metric, "rated">, MetricSql> = {
  received: { date: "s.submitted_at" },
  accepted: { date: "s.accepted_at" },
  answered: { date: "s.answered_at" },
  answered_on_time: { date: "s.answered_at", where: ON_TIME_SQL },
  answered_late: { date: "s.answered_at", where: LATE_SQL },
  decided: { join: DECISION_JOIN, date: "d.decided_at" },
  adopted: {
    join: DECISION_JOIN,
    date: "d.decided_at",
    where: `d.decision IN ${ADOPTED_DECISIONS_SQL}`,
  },
  converted: { join: "JOIN outcomes o ON o.suggestion_id = s.id", date: "o.created_at" },
  open: { date: "s.submitted_at", where: `s.status IN ${OPEN_STATES_SQL}` },
  overdue: {
    date: "s.submitted_at",
    where: `s.status IN ${OPEN_STATES_SQL} AND ${CURRENT_DEADLINE_SQL} < @at`,
  },
};

export interface MetricListInput {
  /** The reader's scope (analyticsScope or listScope); the unit filter narrows it here. */
  scope: AnalyticsScope;
  query: ListQuery;
  at?: Date;
}

function build(input: MetricListInput, database: Db) {
  const q = input.query;
  const metric: Metric = q.metric ?? "received";
  const scope = narrowToUnit(
    input.scope,
    q.unit ? (unitPathOf(q.unit, database) ?? "/none/") : null,
  );
  const where = new Where()
    .addFragment(scopeFragment(scope, database))
    .addFragment(categoryFragment(q.category, database));
  const range = rangeFromDates(q.from ?? "1970-01-01", q.to ?? "9999-12-30");
  const from = q.from ? (range?.from.getTime() ?? null) : null;
  const to = q.to ? (range?.to.getTime() ?? null) : null;
  const named: Record<string, number> = { at: (input.at ?? clockNow()).getTime() };
  let join = "";
  let orderBy = "s.submitted_at";
  if (metric === "rated") {
    const bounds = [
      from !== null ? "r.created_at >= @from" : null,
      to !== null ? "r.created_at < @to" : null,
    ].filter(Boolean);
    where.add(
      `EXISTS (SELECT 1 FROM satisfactions r WHERE r.suggestion_id = s.id${bounds.map((b) => ` AND ${b}`).join("")})`,
    );
  } else {
    const m = METRIC_SQL[metric];
    join = m.join ?? "";
    orderBy = m.date;
    where.add(`${m.date} IS NOT NULL`);
    if (from !== null) where.add(`${m.date} >= @from`);
    if (to !== null) where.add(`${m.date} < @to`);
    if (m.where) where.add(m.where);
  }
  if (from !== null) named.from = from;
  if (to !== null) named.to = to;
  if (q.region) {
    if (q.regionSelf) where.add("s.region_unit_id = ?", q.region);
    else {
      const path = unitPathOf(q.region, database);
      where.add(
        "s.region_unit_id IN (SELECT id FROM org_units WHERE path LIKE ?)",
        `${path ?? "/none/"}%`,
      );
    }
  }
  if (q.status) {
    const statuses = q.status.split(",");
    where.add(`s.status IN (${statuses.map(() => "?").join(",")})`, ...statuses);
  }
  if (q.cluster) where.add("s.cluster_id = ?", q.cluster);
  if (q.department) where.add("s.lead_department_id = ?", q.department);
  if (q.decision) {
    if (join === DECISION_JOIN) where.add("d.decision = ?", q.decision);
    else where.add("s.decision = ?", q.decision);
  }
  return { metric, join, where, named, orderBy };
}

export interface MetricListRow {
  id: number;
  trackingCode: string;
  title: string;
  status: SuggestionStatus;
  decision: string | null;
  channel: string;
  submittedAt: Date;
  acceptedAt: Date | null;
  answeredAt: Date | null;
  completedAt: Date | null;
  dueAt: Date | null;
  supportsCount: number;
  unitName: string;
  unitNameEn: string;
  regionName: string;
  regionNameEn: string;
  categoryName: string | null;
  categoryNameEn: string | null;
  departmentName: string | null;
  departmentNameEn: string | null;
}

interface RawRow
  extends Omit<
    MetricListRow,
    "submittedAt" | "acceptedAt" | "answeredAt" | "completedAt" | "dueAt"
  > {
  submittedAt: number;
  acceptedAt: number | null;
  answeredAt: number | null;
  completedAt: number | null;
  dueAt: number | null;
}

const date = (v: number | null) => (v === null ? null : new Date(v));

const SELECT = `SELECT s.id, s.tracking_code AS trackingCode, s.title, s.status, s.decision, s.channel,
  s.submitted_at AS submittedAt, s.accepted_at AS acceptedAt, s.answered_at AS answeredAt,
  s.completed_at AS completedAt, ${CURRENT_DEADLINE_SQL} AS dueAt, s.supports_count AS supportsCount,
  u.name AS unitName, u.name_en AS unitNameEn, g.name AS regionName, g.name_en AS regionNameEn,
  c.name AS categoryName, c.name_en AS categoryNameEn,
  dep.name AS departmentName, dep.name_en AS departmentNameEn`;

const LOOKUPS = `JOIN org_units u ON u.id = s.unit_id
  JOIN org_units g ON g.id = s.region_unit_id
  LEFT JOIN categories c ON c.id = s.category_id
  LEFT JOIN departments dep ON dep.id = s.lead_department_id`;

/** Number of suggestions a list query matches. */
export function countMetricList(input: MetricListInput, database: Db = db()): number {
  const b = build(input, database);
  const row = database.$client
    .prepare(`SELECT count(*) AS n FROM suggestions s ${b.join} WHERE ${b.where}`)
    .get(...b.where.params, b.named) as { n: number };
  return row.n;
}

/** One page of the list (newest first by the metric's date). */
export function listMetricSuggestions(
  input: MetricListInput,
  database: Db = db(),
  pageSize = LIST_PAGE_SIZE,
) {
  const b = build(input, database);
  const total = countMetricList(input, database);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(input.query.page ?? 1, pages);
  // The page's ids first (from the covering indexes, cheap even deep in the list), then
  // names and labels for those rows only.
  const ids = (
    database.$client
      .prepare(
        `SELECT s.id FROM suggestions s ${b.join}
         WHERE ${b.where} ORDER BY ${b.orderBy} DESC, s.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      )
      .all(...b.where.params, b.named) as { id: number }[]
  ).map((r) => r.id);
  const rows = ids.length
    ? (database.$client
        .prepare(
          `${SELECT} FROM suggestions s ${LOOKUPS} WHERE s.id IN (${ids.map(() => "?").join(",")})`,
        )
        .all(...ids) as RawRow[])
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    metric: b.metric,
    total,
    page,
    pages,
    pageSize,
    rows: ids.map((id) => toRow(byId.get(id)!)),
  };
}

/** Every row of the list, for exports (capped; the cap is reported). */
export function listMetricSuggestionsForExport(
  input: MetricListInput,
  database: Db = db(),
  cap = 200_000,
) {
  const b = build(input, database);
  const rows = database.$client
    .prepare(
      `${SELECT} FROM suggestions s ${b.join} ${LOOKUPS}
       WHERE ${b.where} ORDER BY ${b.orderBy} DESC, s.id DESC LIMIT ${cap + 1}`,
    )
    .all(...b.where.params, b.named) as RawRow[];
  return { metric: b.metric, rows: rows.slice(0, cap).map(toRow), truncated: rows.length > cap };
}

function toRow(r: RawRow): MetricListRow {
  return {
    ...r,
    submittedAt: new Date(r.submittedAt),
    acceptedAt: date(r.acceptedAt),
    answeredAt: date(r.answeredAt),
    completedAt: date(r.completedAt),
    dueAt: date(r.dueAt),
  };
}

/** Names of the things a list is filtered by, for its heading. */
export function describeListFilters(q: ListQuery, database: Db = db()) {
  const one = <T>(sql: string, id: number | undefined) =>
    id === undefined ? null : ((database.$client.prepare(sql).get(id) as T | undefined) ?? null);
  return {
    unit: one<{ name: string; nameEn: string }>(
      "SELECT name, name_en AS nameEn FROM org_units WHERE id = ?",
      q.unit,
    ),
    region: one<{ name: string; nameEn: string }>(
      "SELECT name, name_en AS nameEn FROM org_units WHERE id = ?",
      q.region,
    ),
    category: one<{ name: string; nameEn: string }>(
      "SELECT name, name_en AS nameEn FROM categories WHERE id = ?",
      typeof q.category === "number" ? q.category : undefined,
    ),
    cluster: one<{ label: string }>("SELECT label FROM clusters WHERE id = ?", q.cluster),
    department: one<{ name: string; nameEn: string }>(
      "SELECT name, name_en AS nameEn FROM departments WHERE id = ?",
      q.department,
    ),
  };
}

import { now as clockNow } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { SATISFIED_MIN_SCORE } from "./figures.server";
import { ADOPTED_DECISIONS_SQL } from "./filters.server";
import {
  dayStart,
  dayYearMonth,
  localDay,
  monthLabel,
  monthStartDay,
  type Period,
  parsePeriod,
  splitByMonths,
} from "./period";
import type { ScorecardRow } from "./scorecard";

/**
 * Public department scorecards. The population of a department in a period is its lead
 * assignments made in the period, except those it returned (sent back as not its business, then
 * reassigned elsewhere). All rates are over that population, so a month's card keeps improving
 * as its items are answered:
 *
 * - response rate (响应率): answered ÷ assigned
 * - resolution rate (解决率): completed (办结) ÷ answered
 * - satisfaction rate (满意率): ratings of 3–5 ÷ ratings of these items
 * - average days: assignment → answer, over the answered items
 * - on-time rate: answered by the deadline ÷ (answered + past the deadline unanswered)
 * - adoption rate: adopted or partly adopted ÷ published decisions
 *
 * Only published decisions count (deciding is not publishing). The rates add up over months
 * (every numerator and denominator is a count), so whole months come from a rollup.
 */

/** The months a scorecard can show: a month, or by default the last 12 months. */
export function scorecardPeriod(month: string | undefined, at: Date): Period {
  if (month) return parsePeriod({ period: month }, at);
  const { year, month: m } = dayYearMonth(localDay(at.getTime()));
  const start = monthStartDay(year, m - 11);
  return {
    from: dayStart(start),
    to: dayStart(monthStartDay(year, m + 1)),
    key: `${monthLabel(start)}..${monthLabel(monthStartDay(year, m))}`,
    kind: "custom",
  };
}

const DEADLINE = "coalesce(s.handle_due_at, a.due_at)";

/** Additive parts of a department's card: every rate is a ratio of two of them. */
interface Parts {
  assigned: number;
  answered: number;
  completed: number;
  answerDays: number;
  onTime: number;
  due: number;
  decisions: number;
  adopted: number;
  ratings: number;
  satisfied: number;
}
const PART_KEYS = [
  "assigned",
  "answered",
  "completed",
  "answerDays",
  "onTime",
  "due",
  "decisions",
  "adopted",
  "ratings",
  "satisfied",
] as const satisfies readonly (keyof Parts)[];

type PartsByDepartment = Map<number, Parts>;

function add(into: PartsByDepartment, departmentId: number, parts: Partial<Parts>) {
  let p = into.get(departmentId);
  if (!p) {
    p = Object.fromEntries(PART_KEYS.map((k) => [k, 0])) as unknown as Parts;
    into.set(departmentId, p);
  }
  for (const k of PART_KEYS) p[k] += Number(parts[k] ?? 0);
}

/**
 * Whole months of the period read the trigger-maintained rollup (analytics_department_monthly)
 * plus a live count of their unanswered items already past the deadline; the days of partial
 * months at either end read the base tables. Every part adds up, so the two combine exactly.
 */
export function getScorecards(
  input: { period: Period; at?: Date },
  database: Db = db(),
): ScorecardRow[] {
  const at = (input.at ?? clockNow()).getTime();
  const split = splitByMonths(input.period);
  const parts: PartsByDepartment = new Map();
  if (split.months.length) fromRollup(parts, split.months, at, database);
  for (const r of split.raw) fromBaseTables(parts, r.from, r.to, at, database);
  return assemble(parts, database);
}

function fromRollup(parts: PartsByDepartment, months: number[], at: number, database: Db) {
  const rows = database.$client
    .prepare(
      `SELECT department_id AS departmentId, sum(assigned) AS assigned, sum(answered) AS answered,
         sum(completed) AS completed, sum(answer_days) AS answerDays, sum(on_time) AS onTime,
         sum(decisions) AS decisions, sum(adopted) AS adopted, sum(ratings) AS ratings,
         sum(satisfied) AS satisfied
       FROM analytics_department_monthly WHERE month IN (${months.map(() => "?").join(",")})
       GROUP BY department_id`,
    )
    .all(...months) as (Omit<Parts, "due"> & { departmentId: number })[];
  for (const r of rows) add(parts, r.departmentId, { ...r, due: r.answered });
  // Unanswered and past the deadline (the rest of the on-time rate's denominator). By the
  // workflow such an item is assigned or in progress, so the open items drive the query.
  const first = months[0]!;
  const last = months[months.length - 1]!;
  const from = dayStart(monthStartDay(Math.floor(first / 100), first % 100)).getTime();
  const to = dayStart(monthStartDay(Math.floor(last / 100), (last % 100) + 1)).getTime();
  const overdue = database.$client
    .prepare(
      `SELECT a.department_id AS departmentId, count(*) AS n
       FROM suggestions s INDEXED BY suggestions_analytics_status_idx
       CROSS JOIN assignments a INDEXED BY assignments_analytics_suggestion_idx
         ON a.suggestion_id = s.id
       WHERE s.status IN ('assigned','in_progress') AND s.answered_at IS NULL
         AND a.role = 'lead' AND a.status != 'returned'
         AND a.assigned_at >= @from AND a.assigned_at < @to AND ${DEADLINE} < @at
       GROUP BY a.department_id`,
    )
    .all({ from, to, at }) as { departmentId: number; n: number }[];
  for (const o of overdue) add(parts, o.departmentId, { due: o.n });
}

/**
 * The cohort read by assignment date (INDEXED BY: left alone, the planner may prefer scanning
 * every assignment in department order to save the GROUP BY sort).
 */
function fromBaseTables(
  parts: PartsByDepartment,
  from: number,
  to: number,
  at: number,
  database: Db,
) {
  const named = { from, to, at };
  const cohort = `a.role = 'lead' AND a.status != 'returned'
    AND a.assigned_at >= @from AND a.assigned_at < @to`;
  const main = database.$client
    .prepare(
      `SELECT a.department_id AS departmentId, count(*) AS assigned,
         sum(s.answered_at IS NOT NULL) AS answered,
         sum(s.answered_at IS NOT NULL AND s.status = 'completed') AS completed,
         sum(CASE WHEN s.answered_at IS NOT NULL THEN (s.answered_at - a.assigned_at) / 86400000.0 ELSE 0 END) AS answerDays,
         sum(s.answered_at IS NOT NULL AND s.answered_at <= ${DEADLINE}) AS onTime,
         sum(s.answered_at IS NOT NULL OR ${DEADLINE} < @at) AS due,
         count(d.id) AS decisions,
         sum(d.decision IN ${ADOPTED_DECISIONS_SQL}) AS adopted
       FROM assignments a INDEXED BY assignments_analytics_assigned_idx
       JOIN suggestions s ON s.id = a.suggestion_id
       LEFT JOIN adoption_decisions d ON d.suggestion_id = s.id AND d.published_at IS NOT NULL
       WHERE ${cohort}
       GROUP BY a.department_id`,
    )
    .all(named) as (Omit<Parts, "ratings" | "satisfied"> & { departmentId: number })[];
  for (const r of main) add(parts, r.departmentId, r);
  const sat = database.$client
    .prepare(
      `SELECT a.department_id AS departmentId, count(*) AS ratings,
         sum(r.score >= ${SATISFIED_MIN_SCORE}) AS satisfied
       FROM assignments a INDEXED BY assignments_analytics_assigned_idx
       CROSS JOIN satisfactions r ON r.suggestion_id = a.suggestion_id
       WHERE ${cohort}
       GROUP BY a.department_id`,
    )
    .all(named) as { departmentId: number; ratings: number; satisfied: number }[];
  for (const r of sat) add(parts, r.departmentId, r);
}

function assemble(parts: PartsByDepartment, database: Db): ScorecardRow[] {
  const departments = database.$client
    .prepare(
      `SELECT dep.id, dep.code, dep.name, dep.name_en AS nameEn, u.name AS unitName, u.name_en AS unitNameEn,
         u.path AS unitPath
       FROM departments dep JOIN org_units u ON u.id = dep.unit_id
       WHERE dep.active = 1 ORDER BY u.path, dep.id`,
    )
    .all() as {
    id: number;
    code: string;
    name: string;
    nameEn: string;
    unitName: string;
    unitNameEn: string;
    unitPath: string;
  }[];
  const pct = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : null);
  return departments.map((dep) => {
    const p = parts.get(dep.id);
    const v = (k: keyof Parts) => p?.[k] ?? 0;
    return {
      departmentId: dep.id,
      code: dep.code,
      name: dep.name,
      nameEn: dep.nameEn,
      unitName: dep.unitName,
      unitNameEn: dep.unitNameEn,
      unitPath: dep.unitPath,
      assigned: v("assigned"),
      answered: v("answered"),
      completed: v("completed"),
      ratings: v("ratings"),
      satisfied: v("satisfied"),
      decisions: v("decisions"),
      adopted: v("adopted"),
      due: v("due"),
      onTime: v("onTime"),
      responseRate: pct(v("answered"), v("assigned")),
      resolutionRate: pct(v("completed"), v("answered")),
      satisfactionRate: pct(v("satisfied"), v("ratings")),
      avgDays: v("answered") > 0 ? Math.round((v("answerDays") / v("answered")) * 10) / 10 : null,
      onTimeRate: pct(v("onTime"), v("due")),
      adoptionRate: pct(v("adopted"), v("decisions")),
    };
  });
}

const CACHE_MS = 60_000;
const cache = new Map<string, { expires: number; rows: ScorecardRow[] }>();

/**
 * The public page's read: the same figures, computed at most once a minute per period, so a
 * burst of anonymous visitors costs one query (the 12-month card reads ~a year of assignments).
 */
export function getScorecardsCached(input: { period: Period; at?: Date }): ScorecardRow[] {
  const key = `${input.period.from.getTime()}-${input.period.to.getTime()}`;
  const t = performance.now();
  const hit = cache.get(key);
  if (hit && hit.expires > t) return hit.rows;
  const rows = getScorecards(input);
  cache.set(key, { expires: t + CACHE_MS, rows });
  if (cache.size > 64) cache.delete(cache.keys().next().value!);
  return rows;
}

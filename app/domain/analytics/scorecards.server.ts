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

interface Components {
  departmentId: number;
  assigned: number;
  answered: number;
  completed: number;
  avgDays: number | null;
  onTime: number;
  due: number;
  decisions: number;
  adopted: number | null;
}

/**
 * Whole months read the trigger-maintained rollup (analytics_department_monthly) plus a live
 * count of the cohort's unanswered items already past their deadline (open items only, so it
 * stays small); any other period reads the base tables.
 */
export function getScorecards(
  input: { period: Period; at?: Date },
  database: Db = db(),
): ScorecardRow[] {
  const split = splitByMonths(input.period);
  return split.raw.length === 0 && split.months.length > 0
    ? assemble(fromRollup(split.months, input, database), input, database)
    : assemble(fromBaseTables(input, database), input, database);
}

function fromRollup(
  months: number[],
  input: { period: Period; at?: Date },
  database: Db,
): { main: Components[]; sat: { departmentId: number; ratings: number; satisfied: number }[] } {
  const at = (input.at ?? clockNow()).getTime();
  const rows = database.$client
    .prepare(
      `SELECT department_id AS departmentId, sum(assigned) AS assigned, sum(answered) AS answered,
         sum(completed) AS completed, sum(answer_days) AS answerDays, sum(on_time) AS onTime,
         sum(decisions) AS decisions, sum(adopted) AS adopted, sum(ratings) AS ratings,
         sum(satisfied) AS satisfied
       FROM analytics_department_monthly WHERE month IN (${months.map(() => "?").join(",")})
       GROUP BY department_id`,
    )
    .all(...months) as (Omit<Components, "avgDays" | "due"> & {
    answerDays: number;
    ratings: number;
    satisfied: number;
  })[];
  // Unanswered and past the deadline: by the workflow such an item is assigned or in progress.
  const overdue = database.$client
    .prepare(
      `SELECT a.department_id AS departmentId, count(*) AS n
       FROM suggestions s JOIN assignments a ON a.suggestion_id = s.id
       WHERE s.status IN ('assigned','in_progress') AND s.answered_at IS NULL
         AND a.role = 'lead' AND a.status != 'returned'
         AND a.assigned_at >= @from AND a.assigned_at < @to AND ${DEADLINE} < @at
       GROUP BY a.department_id`,
    )
    .all({ from: input.period.from.getTime(), to: input.period.to.getTime(), at }) as {
    departmentId: number;
    n: number;
  }[];
  const late = new Map(overdue.map((o) => [o.departmentId, o.n]));
  return {
    main: rows.map((r) => ({
      departmentId: r.departmentId,
      assigned: r.assigned,
      answered: r.answered,
      completed: r.completed,
      avgDays: r.answered > 0 ? r.answerDays / r.answered : null,
      onTime: r.onTime,
      due: r.answered + (late.get(r.departmentId) ?? 0),
      decisions: r.decisions,
      adopted: r.adopted,
    })),
    sat: rows.map((r) => ({
      departmentId: r.departmentId,
      ratings: r.ratings,
      satisfied: r.satisfied,
    })),
  };
}

function fromBaseTables(input: { period: Period; at?: Date }, database: Db) {
  const at = (input.at ?? clockNow()).getTime();
  const named = { from: input.period.from.getTime(), to: input.period.to.getTime(), at };
  const cohort = `a.role = 'lead' AND a.status != 'returned'
    AND a.assigned_at >= @from AND a.assigned_at < @to`;
  const main = database.$client
    .prepare(
      `SELECT a.department_id AS departmentId, count(*) AS assigned,
         sum(s.answered_at IS NOT NULL) AS answered,
         sum(s.answered_at IS NOT NULL AND s.status = 'completed') AS completed,
         avg(CASE WHEN s.answered_at IS NOT NULL THEN (s.answered_at - a.assigned_at) / 86400000.0 END) AS avgDays,
         sum(s.answered_at IS NOT NULL AND s.answered_at <= ${DEADLINE}) AS onTime,
         sum(s.answered_at IS NOT NULL OR ${DEADLINE} < @at) AS due,
         count(d.id) AS decisions,
         sum(d.decision IN ${ADOPTED_DECISIONS_SQL}) AS adopted
       FROM assignments a
       JOIN suggestions s ON s.id = a.suggestion_id
       LEFT JOIN adoption_decisions d ON d.suggestion_id = s.id AND d.published_at IS NOT NULL
       WHERE ${cohort}
       GROUP BY a.department_id`,
    )
    .all(named) as Components[];
  const sat = database.$client
    .prepare(
      `SELECT a.department_id AS departmentId, count(*) AS ratings,
         sum(r.score >= ${SATISFIED_MIN_SCORE}) AS satisfied
       FROM satisfactions r
       JOIN assignments a ON a.suggestion_id = r.suggestion_id
       WHERE ${cohort}
       GROUP BY a.department_id`,
    )
    .all(named) as { departmentId: number; ratings: number; satisfied: number }[];
  return { main, sat };
}

function assemble(
  { main, sat }: ReturnType<typeof fromBaseTables>,
  _input: { period: Period; at?: Date },
  database: Db,
): ScorecardRow[] {
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
  const byDept = new Map(main.map((r) => [r.departmentId, r]));
  const satByDept = new Map(sat.map((r) => [r.departmentId, r]));
  const pct = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : null);
  return departments.map((dep) => {
    const m = byDept.get(dep.id);
    const s = satByDept.get(dep.id);
    const assigned = m?.assigned ?? 0;
    const answered = m?.answered ?? 0;
    const completed = m?.completed ?? 0;
    const ratings = s?.ratings ?? 0;
    const satisfied = s?.satisfied ?? 0;
    const decisions = m?.decisions ?? 0;
    const adopted = m?.adopted ?? 0;
    const due = m?.due ?? 0;
    const onTime = m?.onTime ?? 0;
    return {
      departmentId: dep.id,
      code: dep.code,
      name: dep.name,
      nameEn: dep.nameEn,
      unitName: dep.unitName,
      unitNameEn: dep.unitNameEn,
      unitPath: dep.unitPath,
      assigned,
      answered,
      completed,
      ratings,
      satisfied,
      decisions,
      adopted,
      due,
      onTime,
      responseRate: pct(answered, assigned),
      resolutionRate: pct(completed, answered),
      satisfactionRate: pct(satisfied, ratings),
      avgDays:
        m?.avgDays === null || m?.avgDays === undefined ? null : Math.round(m.avgDays * 10) / 10,
      onTimeRate: pct(onTime, due),
      adoptionRate: pct(adopted, decisions),
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

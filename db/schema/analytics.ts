import { index, integer, primaryKey, real, sqliteTable } from "drizzle-orm/sqlite-core";

/** The counted flows of the monthly and daily rollups (each table needs its own column objects). */
function flowColumns() {
  return {
    received: integer("received").notNull().default(0),
    accepted: integer("accepted").notNull().default(0),
    answered: integer("answered").notNull().default(0),
    answerDays: real("answer_days").notNull().default(0),
    onTime: integer("on_time").notNull().default(0),
    withDeadline: integer("with_deadline").notNull().default(0),
    decided: integer("decided").notNull().default(0),
    adopted: integer("adopted").notNull().default(0),
    partlyAdopted: integer("partly_adopted").notNull().default(0),
    forReference: integer("for_reference").notNull().default(0),
    notAdopted: integer("not_adopted").notNull().default(0),
    converted: integer("converted").notNull().default(0),
    ratings: integer("ratings").notNull().default(0),
    ratingSum: integer("rating_sum").notNull().default(0),
    satisfied: integer("satisfied").notNull().default(0),
  };
}

/**
 * Monthly rollup of the analytics flows, kept exact by SQLite triggers (migration
 * 0003_analytics_rollup.sql) on suggestions, adoption_decisions, outcomes and satisfactions:
 * every insert, update or delete adds or subtracts its contribution, whatever code wrote it.
 *
 * One row per local month (UTC+8, `month` = YYYYMM) × holding unit × region × category (0 when
 * not categorized). Each column counts the events of its own kind in that month: `received` by
 * submission date, `accepted` by acceptance, `answered` (with the days from submission, and the
 * on-time count) by the answer, decisions by decision date, `converted` by the outcome's creation,
 * ratings by the rating date. Long dashboard periods read whole months here and only their
 * partial edge months from the base tables (app/domain/analytics/dashboard.server.ts).
 * Never written by application code.
 */
export const analyticsMonthly = sqliteTable(
  "analytics_monthly",
  {
    month: integer("month").notNull(),
    unitId: integer("unit_id").notNull(),
    regionUnitId: integer("region_unit_id").notNull(),
    categoryId: integer("category_id").notNull(),
    ...flowColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.month, t.unitId, t.regionUnitId, t.categoryId] }),
    // Filtered reads probe (unit, category) pairs instead of scanning whole months.
    index("analytics_monthly_dims_idx").on(t.unitId, t.categoryId, t.month),
  ],
);

/**
 * The same flows per local day (`day` = days since 1970-01-01 in UTC+8) × holding unit ×
 * category, without the region: the partial months at the edges of a period and the day and
 * week charts read it instead of the base tables, so a filtered figure never joins the large
 * tables. Kept exact by the triggers of migration 0005_analytics_daily.sql.
 */
export const analyticsDaily = sqliteTable(
  "analytics_daily",
  {
    day: integer("day").notNull(),
    unitId: integer("unit_id").notNull(),
    categoryId: integer("category_id").notNull(),
    ...flowColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.unitId, t.categoryId] }),
    index("analytics_daily_dims_idx").on(t.unitId, t.categoryId, t.day),
  ],
);

/**
 * Department scorecards by assignment month: one row per local month of the assignment ×
 * department, over its lead assignments that were not returned (the scorecard population).
 * Each column is a sum over those assignments of their suggestion's current state (answered,
 * completed, days from assignment to answer, answered by the deadline), published decision and
 * ratings, so it changes whenever any of them does; the triggers of migration
 * 0006_analytics_departments.sql keep it exact. The on-time rate's "past the deadline without
 * an answer" depends on the clock and is counted live (app/domain/analytics/scorecards.server.ts).
 */
export const analyticsDepartmentMonthly = sqliteTable(
  "analytics_department_monthly",
  {
    month: integer("month").notNull(),
    departmentId: integer("department_id").notNull(),
    assigned: integer("assigned").notNull().default(0),
    answered: integer("answered").notNull().default(0),
    completed: integer("completed").notNull().default(0),
    answerDays: real("answer_days").notNull().default(0),
    onTime: integer("on_time").notNull().default(0),
    decisions: integer("decisions").notNull().default(0),
    adopted: integer("adopted").notNull().default(0),
    ratings: integer("ratings").notNull().default(0),
    satisfied: integer("satisfied").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.month, t.departmentId] })],
);

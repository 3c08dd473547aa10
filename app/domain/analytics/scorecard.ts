import { z } from "zod";

/** Public department scorecards: query vocabulary and sorting, client-safe. */

export const SCORECARD_SORTS = [
  "assigned",
  "responseRate",
  "resolutionRate",
  "satisfactionRate",
  "avgDays",
  "onTimeRate",
  "adoptionRate",
] as const;
export type ScorecardSort = (typeof SCORECARD_SORTS)[number];

/** Columns where a smaller number is better (the default direction is then ascending). */
export const LOWER_IS_BETTER: readonly ScorecardSort[] = ["avgDays"];

export const ScorecardQuerySchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .catch(undefined),
  sort: z.enum(SCORECARD_SORTS).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
});
export type ScorecardQuery = z.infer<typeof ScorecardQuerySchema>;

export interface ScorecardRow {
  departmentId: number;
  code: string;
  name: string;
  nameEn: string;
  unitName: string;
  unitNameEn: string;
  unitPath: string;
  /** Lead assignments made in the period (not returned by the department). */
  assigned: number;
  answered: number;
  completed: number;
  ratings: number;
  satisfied: number;
  decisions: number;
  adopted: number;
  /** Answered, or past the deadline without an answer: the on-time rate's denominator. */
  due: number;
  onTime: number;
  /** Percentages (one decimal) or null when the denominator is 0. */
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  avgDays: number | null;
  onTimeRate: number | null;
  adoptionRate: number | null;
}

export function defaultDir(sort: ScorecardSort): "asc" | "desc" {
  return LOWER_IS_BETTER.includes(sort) ? "asc" : "desc";
}

/**
 * Ranks rows by one column. Rows without a value (no items in the period) always go last;
 * ties keep the department order.
 */
export function sortScorecards(
  rows: readonly ScorecardRow[],
  sort: ScorecardSort,
  dir: "asc" | "desc",
): ScorecardRow[] {
  const sign = dir === "asc" ? 1 : -1;
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const x = a.r[sort];
      const y = b.r[sort];
      if (x === null && y === null) return a.i - b.i;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x - y) * sign || a.i - b.i;
    })
    .map(({ r }) => r);
}

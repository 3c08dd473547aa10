import { z } from "zod";
import { SUGGESTION_STATUSES, type SuggestionStatus } from "../../../db/schema/enums";
import { GRANULARITIES } from "./period";

/**
 * Query vocabularies of the analyst dashboard and of the staff list behind its numbers,
 * client-safe. Bad values fall back to "no filter" (`.catch`) so a hand-edited URL still
 * shows a page.
 */

/**
 * What a number counts. Each metric is a predicate on suggestions plus the date that places
 * it in a period; the dashboard counts with it and the list lists with the same predicate, so
 * a number and the rows behind it always agree.
 */
export const METRICS = [
  "received",
  "accepted",
  "answered",
  "answered_on_time",
  "answered_late",
  "decided",
  "adopted",
  "converted",
  "rated",
  "open",
  "overdue",
] as const;
export type Metric = (typeof METRICS)[number];

export const DECISION_VALUES = [
  "adopted",
  "partly_adopted",
  "for_reference",
  "not_adopted",
] as const;

const optionalId = z.coerce.number().int().positive().optional().catch(undefined);
const optionalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

/** Category filter: an id (with its subcategories) or "none" for not yet categorized. */
const categoryFilter = z
  .union([z.literal("none"), z.coerce.number().int().positive()])
  .optional()
  .catch(undefined);

export const DashboardQuerySchema = z.object({
  period: z.string().max(20).optional().catch(undefined),
  from: optionalDate,
  to: optionalDate,
  unit: optionalId,
  category: categoryFilter,
  granularity: z.enum(GRANULARITIES).optional().catch(undefined),
});
export type DashboardQuery = z.infer<typeof DashboardQuerySchema>;

export const LIST_PAGE_SIZE = 50;

export const ListQuerySchema = z.object({
  metric: z.enum(METRICS).optional().catch(undefined),
  /** Inclusive local dates bounding the metric's date; either side may be open. */
  from: optionalDate,
  to: optionalDate,
  unit: optionalId,
  category: categoryFilter,
  /** The citizen's region (with its subtree, or only itself with regionSelf=1). */
  region: optionalId,
  regionSelf: z
    .enum(["1"])
    .optional()
    .catch(undefined)
    .transform((v) => v === "1"),
  cluster: optionalId,
  decision: z.enum(DECISION_VALUES).optional().catch(undefined),
  department: optionalId,
  /** Current statuses, comma-separated (e.g. "submitted,transferred" for a screening queue). */
  status: z
    .string()
    .max(300)
    .optional()
    .catch(undefined)
    .transform((v) => {
      const list = (v ?? "")
        .split(",")
        .map((x) => x.trim())
        .filter((x): x is SuggestionStatus =>
          (SUGGESTION_STATUSES as readonly string[]).includes(x),
        );
      return list.length ? list.join(",") : undefined;
    })
    .optional(),
  /**
   * "analytics": the reader's dashboard scope (analyst, supervisor and admin grants), so a
   * dashboard number and its list count the same rows even for people with other roles too.
   */
  scope: z.enum(["analytics"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});
export type ListQuery = z.infer<typeof ListQuerySchema>;

/** The list URL for a query (only the parameters that are set, in a stable order). */
export function listHref(q: Partial<ListQuery>, base = "/console/list"): string {
  const p = new URLSearchParams();
  const order = [
    "metric",
    "from",
    "to",
    "unit",
    "category",
    "region",
    "regionSelf",
    "cluster",
    "decision",
    "department",
    "status",
    "scope",
    "page",
  ] as const;
  for (const key of order) {
    const v = q[key];
    if (v === undefined || v === null || v === false || v === "") continue;
    p.set(key, v === true ? "1" : String(v));
  }
  const s = p.toString();
  return s ? `${base}?${s}` : base;
}

/** The status vocabulary for list filters, re-exported so routes never import db/. */
export { SUGGESTION_STATUSES };

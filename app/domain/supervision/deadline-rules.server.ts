import { eq } from "drizzle-orm";
import { categories, deadlineRules, orgUnits } from "../../../db/schema";
import type { Tx } from "../audit/audit.server";

export interface DeadlineRule {
  acceptDays: number;
  handleDays: number;
  maxExtensionDays: number;
  atRiskDays: number;
  escalateAfterDays: number;
}

export const DEFAULT_RULE: DeadlineRule = {
  acceptDays: 15,
  handleDays: 60,
  maxExtensionDays: 30,
  atRiskDays: 3,
  escalateAfterDays: 7,
};

/**
 * The rule for a unit and category: the most specific row wins (unit + category, category, unit,
 * global), looking up the category's ancestors and the unit's ancestors too.
 */
export function resolveDeadlineRule(
  tx: Tx,
  unitId: number,
  categoryId: number | null,
): DeadlineRule {
  const rules = tx.select().from(deadlineRules).where(eq(deadlineRules.active, true)).all();
  if (rules.length === 0) return DEFAULT_RULE;
  const unitPath =
    tx.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, unitId)).get()?.path ??
    "";
  const unitChain = unitPath.split("/").filter(Boolean).map(Number).reverse(); // self first
  const categoryChain: number[] = [];
  let current = categoryId;
  while (current !== null && categoryChain.length < 5) {
    categoryChain.push(current);
    current =
      tx
        .select({ parentId: categories.parentId })
        .from(categories)
        .where(eq(categories.id, current))
        .get()?.parentId ?? null;
  }
  const score = (r: (typeof rules)[number]) => {
    const u = r.unitId === null ? 0 : unitChain.indexOf(r.unitId);
    const c = r.categoryId === null ? 0 : categoryChain.indexOf(r.categoryId);
    if (u < 0 || c < 0) return -1;
    // Category specificity outranks unit specificity; nearer ancestors outrank farther ones.
    return (r.categoryId === null ? 0 : 100 - c) * 1000 + (r.unitId === null ? 0 : 100 - u);
  };
  const best = rules
    .map((r) => ({ r, s: score(r) }))
    .filter((x) => x.s >= 0)
    .sort((a, b) => b.s - a.s)[0];
  return best ? best.r : DEFAULT_RULE;
}

import type { LabelConfidence } from "./classifier";
import { NLP_CONFIG } from "./config";

export interface DepartmentPrediction {
  departmentId: string;
  confidence: number;
  /** Other candidate departments, best first (at most 3 in total with the winner). */
  alternatives: Array<{ departmentId: string; confidence: number }>;
  version: string;
}

/** How often reviewers routed suggestions of a category to each department. */
export type ReviewerHistory =
  | ReadonlyMap<string, ReadonlyMap<string, number>>
  | Readonly<Record<string, Readonly<Record<string, number>>>>;

function historyFor(
  history: ReviewerHistory | undefined,
  category: string,
): Array<[string, number]> {
  if (!history) return [];
  if (history instanceof Map) {
    const m = history.get(category);
    return m ? [...m.entries()] : [];
  }
  const r = (history as Readonly<Record<string, Readonly<Record<string, number>>>>)[category];
  return r ? Object.entries(r) : [];
}

/**
 * Routes a categorized suggestion to a department:
 *   P(dept) = Σ_category P(category) · P(dept | category),
 * where P(dept | category) mixes the configured category→department map (as
 * `mapPrior` pseudo-votes) with the reviewers' past routing counts, so a map that
 * reviewers keep overriding is gradually outvoted, and a category with no mapping
 * still routes by history.
 */
export function predictDepartment(
  prediction: { label: string; confidence: number; alternatives?: readonly LabelConfidence[] },
  categoryToDepartment: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
  history?: ReviewerHistory,
  options: { mapPrior?: number } = {},
): DepartmentPrediction | null {
  const prior = options.mapPrior ?? NLP_CONFIG.routing.mapPrior;
  const mapGet = (c: string): string | undefined =>
    categoryToDepartment instanceof Map
      ? categoryToDepartment.get(c)
      : (categoryToDepartment as Readonly<Record<string, string>>)[c];
  const cats =
    prediction.alternatives && prediction.alternatives.length > 0
      ? prediction.alternatives
      : [{ label: prediction.label, confidence: prediction.confidence }];
  const catMass = cats.reduce((s, c) => s + c.confidence, 0) || 1;
  const scores = new Map<string, number>();
  for (const c of cats) {
    const votes = new Map<string, number>();
    const mapped = mapGet(c.label);
    if (mapped !== undefined) votes.set(mapped, prior);
    for (const [dept, n] of historyFor(history, c.label)) {
      if (n > 0) votes.set(dept, (votes.get(dept) ?? 0) + n);
    }
    const total = [...votes.values()].reduce((s, v) => s + v, 0);
    if (total === 0) continue;
    for (const [dept, v] of votes) {
      scores.set(dept, (scores.get(dept) ?? 0) + (c.confidence / catMass) * (v / total));
    }
  }
  if (scores.size === 0) return null;
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  // Confidence is absolute: category uncertainty outside the considered labels lowers it.
  const covered = Math.min(1, catMass);
  const [best, bestScore] = ranked[0]!;
  return {
    departmentId: best,
    confidence: bestScore * covered,
    alternatives: ranked
      .slice(0, 3)
      .map(([departmentId, s]) => ({ departmentId, confidence: s * covered })),
    version: NLP_CONFIG.version,
  };
}

import { type Db, db } from "../../utils/db.server";
import { getPublicSummaries } from "./public.server";
import { textIndex } from "./text-index.server";

/** Public suggestions similar to a draft, with score, verdict, status, decision and outcome. */
export function findPublicSimilar(
  draft: { title?: string; body: string },
  k = 5,
  database: Db = db(),
) {
  const matches = textIndex()
    .findSimilar(draft, { k, scope: "public" })
    .filter((m) => m.verdict !== "none");
  const rows = getPublicSummaries(
    matches.map((m) => Number(m.id)),
    database,
  );
  const score = new Map(matches.map((m) => [Number(m.id), m]));
  return rows.map((r) => ({
    trackingCode: r.trackingCode,
    title: r.title,
    excerpt: r.excerpt,
    status: r.status,
    decision: r.decision,
    supportsCount: r.supportsCount,
    outcomeTitle: r.outcomeTitle ?? null,
    score: Math.round((score.get(r.id)?.score ?? 0) * 1000) / 1000,
    verdict: score.get(r.id)?.verdict ?? "none",
  }));
}

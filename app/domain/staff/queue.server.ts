import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { categories, clusters, orgUnits, similarityLinks, suggestions } from "../../../db/schema";
import type { SuggestionStatus } from "../../../db/schema/enums";
import { type Db, db } from "../../utils/db.server";
import { inSubtrees } from "../suggestions/suggestions.server";
import type { QueueSort } from "./queue";

/**
 * The reviewer's queue: new, transferred and returned items in the reviewer's subtrees, with
 * the text engine's hints inline (predicted category and confidence, best duplicate, topic).
 */
const QUEUE_STATES: SuggestionStatus[] = ["submitted", "transferred", "returned", "accepted"];

export function listReviewQueue(
  opts: {
    paths: string[];
    sort: QueueSort;
    page: number;
    pageSize?: number;
    status?: SuggestionStatus;
  },
  database: Db = db(),
) {
  const pageSize = opts.pageSize ?? 50;
  const predicted = sql<
    string | null
  >`(select name from ${categories} where ${categories.id} = ${suggestions.predictedCategoryId})`;
  const predictedEn = sql<
    string | null
  >`(select name_en from ${categories} where ${categories.id} = ${suggestions.predictedCategoryId})`;
  const where = and(
    inSubtrees(opts.paths),
    inArray(suggestions.status, opts.status ? [opts.status] : QUEUE_STATES),
  );
  const order = {
    deadline: [
      asc(sql`coalesce(${suggestions.handleDueAt}, ${suggestions.acceptDueAt})`),
      asc(suggestions.id),
    ],
    age: [asc(suggestions.submittedAt), asc(suggestions.id)],
    newest: [desc(suggestions.submittedAt), desc(suggestions.id)],
    category: [asc(predicted), desc(suggestions.predictedConfidence), asc(suggestions.id)],
  }[opts.sort];
  const total =
    database
      .select({ n: sql<number>`count(*)` })
      .from(suggestions)
      .innerJoin(orgUnits, eq(orgUnits.id, suggestions.unitId))
      .where(where)
      .get()?.n ?? 0;
  const rows = database
    .select({
      id: suggestions.id,
      trackingCode: suggestions.trackingCode,
      title: suggestions.title,
      status: suggestions.status,
      version: suggestions.version,
      submittedAt: suggestions.submittedAt,
      acceptDueAt: suggestions.acceptDueAt,
      handleDueAt: suggestions.handleDueAt,
      supportsCount: suggestions.supportsCount,
      unitName: orgUnits.name,
      unitNameEn: orgUnits.nameEn,
      categoryName: categories.name,
      categoryNameEn: categories.nameEn,
      predictedName: predicted,
      predictedNameEn: predictedEn,
      predictedConfidence: suggestions.predictedConfidence,
      clusterId: suggestions.clusterId,
      clusterLabel: clusters.label,
      clusterSize: clusters.size,
    })
    .from(suggestions)
    .innerJoin(orgUnits, eq(orgUnits.id, suggestions.unitId))
    .leftJoin(categories, eq(categories.id, suggestions.categoryId))
    .leftJoin(clusters, eq(clusters.id, suggestions.clusterId))
    .where(where)
    .orderBy(...order)
    .limit(pageSize)
    .offset((opts.page - 1) * pageSize)
    .all();
  const ids = rows.map((r) => r.id);
  const links = ids.length
    ? database
        .select({
          suggestionId: similarityLinks.suggestionId,
          otherId: similarityLinks.otherId,
          score: similarityLinks.score,
          verdict: similarityLinks.verdict,
          otherCode: suggestions.trackingCode,
        })
        .from(similarityLinks)
        .innerJoin(suggestions, eq(suggestions.id, similarityLinks.otherId))
        .where(inArray(similarityLinks.suggestionId, ids))
        .orderBy(desc(similarityLinks.score))
        .all()
    : [];
  const best = new Map<number, (typeof links)[number]>();
  for (const l of links) if (!best.has(l.suggestionId)) best.set(l.suggestionId, l);
  return {
    total,
    pageSize,
    rows: rows.map((r) => {
      const d = best.get(r.id);
      return {
        ...r,
        dueAt: r.handleDueAt ?? r.acceptDueAt,
        duplicate: d
          ? { id: d.otherId, code: d.otherCode, score: d.score, verdict: d.verdict }
          : null,
      };
    }),
  };
}

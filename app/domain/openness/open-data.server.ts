import { count, sql } from "drizzle-orm";
import { adoptionDecisions, suggestions } from "../../../db/schema";
import { now as clockNow } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { isPublicRow } from "../suggestions/public.server";
import { BOM, csvLine } from "./csv";
import {
  type CategoryInfo,
  categoryIndex,
  type Enrichment,
  loadEnrichment,
  open311Status,
  type PublicRow,
  redactRow,
  selectPublicRows,
} from "./public-data.server";

/**
 * Open data: the public, redacted suggestions and the aggregate counts, as JSON and CSV.
 * Files are streamed page by page (keyset on id), so memory stays flat at any size. Never any
 * contact data: the contact's name is read only to redact it from the text.
 */

/** The columns of the suggestions dataset, in file order. */
export const SUGGESTION_FIELDS = [
  "tracking_code",
  "title",
  "body",
  "category_code",
  "category",
  "category_en",
  "top_category_code",
  "region_code",
  "region",
  "region_en",
  "status",
  "open311_status",
  "decision",
  "reply_department",
  "reply_published_at",
  "reply",
  "outcome_type",
  "outcome_title",
  "outcome_achieved_at",
  "cluster_id",
  "cluster_label",
  "merged_into",
  "supports_count",
  "satisfaction_score",
  "channel",
  "language",
  "submitted_at",
  "answered_at",
  "completed_at",
] as const;
export type SuggestionField = (typeof SUGGESTION_FIELDS)[number];
export type SuggestionRecord = Record<SuggestionField, string | number | null>;

export const AGGREGATE_FIELDS = [
  "month",
  "category_code",
  "category",
  "category_en",
  "status",
  "decision",
  "count",
] as const;
export type AggregateRecord = {
  month: string;
  category_code: string | null;
  category: string | null;
  category_en: string | null;
  status: string;
  decision: string | null;
  count: number;
};

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

function toRecord(r: PublicRow, x: Enrichment, cats: Map<number, CategoryInfo>): SuggestionRecord {
  const text = redactRow(r);
  const cat = r.categoryId ? cats.get(r.categoryId) : undefined;
  return {
    tracking_code: r.trackingCode,
    title: text.title,
    body: text.body,
    category_code: cat?.code ?? null,
    category: cat?.name ?? null,
    category_en: cat?.nameEn ?? null,
    top_category_code: cat?.top.code ?? null,
    region_code: x.region?.code ?? null,
    region: x.region?.name ?? null,
    region_en: x.region?.nameEn ?? null,
    status: r.status,
    open311_status: open311Status(r.status),
    decision: x.decision,
    reply_department: x.reply?.department ?? null,
    reply_published_at: iso(x.reply?.publishedAt),
    reply: x.reply?.body ?? null,
    outcome_type: x.outcome?.type ?? null,
    outcome_title: x.outcome?.title ?? null,
    outcome_achieved_at: iso(x.outcome?.achievedAt),
    cluster_id: x.cluster?.id ?? null,
    cluster_label: x.cluster?.label ?? null,
    merged_into: x.primaryCode,
    supports_count: r.supportsCount,
    satisfaction_score: x.satisfaction?.score ?? null,
    channel: r.channel,
    language: r.language,
    submitted_at: iso(r.submittedAt),
    answered_at: iso(r.answeredAt),
    completed_at: iso(r.completedAt),
  };
}

/** Public suggestions page by page, oldest id first. */
export function* publicSuggestionPages(
  database: Db = db(),
  pageSize = 500,
): Generator<SuggestionRecord[]> {
  const cats = categoryIndex(database);
  let afterId = 0;
  for (;;) {
    const rows = selectPublicRows(database, { order: "id", afterId, limit: pageSize });
    if (rows.length === 0) return;
    const extra = loadEnrichment(rows, database);
    yield rows.map((r) => toRecord(r, extra.get(r.id)!, cats));
    afterId = rows[rows.length - 1]!.id;
    if (rows.length < pageSize) return;
  }
}

export function countPublicSuggestions(database: Db = db()): number {
  return database.select({ n: count() }).from(suggestions).where(isPublicRow()).get()?.n ?? 0;
}

/**
 * Counts of all received suggestions by month (China time), first-level category, status and
 * published decision. Counting reveals no text, so unpublished items count too; a decision
 * counts only once it is published.
 */
export function aggregateCounts(database: Db = db()): AggregateRecord[] {
  const month = sql<string>`strftime('%Y-%m', (${suggestions.submittedAt} / 1000) + 8 * 3600, 'unixepoch')`;
  const rows = database
    .select({
      month,
      categoryId: suggestions.categoryId,
      status: suggestions.status,
      decision: adoptionDecisions.decision,
      n: count(),
    })
    .from(suggestions)
    .leftJoin(
      adoptionDecisions,
      sql`${adoptionDecisions.suggestionId} = ${suggestions.id} and ${adoptionDecisions.publishedAt} is not null`,
    )
    .groupBy(month, suggestions.categoryId, suggestions.status, adoptionDecisions.decision)
    .all();
  const cats = categoryIndex(database);
  const merged = new Map<string, AggregateRecord>();
  for (const r of rows) {
    const top = r.categoryId ? cats.get(r.categoryId)?.top : undefined;
    const key = [r.month, top?.code ?? "", r.status, r.decision ?? ""].join("|");
    const cell = merged.get(key);
    if (cell) cell.count += r.n;
    else
      merged.set(key, {
        month: r.month,
        category_code: top?.code ?? null,
        category: top?.name ?? null,
        category_en: top?.nameEn ?? null,
        status: r.status,
        decision: r.decision ?? null,
        count: r.n,
      });
  }
  return [...merged.values()].sort(
    (a, b) =>
      a.month.localeCompare(b.month) ||
      (a.category_code ?? "").localeCompare(b.category_code ?? "") ||
      a.status.localeCompare(b.status) ||
      (a.decision ?? "").localeCompare(b.decision ?? ""),
  );
}

// ---------------------------------------------------------------------------------------------
// Files

const encoder = new TextEncoder();

function streamOf(chunks: () => Generator<string>): ReadableStream<Uint8Array> {
  let it: Generator<string> | undefined;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      it ??= chunks();
      const next = it.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    cancel() {
      it?.return(undefined);
    },
  });
}

function stamp(): string {
  return clockNow().toISOString().slice(0, 10);
}

function download(
  body: ReadableStream<Uint8Array> | string,
  type: string,
  filename: string,
): Response {
  return new Response(body, {
    headers: {
      "Content-Type": type,
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
    },
  });
}

/** The suggestions dataset as one JSON document, streamed. */
export function suggestionsJsonResponse(origin: string, database: Db = db()): Response {
  const body = streamOf(function* () {
    yield `{"dataset":"minyi-public-suggestions","source":${JSON.stringify(`${origin}/open-data`)},"generated_at":${JSON.stringify(clockNow().toISOString())},"fields":${JSON.stringify(SUGGESTION_FIELDS)},"records":[`;
    let first = true;
    for (const page of publicSuggestionPages(database)) {
      const text = page.map((r) => JSON.stringify(r)).join(",\n");
      yield `${first ? "\n" : ",\n"}${text}`;
      first = false;
    }
    yield "\n]}\n";
  });
  return download(body, "application/json; charset=utf-8", `minyi-suggestions-${stamp()}.json`);
}

/** The suggestions dataset as CSV (UTF-8 with a byte-order mark for Excel), streamed. */
export function suggestionsCsvResponse(database: Db = db()): Response {
  const body = streamOf(function* () {
    yield BOM + csvLine(SUGGESTION_FIELDS);
    for (const page of publicSuggestionPages(database))
      yield page.map((r) => csvLine(SUGGESTION_FIELDS.map((f) => r[f]))).join("");
  });
  return download(body, "text/csv; charset=utf-8", `minyi-suggestions-${stamp()}.csv`);
}

export function aggregatesJsonResponse(origin: string, database: Db = db()): Response {
  const records = aggregateCounts(database);
  const body = JSON.stringify({
    dataset: "minyi-aggregates",
    source: `${origin}/open-data`,
    generated_at: clockNow().toISOString(),
    fields: AGGREGATE_FIELDS,
    records,
  });
  return download(body, "application/json; charset=utf-8", `minyi-aggregates-${stamp()}.json`);
}

export function aggregatesCsvResponse(database: Db = db()): Response {
  const records = aggregateCounts(database);
  const body =
    BOM +
    csvLine(AGGREGATE_FIELDS) +
    records.map((r) => csvLine(AGGREGATE_FIELDS.map((f) => r[f]))).join("");
  return download(body, "text/csv; charset=utf-8", `minyi-aggregates-${stamp()}.csv`);
}

const summaryCache = new WeakMap<Db, { at: number; value: ReturnType<typeof computeSummary> }>();
const SUMMARY_TTL_MS = 60_000;

/** Figures for the open-data page (recomputed at most once a minute: it scans every row). */
export function openDataSummary(database: Db = db()) {
  const at = clockNow().getTime();
  const hit = summaryCache.get(database);
  if (hit && at - hit.at < SUMMARY_TTL_MS) return hit.value;
  const value = computeSummary(database);
  summaryCache.set(database, { at, value });
  return value;
}

function computeSummary(database: Db) {
  const aggregates = aggregateCounts(database);
  const months = [...new Set(aggregates.map((a) => a.month))];
  return {
    publicSuggestions: countPublicSuggestions(database),
    receivedSuggestions: aggregates.reduce((s, a) => s + a.count, 0),
    aggregateRows: aggregates.length,
    firstMonth: months[0] ?? null,
    lastMonth: months[months.length - 1] ?? null,
    suggestionFields: SUGGESTION_FIELDS,
    aggregateFields: AGGREGATE_FIELDS,
  };
}

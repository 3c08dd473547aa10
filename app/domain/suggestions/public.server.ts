import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  like,
  or,
  type SQL,
} from "drizzle-orm";
import {
  adoptionDecisions,
  categories,
  clusters,
  departments,
  events,
  milestones,
  orgUnits,
  outcomes,
  replies,
  suggestionContacts,
  suggestions,
} from "../../../db/schema";
import { DECISIONS, SUGGESTION_STATUSES } from "../../../db/schema/enums";
import { now as clockNow } from "../../utils/clock.server";
import { safeEqual } from "../../utils/cookies.server";
import { type Db, db } from "../../utils/db.server";
import { NotFoundError } from "../../utils/errors";
import { redact } from "./redact";
import type { PublicListQuery } from "./suggestions.schema";
import { PUBLIC_STATES } from "./suggestions-workflow";
import { textIndex } from "./text-index.server";
import { hashSecret } from "./tracking";

/** Rows the public may see: consent given, not hidden by moderation, past screening. */
export function isPublicRow(): SQL {
  return and(
    eq(suggestions.publishConsent, true),
    eq(suggestions.moderation, "visible"),
    inArray(suggestions.status, [...PUBLIC_STATES]),
  )!;
}

export const PAGE_SIZE = 20;

const listColumns = {
  id: suggestions.id,
  trackingCode: suggestions.trackingCode,
  title: suggestions.title,
  body: suggestions.body,
  status: suggestions.status,
  decision: suggestions.decision,
  supportsCount: suggestions.supportsCount,
  submittedAt: suggestions.submittedAt,
  answeredAt: suggestions.answeredAt,
  unitName: orgUnits.name,
  unitNameEn: orgUnits.nameEn,
  categoryName: categories.name,
  categoryNameEn: categories.nameEn,
  contactName: suggestionContacts.name,
};

function excerpt(text: string, max = 120) {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

/** A public list row with personal data removed. */
function toPublicRow<T extends { title: string; body: string; contactName: string | null }>(
  r: T,
): Omit<T, "contactName" | "body"> & { excerpt: string } {
  const { contactName, body, ...rest } = r;
  return {
    ...rest,
    title: redact(r.title, [contactName]),
    excerpt: excerpt(redact(body, [contactName])),
  };
}

const PERIOD_DAYS = { "7d": 7, "30d": 30, "90d": 90, "365d": 365 } as const;

/** The public list and search with filters, sorting and pagination. */
export function listPublicSuggestions(query: PublicListQuery, database: Db = db()) {
  const page = query.page ?? 1;
  const conditions: (SQL | undefined)[] = [isPublicRow()];
  let rankedIds: number[] | null = null;
  if (query.q) {
    rankedIds = textIndex().searchIds(query.q, "public");
    conditions.push(inArray(suggestions.id, rankedIds.length ? rankedIds : [-1]));
  }
  if (query.category) {
    // A category filter includes its subcategories.
    const sub = database
      .select({ id: categories.id })
      .from(categories)
      .where(or(eq(categories.id, query.category), eq(categories.parentId, query.category)))
      .all()
      .map((c) => c.id);
    const subsub = sub.length
      ? database
          .select({ id: categories.id })
          .from(categories)
          .where(inArray(categories.parentId, sub))
          .all()
          .map((c) => c.id)
      : [];
    conditions.push(inArray(suggestions.categoryId, [...new Set([...sub, ...subsub])]));
  }
  if (query.region) {
    const path = database
      .select({ path: orgUnits.path })
      .from(orgUnits)
      .where(eq(orgUnits.id, query.region))
      .get()?.path;
    conditions.push(path ? like(orgUnits.path, `${path}%`) : eq(suggestions.id, -1));
  }
  if (query.status && (SUGGESTION_STATUSES as readonly string[]).includes(query.status)) {
    conditions.push(eq(suggestions.status, query.status as (typeof SUGGESTION_STATUSES)[number]));
  }
  if (query.decision && (DECISIONS as readonly string[]).includes(query.decision)) {
    conditions.push(eq(suggestions.decision, query.decision as (typeof DECISIONS)[number]));
  }
  if (query.period && query.period !== "all") {
    conditions.push(
      gte(
        suggestions.submittedAt,
        new Date(clockNow().getTime() - PERIOD_DAYS[query.period] * 86_400_000),
      ),
    );
  }
  const where = and(...conditions);
  const base = database
    .select(listColumns)
    .from(suggestions)
    .innerJoin(orgUnits, eq(orgUnits.id, suggestions.unitId))
    .leftJoin(categories, eq(categories.id, suggestions.categoryId))
    .leftJoin(suggestionContacts, eq(suggestionContacts.suggestionId, suggestions.id))
    .where(where);
  const total =
    database
      .select({ n: count() })
      .from(suggestions)
      .innerJoin(orgUnits, eq(orgUnits.id, suggestions.unitId))
      .where(where)
      .get()?.n ?? 0;
  let rows: ReturnType<typeof base.all>;
  if (rankedIds && !query.sort) {
    // Relevance order from the search index.
    const all = base.all();
    const rank = new Map(rankedIds.map((id, i) => [id, i]));
    all.sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
    rows = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  } else {
    const order =
      query.sort === "supported"
        ? [desc(suggestions.supportsCount), desc(suggestions.id)]
        : query.sort === "answered"
          ? [desc(suggestions.answeredAt), desc(suggestions.id)]
          : [desc(suggestions.submittedAt), desc(suggestions.id)];
    rows = base
      .orderBy(...order)
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE)
      .all();
  }
  return {
    rows: rows.map(toPublicRow),
    total,
    page,
    pageSize: PAGE_SIZE,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

/** Public rows by id (for the similar panel), redacted, in the given order. */
export function getPublicSummaries(ids: number[], database: Db = db()) {
  if (ids.length === 0) return [];
  const rows = database
    .select({ ...listColumns, outcomeTitle: outcomes.title })
    .from(suggestions)
    .innerJoin(orgUnits, eq(orgUnits.id, suggestions.unitId))
    .leftJoin(categories, eq(categories.id, suggestions.categoryId))
    .leftJoin(suggestionContacts, eq(suggestionContacts.suggestionId, suggestions.id))
    .leftJoin(
      outcomes,
      and(eq(outcomes.suggestionId, suggestions.id), isNotNull(outcomes.publishedAt)),
    )
    .where(and(isPublicRow(), inArray(suggestions.id, ids)))
    .all();
  const byId = new Map(rows.map((r) => [r.id, toPublicRow(r)]));
  return ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
}

/**
 * Everything about one suggestion that a reader may see. With the right secret (`private`),
 * citizen-visible events are included too. Merged suggestions carry their primary's progress.
 */
export function getSuggestionView(
  code: string,
  opts: { secret?: string } = {},
  database: Db = db(),
) {
  const row = database
    .select({
      ...listColumns,
      secretHash: suggestions.secretHash,
      publishConsent: suggestions.publishConsent,
      moderation: suggestions.moderation,
      primaryId: suggestions.primaryId,
      clusterId: suggestions.clusterId,
      categoryId: suggestions.categoryId,
      acceptDueAt: suggestions.acceptDueAt,
      handleDueAt: suggestions.handleDueAt,
      completedAt: suggestions.completedAt,
      rehandleCount: suggestions.rehandleCount,
      version: suggestions.version,
    })
    .from(suggestions)
    .innerJoin(orgUnits, eq(orgUnits.id, suggestions.unitId))
    .leftJoin(categories, eq(categories.id, suggestions.categoryId))
    .leftJoin(suggestionContacts, eq(suggestionContacts.suggestionId, suggestions.id))
    .where(eq(suggestions.trackingCode, code))
    .get();
  if (!row) throw new NotFoundError("Unknown tracking code");
  const isOwner = opts.secret !== undefined && safeEqual(hashSecret(opts.secret), row.secretHash);
  const isPublic =
    row.publishConsent &&
    row.moderation === "visible" &&
    (PUBLIC_STATES as readonly string[]).includes(row.status);
  if (!isPublic && !isOwner) throw new NotFoundError("Not public");
  // The citizen sees their own words; the public sees a redacted copy.
  const names = [row.contactName];
  const text = (s: string) => (isOwner ? s : redact(s, names));
  // A merged item shows its primary's handling.
  const handlingId = row.primaryId ?? row.id;
  const timeline = database
    .select({
      id: events.id,
      type: events.type,
      toStatus: events.toStatus,
      note: events.note,
      createdAt: events.createdAt,
      isPublic: events.isPublic,
    })
    .from(events)
    .where(
      and(
        eq(events.suggestionId, row.id),
        isOwner
          ? or(eq(events.isPublic, true), eq(events.citizenVisible, true))
          : eq(events.isPublic, true),
      ),
    )
    .orderBy(asc(events.createdAt), asc(events.id))
    .all()
    .map((e) => ({ ...e, note: e.note ? text(e.note) : null }));
  const reply = database
    .select({
      body: replies.body,
      publishedAt: replies.publishedAt,
      departmentName: departments.name,
      departmentNameEn: departments.nameEn,
    })
    .from(replies)
    .innerJoin(departments, eq(departments.id, replies.departmentId))
    .where(and(eq(replies.suggestionId, handlingId), eq(replies.status, "published")))
    .orderBy(desc(replies.publishedAt))
    .get();
  const decision = database
    .select({
      decision: adoptionDecisions.decision,
      reason: adoptionDecisions.reason,
      publishedAt: adoptionDecisions.publishedAt,
    })
    .from(adoptionDecisions)
    .where(
      and(eq(adoptionDecisions.suggestionId, handlingId), isNotNull(adoptionDecisions.publishedAt)),
    )
    .get();
  const outcome = getPublishedOutcome(handlingId, database);
  const primary = row.primaryId
    ? database
        .select({
          trackingCode: suggestions.trackingCode,
          title: suggestions.title,
          status: suggestions.status,
        })
        .from(suggestions)
        .where(eq(suggestions.id, row.primaryId))
        .get()
    : null;
  const cluster = row.clusterId
    ? database
        .select({ id: clusters.id, label: clusters.label })
        .from(clusters)
        .where(eq(clusters.id, row.clusterId))
        .get()
    : null;
  const related = row.clusterId
    ? database
        .select({
          trackingCode: suggestions.trackingCode,
          title: suggestions.title,
          status: suggestions.status,
          contactName: suggestionContacts.name,
        })
        .from(suggestions)
        .leftJoin(suggestionContacts, eq(suggestionContacts.suggestionId, suggestions.id))
        .where(and(eq(suggestions.clusterId, row.clusterId), isPublicRow()))
        .orderBy(desc(suggestions.supportsCount))
        .limit(11)
        .all()
        .filter((r) => r.trackingCode !== row.trackingCode)
        .slice(0, 10)
        .map((r) => ({
          trackingCode: r.trackingCode,
          title: redact(r.title, [r.contactName]),
          status: r.status,
        }))
    : [];
  const status = primary?.status ?? row.status;
  return {
    isOwner,
    suggestion: {
      trackingCode: row.trackingCode,
      title: text(row.title),
      body: text(row.body),
      status: row.status,
      handlingStatus: status,
      decision: decision?.decision ?? null,
      supportsCount: row.supportsCount,
      submittedAt: row.submittedAt,
      answeredAt: row.answeredAt,
      unitName: row.unitName,
      unitNameEn: row.unitNameEn,
      categoryName: row.categoryName,
      categoryNameEn: row.categoryNameEn,
      deadline: isOwner ? currentDue(row) : null,
      canRate: isOwner && ["answered", "implementing", "completed"].includes(row.status),
      canRehandle:
        isOwner && row.rehandleCount === 0 && ["answered", "completed"].includes(row.status),
    },
    timeline,
    reply: reply ? { ...reply, body: redact(reply.body, names) } : null,
    decision: decision
      ? { ...decision, reason: decision.reason ? redact(decision.reason, names) : null }
      : null,
    outcome,
    primary,
    cluster,
    related,
  };
}

function currentDue(row: { status: string; acceptDueAt: Date | null; handleDueAt: Date | null }) {
  if (["submitted", "transferred"].includes(row.status)) return row.acceptDueAt;
  if (["accepted", "assigned", "returned", "in_progress"].includes(row.status))
    return row.handleDueAt ?? row.acceptDueAt;
  return null;
}

export function getPublishedOutcome(suggestionId: number, database: Db = db()) {
  const outcome = database
    .select()
    .from(outcomes)
    .where(and(eq(outcomes.suggestionId, suggestionId), isNotNull(outcomes.publishedAt)))
    .get();
  if (!outcome) return null;
  const steps = database
    .select()
    .from(milestones)
    .where(eq(milestones.outcomeId, outcome.id))
    .orderBy(asc(milestones.position))
    .all();
  return {
    type: outcome.type,
    title: outcome.title,
    description: outcome.description,
    documentNo: outcome.documentNo,
    link: outcome.link,
    outcomeDate: outcome.outcomeDate,
    achievedAt: outcome.achievedAt,
    milestones: steps.map((m) => ({
      id: m.id,
      title: m.title,
      dueAt: m.dueAt,
      doneAt: m.doneAt,
      progress: m.progress,
      evidence: m.evidence,
    })),
  };
}

/** Published outcomes, newest first ("from suggestion to practice"). */
export function listPublishedOutcomes(limit = 50, database: Db = db()) {
  const rows = database
    .select({
      suggestionId: suggestions.id,
      trackingCode: suggestions.trackingCode,
      suggestionTitle: suggestions.title,
      contactName: suggestionContacts.name,
      status: suggestions.status,
      outcomeId: outcomes.id,
    })
    .from(outcomes)
    .innerJoin(suggestions, eq(suggestions.id, outcomes.suggestionId))
    .leftJoin(suggestionContacts, eq(suggestionContacts.suggestionId, suggestions.id))
    .where(and(isNotNull(outcomes.publishedAt), isPublicRow()))
    .orderBy(desc(outcomes.publishedAt))
    .limit(limit)
    .all();
  return rows.map((r) => ({
    trackingCode: r.trackingCode,
    suggestionTitle: redact(r.suggestionTitle, [r.contactName]),
    status: r.status,
    outcome: getPublishedOutcome(r.suggestionId, database)!,
  }));
}

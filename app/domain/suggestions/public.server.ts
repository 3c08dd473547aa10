import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  isNull,
  like,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import {
  adoptionDecisions,
  categories,
  clusters,
  departments,
  events,
  milestones,
  openCalls,
  orgUnits,
  outcomes,
  replies,
  suggestionContacts,
  suggestions,
} from "../../../db/schema";
import {
  DECISIONS,
  type Decision,
  type OUTCOME_TYPES,
  SUGGESTION_STATUSES,
  type SuggestionStatus,
} from "../../../db/schema/enums";
import { NLP_CONFIG } from "../../nlp/config";
import { now as clockNow } from "../../utils/clock.server";
import { safeEqual } from "../../utils/cookies.server";
import { type Db, db } from "../../utils/db.server";
import { NotFoundError } from "../../utils/errors";
import { currentRating } from "./engagement.server";
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

/** Extra scopes for the list: a call's or a topic's public suggestions. */
export interface ListScope {
  callId?: number;
  clusterId?: number;
}

/** The public list and search with filters, sorting and pagination. */
export function listPublicSuggestions(query: PublicListQuery & ListScope, database: Db = db()) {
  const page = query.page ?? 1;
  const conditions: (SQL | undefined)[] = [isPublicRow()];
  if (query.callId !== undefined) conditions.push(eq(suggestions.callId, query.callId));
  if (query.clusterId !== undefined) conditions.push(eq(suggestions.clusterId, query.clusterId));
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
      inProgressAt: suggestions.inProgressAt,
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
  const primaryRow = row.primaryId
    ? database
        .select({
          trackingCode: suggestions.trackingCode,
          title: suggestions.title,
          status: suggestions.status,
          contactName: suggestionContacts.name,
        })
        .from(suggestions)
        .leftJoin(suggestionContacts, eq(suggestionContacts.suggestionId, suggestions.id))
        .where(eq(suggestions.id, row.primaryId))
        .get()
    : undefined;
  const primary = primaryRow
    ? {
        trackingCode: primaryRow.trackingCode,
        title: redact(primaryRow.title, [primaryRow.contactName]),
        status: primaryRow.status,
      }
    : null;
  const clusterLabel = row.clusterId
    ? topicLabels(database, [row.clusterId]).get(row.clusterId)
    : undefined;
  const cluster =
    row.clusterId && clusterLabel !== undefined ? { id: row.clusterId, label: clusterLabel } : null;
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
  const rating = isOwner ? currentRating(database, row) : null;
  return {
    isOwner,
    /** Whether the public may see it (and so support or follow it). */
    isPublic,
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
      /** The owner's rating of the current answer: shown instead of the form once given. */
      myRating: rating,
      canRate: isOwner && !rating && ["answered", "implementing", "completed"].includes(row.status),
      canRehandle:
        isOwner &&
        !rating &&
        row.rehandleCount === 0 &&
        ["answered", "completed"].includes(row.status),
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

/**
 * A suggestion's published outcome with its milestones. Staff wrote the text, but it is public,
 * so it is redacted like everything else (the contact's name included).
 */
export function getPublishedOutcome(suggestionId: number, database: Db = db()) {
  const outcome = database
    .select()
    .from(outcomes)
    .where(and(eq(outcomes.suggestionId, suggestionId), isNotNull(outcomes.publishedAt)))
    .get();
  if (!outcome) return null;
  const names = [
    database
      .select({ name: suggestionContacts.name })
      .from(suggestionContacts)
      .where(eq(suggestionContacts.suggestionId, suggestionId))
      .get()?.name,
  ];
  const steps = database
    .select()
    .from(milestones)
    .where(eq(milestones.outcomeId, outcome.id))
    .orderBy(asc(milestones.position))
    .all();
  const achieved = outcome.achievedAt !== null;
  return {
    type: outcome.type,
    title: redact(outcome.title, names),
    description: redact(outcome.description, names),
    documentNo: outcome.documentNo,
    link: safeLink(outcome.link),
    outcomeDate: outcome.outcomeDate,
    achievedAt: outcome.achievedAt,
    publishedAt: outcome.publishedAt,
    /** 0–100: 100 once achieved, otherwise the mean of the milestones' progress. */
    progress: outcomeProgress(achieved, steps),
    milestones: steps.map((m) => ({
      id: m.id,
      title: redact(m.title, names),
      dueAt: m.dueAt,
      doneAt: m.doneAt,
      progress: m.doneAt ? 100 : Math.max(0, Math.min(100, m.progress)),
      evidence: m.evidence ? redact(m.evidence, names) : null,
    })),
  };
}

export type PublishedOutcome = NonNullable<ReturnType<typeof getPublishedOutcome>>;

function outcomeProgress(
  achieved: boolean,
  steps: readonly { progress: number; doneAt: Date | null }[],
): number {
  if (achieved) return 100;
  if (steps.length === 0) return 0;
  const sum = steps.reduce(
    (acc, m) => acc + (m.doneAt ? 100 : Math.max(0, Math.min(100, m.progress))),
    0,
  );
  return Math.round(sum / steps.length);
}

/** Only http(s) links are shown publicly (a stored `javascript:` URL must never render). */
function safeLink(link: string | null): string | null {
  if (!link) return null;
  try {
    const url = new URL(link);
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : null;
  } catch {
    return null;
  }
}

/** Published outcomes, newest first ("from suggestion to practice"). */
export function listPublishedOutcomes(limit = 50, database: Db = db()) {
  return listOutcomeStories({ pageSize: limit }, database).rows;
}

// ─── "From suggestion to practice" ──────────────────────────────────────────────────────────

export const OUTCOME_PAGE_SIZE = 12;

export interface OutcomeStoryQuery {
  page?: number;
  pageSize?: number;
  type?: (typeof OUTCOME_TYPES)[number];
  /** achieved: recorded as achieved; ongoing: milestones still open. */
  state?: "achieved" | "ongoing";
  callId?: number;
  clusterId?: number;
}

/**
 * Published outcomes of public suggestions, newest first, each with its milestones and the
 * suggestion it came from; with the totals for the page header.
 */
export function listOutcomeStories(query: OutcomeStoryQuery = {}, database: Db = db()) {
  const pageSize = query.pageSize ?? OUTCOME_PAGE_SIZE;
  const page = query.page ?? 1;
  const scope = and(
    isNotNull(outcomes.publishedAt),
    // Lets SQLite start from the (few) published outcomes instead of every public suggestion.
    sql`${suggestions.id} in (select ${outcomes.suggestionId} from ${outcomes} where ${outcomes.publishedAt} is not null)`,
    isPublicRow(),
    query.callId !== undefined ? eq(suggestions.callId, query.callId) : undefined,
    query.clusterId !== undefined ? eq(suggestions.clusterId, query.clusterId) : undefined,
  );
  const where = and(
    scope,
    query.type ? eq(outcomes.type, query.type) : undefined,
    query.state === "achieved"
      ? isNotNull(outcomes.achievedAt)
      : query.state === "ongoing"
        ? isNull(outcomes.achievedAt)
        : undefined,
  );
  const summary = database
    .select({
      total: count(),
      achieved: sql<number>`coalesce(sum(case when ${outcomes.achievedAt} is not null then 1 else 0 end), 0)`,
    })
    .from(outcomes)
    .innerJoin(suggestions, eq(suggestions.id, outcomes.suggestionId))
    .where(scope)
    .get() ?? { total: 0, achieved: 0 };
  const total =
    database
      .select({ n: count() })
      .from(outcomes)
      .innerJoin(suggestions, eq(suggestions.id, outcomes.suggestionId))
      .where(where)
      .get()?.n ?? 0;
  const rows = database
    .select({
      suggestionId: suggestions.id,
      trackingCode: suggestions.trackingCode,
      suggestionTitle: suggestions.title,
      contactName: suggestionContacts.name,
      status: suggestions.status,
      decision: suggestions.decision,
      supportsCount: suggestions.supportsCount,
      unitName: orgUnits.name,
      unitNameEn: orgUnits.nameEn,
      departmentName: departments.name,
      departmentNameEn: departments.nameEn,
    })
    .from(outcomes)
    .innerJoin(suggestions, eq(suggestions.id, outcomes.suggestionId))
    .innerJoin(orgUnits, eq(orgUnits.id, suggestions.unitId))
    .leftJoin(departments, eq(departments.id, suggestions.leadDepartmentId))
    .leftJoin(suggestionContacts, eq(suggestionContacts.suggestionId, suggestions.id))
    .where(where)
    .orderBy(desc(outcomes.publishedAt), desc(outcomes.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  return {
    rows: rows.map((r) => ({
      trackingCode: r.trackingCode,
      suggestionTitle: redact(r.suggestionTitle, [r.contactName]),
      status: r.status,
      decision: r.decision,
      supportsCount: r.supportsCount,
      unitName: r.unitName,
      unitNameEn: r.unitNameEn,
      departmentName: r.departmentName,
      departmentNameEn: r.departmentNameEn,
      outcome: getPublishedOutcome(r.suggestionId, database)!,
    })),
    total,
    page,
    pageSize,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    summary: { total: summary.total, achieved: Number(summary.achieved) },
  };
}

// ─── Topics (clusters) ──────────────────────────────────────────────────────────────────────

export const TOPIC_SORTS = ["hot", "size", "new"] as const;
export type TopicSort = (typeof TOPIC_SORTS)[number];
export const TOPIC_PAGE_SIZE = 24;
export const TOPIC_MIN_SIZE = 2;

const DAY_MS = 86_400_000;

interface TopicStats {
  id: number;
  size: number;
  supports: number;
  new7: number;
  new30: number;
  answered: number;
  adopted: number;
  firstSeen: Date;
  lastSeen: Date;
  /** The text engine's hot-topic score and flags (see `rankHotTopics`). */
  score: number;
  growth7: number;
  emerging: boolean;
}

/**
 * Public members of topics, aggregated per topic in one SQL pass (only what the public may see
 * counts). The heat is `rankHotTopics`' formula computed inside SQLite, so the ranking does not
 * load every member into memory: heat = Σ w·2^(−age/halfLife) with w = 1 + ln(1 + supports),
 * growth7 = (w₇ + 1)/(w₇′ + 1), score = heat·(1 + log₂(max(1, growth7))/2). A test checks that
 * the order agrees with `rankHotTopics`.
 */
function topicStats(database: Db, clusterId?: number): TopicStats[] {
  const now = clockNow().getTime();
  const hot = NLP_CONFIG.hot;
  const age = sql`((${now} - ${suggestions.submittedAt}) / 86400000.0)`;
  const weight = sql`(1 + ln(1 + max(${suggestions.supportsCount}, 0)))`;
  const past = sql`${suggestions.submittedAt} <= ${now}`;
  const rows = database
    .select({
      id: suggestions.clusterId,
      size: count(),
      supports: sql<number>`coalesce(sum(${suggestions.supportsCount}), 0)`,
      new7: sql<number>`sum(${suggestions.submittedAt} > ${now - 7 * DAY_MS})`,
      new30: sql<number>`sum(${suggestions.submittedAt} > ${now - 30 * DAY_MS})`,
      answered: sql<number>`sum(${suggestions.status} in ('answered', 'implementing', 'completed'))`,
      adopted: sql<number>`sum(coalesce(${suggestions.decision} in ('adopted', 'partly_adopted'), 0))`,
      first: sql<number>`min(${suggestions.submittedAt})`,
      last: sql<number>`max(${suggestions.submittedAt})`,
      heat: sql<number>`coalesce(sum(case when ${past} then ${weight} * pow(2, -${age} / ${hot.halfLifeDays}) end), 0)`,
      w7: sql<number>`coalesce(sum(case when ${past} and ${age} < 7 then ${weight} end), 0)`,
      prev7: sql<number>`coalesce(sum(case when ${past} and ${age} >= 7 and ${age} < 14 then ${weight} end), 0)`,
    })
    .from(suggestions)
    .where(
      and(
        isPublicRow(),
        clusterId === undefined
          ? isNotNull(suggestions.clusterId)
          : eq(suggestions.clusterId, clusterId),
      ),
    )
    .groupBy(suggestions.clusterId)
    .all();
  return rows.map((r) => {
    const growth7 = (Number(r.w7) + 1) / (Number(r.prev7) + 1);
    const first = Number(r.first);
    return {
      id: r.id!,
      size: r.size,
      supports: Number(r.supports),
      new7: Number(r.new7),
      new30: Number(r.new30),
      answered: Number(r.answered),
      adopted: Number(r.adopted),
      firstSeen: new Date(first),
      lastSeen: new Date(Number(r.last)),
      score: Number(r.heat) * (1 + Math.log2(Math.max(1, growth7)) / 2),
      growth7,
      emerging:
        (now - first) / DAY_MS <= hot.emergingDays &&
        growth7 >= hot.emergingGrowth &&
        r.size >= hot.emergingMinSize,
    };
  });
}

/** Topic labels, redacted with the primary suggestion's contact name. */
function topicLabels(database: Db, ids: number[]) {
  if (ids.length === 0) return new Map<number, string>();
  const rows = database
    .select({ id: clusters.id, label: clusters.label, contactName: suggestionContacts.name })
    .from(clusters)
    .leftJoin(suggestionContacts, eq(suggestionContacts.suggestionId, clusters.primarySuggestionId))
    .where(inArray(clusters.id, ids))
    .all();
  return new Map(rows.map((r) => [r.id, redact(r.label, [r.contactName])]));
}

/**
 * The ranked topic list is shared by every reader for a short while: hot topics move over days,
 * and one aggregate pass over the public suggestions per TTL is all a busy site pays.
 */
const TOPIC_CACHE_MS = 30_000;
let topicCache: { database: Db; at: number; sort: TopicSort; stats: TopicStats[] } | undefined;

function rankedTopics(database: Db, sort: TopicSort): TopicStats[] {
  const at = Date.now();
  if (
    topicCache &&
    topicCache.database === database &&
    topicCache.sort === sort &&
    at - topicCache.at < TOPIC_CACHE_MS
  ) {
    return topicCache.stats;
  }
  const stats = topicStats(database);
  if (sort === "hot") {
    // The same order as rankHotTopics: score, then size, then id (as text).
    stats.sort(
      (a, b) => b.score - a.score || b.size - a.size || (String(a.id) < String(b.id) ? -1 : 1),
    );
  } else if (sort === "size") {
    stats.sort((a, b) => b.size - a.size || b.supports - a.supports || a.id - b.id);
  } else {
    stats.sort((a, b) => b.firstSeen.getTime() - a.firstSeen.getTime() || b.id - a.id);
  }
  topicCache = { database, at, sort, stats };
  return stats;
}

/** Forgets the cached topic ranking (tests; commands that must show at once). */
export function clearTopicCache(): void {
  topicCache = undefined;
}

/**
 * Hot topics: topics with public suggestions, ranked by recency-decayed, support-weighted
 * activity boosted by growth (the text engine's hot-topic score), or by size or newness.
 */
export function listHotTopics(
  query: { page?: number; sort?: TopicSort; pageSize?: number; minSize?: number } = {},
  database: Db = db(),
) {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? TOPIC_PAGE_SIZE;
  // A topic is several people raising one issue; a lone suggestion is not listed as one.
  const minSize = query.minSize ?? TOPIC_MIN_SIZE;
  const all = rankedTopics(database, query.sort ?? "hot").filter((s) => s.size >= minSize);
  const slice = all.slice((page - 1) * pageSize, page * pageSize);
  const labels = topicLabels(
    database,
    slice.map((s) => s.id),
  );
  return {
    rows: slice.map((s) => ({
      id: s.id,
      label: labels.get(s.id) ?? "",
      size: s.size,
      supports: s.supports,
      new7: s.new7,
      new30: s.new30,
      answered: s.answered,
      adopted: s.adopted,
      emerging: s.emerging,
      growth7: Math.round(s.growth7 * 100) / 100,
      score: Math.round(s.score * 100) / 100,
      firstSeen: s.firstSeen,
      lastSeen: s.lastSeen,
    })),
    total: all.length,
    page,
    pageSize,
    pages: Math.max(1, Math.ceil(all.length / pageSize)),
  };
}

/** One topic's public summary; a topic without public suggestions does not exist publicly. */
export function getTopic(clusterId: number, database: Db = db()) {
  const s = topicStats(database, clusterId)[0];
  if (!s) throw new NotFoundError("Unknown topic");
  const byStatus = database
    .select({ status: suggestions.status, decision: suggestions.decision, n: count() })
    .from(suggestions)
    .where(and(isPublicRow(), eq(suggestions.clusterId, clusterId)))
    .groupBy(suggestions.status, suggestions.decision)
    .all();
  const statusCounts: Partial<Record<SuggestionStatus, number>> = {};
  const decisionCounts: Partial<Record<Decision, number>> = {};
  for (const r of byStatus) {
    statusCounts[r.status] = (statusCounts[r.status] ?? 0) + r.n;
    if (r.decision) decisionCounts[r.decision] = (decisionCounts[r.decision] ?? 0) + r.n;
  }
  return {
    id: clusterId,
    label: topicLabels(database, [clusterId]).get(clusterId) ?? "",
    size: s.size,
    supports: s.supports,
    new7: s.new7,
    new30: s.new30,
    answered: s.answered,
    adopted: s.adopted,
    emerging: s.emerging,
    growth7: Math.round(s.growth7 * 100) / 100,
    firstSeen: s.firstSeen,
    lastSeen: s.lastSeen,
    statusCounts,
    decisionCounts,
  };
}

// ─── Open calls (专项征集) ─────────────────────────────────────────────────────────────────

export type CallState = "open" | "upcoming" | "closed";

const callColumns = {
  id: openCalls.id,
  slug: openCalls.slug,
  title: openCalls.title,
  titleEn: openCalls.titleEn,
  description: openCalls.description,
  descriptionEn: openCalls.descriptionEn,
  startsAt: openCalls.startsAt,
  endsAt: openCalls.endsAt,
  unitName: orgUnits.name,
  unitNameEn: orgUnits.nameEn,
};

function callState(call: { startsAt: Date; endsAt: Date }, at: Date): CallState {
  if (call.startsAt > at) return "upcoming";
  return call.endsAt < at ? "closed" : "open";
}

interface CallCounts {
  received: number;
  public: number;
  outcomes: number;
  statusCounts: Partial<Record<SuggestionStatus, number>>;
}

/** The query behind `callCounts` (exported so a test can check it reads the call index). */
export function callCountsQuery(database: Db, callIds: number[]) {
  return database
    .select({
      callId: suggestions.callId,
      status: suggestions.status,
      isPublic: sql<number>`${isPublicRow()}`,
      outcomes: sql<number>`sum(${suggestions.id} in (select ${outcomes.suggestionId} from ${outcomes} where ${outcomes.publishedAt} is not null))`,
      n: count(),
    })
    .from(suggestions)
    .where(inArray(suggestions.callId, callIds))
    .groupBy(suggestions.callId, suggestions.status, sql`3`);
}

/**
 * Counts per call in one pass over its suggestions: received (all but withdrawn), public, the
 * public ones by status, and published outcomes.
 */
function callCounts(database: Db, callIds: number[]) {
  const out = new Map<number, CallCounts>();
  if (callIds.length === 0) return out;
  for (const id of callIds) out.set(id, { received: 0, public: 0, outcomes: 0, statusCounts: {} });
  const rows = callCountsQuery(database, callIds).all();
  for (const r of rows) {
    const c = out.get(r.callId!)!;
    if (r.status !== "withdrawn") c.received += r.n;
    if (Number(r.isPublic)) {
      c.public += r.n;
      c.statusCounts[r.status] = (c.statusCounts[r.status] ?? 0) + r.n;
      c.outcomes += Number(r.outcomes);
    }
  }
  return out;
}

/** Open, upcoming and past calls with their counts. */
export function listCalls(database: Db = db()) {
  const at = clockNow();
  const rows = database
    .select(callColumns)
    .from(openCalls)
    .innerJoin(orgUnits, eq(orgUnits.id, openCalls.unitId))
    .orderBy(desc(openCalls.endsAt), desc(openCalls.id))
    .all();
  const counts = callCounts(
    database,
    rows.map((r) => r.id),
  );
  const calls = rows.map((r) => {
    const { statusCounts: _byStatus, ...c } = counts.get(r.id)!;
    return {
      ...r,
      state: callState(r, at),
      daysLeft: Math.max(0, Math.ceil((r.endsAt.getTime() - at.getTime()) / 86_400_000)),
      ...c,
    };
  });
  return {
    open: calls
      .filter((c) => c.state === "open")
      .sort((a, b) => a.endsAt.getTime() - b.endsAt.getTime()),
    upcoming: calls.filter((c) => c.state === "upcoming"),
    closed: calls.filter((c) => c.state === "closed"),
  };
}

/** One call by its slug, with counts and the status summary of its public suggestions. */
export function getCall(slug: string, database: Db = db()) {
  const at = clockNow();
  const call = database
    .select(callColumns)
    .from(openCalls)
    .innerJoin(orgUnits, eq(orgUnits.id, openCalls.unitId))
    .where(eq(openCalls.slug, slug))
    .get();
  if (!call) throw new NotFoundError("Unknown call");
  return {
    ...call,
    state: callState(call, at),
    daysLeft: Math.max(0, Math.ceil((call.endsAt.getTime() - at.getTime()) / 86_400_000)),
    ...callCounts(database, [call.id]).get(call.id)!,
  };
}

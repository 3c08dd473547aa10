import { and, asc, desc, eq, gt, inArray, isNotNull, type SQL } from "drizzle-orm";
import {
  adoptionDecisions,
  categories,
  clusters,
  departments,
  milestones,
  orgUnits,
  outcomes,
  replies,
  satisfactions,
  suggestionContacts,
  suggestions,
} from "../../../db/schema";
import type { Db } from "../../utils/db.server";
import { isPublicRow } from "../suggestions/public.server";
import { redact } from "../suggestions/redact";

/**
 * What the open interfaces (Open311, open data, feeds) may say about public suggestions, in one
 * place: public rows only (consent, moderation, past screening), text redacted with the
 * contact's name, decisions and outcomes only once published. Contact data is read only to
 * redact it and never leaves this module.
 */

export interface CategoryInfo {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  level: number;
  parentId: number | null;
  /** The first-level ancestor (itself at level 1). */
  top: { id: number; code: string; name: string; nameEn: string };
  /** Names from the top level down to this one. */
  path: { name: string; nameEn: string }[];
}

export function categoryIndex(database: Db, opts: { activeOnly?: boolean } = {}) {
  const rows = database
    .select({
      id: categories.id,
      code: categories.code,
      name: categories.name,
      nameEn: categories.nameEn,
      level: categories.level,
      parentId: categories.parentId,
      active: categories.active,
    })
    .from(categories)
    .orderBy(asc(categories.id))
    .all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out = new Map<number, CategoryInfo>();
  for (const r of rows) {
    if (opts.activeOnly && !r.active) continue;
    const chain = [r];
    let p = r.parentId === null ? undefined : byId.get(r.parentId);
    while (p && chain.length < 10) {
      chain.unshift(p);
      p = p.parentId === null ? undefined : byId.get(p.parentId);
    }
    const top = chain[0]!;
    out.set(r.id, {
      id: r.id,
      code: r.code,
      name: r.name,
      nameEn: r.nameEn,
      level: r.level,
      parentId: r.parentId,
      top: { id: top.id, code: top.code, name: top.name, nameEn: top.nameEn },
      path: chain.map((c) => ({ name: c.name, nameEn: c.nameEn })),
    });
  }
  return out;
}

/** Columns of a public suggestion row; `contactName` is for redaction only. */
export const publicColumns = {
  id: suggestions.id,
  trackingCode: suggestions.trackingCode,
  title: suggestions.title,
  body: suggestions.body,
  language: suggestions.language,
  channel: suggestions.channel,
  status: suggestions.status,
  categoryId: suggestions.categoryId,
  unitId: suggestions.unitId,
  regionUnitId: suggestions.regionUnitId,
  leadDepartmentId: suggestions.leadDepartmentId,
  clusterId: suggestions.clusterId,
  primaryId: suggestions.primaryId,
  supportsCount: suggestions.supportsCount,
  submittedAt: suggestions.submittedAt,
  updatedAt: suggestions.updatedAt,
  answeredAt: suggestions.answeredAt,
  completedAt: suggestions.completedAt,
  closedAt: suggestions.closedAt,
  contactName: suggestionContacts.name,
};

function publicSelect(database: Db) {
  return database
    .select(publicColumns)
    .from(suggestions)
    .leftJoin(suggestionContacts, eq(suggestionContacts.suggestionId, suggestions.id));
}

export type PublicRow = ReturnType<ReturnType<typeof publicSelect>["all"]>[number];

/** Public suggestions matching `where`, newest first (or by id for keyset paging). */
export function selectPublicRows(
  database: Db,
  opts: { where?: SQL; order?: "newest" | "id"; limit?: number; offset?: number; afterId?: number },
): PublicRow[] {
  const conditions: SQL[] = [isPublicRow()];
  if (opts.where) conditions.push(opts.where);
  if (opts.afterId !== undefined) conditions.push(gt(suggestions.id, opts.afterId));
  let q = publicSelect(database)
    .where(and(...conditions))
    .orderBy(
      ...(opts.order === "id"
        ? [asc(suggestions.id)]
        : [desc(suggestions.submittedAt), desc(suggestions.id)]),
    )
    .$dynamic();
  if (opts.limit !== undefined) q = q.limit(opts.limit);
  if (opts.offset) q = q.offset(opts.offset);
  return q.all();
}

export function redactRow(row: { title: string; body: string; contactName: string | null }) {
  const names = [row.contactName];
  return { title: redact(row.title, names), body: redact(row.body, names) };
}

export interface OutcomeSummary {
  type: string;
  title: string;
  description: string;
  achievedAt: Date | null;
  publishedAt: Date | null;
  milestonesTotal: number;
  milestonesDone: number;
}

export interface Enrichment {
  decision: string | null;
  decisionPublishedAt: Date | null;
  reply: {
    body: string;
    publishedAt: Date | null;
    department: string;
    departmentEn: string;
  } | null;
  outcome: OutcomeSummary | null;
  cluster: { id: number; label: string } | null;
  satisfaction: { score: number; ratedAt: Date } | null;
  leadDepartment: { name: string; nameEn: string } | null;
  primaryCode: string | null;
  region: { code: string; name: string; nameEn: string } | null;
}

/**
 * Published decisions, replies and outcomes, clusters, the latest satisfaction and names for a
 * batch of public rows. A merged suggestion shows its primary's handling.
 */
export function loadEnrichment(rows: readonly PublicRow[], database: Db): Map<number, Enrichment> {
  const out = new Map<number, Enrichment>();
  if (rows.length === 0) return out;
  const handlingOf = new Map(rows.map((r) => [r.id, r.primaryId ?? r.id]));
  const handlingIds = [...new Set(handlingOf.values())];
  const names = new Map(rows.map((r) => [r.id, [r.contactName]]));

  const decisions = new Map(
    database
      .select({
        suggestionId: adoptionDecisions.suggestionId,
        decision: adoptionDecisions.decision,
        publishedAt: adoptionDecisions.publishedAt,
      })
      .from(adoptionDecisions)
      .where(
        and(
          inArray(adoptionDecisions.suggestionId, handlingIds),
          isNotNull(adoptionDecisions.publishedAt),
        ),
      )
      .all()
      .map((d) => [d.suggestionId, d]),
  );
  const replyRows = database
    .select({
      suggestionId: replies.suggestionId,
      body: replies.body,
      publishedAt: replies.publishedAt,
      department: departments.name,
      departmentEn: departments.nameEn,
    })
    .from(replies)
    .innerJoin(departments, eq(departments.id, replies.departmentId))
    .where(and(inArray(replies.suggestionId, handlingIds), eq(replies.status, "published")))
    .orderBy(asc(replies.publishedAt))
    .all();
  const replyBy = new Map(replyRows.map((r) => [r.suggestionId, r])); // latest wins
  const outcomeRows = database
    .select({
      id: outcomes.id,
      suggestionId: outcomes.suggestionId,
      type: outcomes.type,
      title: outcomes.title,
      description: outcomes.description,
      achievedAt: outcomes.achievedAt,
      publishedAt: outcomes.publishedAt,
    })
    .from(outcomes)
    .where(and(inArray(outcomes.suggestionId, handlingIds), isNotNull(outcomes.publishedAt)))
    .all();
  const steps = outcomeRows.length
    ? database
        .select({ outcomeId: milestones.outcomeId, doneAt: milestones.doneAt })
        .from(milestones)
        .where(
          inArray(
            milestones.outcomeId,
            outcomeRows.map((o) => o.id),
          ),
        )
        .all()
    : [];
  const outcomeBy = new Map(outcomeRows.map((o) => [o.suggestionId, o]));
  const clusterIds = [...new Set(rows.map((r) => r.clusterId).filter((c): c is number => !!c))];
  const clusterBy = new Map(
    clusterIds.length
      ? database
          .select({ id: clusters.id, label: clusters.label })
          .from(clusters)
          .where(inArray(clusters.id, clusterIds))
          .all()
          .map((c) => [c.id, c])
      : [],
  );
  const satBy = new Map<number, { score: number; ratedAt: Date }>();
  for (const s of database
    .select({
      suggestionId: satisfactions.suggestionId,
      score: satisfactions.score,
      createdAt: satisfactions.createdAt,
    })
    .from(satisfactions)
    .where(inArray(satisfactions.suggestionId, handlingIds))
    .orderBy(asc(satisfactions.createdAt), asc(satisfactions.id))
    .all())
    satBy.set(s.suggestionId, { score: s.score, ratedAt: s.createdAt });
  const deptIds = [...new Set(rows.map((r) => r.leadDepartmentId).filter((d): d is number => !!d))];
  const deptBy = new Map(
    deptIds.length
      ? database
          .select({ id: departments.id, name: departments.name, nameEn: departments.nameEn })
          .from(departments)
          .where(inArray(departments.id, deptIds))
          .all()
          .map((d) => [d.id, d])
      : [],
  );
  const primaryIds = [...new Set(rows.map((r) => r.primaryId).filter((p): p is number => !!p))];
  const primaryBy = new Map(
    primaryIds.length
      ? database
          .select({ id: suggestions.id, code: suggestions.trackingCode })
          .from(suggestions)
          .where(inArray(suggestions.id, primaryIds))
          .all()
          .map((p) => [p.id, p.code])
      : [],
  );
  const unitIds = [...new Set(rows.map((r) => r.regionUnitId).filter((u): u is number => !!u))];
  const unitBy = new Map(
    unitIds.length
      ? database
          .select({
            id: orgUnits.id,
            code: orgUnits.code,
            name: orgUnits.name,
            nameEn: orgUnits.nameEn,
          })
          .from(orgUnits)
          .where(inArray(orgUnits.id, unitIds))
          .all()
          .map((u) => [u.id, u])
      : [],
  );

  for (const r of rows) {
    const h = handlingOf.get(r.id)!;
    const n = names.get(r.id) ?? [];
    const d = decisions.get(h);
    const rep = replyBy.get(h);
    const o = outcomeBy.get(h);
    const os = o ? steps.filter((s) => s.outcomeId === o.id) : [];
    const c = r.clusterId ? clusterBy.get(r.clusterId) : undefined;
    const dept = r.leadDepartmentId ? deptBy.get(r.leadDepartmentId) : undefined;
    const unit = r.regionUnitId ? unitBy.get(r.regionUnitId) : undefined;
    out.set(r.id, {
      decision: d?.decision ?? null,
      decisionPublishedAt: d?.publishedAt ?? null,
      reply: rep
        ? {
            body: redact(rep.body, n),
            publishedAt: rep.publishedAt,
            department: rep.department,
            departmentEn: rep.departmentEn,
          }
        : null,
      outcome: o
        ? {
            type: o.type,
            title: redact(o.title, n),
            description: redact(o.description, n),
            achievedAt: o.achievedAt,
            publishedAt: o.publishedAt,
            milestonesTotal: os.length,
            milestonesDone: os.filter((s) => s.doneAt !== null).length,
          }
        : null,
      cluster: c ? { id: c.id, label: redact(c.label, n) } : null,
      satisfaction: satBy.get(h) ?? null,
      leadDepartment: dept ? { name: dept.name, nameEn: dept.nameEn } : null,
      primaryCode: r.primaryId ? (primaryBy.get(r.primaryId) ?? null) : null,
      region: unit ? { code: unit.code, name: unit.name, nameEn: unit.nameEn } : null,
    });
  }
  return out;
}

/** Statuses that count as "closed" in Open311 terms: nothing more will happen. */
export const CLOSED_STATUSES = ["completed", "not_accepted", "merged", "withdrawn"] as const;

export function open311Status(status: string): "open" | "closed" {
  return (CLOSED_STATUSES as readonly string[]).includes(status) ? "closed" : "open";
}

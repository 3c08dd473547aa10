import { asc, desc, eq, inArray } from "drizzle-orm";
import {
  categories,
  clusters,
  departments,
  internalNotes,
  notAcceptReasons,
  similarityLinks,
  suggestionContacts,
  suggestions,
  users,
} from "../../../db/schema";
import { now as clockNow } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { assertCan } from "../auth/auth.server";
import { can, type StaffUser } from "../auth/permissions";
import { intelligence } from "../intelligence/intelligence.server";
import { listDepartments, listUnits } from "../orgs/orgs.server";
import { getStaffSuggestion } from "../suggestions/suggestions.server";
import { availableActions } from "../suggestions/suggestions-workflow";
import { textIndex } from "../suggestions/text-index.server";
import { currentDeadline, daysOverdue, deadlineState } from "../supervision/deadlines";
import { handlingDetail } from "./handling.server";
import { ratingSummary } from "./review.server";

/**
 * Everything the staff page of one suggestion shows: the item, the text engine's hints, the
 * handling record, notes, ratings, the choices for the forms and what this user may do now.
 */
export function getStaffWorkspace(user: StaffUser, suggestionId: number, database: Db = db()) {
  const detail = getStaffSuggestion(suggestionId, database);
  assertCan(user, "view:suggestion", detail.scope);
  const s = detail.suggestion;
  const row = database.select().from(suggestions).where(eq(suggestions.id, suggestionId)).get()!;
  const scope = detail.scope;
  const roles = {
    reviewer: can(user, "review:suggestion", scope),
    handler: can(user, "handle:suggestion", scope),
    supervisor: can(user, "supervise:suggestion", scope),
  };
  const lead = detail.assignments.find((a) => a.role === "lead" && a.status !== "returned");
  const isLeadHandler = roles.handler && lead?.departmentId === user.departmentId;
  const actions = [
    ...(roles.reviewer ? availableActions(row.status, "reviewer") : []),
    ...(isLeadHandler ? availableActions(row.status, "handler") : []),
  ];
  const hints = staffHints(row, database);
  const contact =
    roles.reviewer || roles.handler
      ? (database
          .select()
          .from(suggestionContacts)
          .where(eq(suggestionContacts.suggestionId, suggestionId))
          .get() ?? null)
      : null;
  const notes = database
    .select({
      id: internalNotes.id,
      body: internalNotes.body,
      createdAt: internalNotes.createdAt,
      author: users.displayName,
    })
    .from(internalNotes)
    .innerJoin(users, eq(users.id, internalNotes.authorId))
    .where(eq(internalNotes.suggestionId, suggestionId))
    .orderBy(asc(internalNotes.createdAt))
    .all();
  const at = clockNow();
  const due = currentDeadline(row);
  const primary = row.primaryId
    ? (database
        .select({
          id: suggestions.id,
          trackingCode: suggestions.trackingCode,
          title: suggestions.title,
        })
        .from(suggestions)
        .where(eq(suggestions.id, row.primaryId))
        .get() ?? null)
    : null;
  const merged = database
    .select({
      id: suggestions.id,
      trackingCode: suggestions.trackingCode,
      title: suggestions.title,
    })
    .from(suggestions)
    .where(eq(suggestions.primaryId, suggestionId))
    .all();
  return {
    suggestion: {
      ...s,
      moderation: row.moderation,
      anonymous: row.anonymous,
      publishConsent: row.publishConsent,
      primary,
      merged,
      leadDepartmentId: row.leadDepartmentId,
    },
    deadline: { due, state: deadlineState(due, at), daysOverdue: daysOverdue(due, at) },
    assignments: detail.assignments,
    events: detail.events,
    contact,
    hints,
    handling: handlingDetail(suggestionId, database),
    ratings: roles.reviewer ? ratingSummary(suggestionId, database) : null,
    notes,
    roles: { ...roles, leadHandler: isLeadHandler },
    actions,
    choices: roles.reviewer ? staffChoices(database) : null,
  };
}

export type StaffWorkspace = ReturnType<typeof getStaffWorkspace>;

/** The text engine's hints for reviewers: duplicates, topic, category and department. */
export function staffHints(row: typeof suggestions.$inferSelect, database: Db = db()) {
  const live = textIndex().built
    ? textIndex().findSimilar(row, { k: 5, scope: { paths: ["/"] }, excludeId: row.id })
    : [];
  const stored = database
    .select()
    .from(similarityLinks)
    .where(eq(similarityLinks.suggestionId, row.id))
    .orderBy(desc(similarityLinks.score))
    .all();
  const scores = new Map<number, { score: number; verdict: string }>();
  for (const l of stored) scores.set(l.otherId, { score: l.score, verdict: l.verdict });
  for (const m of live)
    if (m.verdict !== "none") scores.set(Number(m.id), { score: m.score, verdict: m.verdict });
  const ids = [...scores.keys()].filter((id) => id !== row.id);
  const others = ids.length
    ? database
        .select({
          id: suggestions.id,
          trackingCode: suggestions.trackingCode,
          title: suggestions.title,
          status: suggestions.status,
          version: suggestions.version,
        })
        .from(suggestions)
        .where(inArray(suggestions.id, ids))
        .all()
    : [];
  const duplicates = others
    .map((o) => ({ ...o, ...scores.get(o.id)! }))
    .sort((a, b) => b.score - a.score)
    .slice(0, 5);
  const cluster = row.clusterId
    ? (database.select().from(clusters).where(eq(clusters.id, row.clusterId)).get() ?? null)
    : null;
  const prediction = database.transaction((tx) => intelligence().predict(tx, row));
  const names = (ids: number[]) =>
    ids.length
      ? new Map(
          database
            .select({ id: categories.id, name: categories.name, nameEn: categories.nameEn })
            .from(categories)
            .where(inArray(categories.id, ids))
            .all()
            .map((c) => [c.id, c]),
        )
      : new Map<number, { id: number; name: string; nameEn: string }>();
  const catNames = names(prediction?.alternatives.map((a) => a.categoryId) ?? []);
  const dept = prediction?.department
    ? database
        .select({ id: departments.id, name: departments.name, nameEn: departments.nameEn })
        .from(departments)
        .where(eq(departments.id, prediction.department.departmentId))
        .get()
    : undefined;
  return {
    duplicates,
    cluster: cluster ? { id: cluster.id, label: cluster.label, size: cluster.size } : null,
    categories:
      prediction?.alternatives.map((a) => ({
        ...a,
        name: catNames.get(a.categoryId)?.name ?? String(a.categoryId),
        nameEn: catNames.get(a.categoryId)?.nameEn ?? String(a.categoryId),
      })) ?? [],
    department:
      prediction?.department && dept
        ? { ...dept, confidence: prediction.department.confidence }
        : null,
  };
}

/** Choices for reviewers' forms: leaf-friendly categories, units, departments, reasons. */
export function staffChoices(database: Db = db()) {
  return {
    categories: database
      .select({
        id: categories.id,
        level: categories.level,
        parentId: categories.parentId,
        name: categories.name,
        nameEn: categories.nameEn,
      })
      .from(categories)
      .where(eq(categories.active, true))
      .orderBy(asc(categories.code))
      .all(),
    units: listUnits(database).map((u) => ({
      id: u.id,
      name: u.name,
      nameEn: u.nameEn,
      level: u.level,
      path: u.path,
    })),
    departments: listDepartments(database).filter((d) => d.active),
    reasons: database
      .select()
      .from(notAcceptReasons)
      .where(eq(notAcceptReasons.active, true))
      .orderBy(asc(notAcceptReasons.id))
      .all(),
  };
}

/** Resolves a tracking code typed by a reviewer to an id (for merges). */
export function idForCode(code: string, database: Db = db()): number | null {
  return (
    database
      .select({ id: suggestions.id })
      .from(suggestions)
      .where(eq(suggestions.trackingCode, code.trim().toUpperCase()))
      .get()?.id ?? null
  );
}

import { and, asc, eq, inArray, like, or, type SQL } from "drizzle-orm";
import {
  assignments,
  categories,
  departments,
  events,
  orgUnits,
  suggestions,
} from "../../../db/schema";
import type { SuggestionStatus } from "../../../db/schema/enums";
import { type Db, db } from "../../utils/db.server";
import { NotFoundError } from "../../utils/errors";
import type { Scope } from "../auth/permissions";

/** A filter matching suggestions held by any unit under one of `paths`. */
export function inSubtrees(paths: string[]): SQL {
  if (paths.length === 0) return eq(suggestions.id, -1);
  return or(...paths.map((p) => like(orgUnits.path, `${p}%`)))!;
}

const staffColumns = {
  id: suggestions.id,
  trackingCode: suggestions.trackingCode,
  title: suggestions.title,
  status: suggestions.status,
  decision: suggestions.decision,
  submittedAt: suggestions.submittedAt,
  acceptDueAt: suggestions.acceptDueAt,
  handleDueAt: suggestions.handleDueAt,
  supportsCount: suggestions.supportsCount,
  unitId: suggestions.unitId,
  unitName: orgUnits.name,
  unitNameEn: orgUnits.nameEn,
  categoryId: suggestions.categoryId,
  categoryName: categories.name,
  categoryNameEn: categories.nameEn,
  clusterId: suggestions.clusterId,
  version: suggestions.version,
};

/** Staff list of suggestions in some states under some subtrees. */
export function listStaffSuggestions(
  opts: {
    paths: string[];
    statuses?: SuggestionStatus[];
    limit?: number;
    sort?: "age" | "deadline";
  },
  database: Db = db(),
) {
  const where = and(
    inSubtrees(opts.paths),
    opts.statuses ? inArray(suggestions.status, opts.statuses) : undefined,
  );
  return database
    .select(staffColumns)
    .from(suggestions)
    .innerJoin(orgUnits, eq(orgUnits.id, suggestions.unitId))
    .leftJoin(categories, eq(categories.id, suggestions.categoryId))
    .where(where)
    .orderBy(opts.sort === "deadline" ? asc(suggestions.acceptDueAt) : asc(suggestions.submittedAt))
    .limit(opts.limit ?? 200)
    .all();
}

/** Everything staff see about one suggestion, plus the scope to check permissions against. */
export function getStaffSuggestion(suggestionId: number, database: Db = db()) {
  const row = database
    .select({
      ...staffColumns,
      body: suggestions.body,
      unitPath: orgUnits.path,
      language: suggestions.language,
      channel: suggestions.channel,
    })
    .from(suggestions)
    .innerJoin(orgUnits, eq(orgUnits.id, suggestions.unitId))
    .leftJoin(categories, eq(categories.id, suggestions.categoryId))
    .where(eq(suggestions.id, suggestionId))
    .get();
  if (!row) throw new NotFoundError("Unknown suggestion");
  const assigned = database
    .select({
      id: assignments.id,
      departmentId: assignments.departmentId,
      departmentName: departments.name,
      departmentNameEn: departments.nameEn,
      role: assignments.role,
      status: assignments.status,
      dueAt: assignments.dueAt,
    })
    .from(assignments)
    .innerJoin(departments, eq(departments.id, assignments.departmentId))
    .where(eq(assignments.suggestionId, suggestionId))
    .all();
  const timeline = database
    .select()
    .from(events)
    .where(eq(events.suggestionId, suggestionId))
    .orderBy(asc(events.createdAt), asc(events.id))
    .all();
  const scope: Scope = {
    unitPath: row.unitPath,
    departmentIds: assigned.map((a) => a.departmentId),
  };
  return { suggestion: row, assignments: assigned, events: timeline, scope };
}

/** Assignments of a department (the handler's inbox). */
export function listDepartmentAssignments(departmentId: number, database: Db = db()) {
  return database
    .select({
      ...staffColumns,
      assignmentId: assignments.id,
      assignmentStatus: assignments.status,
      dueAt: assignments.dueAt,
      role: assignments.role,
    })
    .from(assignments)
    .innerJoin(suggestions, eq(suggestions.id, assignments.suggestionId))
    .innerJoin(orgUnits, eq(orgUnits.id, suggestions.unitId))
    .leftJoin(categories, eq(categories.id, suggestions.categoryId))
    .where(
      and(
        eq(assignments.departmentId, departmentId),
        inArray(assignments.status, ["pending", "accepted"]),
      ),
    )
    .orderBy(asc(assignments.dueAt))
    .all()
    .filter((r) => ["assigned", "in_progress", "answered", "implementing"].includes(r.status));
}

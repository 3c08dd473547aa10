import { z } from "zod";
import { ASSIGNMENT_ROLES, ASSIGNMENT_STATUSES } from "../../../db/schema/enums";
import { type Db, db } from "../../utils/db.server";
import { ForbiddenError, NotFoundError } from "../../utils/errors";
import { assertCan } from "../auth/auth.server";
import type { StaffUser } from "../auth/permissions";
import { executeStaffCommand } from "../staff/dispatch.server";
import { handlingDetail } from "../staff/handling.server";
import type { StaffCommandInput, StaffIntent } from "../staff/staff.schema";
import { getStaffSuggestion } from "../suggestions/suggestions.server";
import { normalizePaths } from "./filters.server";

/**
 * Reads of the staff JSON API (/api/v1/staff/*): a client's assignments, one assignment, one
 * suggestion. Lives beside the analytics lists because it is the same kind of scoped, paginated
 * read; the API's writes go through app/domain/staff (executeStaffCommand).
 *
 * Scope, as in the console: a handler sees the assignments of their own department inside their
 * grant's subtree; reviewers, supervisors, analysts and admins see every assignment of the
 * suggestions held in their subtrees.
 */

export const ApiAssignmentsQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  status: z.enum(ASSIGNMENT_STATUSES).optional(),
  role: z.enum(ASSIGNMENT_ROLES).optional(),
  unit: z.coerce.number().int().positive().optional(),
});
export type ApiAssignmentsQuery = z.infer<typeof ApiAssignmentsQuerySchema>;

const VIEW_ROLES = ["reviewer", "supervisor", "analyst", "admin"] as const;

interface AssignmentScope {
  handlerPaths: string[];
  departmentId: number | null;
  viewPaths: string[];
}

function assignmentScope(user: StaffUser): AssignmentScope {
  const handlerPaths = user.grants.filter((g) => g.role === "handler").map((g) => g.unitPath);
  const viewPaths = normalizePaths(
    user.grants
      .filter((g) => (VIEW_ROLES as readonly string[]).includes(g.role))
      .map((g) => g.unitPath),
  );
  const departmentId = handlerPaths.length ? user.departmentId : null;
  if (viewPaths.length === 0 && departmentId === null) throw new ForbiddenError();
  return { handlerPaths: normalizePaths(handlerPaths), departmentId, viewPaths };
}

const likeAny = (paths: string[]) =>
  paths.length ? `(${paths.map(() => "u.path LIKE ?").join(" OR ")})` : "0";

export interface ApiAssignment {
  id: number;
  role: "lead" | "co";
  status: "pending" | "accepted" | "returned" | "done";
  instructions: string | null;
  assignedAt: string;
  dueAt: string;
  respondedAt: string | null;
  department: { id: number; code: string; name: string; nameEn: string };
  suggestion: {
    id: number;
    trackingCode: string;
    title: string;
    status: string;
    decision: string | null;
    version: number;
    submittedAt: string;
    handleDueAt: string | null;
    unit: { id: number; name: string; nameEn: string };
    category: { id: number; name: string; nameEn: string } | null;
  };
}

interface Row {
  id: number;
  role: ApiAssignment["role"];
  status: ApiAssignment["status"];
  instructions: string | null;
  assignedAt: number;
  dueAt: number;
  respondedAt: number | null;
  departmentId: number;
  departmentCode: string;
  departmentName: string;
  departmentNameEn: string;
  suggestionId: number;
  trackingCode: string;
  title: string;
  suggestionStatus: string;
  decision: string | null;
  version: number;
  submittedAt: number;
  handleDueAt: number | null;
  unitId: number;
  unitName: string;
  unitNameEn: string;
  unitPath: string;
  categoryId: number | null;
  categoryName: string | null;
  categoryNameEn: string | null;
}

const SELECT = `SELECT a.id, a.role, a.status, a.instructions, a.assigned_at AS assignedAt, a.due_at AS dueAt,
  a.responded_at AS respondedAt, a.department_id AS departmentId, dep.code AS departmentCode,
  dep.name AS departmentName, dep.name_en AS departmentNameEn, s.id AS suggestionId,
  s.tracking_code AS trackingCode, s.title, s.status AS suggestionStatus, s.decision, s.version,
  s.submitted_at AS submittedAt, s.handle_due_at AS handleDueAt, u.id AS unitId, u.name AS unitName,
  u.name_en AS unitNameEn, u.path AS unitPath, c.id AS categoryId, c.name AS categoryName,
  c.name_en AS categoryNameEn
  FROM assignments a
  JOIN suggestions s ON s.id = a.suggestion_id
  JOIN org_units u ON u.id = s.unit_id
  JOIN departments dep ON dep.id = a.department_id
  LEFT JOIN categories c ON c.id = s.category_id`;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function toApi(r: Row): ApiAssignment {
  return {
    id: r.id,
    role: r.role,
    status: r.status,
    instructions: r.instructions,
    assignedAt: iso(r.assignedAt)!,
    dueAt: iso(r.dueAt)!,
    respondedAt: iso(r.respondedAt),
    department: {
      id: r.departmentId,
      code: r.departmentCode,
      name: r.departmentName,
      nameEn: r.departmentNameEn,
    },
    suggestion: {
      id: r.suggestionId,
      trackingCode: r.trackingCode,
      title: r.title,
      status: r.suggestionStatus,
      decision: r.decision,
      version: r.version,
      submittedAt: iso(r.submittedAt)!,
      handleDueAt: iso(r.handleDueAt),
      unit: { id: r.unitId, name: r.unitName, nameEn: r.unitNameEn },
      category:
        r.categoryId === null
          ? null
          : { id: r.categoryId, name: r.categoryName ?? "", nameEn: r.categoryNameEn ?? "" },
    },
  };
}

/** The client's assignments, most urgent first, one page at a time. */
export function listApiAssignments(
  user: StaffUser,
  query: ApiAssignmentsQuery,
  database: Db = db(),
) {
  const scope = assignmentScope(user);
  const conditions: string[] = [];
  const params: unknown[] = [];
  const visible: string[] = [];
  if (scope.departmentId !== null) {
    visible.push(`(a.department_id = ? AND ${likeAny(scope.handlerPaths)})`);
    params.push(scope.departmentId, ...scope.handlerPaths.map((p) => `${p}%`));
  }
  if (scope.viewPaths.length) {
    visible.push(likeAny(scope.viewPaths));
    params.push(...scope.viewPaths.map((p) => `${p}%`));
  }
  conditions.push(`(${visible.join(" OR ")})`);
  if (query.unit !== undefined) {
    const unit = database.$client
      .prepare("SELECT path FROM org_units WHERE id = ?")
      .get(query.unit) as { path: string } | undefined;
    const all = [...scope.handlerPaths, ...scope.viewPaths];
    if (!unit || !all.some((p) => unit.path.startsWith(p) || p.startsWith(unit.path))) {
      throw new ForbiddenError("Unit outside the client's scope");
    }
    conditions.push("u.path LIKE ?");
    params.push(`${unit.path}%`);
  }
  if (query.status) {
    conditions.push("a.status = ?");
    params.push(query.status);
  }
  if (query.role) {
    conditions.push("a.role = ?");
    params.push(query.role);
  }
  const where = conditions.join(" AND ");
  const total = (
    database.$client
      .prepare(
        `SELECT count(*) AS n FROM assignments a JOIN suggestions s ON s.id = a.suggestion_id
         JOIN org_units u ON u.id = s.unit_id WHERE ${where}`,
      )
      .get(...params) as { n: number }
  ).n;
  const pages = Math.max(1, Math.ceil(total / query.pageSize));
  const rows = database.$client
    .prepare(`${SELECT} WHERE ${where} ORDER BY a.due_at ASC, a.id ASC LIMIT ? OFFSET ?`)
    .all(...params, query.pageSize, (query.page - 1) * query.pageSize) as Row[];
  return {
    items: rows.map(toApi),
    page: query.page,
    pageSize: query.pageSize,
    total,
    pages,
  };
}

/** One assignment, if the client may see its suggestion (403 otherwise, 404 if unknown). */
export function getApiAssignment(user: StaffUser, assignmentId: number, database: Db = db()) {
  const row = database.$client.prepare(`${SELECT} WHERE a.id = ?`).get(assignmentId) as
    | Row
    | undefined;
  if (!row) throw new NotFoundError("Unknown assignment");
  const departmentIds = (
    database.$client
      .prepare("SELECT department_id AS id FROM assignments WHERE suggestion_id = ?")
      .all(row.suggestionId) as { id: number }[]
  ).map((d) => d.id);
  assertCan(user, "view:suggestion", { unitPath: row.unitPath, departmentIds });
  return toApi(row);
}

/** One suggestion with its handling record, as staff see it (403 outside the client's scope). */
export function getApiSuggestion(user: StaffUser, suggestionId: number, database: Db = db()) {
  const detail = getStaffSuggestion(suggestionId, database);
  assertCan(user, "view:suggestion", detail.scope);
  const handling = handlingDetail(suggestionId, database);
  const s = detail.suggestion;
  return {
    id: s.id,
    trackingCode: s.trackingCode,
    title: s.title,
    body: s.body,
    status: s.status,
    decision: s.decision,
    version: s.version,
    channel: s.channel,
    language: s.language,
    submittedAt: s.submittedAt.toISOString(),
    acceptDueAt: s.acceptDueAt?.toISOString() ?? null,
    handleDueAt: s.handleDueAt?.toISOString() ?? null,
    unit: { id: s.unitId, name: s.unitName, nameEn: s.unitNameEn },
    category:
      s.categoryId === null
        ? null
        : { id: s.categoryId, name: s.categoryName ?? "", nameEn: s.categoryNameEn ?? "" },
    assignments: detail.assignments.map((a) => ({
      id: a.id,
      departmentId: a.departmentId,
      departmentName: a.departmentName,
      departmentNameEn: a.departmentNameEn,
      role: a.role,
      status: a.status,
      dueAt: a.dueAt.toISOString(),
    })),
    replies: handling.replies.map((r) => ({
      id: r.id,
      departmentId: r.departmentId,
      body: r.body,
      status: r.status,
      publishedAt: r.publishedAt?.toISOString() ?? null,
    })),
    adoptionDecision: handling.decision
      ? {
          decision: handling.decision.decision,
          reason: handling.decision.reason,
          decidedAt: handling.decision.decidedAt.toISOString(),
          publishedAt: handling.decision.publishedAt?.toISOString() ?? null,
        }
      : null,
    outcome: handling.outcome
      ? {
          id: handling.outcome.id,
          type: handling.outcome.type,
          title: handling.outcome.title,
          description: handling.outcome.description,
          documentNo: handling.outcome.documentNo,
          link: handling.outcome.link,
          outcomeDate: handling.outcome.outcomeDate?.toISOString() ?? null,
          achievedAt: handling.outcome.achievedAt?.toISOString() ?? null,
          publishedAt: handling.outcome.publishedAt?.toISOString() ?? null,
          milestones: handling.milestones.map((m) => ({
            id: m.id,
            position: m.position,
            title: m.title,
            dueAt: m.dueAt?.toISOString() ?? null,
            doneAt: m.doneAt?.toISOString() ?? null,
            progress: m.progress,
            evidence: m.evidence,
          })),
        }
      : null,
  };
}

/**
 * Named action endpoints of the staff API → the staff command they run. `actions` takes the
 * intent from the body (any staff command, see StaffCommand in app/domain/staff/staff.schema.ts).
 */
export const API_ACTIONS = {
  "accept-assignment": "acceptAssignment",
  "return-assignment": "returnAssignment",
  "reply-draft": "saveReply",
  reply: "publishReply",
  complete: "complete",
  outcome: "recordOutcome",
  milestones: "addMilestone",
  extension: "requestExtension",
} as const satisfies Record<string, StaffIntent>;
export type ApiActionName = keyof typeof API_ACTIONS | "actions";

export function isApiAction(name: string | undefined): name is ApiActionName {
  return name === "actions" || (name !== undefined && Object.hasOwn(API_ACTIONS, name));
}

/**
 * A JSON body in the shape the shared form schema reads: JSON booleans become the strings a
 * checkbox sends ("true"/"false"); numbers and strings pass (the schema coerces them).
 */
export function commandInput(
  body: unknown,
  action: ApiActionName,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const source = body && typeof body === "object" && !Array.isArray(body) ? body : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(source)) out[k] = typeof v === "boolean" ? String(v) : v;
  if (action !== "actions") out.intent = API_ACTIONS[action];
  return { ...out, ...extra };
}

/** Runs a staff command for an API client; returns the suggestion's new version and status. */
export function runApiCommand(
  user: StaffUser,
  suggestionId: number,
  command: StaffCommandInput,
  database: Db = db(),
) {
  const result = executeStaffCommand(user, suggestionId, command, database);
  const row = database.$client
    .prepare("SELECT status, version FROM suggestions WHERE id = ?")
    .get(suggestionId) as { status: string; version: number };
  return {
    suggestionId,
    intent: command.intent,
    version: result.version ?? row.version,
    status: row.status,
  };
}

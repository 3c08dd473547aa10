import { createHash } from "node:crypto";
import { and, type Column, desc, eq, inArray, isNull, like, or, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { auditLog, departments, orgUnits, users } from "../../../db/schema";
import { now } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { ConflictError, DomainValidationError, NotFoundError } from "../../utils/errors";
import type { Tx } from "../audit/audit.server";
import { assertCan } from "../auth/auth.server";
import type { StaffUser } from "../auth/permissions";
import { ADMIN_PAGE_SIZE, adminFieldErrors } from "./admin.schema";

/**
 * Shared pieces of the admin commands: input parsing, the subtree checks and the audit trail.
 * Every admin command takes the acting staff user, parses its input with the shared schema,
 * checks `admin:system` (on the unit it touches when there is one) and runs one synchronous
 * transaction that writes the change and its audit row.
 */

/** Parses command input with a form schema; bad input → DomainValidationError (400). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new DomainValidationError(adminFieldErrors(parsed.error));
  return parsed.data;
}

/** Throws 403 unless the actor is an admin (of the given unit's subtree, when given). */
export function assertAdmin(actor: StaffUser, unitPath?: string): void {
  assertCan(actor, "admin:system", unitPath === undefined ? undefined : { unitPath });
}

/** The subtree roots the actor administers. */
export function adminPaths(actor: StaffUser): string[] {
  return actor.grants.filter((g) => g.role === "admin").map((g) => g.unitPath);
}

export function isAdminOf(actor: StaffUser, unitPath: string): boolean {
  return adminPaths(actor).some((p) => unitPath.startsWith(p));
}

/** SQL: `column` lies in one of the actor's admin subtrees. */
export function inAdminSubtree(actor: StaffUser, column: Column): SQL {
  const paths = adminPaths(actor);
  if (paths.length === 0) return sql`0`;
  return or(...paths.map((p) => like(column, `${p}%`))) ?? sql`0`;
}

export function getUnitRow(tx: Tx, unitId: number) {
  const unit = tx.select().from(orgUnits).where(eq(orgUnits.id, unitId)).get();
  if (!unit) throw new NotFoundError("Unknown unit");
  return unit;
}

/** A unit the actor administers, or 403/404. */
export function requireAdminUnit(tx: Tx, actor: StaffUser, unitId: number) {
  const unit = getUnitRow(tx, unitId);
  assertAdmin(actor, unit.path);
  return unit;
}

export function getDepartmentRow(tx: Tx, departmentId: number) {
  const row = tx
    .select({
      id: departments.id,
      unitId: departments.unitId,
      code: departments.code,
      name: departments.name,
      nameEn: departments.nameEn,
      active: departments.active,
      unitPath: orgUnits.path,
    })
    .from(departments)
    .innerJoin(orgUnits, eq(orgUnits.id, departments.unitId))
    .where(eq(departments.id, departmentId))
    .get();
  if (!row) throw new NotFoundError("Unknown department");
  return row;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: number;
  /** The unit the change falls under (null for global configuration). */
  unitId: number | null;
  data?: Record<string, unknown>;
}

/** Appends one audit row (who, when, what) inside the command's transaction. */
export function recordAudit(tx: Tx, actor: StaffUser, entry: AuditEntry, at = now()): void {
  tx.insert(auditLog)
    .values({
      actorKind: "staff",
      actorUserId: actor.id,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      unitId: entry.unitId,
      data: entry.data ?? null,
      createdAt: at,
    })
    .run();
}

/** Only the fields that changed, as { field: [before, after] }. */
export function changes<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const [key, value] of Object.entries(after)) {
    if (value !== undefined && before[key] !== value) out[key] = [before[key], value];
  }
  return out;
}

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
}

/** One page of an already filtered list (admin lists are hundreds of rows, not millions). */
export function paginate<T>(rows: T[], page: number, pageSize = ADMIN_PAGE_SIZE): Page<T> {
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const current = Math.min(Math.max(1, page), pages);
  return {
    rows: rows.slice((current - 1) * pageSize, current * pageSize),
    total: rows.length,
    page: current,
    pages,
    pageSize,
  };
}

/** Case-insensitive substring match of a filter over some text fields. */
export function matches(q: string | undefined, ...fields: (string | null | undefined)[]): boolean {
  if (!q) return true;
  const needle = q.toLowerCase();
  return fields.some((f) => f?.toLowerCase().includes(needle));
}

/** Recent audit rows in the actor's subtrees (plus global configuration changes). */
export function listRecentAudit(actor: StaffUser, limit = 20, database: Db = db()) {
  assertAdmin(actor);
  return database
    .select({
      id: auditLog.id,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      data: auditLog.data,
      createdAt: auditLog.createdAt,
      actor: users.username,
      unitName: orgUnits.name,
      unitNameEn: orgUnits.nameEn,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(orgUnits, eq(orgUnits.id, auditLog.unitId))
    .where(or(isNull(auditLog.unitId), inAdminSubtree(actor, orgUnits.path)))
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all();
}

/** Audit rows of one entity (newest first). */
export function listEntityAudit(
  actor: StaffUser,
  entityType: string,
  entityIds: number[],
  database: Db = db(),
) {
  assertAdmin(actor);
  if (entityIds.length === 0) return [];
  return database
    .select({
      id: auditLog.id,
      action: auditLog.action,
      entityId: auditLog.entityId,
      data: auditLog.data,
      createdAt: auditLog.createdAt,
      actor: users.username,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(eq(auditLog.entityType, entityType), inArray(auditLog.entityId, entityIds)))
    .orderBy(desc(auditLog.id))
    .all();
}

/**
 * What an edit form saw of a row: a short hash of the fields it edits. The form sends it back
 * as `seen`; the edit is refused when the row changed in between (optimistic concurrency
 * without a version column).
 */
export function fingerprint(row: Record<string, unknown>, fields: readonly string[]): string {
  const seen = JSON.stringify(fields.map((f) => row[f] ?? null));
  return createHash("sha256").update(seen).digest("base64url").slice(0, 16);
}

/** Refuses an edit made on an older copy of the row: someone saved it since (409). */
export function assertUnchanged(
  row: Record<string, unknown>,
  fields: readonly string[],
  seen: string | undefined,
): void {
  if (seen !== undefined && seen !== fingerprint(row, fields)) throw new ConflictError();
}

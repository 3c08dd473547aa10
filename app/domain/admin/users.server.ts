import { and, asc, count, eq, isNull } from "drizzle-orm";
import { departments, orgUnits, roleGrants, sessions, users } from "../../../db/schema";
import type { StaffRole } from "../../../db/schema/enums";
import { now } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { DomainValidationError, ForbiddenError, NotFoundError } from "../../utils/errors";
import type { Tx } from "../audit/audit.server";
import { hashPassword } from "../auth/auth.server";
import type { StaffUser } from "../auth/permissions";
import {
  AddGrantSchema,
  CreateUserSchema,
  type ListQuery,
  RemoveGrantSchema,
  ResetPasswordSchema,
  SetUserActiveSchema,
  UpdateUserSchema,
} from "./admin.schema";
import {
  assertAdmin,
  assertUnchanged,
  changes,
  fingerprint,
  getDepartmentRow,
  isAdminOf,
  listEntityAudit,
  matches,
  paginate,
  parseInput,
  recordAudit,
  requireAdminUnit,
} from "./admin.server";

/**
 * Staff accounts and their role grants. An admin manages the accounts that live in their
 * subtree: every active grant and the department are inside it (an account with neither is
 * anyone's to pick up). Grants are never deleted: a removed grant keeps its row with
 * `revokedAt`, and the audit log says who granted and removed what, when.
 */

interface GrantRow {
  id: number;
  userId: number;
  role: StaffRole;
  unitId: number;
  unitPath: string;
  unitName: string;
  unitNameEn: string;
  createdAt: Date;
  revokedAt: Date | null;
}

function grantsOf(tx: Tx, userIds?: number[], includeRevoked = false): GrantRow[] {
  const rows = tx
    .select({
      id: roleGrants.id,
      userId: roleGrants.userId,
      role: roleGrants.role,
      unitId: roleGrants.unitId,
      unitPath: orgUnits.path,
      unitName: orgUnits.name,
      unitNameEn: orgUnits.nameEn,
      createdAt: roleGrants.createdAt,
      revokedAt: roleGrants.revokedAt,
    })
    .from(roleGrants)
    .innerJoin(orgUnits, eq(orgUnits.id, roleGrants.unitId))
    .where(includeRevoked ? undefined : isNull(roleGrants.revokedAt))
    .orderBy(asc(roleGrants.id))
    .all();
  if (!userIds) return rows;
  const wanted = new Set(userIds);
  return rows.filter((g) => wanted.has(g.userId));
}

type Reach = "full" | "partial" | "none";

/** How much of an account lies in the actor's subtrees. */
function reachOf(
  actor: StaffUser,
  grants: { unitPath: string; revokedAt: Date | null }[],
  departmentPath: string | null,
): Reach {
  const paths = grants.filter((g) => g.revokedAt === null).map((g) => g.unitPath);
  if (departmentPath) paths.push(departmentPath);
  if (paths.length === 0) return "full";
  const inside = paths.filter((p) => isAdminOf(actor, p)).length;
  return inside === paths.length ? "full" : inside > 0 ? "partial" : "none";
}

function userWithDepartment(tx: Tx, userId: number) {
  const row = tx
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      email: users.email,
      departmentId: users.departmentId,
      active: users.active,
      createdAt: users.createdAt,
      lockedUntil: users.lockedUntil,
      departmentPath: orgUnits.path,
    })
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .leftJoin(orgUnits, eq(orgUnits.id, departments.unitId))
    .where(eq(users.id, userId))
    .get();
  if (!row) throw new NotFoundError("Unknown user");
  return row;
}

/** The account, if the actor manages all of it (403 otherwise). */
function requireManagedUser(tx: Tx, actor: StaffUser, userId: number) {
  assertAdmin(actor);
  const user = userWithDepartment(tx, userId);
  if (reachOf(actor, grantsOf(tx, [userId]), user.departmentPath) !== "full") {
    throw new ForbiddenError("This account is also in use outside your units");
  }
  return user;
}

/** The account, if any part of it is in the actor's subtrees (403 otherwise). */
function requireVisibleUser(tx: Tx, actor: StaffUser, userId: number) {
  assertAdmin(actor);
  const user = userWithDepartment(tx, userId);
  if (reachOf(actor, grantsOf(tx, [userId]), user.departmentPath) === "none") {
    throw new ForbiddenError("This account is outside your units");
  }
  return user;
}

function requireUsableDepartment(tx: Tx, actor: StaffUser, departmentId: number) {
  const dept = getDepartmentRow(tx, departmentId);
  assertAdmin(actor, dept.unitPath);
  if (!dept.active) throw new DomainValidationError({ departmentId: ["admin.error.inactive"] });
  return dept;
}

export interface UserListQuery extends ListQuery {
  role?: StaffRole;
  status?: "active" | "inactive";
}

/** Accounts visible to the actor (any part in their subtrees), with their active grants. */
function visibleUsers(actor: StaffUser, query: UserListQuery | undefined, database: Db) {
  assertAdmin(actor);
  const rows = database
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      email: users.email,
      active: users.active,
      departmentId: users.departmentId,
      departmentName: departments.name,
      departmentNameEn: departments.nameEn,
      departmentPath: orgUnits.path,
    })
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .leftJoin(orgUnits, eq(orgUnits.id, departments.unitId))
    .orderBy(asc(users.username))
    .all();
  const grants = grantsOf(database);
  const byUser = new Map<number, GrantRow[]>();
  for (const g of grants) {
    const list = byUser.get(g.userId) ?? [];
    list.push(g);
    byUser.set(g.userId, list);
  }
  const visible = rows
    .map((u) => {
      const userGrants = byUser.get(u.id) ?? [];
      return { ...u, grants: userGrants, reach: reachOf(actor, userGrants, u.departmentPath) };
    })
    .filter((u) => u.reach !== "none")
    .filter((u) => !query?.role || u.grants.some((g) => g.role === query.role))
    .filter((u) => !query?.status || (query.status === "active" ? u.active : !u.active))
    .filter((u) =>
      matches(query?.q, u.username, u.displayName, u.email, u.departmentName, u.departmentNameEn),
    );
  return visible;
}

/** Accounts visible to the actor, with their active grants; filter, page. */
export function listAdminUsers(actor: StaffUser, query?: UserListQuery, database: Db = db()) {
  const page = paginate(visibleUsers(actor, query, database), query?.page ?? 1);
  return {
    ...page,
    rows: page.rows.map(({ departmentPath: _p, ...u }) => ({
      ...u,
      manageable: u.reach === "full",
      grants: u.grants.map((g) => ({
        id: g.id,
        role: g.role,
        unitName: g.unitName,
        unitNameEn: g.unitNameEn,
      })),
    })),
  };
}

/** What the account form changes (and its `seen` fingerprint covers). */
const EDITED = ["displayName", "email", "departmentId"] as const;

/** One account for its admin page: grants (removed ones too) and its audit trail. */
export function getAdminUser(actor: StaffUser, userId: number, database: Db = db()) {
  const user = requireVisibleUser(database, actor, userId);
  const grants = grantsOf(database, [userId], true);
  const reach = reachOf(actor, grants, user.departmentPath);
  const adminGrants = grants.filter((g) => g.revokedAt === null && g.role === "admin").length;
  return {
    user: { ...user, departmentPath: undefined, seen: fingerprint(user, EDITED) },
    manageable: reach === "full",
    grants: grants.map((g) => ({
      ...g,
      removable:
        g.revokedAt === null &&
        isAdminOf(actor, g.unitPath) &&
        !(g.userId === actor.id && g.role === "admin" && adminGrants <= 1),
    })),
    audit: listEntityAudit(actor, "user", [userId], database),
  };
}

function assertUsernameFree(tx: Tx, username: string) {
  if (tx.select({ id: users.id }).from(users).where(eq(users.username, username)).get()) {
    throw new DomainValidationError({ username: ["admin.error.usernameTaken"] });
  }
}

/** A new staff account (password hashed with argon2id), optionally with a first grant. */
export async function createUser(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(CreateUserSchema, input);
  assertAdmin(actor);
  // Cheap checks first so a refused request does not spend an argon2 hash.
  assertUsernameFree(database, values.username);
  const passwordHash = await hashPassword(values.password);
  return database.transaction((tx) => {
    assertUsernameFree(tx, values.username);
    const dept =
      values.departmentId !== undefined
        ? requireUsableDepartment(tx, actor, values.departmentId)
        : null;
    const unit = values.unitId !== undefined ? requireAdminUnit(tx, actor, values.unitId) : null;
    if (values.role && unit) {
      if (!unit.active) throw new DomainValidationError({ unitId: ["admin.error.inactive"] });
      if (values.role === "handler" && !dept)
        throw new DomainValidationError({ departmentId: ["admin.error.handlerNeedsDepartment"] });
    }
    const at = now();
    const row = tx
      .insert(users)
      .values({
        username: values.username,
        displayName: values.displayName,
        email: values.email ?? null,
        departmentId: dept?.id ?? null,
        passwordHash,
        createdAt: at,
      })
      .returning({ id: users.id })
      .get();
    recordAudit(
      tx,
      actor,
      {
        action: "user.create",
        entityType: "user",
        entityId: row.id,
        unitId: dept?.unitId ?? unit?.id ?? null,
        data: {
          username: values.username,
          displayName: values.displayName,
          email: values.email ?? null,
          departmentId: dept?.id ?? null,
        },
      },
      at,
    );
    if (values.role && unit) {
      const grant = tx
        .insert(roleGrants)
        .values({ userId: row.id, role: values.role, unitId: unit.id, createdAt: at })
        .returning({ id: roleGrants.id })
        .get();
      recordAudit(
        tx,
        actor,
        {
          action: "grant.add",
          entityType: "user",
          entityId: row.id,
          unitId: unit.id,
          data: { grantId: grant.id, role: values.role, unitId: unit.id },
        },
        at,
      );
    }
    return { id: row.id };
  });
}

export function updateUser(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(UpdateUserSchema, input);
  database.transaction((tx) => {
    const user = requireManagedUser(tx, actor, values.userId);
    assertUnchanged(user, EDITED, values.seen);
    const departmentId = values.departmentId ?? null;
    if (departmentId !== null && departmentId !== user.departmentId)
      requireUsableDepartment(tx, actor, departmentId);
    if (departmentId === null && grantsOf(tx, [user.id]).some((g) => g.role === "handler")) {
      throw new DomainValidationError({ departmentId: ["admin.error.handlerNeedsDepartment"] });
    }
    const next = {
      displayName: values.displayName,
      email: values.email ?? null,
      departmentId,
    };
    const diff = changes(user, next);
    if (Object.keys(diff).length === 0) return;
    tx.update(users).set(next).where(eq(users.id, user.id)).run();
    recordAudit(tx, actor, {
      action: "user.update",
      entityType: "user",
      entityId: user.id,
      unitId: null,
      data: diff,
    });
  });
}

/** Sets a new password, clears a lockout and signs the account out everywhere. */
export async function resetPassword(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(ResetPasswordSchema, input);
  requireManagedUser(database, actor, values.userId);
  const passwordHash = await hashPassword(values.password);
  database.transaction((tx) => {
    const user = requireManagedUser(tx, actor, values.userId);
    const at = now();
    tx.update(users)
      .set({ passwordHash, failedLogins: 0, lockedUntil: null })
      .where(eq(users.id, user.id))
      .run();
    tx.update(sessions)
      .set({ revokedAt: at })
      .where(and(eq(sessions.userId, user.id), isNull(sessions.revokedAt)))
      .run();
    // The audit row says that it happened, never what the password is.
    recordAudit(
      tx,
      actor,
      { action: "user.resetPassword", entityType: "user", entityId: user.id, unitId: null },
      at,
    );
  });
}

/** Deactivates (signing the account out) or reactivates an account; never one's own. */
export function setUserActive(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(SetUserActiveSchema, input);
  database.transaction((tx) => {
    const user = requireManagedUser(tx, actor, values.userId);
    if (user.id === actor.id && !values.active)
      throw new DomainValidationError({ userId: ["admin.error.notYourself"] });
    if (user.active === values.active) return;
    const at = now();
    tx.update(users).set({ active: values.active }).where(eq(users.id, user.id)).run();
    if (!values.active) {
      tx.update(sessions)
        .set({ revokedAt: at })
        .where(and(eq(sessions.userId, user.id), isNull(sessions.revokedAt)))
        .run();
    }
    recordAudit(
      tx,
      actor,
      {
        action: values.active ? "user.reactivate" : "user.deactivate",
        entityType: "user",
        entityId: user.id,
        unitId: null,
      },
      at,
    );
  });
}

/** Grants a role at a unit of the actor's subtree (re-granting a removed grant revives it). */
export function addGrant(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(AddGrantSchema, input);
  return database.transaction((tx) => {
    const user = requireVisibleUser(tx, actor, values.userId);
    if (!user.active) throw new DomainValidationError({ userId: ["admin.error.inactive"] });
    const unit = requireAdminUnit(tx, actor, values.unitId);
    if (!unit.active) throw new DomainValidationError({ unitId: ["admin.error.inactive"] });
    if (values.role === "handler" && user.departmentId === null)
      throw new DomainValidationError({ role: ["admin.error.handlerNeedsDepartment"] });
    const existing = tx
      .select()
      .from(roleGrants)
      .where(
        and(
          eq(roleGrants.userId, user.id),
          eq(roleGrants.role, values.role),
          eq(roleGrants.unitId, unit.id),
        ),
      )
      .get();
    if (existing && existing.revokedAt === null)
      throw new DomainValidationError({ role: ["admin.error.grantExists"] });
    const at = now();
    let grantId: number;
    if (existing) {
      tx.update(roleGrants).set({ revokedAt: null }).where(eq(roleGrants.id, existing.id)).run();
      grantId = existing.id;
    } else {
      grantId = tx
        .insert(roleGrants)
        .values({ userId: user.id, role: values.role, unitId: unit.id, createdAt: at })
        .returning({ id: roleGrants.id })
        .get().id;
    }
    recordAudit(
      tx,
      actor,
      {
        action: "grant.add",
        entityType: "user",
        entityId: user.id,
        unitId: unit.id,
        data: { grantId, role: values.role, unitId: unit.id },
      },
      at,
    );
    return { id: grantId };
  });
}

/**
 * Removes a grant (the row stays, with `revokedAt`). An admin cannot remove their own last
 * admin grant, so the console never locks out the person using it.
 */
export function removeGrant(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(RemoveGrantSchema, input);
  database.transaction((tx) => {
    const grant = tx
      .select({
        id: roleGrants.id,
        userId: roleGrants.userId,
        role: roleGrants.role,
        unitId: roleGrants.unitId,
        revokedAt: roleGrants.revokedAt,
      })
      .from(roleGrants)
      .where(eq(roleGrants.id, values.grantId))
      .get();
    if (!grant) throw new NotFoundError("Unknown grant");
    requireAdminUnit(tx, actor, grant.unitId);
    if (grant.revokedAt !== null) return;
    if (grant.userId === actor.id && grant.role === "admin") {
      const adminGrants =
        tx
          .select({ n: count() })
          .from(roleGrants)
          .where(
            and(
              eq(roleGrants.userId, actor.id),
              eq(roleGrants.role, "admin"),
              isNull(roleGrants.revokedAt),
            ),
          )
          .get()?.n ?? 0;
      if (adminGrants <= 1)
        throw new DomainValidationError({ grantId: ["admin.error.lastAdminGrant"] });
    }
    const at = now();
    tx.update(roleGrants).set({ revokedAt: at }).where(eq(roleGrants.id, grant.id)).run();
    recordAudit(
      tx,
      actor,
      {
        action: "grant.remove",
        entityType: "user",
        entityId: grant.userId,
        unitId: grant.unitId,
        data: { grantId: grant.id, role: grant.role, unitId: grant.unitId },
      },
      at,
    );
  });
}

/** Active accounts an API client may act as: fully inside the actor's subtrees, with a grant. */
export function listApiActorChoices(actor: StaffUser, database: Db = db()) {
  return visibleUsers(actor, { status: "active", page: 1 }, database)
    .filter((u) => u.reach === "full" && u.grants.length > 0)
    .map((u) => ({ id: u.id, username: u.username, displayName: u.displayName }));
}

export { requireManagedUser };

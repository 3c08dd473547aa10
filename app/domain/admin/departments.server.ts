import { and, asc, count, eq } from "drizzle-orm";
import { categories, categoryRoutes, departments, orgUnits, users } from "../../../db/schema";
import { now } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { DomainValidationError } from "../../utils/errors";
import type { StaffUser } from "../auth/permissions";
import {
  CreateDepartmentSchema,
  type ListQuery,
  SetDepartmentActiveSchema,
  UpdateDepartmentSchema,
} from "./admin.schema";
import {
  assertAdmin,
  assertUnchanged,
  changes,
  fingerprint,
  getDepartmentRow,
  inAdminSubtree,
  matches,
  paginate,
  parseInput,
  recordAudit,
  requireAdminUnit,
} from "./admin.server";

/** What the edit form changes (and its `seen` fingerprint covers). */
const EDITED = ["name", "nameEn", "unitId"] as const;

/** Departments of the actor's subtrees, with their unit and user count; filter and page. */
export function listAdminDepartments(
  actor: StaffUser,
  query?: ListQuery & { unitId?: number },
  database: Db = db(),
) {
  assertAdmin(actor);
  const rows = database
    .select({
      id: departments.id,
      code: departments.code,
      name: departments.name,
      nameEn: departments.nameEn,
      active: departments.active,
      unitId: departments.unitId,
      unitName: orgUnits.name,
      unitNameEn: orgUnits.nameEn,
      unitPath: orgUnits.path,
    })
    .from(departments)
    .innerJoin(orgUnits, eq(orgUnits.id, departments.unitId))
    .where(inAdminSubtree(actor, orgUnits.path))
    .orderBy(asc(orgUnits.path), asc(departments.code))
    .all();
  const userCounts = new Map(
    database
      .select({ departmentId: users.departmentId, n: count() })
      .from(users)
      .where(eq(users.active, true))
      .groupBy(users.departmentId)
      .all()
      .map((r) => [r.departmentId, r.n]),
  );
  const filtered = rows
    .filter((d) => !query?.unitId || d.unitId === query.unitId)
    .filter((d) => matches(query?.q, d.name, d.nameEn, d.code, d.unitName, d.unitNameEn))
    .map((d) => ({ ...d, userCount: userCounts.get(d.id) ?? 0, seen: fingerprint(d, EDITED) }));
  return paginate(filtered, query?.page ?? 1);
}

/** Active departments the actor administers, for pickers. */
export function listAdminDepartmentChoices(actor: StaffUser, database: Db = db()) {
  assertAdmin(actor);
  return database
    .select({
      id: departments.id,
      name: departments.name,
      nameEn: departments.nameEn,
      unitId: departments.unitId,
      unitPath: orgUnits.path,
    })
    .from(departments)
    .innerJoin(orgUnits, eq(orgUnits.id, departments.unitId))
    .where(and(eq(departments.active, true), inAdminSubtree(actor, orgUnits.path)))
    .orderBy(asc(orgUnits.path), asc(departments.code))
    .all();
}

export function createDepartment(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(CreateDepartmentSchema, input);
  return database.transaction((tx) => {
    const unit = requireAdminUnit(tx, actor, values.unitId);
    if (!unit.active) throw new DomainValidationError({ unitId: ["admin.error.inactive"] });
    if (
      tx
        .select({ id: departments.id })
        .from(departments)
        .where(eq(departments.code, values.code))
        .get()
    ) {
      throw new DomainValidationError({ code: ["admin.error.codeTaken"] });
    }
    const at = now();
    const row = tx
      .insert(departments)
      .values({ ...values, createdAt: at })
      .returning({ id: departments.id })
      .get();
    recordAudit(
      tx,
      actor,
      {
        action: "department.create",
        entityType: "department",
        entityId: row.id,
        unitId: unit.id,
        data: values,
      },
      at,
    );
    return { id: row.id };
  });
}

/** Renames a department and/or links it to another unit (both units in the actor's subtree). */
export function updateDepartment(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(UpdateDepartmentSchema, input);
  database.transaction((tx) => {
    const dept = getDepartmentRow(tx, values.departmentId);
    assertAdmin(actor, dept.unitPath);
    assertUnchanged(dept, EDITED, values.seen);
    if (values.unitId !== dept.unitId) {
      const target = requireAdminUnit(tx, actor, values.unitId);
      if (!target.active) throw new DomainValidationError({ unitId: ["admin.error.inactive"] });
    }
    const diff = changes(dept, { name: values.name, nameEn: values.nameEn, unitId: values.unitId });
    if (Object.keys(diff).length === 0) return;
    tx.update(departments)
      .set({ name: values.name, nameEn: values.nameEn, unitId: values.unitId })
      .where(eq(departments.id, dept.id))
      .run();
    recordAudit(tx, actor, {
      action: values.unitId !== dept.unitId ? "department.move" : "department.rename",
      entityType: "department",
      entityId: dept.id,
      unitId: values.unitId,
      data: diff,
    });
  });
}

/**
 * Deactivates or reactivates a department. A department that work is still routed to (an
 * active routing rule or a category's default) cannot be deactivated until that is changed.
 */
export function setDepartmentActive(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(SetDepartmentActiveSchema, input);
  database.transaction((tx) => {
    const dept = getDepartmentRow(tx, values.departmentId);
    assertAdmin(actor, dept.unitPath);
    if (dept.active === values.active) return;
    if (!values.active) {
      const routes =
        tx
          .select({ n: count() })
          .from(categoryRoutes)
          .where(and(eq(categoryRoutes.departmentId, dept.id), eq(categoryRoutes.active, true)))
          .get()?.n ?? 0;
      const defaults =
        tx
          .select({ n: count() })
          .from(categories)
          .where(and(eq(categories.defaultDepartmentId, dept.id), eq(categories.active, true)))
          .get()?.n ?? 0;
      if (routes + defaults > 0) {
        throw new DomainValidationError({ departmentId: ["admin.error.departmentRouted"] });
      }
    } else {
      const unit = requireAdminUnit(tx, actor, dept.unitId);
      if (!unit.active) throw new DomainValidationError({ departmentId: ["admin.error.inactive"] });
    }
    tx.update(departments).set({ active: values.active }).where(eq(departments.id, dept.id)).run();
    recordAudit(tx, actor, {
      action: values.active ? "department.reactivate" : "department.deactivate",
      entityType: "department",
      entityId: dept.id,
      unitId: dept.unitId,
    });
  });
}

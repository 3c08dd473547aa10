import { and, asc, count, eq, isNull, like, ne } from "drizzle-orm";
import { departments, orgUnits, roleGrants } from "../../../db/schema";
import { UNIT_LEVELS } from "../../../db/schema/enums";
import { now } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { DomainValidationError } from "../../utils/errors";
import type { Tx } from "../audit/audit.server";
import type { StaffUser } from "../auth/permissions";
import {
  CreateUnitSchema,
  type ListQuery,
  RenameUnitSchema,
  SetUnitActiveSchema,
} from "./admin.schema";
import {
  assertAdmin,
  assertUnchanged,
  changes,
  fingerprint,
  getUnitRow,
  inAdminSubtree,
  matches,
  paginate,
  parseInput,
  recordAudit,
  requireAdminUnit,
} from "./admin.server";

/** What the rename form changes (and its `seen` fingerprint covers). */
const EDITED = ["name", "nameEn"] as const;

/** Units in the actor's admin subtrees, in tree order, with their depth and counts. */
export function listAdminUnits(actor: StaffUser, query?: ListQuery, database: Db = db()) {
  assertAdmin(actor);
  const rows = database
    .select()
    .from(orgUnits)
    .where(inAdminSubtree(actor, orgUnits.path))
    .orderBy(asc(orgUnits.path))
    .all();
  const deptCounts = new Map(
    database
      .select({ unitId: departments.unitId, n: count() })
      .from(departments)
      .where(eq(departments.active, true))
      .groupBy(departments.unitId)
      .all()
      .map((r) => [r.unitId, r.n]),
  );
  const withInfo = rows.map((u) => ({
    ...u,
    depth: u.path.split("/").filter(Boolean).length - 1,
    departmentCount: deptCounts.get(u.id) ?? 0,
    childLevel: childLevelOf(u.level),
    seen: fingerprint(u, EDITED),
  }));
  const filtered = withInfo.filter((u) => matches(query?.q, u.name, u.nameEn, u.code));
  return paginate(filtered, query?.page ?? 1, 100);
}

/** Active units the actor administers, for pickers. */
export function listAdminUnitChoices(actor: StaffUser, database: Db = db()) {
  assertAdmin(actor);
  return database
    .select({
      id: orgUnits.id,
      name: orgUnits.name,
      nameEn: orgUnits.nameEn,
      path: orgUnits.path,
      level: orgUnits.level,
    })
    .from(orgUnits)
    .where(and(eq(orgUnits.active, true), inAdminSubtree(actor, orgUnits.path)))
    .orderBy(asc(orgUnits.path))
    .all();
}

export function childLevelOf(level: (typeof UNIT_LEVELS)[number]) {
  return UNIT_LEVELS[UNIT_LEVELS.indexOf(level) + 1] ?? null;
}

function assertCodeFree(tx: Tx, code: string) {
  if (tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, code)).get()) {
    throw new DomainValidationError({ code: ["admin.error.codeTaken"] });
  }
}

/**
 * Creates a unit one level below its parent. Its materialized path is the parent's path plus
 * its own id, written in the same transaction as the insert.
 */
export function createUnit(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(CreateUnitSchema, input);
  return database.transaction((tx) => {
    const parent = requireAdminUnit(tx, actor, values.parentId);
    if (!parent.active) throw new DomainValidationError({ parentId: ["admin.error.inactive"] });
    const level = childLevelOf(parent.level);
    if (!level) throw new DomainValidationError({ parentId: ["admin.error.noChildLevel"] });
    assertCodeFree(tx, values.code);
    const at = now();
    const row = tx
      .insert(orgUnits)
      .values({
        parentId: parent.id,
        level,
        code: values.code,
        name: values.name,
        nameEn: values.nameEn,
        path: "",
        createdAt: at,
      })
      .returning({ id: orgUnits.id })
      .get();
    const path = `${parent.path}${row.id}/`;
    tx.update(orgUnits).set({ path }).where(eq(orgUnits.id, row.id)).run();
    recordAudit(
      tx,
      actor,
      {
        action: "unit.create",
        entityType: "org_unit",
        entityId: row.id,
        unitId: row.id,
        data: { code: values.code, name: values.name, nameEn: values.nameEn, level, path },
      },
      at,
    );
    return { id: row.id, path, level };
  });
}

export function renameUnit(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(RenameUnitSchema, input);
  database.transaction((tx) => {
    const unit = requireAdminUnit(tx, actor, values.unitId);
    assertUnchanged(unit, EDITED, values.seen);
    const diff = changes(unit, { name: values.name, nameEn: values.nameEn });
    if (Object.keys(diff).length === 0) return;
    tx.update(orgUnits)
      .set({ name: values.name, nameEn: values.nameEn })
      .where(eq(orgUnits.id, unit.id))
      .run();
    recordAudit(tx, actor, {
      action: "unit.rename",
      entityType: "org_unit",
      entityId: unit.id,
      unitId: unit.id,
      data: diff,
    });
  });
}

/**
 * Deactivates or reactivates a unit. A unit still in use (active sub-units, departments or
 * role grants) cannot be deactivated: those are moved or deactivated first, so no one is left
 * holding a role at a closed unit. A unit is reactivated only under an active parent.
 */
export function setUnitActive(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(SetUnitActiveSchema, input);
  database.transaction((tx) => {
    const unit = requireAdminUnit(tx, actor, values.unitId);
    if (unit.active === values.active) return;
    if (!values.active) {
      const children =
        tx
          .select({ n: count() })
          .from(orgUnits)
          .where(
            and(
              like(orgUnits.path, `${unit.path}%`),
              ne(orgUnits.id, unit.id),
              eq(orgUnits.active, true),
            ),
          )
          .get()?.n ?? 0;
      const depts =
        tx
          .select({ n: count() })
          .from(departments)
          .where(and(eq(departments.unitId, unit.id), eq(departments.active, true)))
          .get()?.n ?? 0;
      const grants =
        tx
          .select({ n: count() })
          .from(roleGrants)
          .where(and(eq(roleGrants.unitId, unit.id), isNull(roleGrants.revokedAt)))
          .get()?.n ?? 0;
      const errors: string[] = [];
      if (children > 0) errors.push("admin.error.unitHasChildren");
      if (depts > 0) errors.push("admin.error.unitHasDepartments");
      if (grants > 0) errors.push("admin.error.unitHasGrants");
      if (errors.length) throw new DomainValidationError({ unitId: errors });
    } else if (unit.parentId !== null && !getUnitRow(tx, unit.parentId).active) {
      throw new DomainValidationError({ unitId: ["admin.error.parentInactive"] });
    }
    tx.update(orgUnits).set({ active: values.active }).where(eq(orgUnits.id, unit.id)).run();
    recordAudit(tx, actor, {
      action: values.active ? "unit.reactivate" : "unit.deactivate",
      entityType: "org_unit",
      entityId: unit.id,
      unitId: unit.id,
    });
  });
}

import { and, asc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { categories, categoryRoutes, departments, orgUnits } from "../../../db/schema";
import { now } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { DomainValidationError, NotFoundError } from "../../utils/errors";
import type { Tx } from "../audit/audit.server";
import type { StaffUser } from "../auth/permissions";
import { type ListQuery, RetireCategoryRouteSchema, SetCategoryRouteSchema } from "./admin.schema";
import {
  assertAdmin,
  getDepartmentRow,
  getUnitRow,
  inAdminSubtree,
  matches,
  paginate,
  parseInput,
  recordAudit,
  requireAdminUnit,
} from "./admin.server";

/**
 * The category → department routing map. A route says: in this unit's subtree, suggestions of
 * this category (or its sub-categories) go to this department. Where no route applies, the
 * category's default department (the seed's map) is used.
 */

const routeUnit = alias(orgUnits, "route_unit");

/** Active routes whose unit is in the actor's subtrees; filter by text and page. */
export function listCategoryRoutes(actor: StaffUser, query?: ListQuery, database: Db = db()) {
  assertAdmin(actor);
  const rows = database
    .select({
      id: categoryRoutes.id,
      categoryId: categoryRoutes.categoryId,
      categoryCode: categories.code,
      categoryName: categories.name,
      categoryNameEn: categories.nameEn,
      unitId: categoryRoutes.unitId,
      unitName: routeUnit.name,
      unitNameEn: routeUnit.nameEn,
      unitPath: routeUnit.path,
      departmentId: categoryRoutes.departmentId,
      departmentName: departments.name,
      departmentNameEn: departments.nameEn,
      departmentActive: departments.active,
      createdAt: categoryRoutes.createdAt,
    })
    .from(categoryRoutes)
    .innerJoin(categories, eq(categories.id, categoryRoutes.categoryId))
    .innerJoin(routeUnit, eq(routeUnit.id, categoryRoutes.unitId))
    .innerJoin(departments, eq(departments.id, categoryRoutes.departmentId))
    .where(and(eq(categoryRoutes.active, true), inAdminSubtree(actor, routeUnit.path)))
    .orderBy(asc(categories.code), asc(routeUnit.path))
    .all();
  const filtered = rows.filter((r) =>
    matches(
      query?.q,
      r.categoryCode,
      r.categoryName,
      r.categoryNameEn,
      r.unitName,
      r.unitNameEn,
      r.departmentName,
      r.departmentNameEn,
    ),
  );
  return paginate(filtered, query?.page ?? 1);
}

/** Sets (creates or replaces) the route of a category in a unit. */
export function setCategoryRoute(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(SetCategoryRouteSchema, input);
  return database.transaction((tx) => {
    const unit = requireAdminUnit(tx, actor, values.unitId);
    if (!unit.active) throw new DomainValidationError({ unitId: ["admin.error.inactive"] });
    const category = tx.select().from(categories).where(eq(categories.id, values.categoryId)).get();
    if (!category) throw new DomainValidationError({ categoryId: ["form.invalid"] });
    if (!category.active) throw new DomainValidationError({ categoryId: ["admin.error.inactive"] });
    const dept = getDepartmentRow(tx, values.departmentId);
    assertAdmin(actor, dept.unitPath);
    if (!dept.active) throw new DomainValidationError({ departmentId: ["admin.error.inactive"] });
    // The department must serve the unit: the unit itself, one above it, or one below it.
    if (!unit.path.startsWith(dept.unitPath) && !dept.unitPath.startsWith(unit.path)) {
      throw new DomainValidationError({ departmentId: ["admin.error.departmentNotInUnit"] });
    }
    const existing = tx
      .select()
      .from(categoryRoutes)
      .where(
        and(
          eq(categoryRoutes.categoryId, values.categoryId),
          eq(categoryRoutes.unitId, values.unitId),
        ),
      )
      .get();
    const at = now();
    let id: number;
    if (existing) {
      if (existing.active && existing.departmentId === values.departmentId) return existing.id;
      tx.update(categoryRoutes)
        .set({ departmentId: values.departmentId, active: true })
        .where(eq(categoryRoutes.id, existing.id))
        .run();
      id = existing.id;
    } else {
      id = tx
        .insert(categoryRoutes)
        .values({ ...values, active: true, createdAt: at })
        .returning({ id: categoryRoutes.id })
        .get().id;
    }
    recordAudit(
      tx,
      actor,
      {
        action: "route.set",
        entityType: "category_route",
        entityId: id,
        unitId: unit.id,
        data: {
          categoryId: values.categoryId,
          departmentId: [existing?.active ? existing.departmentId : null, values.departmentId],
        },
      },
      at,
    );
    return id;
  });
}

/** Retires a route (kept with active = false); the category default applies again. */
export function retireCategoryRoute(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(RetireCategoryRouteSchema, input);
  database.transaction((tx) => {
    const route = tx
      .select()
      .from(categoryRoutes)
      .where(eq(categoryRoutes.id, values.routeId))
      .get();
    if (!route) throw new NotFoundError("Unknown route");
    requireAdminUnit(tx, actor, route.unitId);
    if (!route.active) return;
    tx.update(categoryRoutes).set({ active: false }).where(eq(categoryRoutes.id, route.id)).run();
    recordAudit(tx, actor, {
      action: "route.retire",
      entityType: "category_route",
      entityId: route.id,
      unitId: route.unitId,
      data: { categoryId: route.categoryId, departmentId: route.departmentId },
    });
  });
}

/**
 * The department a suggestion of `categoryId` received at `unitId` routes to: the most specific
 * active route (nearest category first, then nearest unit), else the nearest category default.
 * Inactive departments are skipped. For the reviewer's routing hint and the classifier.
 */
export function resolveCategoryDepartment(
  tx: Tx,
  unitId: number,
  categoryId: number,
): number | null {
  const unitChain = getUnitRow(tx, unitId).path.split("/").filter(Boolean).map(Number).reverse();
  const categoryChain: { id: number; defaultDepartmentId: number | null }[] = [];
  let current: number | null = categoryId;
  while (current !== null && categoryChain.length < 5) {
    const row = tx
      .select({
        id: categories.id,
        parentId: categories.parentId,
        defaultDepartmentId: categories.defaultDepartmentId,
      })
      .from(categories)
      .where(eq(categories.id, current))
      .get();
    if (!row) break;
    categoryChain.push(row);
    current = row.parentId;
  }
  if (categoryChain.length === 0) return null;
  const routes = tx
    .select({
      categoryId: categoryRoutes.categoryId,
      unitId: categoryRoutes.unitId,
      departmentId: categoryRoutes.departmentId,
    })
    .from(categoryRoutes)
    .innerJoin(departments, eq(departments.id, categoryRoutes.departmentId))
    .where(
      and(
        eq(categoryRoutes.active, true),
        eq(departments.active, true),
        inArray(
          categoryRoutes.categoryId,
          categoryChain.map((c) => c.id),
        ),
        inArray(categoryRoutes.unitId, unitChain),
      ),
    )
    .all();
  for (const c of categoryChain) {
    for (const u of unitChain) {
      const hit = routes.find((r) => r.categoryId === c.id && r.unitId === u);
      if (hit) return hit.departmentId;
    }
  }
  const defaults = categoryChain.map((c) => c.defaultDepartmentId).filter((d) => d !== null);
  if (defaults.length === 0) return null;
  const active = tx
    .select({ id: departments.id })
    .from(departments)
    .where(and(inArray(departments.id, defaults), eq(departments.active, true)))
    .all()
    .map((d) => d.id);
  return defaults.find((d) => active.includes(d)) ?? null;
}

/** Where a category received at a unit routes now (the admin's "check routing" tool). */
export function checkCategoryRoute(
  actor: StaffUser,
  unitId: number,
  categoryId: number,
  database: Db = db(),
) {
  const unit = requireAdminUnit(database, actor, unitId);
  const departmentId = resolveCategoryDepartment(database, unit.id, categoryId);
  if (departmentId === null)
    return { departmentId: null, departmentName: null, departmentNameEn: null };
  const dept = getDepartmentRow(database, departmentId);
  return { departmentId, departmentName: dept.name, departmentNameEn: dept.nameEn };
}

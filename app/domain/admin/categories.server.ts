import { and, asc, eq, inArray } from "drizzle-orm";
import { categories, departments } from "../../../db/schema";
import { type Db, db } from "../../utils/db.server";
import { DomainValidationError, NotFoundError } from "../../utils/errors";
import type { Tx } from "../audit/audit.server";
import type { StaffUser } from "../auth/permissions";
import {
  CreateCategorySchema,
  type ListQuery,
  SetCategoryActiveSchema,
  UpdateCategorySchema,
} from "./admin.schema";
import {
  assertAdmin,
  assertUnchanged,
  changes,
  fingerprint,
  getDepartmentRow,
  matches,
  paginate,
  parseInput,
  recordAudit,
} from "./admin.server";

/**
 * The 3-level category tree. It is global configuration (every unit files under the same
 * tree), so any admin edits it; a default department must lie in the admin's own subtree.
 */
export const MAX_CATEGORY_LEVEL = 3;

type CategoryRow = typeof categories.$inferSelect;

/** All categories in tree order (depth-first, by id within a parent). */
function treeOrder(rows: CategoryRow[]): CategoryRow[] {
  const children = new Map<number | null, CategoryRow[]>();
  for (const r of rows) {
    const list = children.get(r.parentId) ?? [];
    list.push(r);
    children.set(r.parentId, list);
  }
  const out: CategoryRow[] = [];
  const walk = (parentId: number | null) => {
    for (const r of children.get(parentId) ?? []) {
      out.push(r);
      walk(r.id);
    }
  };
  walk(null);
  return out;
}

/** What the edit form changes (and its `seen` fingerprint covers). */
const EDITED = ["name", "nameEn", "defaultDepartmentId"] as const;

export function listAdminCategories(
  actor: StaffUser,
  query?: ListQuery & { status?: "active" | "inactive" },
  database: Db = db(),
) {
  assertAdmin(actor);
  const rows = database.select().from(categories).orderBy(asc(categories.id)).all();
  const deptNames = new Map(
    database
      .select({ id: departments.id, name: departments.name, nameEn: departments.nameEn })
      .from(departments)
      .all()
      .map((d) => [d.id, d]),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ordered = treeOrder(rows).map((c) => {
    const dept = c.defaultDepartmentId ? deptNames.get(c.defaultDepartmentId) : undefined;
    const parent = c.parentId ? byId.get(c.parentId) : undefined;
    return {
      ...c,
      parentName: parent?.name ?? null,
      parentNameEn: parent?.nameEn ?? null,
      departmentName: dept?.name ?? null,
      departmentNameEn: dept?.nameEn ?? null,
      seen: fingerprint(c, EDITED),
    };
  });
  const filtered = ordered
    .filter((c) => !query?.status || (query.status === "active" ? c.active : !c.active))
    .filter((c) =>
      matches(query?.q, c.code, c.name, c.nameEn, c.parentName, c.parentNameEn, c.departmentName),
    );
  return paginate(filtered, query?.page ?? 1);
}

/** Active categories for pickers (all three levels). */
export function listCategoryChoices(actor: StaffUser, database: Db = db()) {
  assertAdmin(actor);
  return treeOrder(database.select().from(categories).where(eq(categories.active, true)).all()).map(
    (c) => ({ id: c.id, code: c.code, name: c.name, nameEn: c.nameEn, level: c.level }),
  );
}

function getCategory(tx: Tx, categoryId: number) {
  const row = tx.select().from(categories).where(eq(categories.id, categoryId)).get();
  if (!row) throw new NotFoundError("Unknown category");
  return row;
}

function checkDefaultDepartment(tx: Tx, actor: StaffUser, departmentId: number | undefined) {
  if (departmentId === undefined) return null;
  const dept = getDepartmentRow(tx, departmentId);
  assertAdmin(actor, dept.unitPath);
  if (!dept.active)
    throw new DomainValidationError({ defaultDepartmentId: ["admin.error.inactive"] });
  return dept.id;
}

/** Adds a category under a parent (or at the top); codes extend the parent's ("a.b.c"). */
export function createCategory(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(CreateCategorySchema, input);
  assertAdmin(actor);
  return database.transaction((tx) => {
    let level = 1;
    if (values.parentId !== undefined) {
      const parent = getCategory(tx, values.parentId);
      if (!parent.active) throw new DomainValidationError({ parentId: ["admin.error.inactive"] });
      level = parent.level + 1;
      if (level > MAX_CATEGORY_LEVEL)
        throw new DomainValidationError({ parentId: ["admin.error.categoryTooDeep"] });
      if (!values.code.startsWith(`${parent.code}.`))
        throw new DomainValidationError({ code: ["admin.error.categoryCodePrefix"] });
    } else if (values.code.includes(".")) {
      throw new DomainValidationError({ code: ["admin.error.categoryCodePrefix"] });
    }
    if (
      tx
        .select({ id: categories.id })
        .from(categories)
        .where(eq(categories.code, values.code))
        .get()
    )
      throw new DomainValidationError({ code: ["admin.error.codeTaken"] });
    const defaultDepartmentId = checkDefaultDepartment(tx, actor, values.defaultDepartmentId);
    const row = tx
      .insert(categories)
      .values({
        parentId: values.parentId ?? null,
        level,
        code: values.code,
        name: values.name,
        nameEn: values.nameEn,
        defaultDepartmentId,
      })
      .returning({ id: categories.id })
      .get();
    recordAudit(tx, actor, {
      action: "category.create",
      entityType: "category",
      entityId: row.id,
      unitId: null,
      data: { ...values, level },
    });
    return { id: row.id, level };
  });
}

/** Renames a category (zh/en) and sets its default department. */
export function updateCategory(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(UpdateCategorySchema, input);
  assertAdmin(actor);
  database.transaction((tx) => {
    const category = getCategory(tx, values.categoryId);
    assertUnchanged(category, EDITED, values.seen);
    const defaultDepartmentId =
      values.defaultDepartmentId === category.defaultDepartmentId
        ? category.defaultDepartmentId
        : checkDefaultDepartment(tx, actor, values.defaultDepartmentId);
    const next = { name: values.name, nameEn: values.nameEn, defaultDepartmentId };
    const diff = changes(category, next);
    if (Object.keys(diff).length === 0) return;
    tx.update(categories).set(next).where(eq(categories.id, category.id)).run();
    recordAudit(tx, actor, {
      action: "category.update",
      entityType: "category",
      entityId: category.id,
      unitId: null,
      data: diff,
    });
  });
}

/**
 * Deactivating a category deactivates its sub-categories too (nothing new can be filed under a
 * closed branch); existing suggestions keep their category. Reactivation is one node at a time
 * and needs an active parent.
 */
export function setCategoryActive(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(SetCategoryActiveSchema, input);
  assertAdmin(actor);
  database.transaction((tx) => {
    const category = getCategory(tx, values.categoryId);
    if (category.active === values.active) return;
    let affected = [category.id];
    if (values.active) {
      if (category.parentId !== null && !getCategory(tx, category.parentId).active)
        throw new DomainValidationError({ categoryId: ["admin.error.parentInactive"] });
    } else {
      const all = tx
        .select({ id: categories.id, parentId: categories.parentId, active: categories.active })
        .from(categories)
        .all();
      const queue = [category.id];
      while (queue.length) {
        const parent = queue.shift()!;
        for (const c of all) {
          if (c.parentId === parent && c.active) {
            affected.push(c.id);
            queue.push(c.id);
          }
        }
      }
      affected = [...new Set(affected)];
    }
    tx.update(categories)
      .set({ active: values.active })
      .where(and(inArray(categories.id, affected)))
      .run();
    recordAudit(tx, actor, {
      action: values.active ? "category.reactivate" : "category.deactivate",
      entityType: "category",
      entityId: category.id,
      unitId: null,
      data: affected.length > 1 ? { alsoDeactivated: affected.slice(1) } : undefined,
    });
  });
}

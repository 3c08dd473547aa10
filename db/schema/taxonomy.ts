import { relations } from "drizzle-orm";
import {
  type AnySQLiteColumn,
  integer,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { departments, orgUnits } from "./orgs";

/** The 3-level category tree. `defaultDepartmentId` seeds the category → department routing map. */
export const categories = sqliteTable("categories", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  parentId: integer("parent_id").references((): AnySQLiteColumn => categories.id),
  level: integer("level").notNull(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  nameEn: text("name_en").notNull(),
  defaultDepartmentId: integer("default_department_id").references(() => departments.id),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
});

/**
 * Deadline rules; the most specific match (unit and category, then category, then unit, then
 * the global row with both null) wins.
 */
export const deadlineRules = sqliteTable("deadline_rules", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  unitId: integer("unit_id").references(() => orgUnits.id),
  categoryId: integer("category_id").references(() => categories.id),
  acceptDays: integer("accept_days").notNull(),
  handleDays: integer("handle_days").notNull(),
  maxExtensionDays: integer("max_extension_days").notNull(),
  atRiskDays: integer("at_risk_days").notNull(),
  escalateAfterDays: integer("escalate_after_days").notNull(),
  /** Retired rules are kept (never deleted) and ignored by the resolver. */
  active: integer("active", { mode: "boolean" }).notNull().default(true),
});

/**
 * The category → department routing map per unit: within `unitId`'s subtree, suggestions of
 * `categoryId` (or its descendants) go to `departmentId`. Falls back to the category's
 * `defaultDepartmentId`. One row per (category, unit); retired rows have `active = false`.
 */
export const categoryRoutes = sqliteTable(
  "category_routes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id),
    unitId: integer("unit_id")
      .notNull()
      .references(() => orgUnits.id),
    departmentId: integer("department_id")
      .notNull()
      .references(() => departments.id),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("category_routes_unique").on(t.categoryId, t.unitId)],
);

/** Configurable reasons for not accepting a suggestion. */
export const notAcceptReasons = sqliteTable("not_accept_reasons", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  code: text("code").notNull().unique(),
  text: text("text").notNull(),
  textEn: text("text_en").notNull(),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  /** Display order in the reviewer's list (then id). */
  sortOrder: integer("sort_order").notNull().default(0),
});

export const categoriesRelations = relations(categories, ({ one }) => ({
  parent: one(categories, { fields: [categories.parentId], references: [categories.id] }),
  defaultDepartment: one(departments, {
    fields: [categories.defaultDepartmentId],
    references: [departments.id],
  }),
}));

import { relations } from "drizzle-orm";
import { type AnySQLiteColumn, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { UNIT_LEVELS } from "./enums";

/**
 * Org units form a tree (national → province → city → county). `path` is the materialized
 * path of ids ("/1/3/7/") so a subtree is one `LIKE '/1/3/%'` prefix query on any database.
 */
export const orgUnits = sqliteTable(
  "org_units",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    parentId: integer("parent_id").references((): AnySQLiteColumn => orgUnits.id),
    level: text("level", { enum: UNIT_LEVELS }).notNull(),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
    path: text("path").notNull(),
    /** Deactivated units stay (history points at them) but take no new work or grants. */
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("org_units_path_idx").on(t.path)],
);

/** Departments (承办单位) belong to a unit and handle assigned suggestions. */
export const departments = sqliteTable("departments", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  unitId: integer("unit_id")
    .notNull()
    .references(() => orgUnits.id),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  nameEn: text("name_en").notNull(),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

export const orgUnitsRelations = relations(orgUnits, ({ one, many }) => ({
  parent: one(orgUnits, { fields: [orgUnits.parentId], references: [orgUnits.id] }),
  departments: many(departments),
}));

export const departmentsRelations = relations(departments, ({ one }) => ({
  unit: one(orgUnits, { fields: [departments.unitId], references: [orgUnits.id] }),
}));

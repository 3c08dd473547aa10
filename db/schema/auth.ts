import { relations } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { STAFF_ROLES } from "./enums";
import { departments, orgUnits } from "./orgs";

export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  username: text("username").notNull().unique(),
  displayName: text("display_name").notNull(),
  email: text("email"),
  passwordHash: text("password_hash").notNull(),
  /** Handlers act for one department. */
  departmentId: integer("department_id").references(() => departments.id),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  failedLogins: integer("failed_logins").notNull().default(0),
  lockedUntil: integer("locked_until", { mode: "timestamp_ms" }),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * A role held at an org unit; it applies to that unit's whole subtree. Only rows with
 * `revokedAt` null are in force: every query of grants must filter on it.
 */
export const roleGrants = sqliteTable(
  "role_grants",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    role: text("role", { enum: STAFF_ROLES }).notNull(),
    unitId: integer("unit_id")
      .notNull()
      .references(() => orgUnits.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    /** A removed grant is kept with its removal time (never deleted); re-granting clears it. */
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("role_grants_unique").on(t.userId, t.role, t.unitId)],
);

/** Server-side sessions; the cookie carries a random token whose SHA-256 is the id here. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** API clients authenticate with a bearer key; only its SHA-256 is stored. */
export const apiClients = sqliteTable("api_clients", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  keyPrefix: text("key_prefix").notNull(),
  keyHash: text("key_hash").notNull().unique(),
  /** The client acts as this user (its roles and scope). */
  userId: integer("user_id")
    .notNull()
    .references(() => users.id),
  createdBy: integer("created_by").references(() => users.id),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
  revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
});

export const usersRelations = relations(users, ({ one, many }) => ({
  department: one(departments, { fields: [users.departmentId], references: [departments.id] }),
  grants: many(roleGrants),
}));

export const roleGrantsRelations = relations(roleGrants, ({ one }) => ({
  user: one(users, { fields: [roleGrants.userId], references: [users.id] }),
  unit: one(orgUnits, { fields: [roleGrants.unitId], references: [orgUnits.id] }),
}));

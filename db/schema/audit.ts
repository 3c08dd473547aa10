import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./auth";
import { ACTOR_KINDS } from "./enums";

/**
 * Append-only audit trail of configuration changes (org units, departments, users and grants,
 * taxonomy, deadline rules, reasons, API clients). Suggestion changes go to `events`; this log
 * covers what has no suggestion. `unitId` is the unit the change falls under (null = global),
 * so an admin sees the entries of their own subtree. Rows are never updated or deleted.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorKind: text("actor_kind", { enum: ACTOR_KINDS }).notNull(),
    actorUserId: integer("actor_user_id").references(() => users.id),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: integer("entity_id").notNull(),
    unitId: integer("unit_id"),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("audit_log_entity_idx").on(t.entityType, t.entityId),
    index("audit_log_created_idx").on(t.createdAt),
  ],
);

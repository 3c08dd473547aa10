import { relations } from "drizzle-orm";
import {
  type AnySQLiteColumn,
  index,
  integer,
  real,
  sqliteTable,
  text,
} from "drizzle-orm/sqlite-core";
import { users } from "./auth";
import { openCalls } from "./engagement";
import {
  ACTOR_KINDS,
  CHANNELS,
  DECISIONS,
  LANGUAGES,
  MODERATION_STATES,
  SUGGESTION_STATUSES,
} from "./enums";
import { departments, orgUnits } from "./orgs";
import { categories } from "./taxonomy";

const ts = (name: string) => integer(name, { mode: "timestamp_ms" });

/**
 * A citizen's suggestion. Public fields only: contact details live in `suggestion_contacts`.
 * `version` is bumped by every command (optimistic concurrency); one timestamp per milestone.
 */
export const suggestions = sqliteTable(
  "suggestions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    trackingCode: text("tracking_code").notNull().unique(),
    secretHash: text("secret_hash").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    language: text("language", { enum: LANGUAGES }).notNull(),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    categoryId: integer("category_id").references(() => categories.id),
    predictedCategoryId: integer("predicted_category_id").references(() => categories.id),
    predictedConfidence: real("predicted_confidence"),
    /** The unit whose queue holds it now (changes on transfer). */
    unitId: integer("unit_id")
      .notNull()
      .references(() => orgUnits.id),
    /** The region the citizen chose. */
    regionUnitId: integer("region_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    callId: integer("call_id").references(() => openCalls.id),
    status: text("status", { enum: SUGGESTION_STATUSES }).notNull(),
    decision: text("decision", { enum: DECISIONS }),
    moderation: text("moderation", { enum: MODERATION_STATES }).notNull().default("visible"),
    anonymous: integer("anonymous", { mode: "boolean" }).notNull().default(false),
    publishConsent: integer("publish_consent", { mode: "boolean" }).notNull().default(true),
    /** Set when merged into a primary (which shows the progress). */
    primaryId: integer("primary_id").references((): AnySQLiteColumn => suggestions.id),
    clusterId: integer("cluster_id"),
    leadDepartmentId: integer("lead_department_id").references(() => departments.id),
    supportsCount: integer("supports_count").notNull().default(0),
    followersCount: integer("followers_count").notNull().default(0),
    rehandleCount: integer("rehandle_count").notNull().default(0),
    idempotencyKey: text("idempotency_key").unique(),
    version: integer("version").notNull().default(1),
    submittedAt: ts("submitted_at").notNull(),
    acceptDueAt: ts("accept_due_at"),
    acceptedAt: ts("accepted_at"),
    assignedAt: ts("assigned_at"),
    handleDueAt: ts("handle_due_at"),
    inProgressAt: ts("in_progress_at"),
    answeredAt: ts("answered_at"),
    implementingAt: ts("implementing_at"),
    completedAt: ts("completed_at"),
    closedAt: ts("closed_at"),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    index("suggestions_status_idx").on(t.status),
    index("suggestions_unit_idx").on(t.unitId, t.status),
    index("suggestions_submitted_idx").on(t.submittedAt),
    index("suggestions_cluster_idx").on(t.clusterId),
    index("suggestions_category_idx").on(t.categoryId),
    index("suggestions_primary_idx").on(t.primaryId),
    // An open call's page lists and counts its answers.
    index("suggestions_call_idx").on(t.callId, t.status),
    // Analytics (app/domain/analytics): covering indexes, so period figures read only the index.
    index("suggestions_analytics_submitted_idx").on(
      t.submittedAt,
      t.unitId,
      t.categoryId,
      t.regionUnitId,
      t.clusterId,
      t.supportsCount,
    ),
    index("suggestions_analytics_accepted_idx").on(t.acceptedAt, t.unitId, t.categoryId),
    index("suggestions_analytics_answered_idx").on(
      t.answeredAt,
      t.unitId,
      t.categoryId,
      t.submittedAt,
      t.handleDueAt,
    ),
    // Scorecards: the open items of a cohort still unanswered (the on-time rate's late ones).
    index("suggestions_analytics_status_idx").on(t.status, t.answeredAt, t.handleDueAt),
    index("suggestions_analytics_open_idx").on(
      t.status,
      t.submittedAt,
      t.unitId,
      t.categoryId,
      t.acceptDueAt,
      t.handleDueAt,
    ),
  ],
);

/** Personal data, kept apart so no public query can select it by accident. */
export const suggestionContacts = sqliteTable("suggestion_contacts", {
  suggestionId: integer("suggestion_id")
    .primaryKey()
    .references(() => suggestions.id),
  name: text("name"),
  phone: text("phone"),
  email: text("email"),
  address: text("address"),
  idNumber: text("id_number"),
});

/**
 * Append-only event log: the public timeline (isPublic) and the audit trail (all rows).
 * `citizenVisible` events show on the private tracking page.
 */
export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    suggestionId: integer("suggestion_id")
      .notNull()
      .references(() => suggestions.id),
    type: text("type").notNull(),
    actorKind: text("actor_kind", { enum: ACTOR_KINDS }).notNull(),
    actorUserId: integer("actor_user_id").references(() => users.id),
    fromStatus: text("from_status", { enum: SUGGESTION_STATUSES }),
    toStatus: text("to_status", { enum: SUGGESTION_STATUSES }),
    note: text("note"),
    isPublic: integer("is_public", { mode: "boolean" }).notNull().default(false),
    citizenVisible: integer("citizen_visible", { mode: "boolean" }).notNull().default(false),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [
    index("events_suggestion_idx").on(t.suggestionId, t.createdAt),
    index("events_type_idx").on(t.type),
  ],
);

/** Staff-only notes on a suggestion. */
export const internalNotes = sqliteTable("internal_notes", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  suggestionId: integer("suggestion_id")
    .notNull()
    .references(() => suggestions.id),
  authorId: integer("author_id")
    .notNull()
    .references(() => users.id),
  body: text("body").notNull(),
  createdAt: ts("created_at").notNull(),
});

/** Rating rubric, one row per reviewer per suggestion; internal only. */
export const ratings = sqliteTable("ratings", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  suggestionId: integer("suggestion_id")
    .notNull()
    .references(() => suggestions.id),
  reviewerId: integer("reviewer_id")
    .notNull()
    .references(() => users.id),
  feasibility: integer("feasibility").notNull(),
  innovation: integer("innovation").notNull(),
  benefit: integer("benefit").notNull(),
  urgency: integer("urgency").notNull(),
  note: text("note"),
  createdAt: ts("created_at").notNull(),
});

export const suggestionsRelations = relations(suggestions, ({ one, many }) => ({
  category: one(categories, { fields: [suggestions.categoryId], references: [categories.id] }),
  unit: one(orgUnits, { fields: [suggestions.unitId], references: [orgUnits.id] }),
  contact: one(suggestionContacts),
  events: many(events),
  ratings: many(ratings),
}));

export const suggestionContactsRelations = relations(suggestionContacts, ({ one }) => ({
  suggestion: one(suggestions, {
    fields: [suggestionContacts.suggestionId],
    references: [suggestions.id],
  }),
}));

export const eventsRelations = relations(events, ({ one }) => ({
  suggestion: one(suggestions, { fields: [events.suggestionId], references: [suggestions.id] }),
  actor: one(users, { fields: [events.actorUserId], references: [users.id] }),
}));

export const ratingsRelations = relations(ratings, ({ one }) => ({
  suggestion: one(suggestions, { fields: [ratings.suggestionId], references: [suggestions.id] }),
}));

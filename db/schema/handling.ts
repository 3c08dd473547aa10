import { relations } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./auth";
import {
  ASSIGNMENT_ROLES,
  ASSIGNMENT_STATUSES,
  DECISIONS,
  EXTENSION_STATUSES,
  OUTCOME_TYPES,
  REPLY_STATUSES,
} from "./enums";
import { departments, orgUnits } from "./orgs";
import { suggestions } from "./suggestions";

const ts = (name: string) => integer(name, { mode: "timestamp_ms" });

/** Lead and co-handling departments of a suggestion. */
export const assignments = sqliteTable(
  "assignments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    suggestionId: integer("suggestion_id")
      .notNull()
      .references(() => suggestions.id),
    departmentId: integer("department_id")
      .notNull()
      .references(() => departments.id),
    role: text("role", { enum: ASSIGNMENT_ROLES }).notNull(),
    status: text("status", { enum: ASSIGNMENT_STATUSES }).notNull(),
    instructions: text("instructions"),
    dueAt: ts("due_at").notNull(),
    assignedBy: integer("assigned_by").references(() => users.id),
    assignedAt: ts("assigned_at").notNull(),
    respondedAt: ts("responded_at"),
    returnReason: text("return_reason"),
  },
  (t) => [
    index("assignments_suggestion_idx").on(t.suggestionId),
    index("assignments_department_idx").on(t.departmentId, t.status),
    // Analytics: a suggestion's lead assignment without reading the table (scorecards).
    index("assignments_analytics_suggestion_idx").on(
      t.suggestionId,
      t.role,
      t.status,
      t.assignedAt,
      t.departmentId,
      t.dueAt,
    ),
    // Analytics: department scorecards by assignment period.
    index("assignments_analytics_assigned_idx").on(
      t.assignedAt,
      t.role,
      t.status,
      t.departmentId,
      t.suggestionId,
      t.dueAt,
    ),
  ],
);

/** One extension of the handling deadline, approved or refused by a supervisor. */
export const extensions = sqliteTable("extensions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  suggestionId: integer("suggestion_id")
    .notNull()
    .references(() => suggestions.id),
  requestedBy: integer("requested_by")
    .notNull()
    .references(() => users.id),
  days: integer("days").notNull(),
  reason: text("reason").notNull(),
  status: text("status", { enum: EXTENSION_STATUSES }).notNull(),
  decidedBy: integer("decided_by").references(() => users.id),
  decidedAt: ts("decided_at"),
  createdAt: ts("created_at").notNull(),
});

/** The department's reply: a draft until published. */
export const replies = sqliteTable("replies", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  suggestionId: integer("suggestion_id")
    .notNull()
    .references(() => suggestions.id),
  departmentId: integer("department_id")
    .notNull()
    .references(() => departments.id),
  authorId: integer("author_id").references(() => users.id),
  body: text("body").notNull(),
  status: text("status", { enum: REPLY_STATUSES }).notNull(),
  createdAt: ts("created_at").notNull(),
  updatedAt: ts("updated_at").notNull(),
  publishedAt: ts("published_at"),
});

/** The adoption decision (one current row per suggestion). */
export const adoptionDecisions = sqliteTable(
  "adoption_decisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    suggestionId: integer("suggestion_id")
      .notNull()
      .unique()
      .references(() => suggestions.id),
    decision: text("decision", { enum: DECISIONS }).notNull(),
    reason: text("reason"),
    decidedBy: integer("decided_by").references(() => users.id),
    decidedAt: ts("decided_at").notNull(),
    publishedAt: ts("published_at"),
  },
  // Analytics: decisions recorded in a period.
  (t) => [
    index("adoption_decisions_analytics_decided_idx").on(t.decidedAt, t.decision, t.suggestionId),
  ],
);

/** What an adopted suggestion became in practice (转化成果). */
export const outcomes = sqliteTable(
  "outcomes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    suggestionId: integer("suggestion_id")
      .notNull()
      .unique()
      .references(() => suggestions.id),
    type: text("type", { enum: OUTCOME_TYPES }).notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    documentNo: text("document_no"),
    link: text("link"),
    outcomeDate: ts("outcome_date"),
    achievedAt: ts("achieved_at"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: ts("created_at").notNull(),
    publishedAt: ts("published_at"),
  },
  // Analytics: outcomes recorded in a period.
  (t) => [index("outcomes_analytics_created_idx").on(t.createdAt, t.suggestionId)],
);

export const milestones = sqliteTable("milestones", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  outcomeId: integer("outcome_id")
    .notNull()
    .references(() => outcomes.id),
  position: integer("position").notNull(),
  title: text("title").notNull(),
  dueAt: ts("due_at"),
  doneAt: ts("done_at"),
  progress: integer("progress").notNull().default(0),
  evidence: text("evidence"),
});

/** 督办: a supervision notice; escalation sets `escalatedToUnitId`. */
export const supervisionNotices = sqliteTable("supervision_notices", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  suggestionId: integer("suggestion_id")
    .notNull()
    .references(() => suggestions.id),
  unitId: integer("unit_id")
    .notNull()
    .references(() => orgUnits.id),
  departmentId: integer("department_id").references(() => departments.id),
  issuedBy: integer("issued_by").references(() => users.id),
  note: text("note").notNull(),
  issuedAt: ts("issued_at").notNull(),
  escalatedAt: ts("escalated_at"),
  escalatedToUnitId: integer("escalated_to_unit_id").references(() => orgUnits.id),
});

export const outcomesRelations = relations(outcomes, ({ many }) => ({
  milestones: many(milestones),
}));

export const milestonesRelations = relations(milestones, ({ one }) => ({
  outcome: one(outcomes, { fields: [milestones.outcomeId], references: [outcomes.id] }),
}));

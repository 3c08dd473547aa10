import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./auth";
import { orgUnits } from "./orgs";
import { suggestions } from "./suggestions";

const ts = (name: string) => integer(name, { mode: "timestamp_ms" });

/** 专项征集: a call for suggestions on a theme with a period. */
export const openCalls = sqliteTable("open_calls", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  unitId: integer("unit_id")
    .notNull()
    .references(() => orgUnits.id),
  slug: text("slug").notNull().unique(),
  title: text("title").notNull(),
  titleEn: text("title_en").notNull(),
  description: text("description").notNull(),
  descriptionEn: text("description_en").notNull(),
  startsAt: ts("starts_at").notNull(),
  endsAt: ts("ends_at").notNull(),
  createdAt: ts("created_at").notNull(),
});

/**
 * 附议: one per supporter. `supporterKey` is a SHA-256 of the account, verified contact or
 * device cookie, so the same person cannot support twice and nothing personal is stored.
 */
export const supports = sqliteTable(
  "supports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    suggestionId: integer("suggestion_id")
      .notNull()
      .references(() => suggestions.id),
    supporterKey: text("supporter_key").notNull(),
    /** Set when a merge moved this support from a duplicate. */
    movedFromId: integer("moved_from_id").references(() => suggestions.id),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [uniqueIndex("supports_unique").on(t.suggestionId, t.supporterKey)],
);

/** Followers get notified of public changes; the address is personal data, never public. */
export const follows = sqliteTable(
  "follows",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    suggestionId: integer("suggestion_id")
      .notNull()
      .references(() => suggestions.id),
    followerKey: text("follower_key").notNull(),
    email: text("email"),
    phone: text("phone"),
    movedFromId: integer("moved_from_id").references(() => suggestions.id),
    createdAt: ts("created_at").notNull(),
    /**
     * When the address's owner confirmed the follow from the link sent to it (double opt-in);
     * null while unconfirmed. Only confirmed follows are told of progress and counted.
     */
    confirmedAt: ts("confirmed_at"),
  },
  (t) => [uniqueIndex("follows_unique").on(t.suggestionId, t.followerKey)],
);

/** 回访评价: the citizen's satisfaction, 1–5; one re-handling request allowed. */
export const satisfactions = sqliteTable(
  "satisfactions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    suggestionId: integer("suggestion_id")
      .notNull()
      .references(() => suggestions.id),
    score: integer("score").notNull(),
    comment: text("comment"),
    rehandleRequested: integer("rehandle_requested", { mode: "boolean" }).notNull().default(false),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [
    index("satisfactions_suggestion_idx").on(t.suggestionId, t.createdAt),
    // Analytics: ratings given in a period.
    index("satisfactions_analytics_created_idx").on(t.createdAt, t.suggestionId, t.score),
  ],
);

/** Notification outbox: rows are delivered by a worker and never deleted. */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    channel: text("channel", { enum: ["in_app", "email", "sms"] }).notNull(),
    recipientUserId: integer("recipient_user_id").references(() => users.id),
    recipientAddress: text("recipient_address"),
    suggestionId: integer("suggestion_id").references(() => suggestions.id),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    status: text("status", { enum: ["pending", "sent", "failed"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at"),
    lastError: text("last_error"),
    createdAt: ts("created_at").notNull(),
    sentAt: ts("sent_at"),
    readAt: ts("read_at"),
  },
  (t) => [
    index("notifications_inbox_idx").on(t.recipientUserId, t.channel, t.createdAt),
    index("notifications_unread_idx").on(t.recipientUserId, t.channel, t.readAt),
    index("notifications_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

/** Responses of POSTs by idempotency key, so a retried request returns the first answer. */
export const idempotencyKeys = sqliteTable("idempotency_keys", {
  key: text("key").primaryKey(),
  scope: text("scope").notNull(),
  status: integer("status").notNull(),
  response: text("response").notNull(),
  createdAt: ts("created_at").notNull(),
});

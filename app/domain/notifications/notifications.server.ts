import { and, count, desc, eq, isNull } from "drizzle-orm";
import { notifications } from "../../../db/schema";
import { type Db, db } from "../../utils/db.server";
import { type Locale, type MessageKey, translate } from "../../utils/i18n";
import type { Tx } from "../audit/audit.server";

export interface NotificationInput {
  channel: "in_app" | "email" | "sms";
  recipientUserId?: number | null;
  recipientAddress?: string | null;
  suggestionId?: number | null;
  subject: string;
  body: string;
  at: Date;
}

/** Writes a notification into the outbox inside the caller's transaction; a worker delivers it. */
export function enqueueNotification(tx: Tx, n: NotificationInput): void {
  tx.insert(notifications)
    .values({
      channel: n.channel,
      recipientUserId: n.recipientUserId ?? null,
      recipientAddress: n.recipientAddress ?? null,
      suggestionId: n.suggestionId ?? null,
      subject: n.subject,
      body: n.body,
      // In-app notifications are "delivered" by being in the table.
      status: n.channel === "in_app" ? "sent" : "pending",
      nextAttemptAt: n.channel === "in_app" ? null : n.at,
      createdAt: n.at,
      sentAt: n.channel === "in_app" ? n.at : null,
    })
    .run();
}

export interface Message {
  subject: string;
  body: string;
}

type Params = Record<string, string | number>;

/**
 * A message in both languages: the outbox does not know its reader's language, so subject and
 * body carry zh-CN first and English second. `params` may differ per locale (unit names).
 */
export function bilingualMessage(
  subjectKey: MessageKey,
  bodyKey: MessageKey,
  params: Params | ((locale: Locale) => Params) = {},
  extra = "",
): Message {
  const p = (locale: Locale) => (typeof params === "function" ? params(locale) : params);
  const zhSubject = translate("zh-CN", subjectKey, p("zh-CN"));
  const enSubject = translate("en", subjectKey, p("en"));
  return {
    subject: zhSubject === enSubject ? zhSubject : `${zhSubject} / ${enSubject}`,
    body: [translate("zh-CN", bodyKey, p("zh-CN")), translate("en", bodyKey, p("en")), extra]
      .filter(Boolean)
      .join("\n\n"),
  };
}

/** A staff member's in-app notifications, newest first. */
export function listInAppNotifications(userId: number, database: Db = db(), limit = 200) {
  return database
    .select({
      id: notifications.id,
      suggestionId: notifications.suggestionId,
      subject: notifications.subject,
      body: notifications.body,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(and(eq(notifications.channel, "in_app"), eq(notifications.recipientUserId, userId)))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit)
    .all();
}

/** How many in-app notifications the user has not read (for the navigation badge). */
export function countUnreadNotifications(userId: number, database: Db = db()): number {
  return (
    database
      .select({ n: count() })
      .from(notifications)
      .where(
        and(
          eq(notifications.channel, "in_app"),
          eq(notifications.recipientUserId, userId),
          isNull(notifications.readAt),
        ),
      )
      .get()?.n ?? 0
  );
}

/** Marks all of the user's unread in-app notifications read; returns how many changed. */
export function markNotificationsRead(userId: number, at: Date, database: Db = db()): number {
  return database
    .update(notifications)
    .set({ readAt: at })
    .where(
      and(
        eq(notifications.channel, "in_app"),
        eq(notifications.recipientUserId, userId),
        isNull(notifications.readAt),
      ),
    )
    .run().changes;
}

/** Marks one of the user's own notifications read (someone else's id changes nothing). */
export function markNotificationRead(
  userId: number,
  notificationId: number,
  at: Date,
  database: Db = db(),
): number {
  return database
    .update(notifications)
    .set({ readAt: at })
    .where(
      and(
        eq(notifications.id, notificationId),
        eq(notifications.channel, "in_app"),
        eq(notifications.recipientUserId, userId),
        isNull(notifications.readAt),
      ),
    )
    .run().changes;
}

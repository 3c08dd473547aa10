import { and, desc, eq, isNull } from "drizzle-orm";
import { notifications } from "../../../db/schema";
import { type Db, db } from "../../utils/db.server";
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

/** A staff member's in-app notifications, newest first. */
export function listInAppNotifications(userId: number, database: Db = db()) {
  return database
    .select()
    .from(notifications)
    .where(and(eq(notifications.channel, "in_app"), eq(notifications.recipientUserId, userId)))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(200)
    .all();
}

export function markNotificationsRead(userId: number, at: Date, database: Db = db()): void {
  database
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.recipientUserId, userId), isNull(notifications.readAt)))
    .run();
}

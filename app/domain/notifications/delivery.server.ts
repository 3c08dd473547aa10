import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { notifications, users } from "../../../db/schema";
import { now as clockNow } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { log } from "../../utils/logger.server";
import { type DeliveryAdapters, defaultAdapters, PermanentDeliveryError } from "./adapters.server";

/**
 * The outbox worker. Pending e-mail and SMS rows whose `nextAttemptAt` has come are claimed in
 * an immediate (write-locking) transaction, which counts the attempt and pushes `nextAttemptAt`
 * out by a lease, so a second worker (another pass, another process) skips them. Each claimed
 * row then goes to its adapter outside any transaction: success marks it `sent`; failure keeps
 * it `pending` with the error and a back-off (1, 5, 25, 125 min, then every 6 h), and only after
 * `MAX_ATTEMPTS` is it marked `failed`. Rows are never deleted. A worker that dies mid-send
 * leaves the row claimed until the lease ends; then it is retried (at-least-once delivery, with
 * a stable Message-ID so receivers can drop the duplicate).
 */
export const MAX_ATTEMPTS = 8;
/** Longer than the SMTP adapter's worst case (connect + greeting + socket timeouts). */
export const CLAIM_LEASE_MS = 10 * 60_000;
const MINUTE = 60_000;
const BACKOFF_CAP_MINUTES = 360;

/** Delay before the next try after `attempts` failed attempts: 1, 5, 25, 125, 360, 360 … min. */
export function retryDelayMs(attempts: number): number {
  return Math.min(BACKOFF_CAP_MINUTES, 5 ** Math.max(0, attempts - 1)) * MINUTE;
}

export interface DeliveryOptions {
  at?: Date;
  database?: Db;
  adapters?: DeliveryAdapters;
  /** Rows claimed per transaction. */
  batchSize?: number;
  /** Upper bound on rows handled in one pass (the rest wait for the next pass). */
  maxMessages?: number;
  maxAttempts?: number;
}

export interface DeliveryReport {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
}

interface ClaimedRow {
  id: number;
  channel: "in_app" | "email" | "sms";
  address: string | null;
  subject: string;
  body: string;
  attempts: number;
}

/** Claims up to `limit` due rows for this worker; the attempt is counted here. */
export function claimDueNotifications(database: Db, at: Date, limit: number): ClaimedRow[] {
  return database.transaction(
    (tx) => {
      const rows = tx
        .select({
          id: notifications.id,
          channel: notifications.channel,
          recipientAddress: notifications.recipientAddress,
          userEmail: users.email,
          subject: notifications.subject,
          body: notifications.body,
          attempts: notifications.attempts,
        })
        .from(notifications)
        .leftJoin(users, eq(users.id, notifications.recipientUserId))
        .where(
          and(
            eq(notifications.status, "pending"),
            inArray(notifications.channel, ["email", "sms"]),
            or(isNull(notifications.nextAttemptAt), lte(notifications.nextAttemptAt, at)),
          ),
        )
        .orderBy(asc(notifications.nextAttemptAt), asc(notifications.id))
        .limit(limit)
        .all();
      if (rows.length === 0) return [];
      tx.update(notifications)
        .set({
          attempts: sql`${notifications.attempts} + 1`,
          nextAttemptAt: new Date(at.getTime() + CLAIM_LEASE_MS),
        })
        .where(
          inArray(
            notifications.id,
            rows.map((r) => r.id),
          ),
        )
        .run();
      return rows.map((r) => ({
        id: r.id,
        channel: r.channel,
        address: r.recipientAddress ?? (r.channel === "email" ? r.userEmail : null) ?? null,
        subject: r.subject,
        body: r.body,
        attempts: r.attempts + 1,
      }));
    },
    { behavior: "immediate" },
  );
}

async function send(row: ClaimedRow, adapters: DeliveryAdapters): Promise<void> {
  if (!row.address) throw new PermanentDeliveryError(`no ${row.channel} address`);
  if (row.channel === "email") {
    if (!/^[^\s@<>]+@[^\s@<>]+$/.test(row.address))
      throw new PermanentDeliveryError("malformed e-mail address");
    await adapters.email.send({
      id: row.id,
      to: row.address,
      subject: row.subject,
      text: row.body,
    });
  } else if (row.channel === "sms") {
    await adapters.sms.send({ id: row.id, to: row.address, text: `${row.subject}\n${row.body}` });
  }
}

function errorText(error: unknown): string {
  const e = error as { message?: unknown; code?: unknown; responseCode?: unknown };
  const parts = [
    typeof e?.code === "string" ? e.code : null,
    typeof e?.responseCode === "number" ? String(e.responseCode) : null,
    typeof e?.message === "string" ? e.message : String(error),
  ].filter(Boolean);
  return parts.join(" ").slice(0, 1000);
}

/** One delivery pass: claims and sends due rows in batches until none are left. */
export async function deliverOutbox(options: DeliveryOptions = {}): Promise<DeliveryReport> {
  const at = options.at ?? clockNow();
  const database = options.database ?? db();
  const adapters = options.adapters ?? defaultAdapters();
  const batchSize = options.batchSize ?? 20;
  const maxMessages = options.maxMessages ?? 500;
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const report: DeliveryReport = { claimed: 0, sent: 0, retrying: 0, failed: 0 };

  while (report.claimed < maxMessages) {
    const batch = claimDueNotifications(
      database,
      at,
      Math.min(batchSize, maxMessages - report.claimed),
    );
    if (batch.length === 0) break;
    report.claimed += batch.length;
    for (const row of batch) {
      try {
        await send(row, adapters);
        database
          .update(notifications)
          .set({ status: "sent", sentAt: at, nextAttemptAt: null, lastError: null })
          .where(eq(notifications.id, row.id))
          .run();
        report.sent++;
      } catch (error) {
        const permanent = error instanceof PermanentDeliveryError;
        const giveUp = permanent || row.attempts >= maxAttempts;
        database
          .update(notifications)
          .set({
            status: giveUp ? "failed" : "pending",
            lastError: errorText(error),
            nextAttemptAt: giveUp ? null : new Date(at.getTime() + retryDelayMs(row.attempts)),
          })
          .where(eq(notifications.id, row.id))
          .run();
        if (giveUp) report.failed++;
        else report.retrying++;
        // Only codes in logs: error texts can quote the address, which is personal data.
        const e = error as { code?: unknown; responseCode?: unknown; name?: unknown };
        log.warn("notification delivery failed", {
          id: row.id,
          channel: row.channel,
          attempts: row.attempts,
          gaveUp: giveUp,
          error: String(e?.code ?? e?.responseCode ?? e?.name ?? "error"),
        });
      }
    }
  }
  return report;
}

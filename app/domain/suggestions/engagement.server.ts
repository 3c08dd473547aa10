import { createHash } from "node:crypto";
import { and, desc, eq, gte, sql } from "drizzle-orm";
import { satisfactions, suggestions, supports } from "../../../db/schema";
import { addDays, now as clockNow } from "../../utils/clock.server";
import { safeEqual } from "../../utils/cookies.server";
import { type Db, db } from "../../utils/db.server";
import { ConflictError, NotFoundError } from "../../utils/errors";
import { appendEvent, type Tx } from "../audit/audit.server";
import { resolveDeadlineRule } from "../supervision/deadline-rules.server";
import { followerUpdate, notifyFollowers } from "./follows.server";
import { assertTransition, PUBLIC_STATES } from "./suggestions-workflow";
import { hashSecret } from "./tracking";

/** A supporter is identified by a hash of their device cookie or contact; nothing personal kept. */
export function supporterKey(kind: "device" | "contact" | "user", value: string): string {
  return createHash("sha256").update(`${kind}:${value.trim().toLowerCase()}`).digest("hex");
}

/**
 * 附议: one support per supporter. Supporting a merged suggestion supports its primary.
 * Returns the new count (the primary's, for a merged one, with its code) and whether this
 * supporter had already supported it.
 */
export function supportSuggestion(code: string, key: string, database: Db = db()) {
  const at = clockNow();
  return database.transaction((tx) => {
    const row = tx.select().from(suggestions).where(eq(suggestions.trackingCode, code)).get();
    if (
      !row?.publishConsent ||
      row.moderation !== "visible" ||
      !PUBLIC_STATES.includes(row.status)
    ) {
      throw new NotFoundError("Unknown suggestion");
    }
    const targetId = row.primaryId ?? row.id;
    const inserted = tx
      .insert(supports)
      .values({ suggestionId: targetId, supporterKey: key, createdAt: at })
      .onConflictDoNothing()
      .run();
    if (inserted.changes > 0) {
      tx.update(suggestions)
        .set({ supportsCount: sql`${suggestions.supportsCount} + 1` })
        .where(eq(suggestions.id, targetId))
        .run();
    }
    // The count is the target's; a merged suggestion's supports count on its primary, and the
    // answer names it.
    const target = tx
      .select({ n: suggestions.supportsCount, code: suggestions.trackingCode })
      .from(suggestions)
      .where(eq(suggestions.id, targetId))
      .get();
    const count = target?.n ?? 0;
    const primaryCode = targetId === row.id ? null : (target?.code ?? null);
    return {
      supportsCount: count,
      alreadySupported: inserted.changes === 0,
      targetId,
      primaryCode,
    };
  });
}

/**
 * The citizen's rating of the answer they have now: after a re-handling only a rating given
 * since the item was reopened counts (the first answer's rating stays in the history).
 */
export function currentRating(
  database: Tx,
  row: { id: number; rehandleCount: number; inProgressAt: Date | null },
) {
  const since = row.inProgressAt && row.rehandleCount > 0 ? row.inProgressAt : new Date(0);
  return (
    database
      .select({
        score: satisfactions.score,
        rehandleRequested: satisfactions.rehandleRequested,
        createdAt: satisfactions.createdAt,
      })
      .from(satisfactions)
      .where(and(eq(satisfactions.suggestionId, row.id), gte(satisfactions.createdAt, since)))
      .orderBy(desc(satisfactions.createdAt))
      .get() ?? null
  );
}

/**
 * 回访评价: the citizen (proven by the secret) rates 1–5 once per answer. With a score of 2 or
 * lower they may ask once for re-handling, which reopens the item under supervision with a new
 * handling period.
 */
export function rateSatisfaction(
  input: { code: string; secret: string; score: number; comment: string; rehandle: boolean },
  database: Db = db(),
) {
  const at = clockNow();
  return database.transaction((tx) => {
    const row = tx.select().from(suggestions).where(eq(suggestions.trackingCode, input.code)).get();
    if (!row || !safeEqual(hashSecret(input.secret), row.secretHash))
      throw new NotFoundError("Unknown suggestion");
    if (!["answered", "implementing", "completed"].includes(row.status)) {
      throw new ConflictError("Satisfaction can be rated once the suggestion is answered.");
    }
    if (currentRating(tx, row)) throw new ConflictError("Already rated.");
    const wantsRehandling = input.rehandle && input.score <= 2;
    if (wantsRehandling && row.rehandleCount > 0)
      throw new ConflictError("Re-handling can be requested only once.");
    tx.insert(satisfactions)
      .values({
        suggestionId: row.id,
        score: input.score,
        comment: input.comment || null,
        rehandleRequested: wantsRehandling,
        createdAt: at,
      })
      .run();
    appendEvent(tx, {
      suggestionId: row.id,
      type: "satisfaction_rated",
      actorKind: "citizen",
      note: null,
      isPublic: false,
      citizenVisible: true,
      data: { score: input.score },
      at,
    });
    if (wantsRehandling) {
      const to = assertTransition("requestRehandling", row.status, "citizen");
      // The reopened item gets a new handling period from today: the old deadline has
      // usually passed, which made it overdue the moment the citizen asked.
      const rule = resolveDeadlineRule(tx, row.unitId, row.categoryId);
      tx.update(suggestions)
        .set({
          status: to,
          handleDueAt: addDays(at, rule.handleDays),
          rehandleCount: row.rehandleCount + 1,
          inProgressAt: at,
          completedAt: null,
          closedAt: null,
          version: row.version + 1,
          updatedAt: at,
        })
        .where(and(eq(suggestions.id, row.id), eq(suggestions.version, row.version)))
        .run();
      appendEvent(tx, {
        suggestionId: row.id,
        type: "rehandling_requested",
        actorKind: "citizen",
        fromStatus: row.status,
        toStatus: to,
        note: input.comment || null,
        isPublic: true,
        at,
      });
      notifyFollowers(
        tx,
        row.id,
        ...followerUpdate({ trackingCode: row.trackingCode, title: row.title, status: to }),
        at,
      );
    }
    return { rehandling: wantsRehandling, suggestionId: row.id };
  });
}

import { desc, eq } from "drizzle-orm";
import {
  categories,
  openCalls,
  orgUnits,
  suggestionContacts,
  suggestions,
} from "../../../db/schema";
import type { Channel } from "../../../db/schema/enums";
import { detectLanguage } from "../../nlp";
import { addDays, now as clockNow } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { env } from "../../utils/env.server";
import { DomainValidationError } from "../../utils/errors";
import { log } from "../../utils/logger.server";
import { appendEvent } from "../audit/audit.server";
import { intelligence } from "../intelligence/intelligence.server";
import { enqueueNotification } from "../notifications/notifications.server";
import { resolveDeadlineRule } from "../supervision/deadline-rules.server";
import { cleanText } from "./clean-text";
import { BODY_MAX, type SubmitSuggestionInput, TITLE_MAX } from "./suggestions.schema";
import { textIndex } from "./text-index.server";
import { hashSecret, newSecret, trackingCode } from "./tracking";

export interface SubmitResult {
  id: number;
  trackingCode: string;
  secret: string;
  status: "submitted";
  /** True when the idempotency key had been used: nothing new was created. */
  replayed: boolean;
}

/**
 * Creates a suggestion: one transaction writes the row, the contact (kept apart), the
 * "submitted" event and the outbox message with the code and secret; after it commits the text
 * indexes are updated and the text engine adds its hints (category, duplicates, topic). A repeated idempotency key returns the first result.
 */
export function submitSuggestion(
  input: SubmitSuggestionInput,
  ctx: {
    channel: Channel;
    idempotencyKey?: string;
    at?: Date;
    extraBodyNote?: string;
    /** Channel details kept on the internal "submitted" event (Open311 location, import source). */
    eventData?: Record<string, unknown>;
  },
  database: Db = db(),
): SubmitResult {
  const at = ctx.at ?? clockNow();
  // Each caller namespaces its keys (web:, api:, open311:, import:), so a key sent on one
  // channel can never replay a suggestion made on another.
  const key = ctx.idempotencyKey;
  const title = cleanText(input.title, TITLE_MAX).replace(/\s+/g, " ");
  const body = cleanText(input.body, BODY_MAX);
  const secretKey = env().SESSION_SECRET;

  const result = database.transaction((tx) => {
    if (key) {
      const existing = tx
        .select({
          id: suggestions.id,
          trackingCode: suggestions.trackingCode,
          title: suggestions.title,
          body: suggestions.body,
        })
        .from(suggestions)
        .where(eq(suggestions.idempotencyKey, key))
        .get();
      // A replay is the same text sent again; a known key with another text gets nothing
      // (the code and secret of the first suggestion are its author's).
      if (existing && (existing.title !== title || existing.body !== body)) {
        throw new DomainValidationError({ idempotencyKey: ["submit.keyReused"] });
      }
      if (existing) {
        return {
          id: existing.id,
          trackingCode: existing.trackingCode,
          secret: newSecret(secretKey, key),
          status: "submitted" as const,
          replayed: true,
        };
      }
    }
    // The units and categories the form offers: active ones, and no suggestion goes to the
    // national root (no reviewer works there, so it would never be seen).
    const region = tx
      .select({ level: orgUnits.level, active: orgUnits.active })
      .from(orgUnits)
      .where(eq(orgUnits.id, input.regionUnitId))
      .get();
    if (!region?.active || region.level === "national") {
      throw new DomainValidationError({ regionUnitId: ["form.invalid"] });
    }
    if (input.categoryId !== undefined) {
      const cat = tx
        .select({ active: categories.active })
        .from(categories)
        .where(eq(categories.id, input.categoryId))
        .get();
      if (!cat?.active) throw new DomainValidationError({ categoryId: ["form.invalid"] });
    }
    if (input.callId !== undefined) {
      const call = tx.select().from(openCalls).where(eq(openCalls.id, input.callId)).get();
      if (!call || call.endsAt < at || call.startsAt > at)
        throw new DomainValidationError({ callId: ["submit.callClosed"] });
    }
    const rule = resolveDeadlineRule(tx, input.regionUnitId, input.categoryId ?? null);
    const id =
      (tx
        .select({ id: suggestions.id })
        .from(suggestions)
        .orderBy(desc(suggestions.id))
        .limit(1)
        .get()?.id ?? 0) + 1;
    const code = trackingCode(id, at);
    const secret = newSecret(secretKey, key);
    tx.insert(suggestions)
      .values({
        id,
        trackingCode: code,
        secretHash: hashSecret(secret),
        title,
        body,
        language: detectLanguage(`${title} ${body}`),
        channel: ctx.channel,
        categoryId: input.categoryId ?? null,
        unitId: input.regionUnitId,
        regionUnitId: input.regionUnitId,
        callId: input.callId ?? null,
        status: "submitted",
        anonymous: input.anonymous ?? false,
        publishConsent: input.publishConsent ?? false,
        idempotencyKey: key ?? null,
        submittedAt: at,
        acceptDueAt: addDays(at, rule.acceptDays),
        updatedAt: at,
      })
      .run();
    if (input.contactName || input.contactPhone || input.contactEmail) {
      tx.insert(suggestionContacts)
        .values({
          suggestionId: id,
          name: input.contactName ?? null,
          phone: input.contactPhone ?? null,
          email: input.contactEmail ?? null,
        })
        .run();
    }
    appendEvent(tx, {
      suggestionId: id,
      type: "submitted",
      actorKind: ctx.channel === "web" ? "citizen" : "api",
      toStatus: "submitted",
      isPublic: true,
      at,
      data: { ...ctx.eventData, channel: ctx.channel },
    });
    const message = {
      subject: `您的建议已收到 / Suggestion received: ${code}`,
      body: `查询编号 Tracking code: ${code}\n查询密码 Secret: ${secret}\n请妥善保存，凭编号和密码可查询办理进度。Keep it safe: you need both to follow your suggestion.`,
    };
    if (input.contactEmail)
      enqueueNotification(tx, {
        channel: "email",
        recipientAddress: input.contactEmail,
        suggestionId: id,
        ...message,
        at,
      });
    if (input.contactPhone)
      enqueueNotification(tx, {
        channel: "sms",
        recipientAddress: input.contactPhone,
        suggestionId: id,
        ...message,
        at,
      });
    return { id, trackingCode: code, secret, status: "submitted" as const, replayed: false };
  });
  if (!result.replayed) {
    // The suggestion is committed: from here on nothing may turn it into an error (the caller
    // would retry and submit it twice). The indexes are rebuilt from the database at start-up
    // and the text engine backfills missing hints, so a failure here is logged and repaired.
    try {
      textIndex().refresh([result.id], database);
    } catch (error) {
      log.error("text index refresh failed after a submission", {
        suggestionId: result.id,
        error: String(error),
      });
    }
    try {
      intelligence().intake(result.id, database, at);
    } catch (error) {
      log.error("text engine intake failed after a submission", {
        suggestionId: result.id,
        error: String(error),
      });
    }
  }
  return result;
}

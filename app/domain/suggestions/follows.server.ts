import { createHash, createHmac } from "node:crypto";
import { and, eq, inArray, isNotNull, max, or, sql } from "drizzle-orm";
import { z } from "zod";
import { follows, notifications, suggestionContacts, suggestions } from "../../../db/schema";
import type { SuggestionStatus } from "../../../db/schema/enums";
import { now as clockNow } from "../../utils/clock.server";
import { safeEqual } from "../../utils/cookies.server";
import { type Db, db } from "../../utils/db.server";
import { env } from "../../utils/env.server";
import { DomainValidationError, NotFoundError } from "../../utils/errors";
import { type MessageKey, translate } from "../../utils/i18n";
import type { Tx } from "../audit/audit.server";
import { enqueueNotification } from "../notifications/notifications.server";
import { type FollowContact, parseFollowContact } from "./public.schema";
import { redact } from "./redact";
import { PUBLIC_STATES } from "./suggestions-workflow";

/**
 * Follows (关注): anyone may follow a public suggestion with an e-mail address or a phone
 * number and, once the address's owner has confirmed it from the link sent there (double
 * opt-in: nobody can sign someone else up), is told of its public changes through the
 * notifications outbox. One follow per follower key (a hash of the address); the address
 * itself is personal data, never shown, and is erased when the follower unfollows (the row
 * stays, with no address, as the record).
 */

type LinkPurpose = "unfollow" | "confirm";

/** The token in a follow's links: an HMAC of its id and purpose, so links cannot be guessed. */
export function followToken(purpose: LinkPurpose, followId: number): string {
  return createHmac("sha256", env().SESSION_SECRET)
    .update(`${purpose}:${followId}`)
    .digest("base64url")
    .slice(0, 24);
}

export function unfollowPath(trackingCode: string, followId: number): string {
  return `/suggestions/${trackingCode}/unfollow?f=${followId}&t=${followToken("unfollow", followId)}`;
}

export function confirmFollowPath(trackingCode: string, followId: number): string {
  return `/suggestions/${trackingCode}/confirm-follow?f=${followId}&t=${followToken("confirm", followId)}`;
}

const FollowLink = z.object({
  f: z.coerce.number().int().positive(),
  t: z.string().min(10).max(64),
});

/** The follow id and token of a link (query or form); anything else is an unknown follow. */
export function parseFollowLink(values: Record<string, unknown>): { f: number; t: string } {
  const parsed = FollowLink.safeParse(values);
  if (!parsed.success) throw new NotFoundError("Unknown follow");
  return parsed.data;
}

/** A link for a message (e-mail or SMS): the site's public address and the path. */
function absolute(path: string): string {
  return `${env().PUBLIC_URL.replace(/\/+$/, "")}${path}`;
}

function assertToken(purpose: LinkPurpose, followId: number, token: string): void {
  if (!safeEqual(followToken(purpose, followId), token)) throw new NotFoundError("Unknown follow");
}

/** Same shape as a supporter key: a hash of the normalized address, nothing personal. */
function followerKeyOf(contact: FollowContact): string {
  return createHash("sha256").update(`contact:${contact.kind}:${contact.value}`).digest("hex");
}

/** zh-CN first, English second: the outbox does not know its reader's language. */
function bilingual(key: MessageKey, params: Record<string, string | number>): string {
  const zh = translate("zh-CN", key, params);
  const en = translate("en", key, params);
  return zh === en ? zh : `${zh}\n${en}`;
}

function unfollowFooter(trackingCode: string, followId: number): string {
  return bilingual("follow.mail.unfollow", {
    link: absolute(unfollowPath(trackingCode, followId)),
  });
}

function isPublic(row: {
  publishConsent: boolean;
  moderation: string;
  status: SuggestionStatus;
}): boolean {
  return row.publishConsent && row.moderation === "visible" && PUBLIC_STATES.includes(row.status);
}

/** A new confirmation link for a follow still unconfirmed goes out at most this often. */
const RESEND_AFTER_MS = 10 * 60_000;

/**
 * Asks to follow a public suggestion (a merged one: its primary, which carries the progress):
 * the address is sent a link to confirm (and one to unfollow); nothing else reaches it, and
 * it is not counted, until it is confirmed. Asking again while unconfirmed sends the link
 * again (a message may have been lost), at most every 10 minutes; asking again with a
 * confirmed address changes nothing; after an unfollow it starts over. The caller shows the
 * same answer in every case, so the page never tells whether an address follows.
 */
export function followSuggestion(code: string, rawContact: string, database: Db = db()) {
  const contact = parseFollowContact(rawContact);
  if (!contact) throw new DomainValidationError({ contact: ["follow.invalidContact"] });
  const key = followerKeyOf(contact);
  const at = clockNow();
  return database.transaction((tx) => {
    const row = tx.select().from(suggestions).where(eq(suggestions.trackingCode, code)).get();
    if (!row || !isPublic(row)) throw new NotFoundError("Unknown suggestion");
    const target =
      row.primaryId === null
        ? row
        : (tx.select().from(suggestions).where(eq(suggestions.id, row.primaryId)).get() ?? row);
    const existing = tx
      .select()
      .from(follows)
      .where(and(eq(follows.suggestionId, target.id), eq(follows.followerKey, key)))
      .get();
    const answer = (followId: number, state: "requested" | "pending" | "following") => ({
      followId,
      state,
      trackingCode: target.trackingCode,
    });
    if (existing?.confirmedAt && (existing.email || existing.phone))
      return answer(existing.id, "following");
    if (existing && (existing.email || existing.phone)) {
      const lastSent = tx
        .select({ at: max(notifications.createdAt) })
        .from(notifications)
        .where(
          and(
            eq(notifications.suggestionId, target.id),
            eq(notifications.recipientAddress, contact.value),
          ),
        )
        .get()?.at;
      if (lastSent && at.getTime() - lastSent.getTime() < RESEND_AFTER_MS)
        return answer(existing.id, "pending");
      sendConfirmation(tx, target, existing.id, contact, at);
      return answer(existing.id, "requested");
    }
    const address = {
      email: contact.kind === "email" ? contact.value : null,
      phone: contact.kind === "phone" ? contact.value : null,
      confirmedAt: null,
    };
    let followId: number;
    if (existing) {
      tx.update(follows).set(address).where(eq(follows.id, existing.id)).run();
      followId = existing.id;
    } else {
      followId = tx
        .insert(follows)
        .values({ suggestionId: target.id, followerKey: key, ...address, createdAt: at })
        .returning({ id: follows.id })
        .get().id;
    }
    sendConfirmation(tx, target, followId, contact, at);
    return answer(followId, "requested");
  });
}

/** The message asking the address's owner to confirm a follow (with the unfollow link). */
function sendConfirmation(
  tx: Tx,
  target: { id: number; trackingCode: string; title: string },
  followId: number,
  contact: FollowContact,
  at: Date,
): void {
  const contactName = tx
    .select({ name: suggestionContacts.name })
    .from(suggestionContacts)
    .where(eq(suggestionContacts.suggestionId, target.id))
    .get()?.name;
  const params = {
    code: target.trackingCode,
    title: redact(target.title, [contactName]),
    link: absolute(confirmFollowPath(target.trackingCode, followId)),
  };
  enqueueNotification(tx, {
    channel: contact.kind === "email" ? "email" : "sms",
    recipientAddress: contact.value,
    suggestionId: target.id,
    subject: bilingual("follow.mail.subject", params).replace("\n", " / "),
    body: `${bilingual("follow.mail.body", params)}\n\n${unfollowFooter(target.trackingCode, followId)}`,
    at,
  });
}

/**
 * The confirmation link: the follow starts (counted, told of progress). Repeating it, or
 * following a link of a follow that was stopped since, changes nothing.
 */
export function confirmFollow(followId: number, token: string, database: Db = db()) {
  assertToken("confirm", followId, token);
  const at = clockNow();
  return database.transaction((tx) => {
    const row = tx.select().from(follows).where(eq(follows.id, followId)).get();
    if (!row) throw new NotFoundError("Unknown follow");
    if (!(row.email || row.phone) || row.confirmedAt) return { confirmed: false };
    tx.update(follows).set({ confirmedAt: at }).where(eq(follows.id, row.id)).run();
    tx.update(suggestions)
      .set({ followersCount: sql`${suggestions.followersCount} + 1` })
      .where(eq(suggestions.id, row.suggestionId))
      .run();
    return { confirmed: true };
  });
}

/** What a follow link's page shows before the POST that acts on it; a bad token is a 404. */
export function getFollow(
  purpose: LinkPurpose,
  followId: number,
  token: string,
  database: Db = db(),
) {
  assertToken(purpose, followId, token);
  const row = database
    .select({
      id: follows.id,
      email: follows.email,
      phone: follows.phone,
      confirmedAt: follows.confirmedAt,
      trackingCode: suggestions.trackingCode,
      title: suggestions.title,
    })
    .from(follows)
    .innerJoin(suggestions, eq(suggestions.id, follows.suggestionId))
    .where(eq(follows.id, followId))
    .get();
  if (!row) throw new NotFoundError("Unknown follow");
  return {
    followId: row.id,
    trackingCode: row.trackingCode,
    title: redact(row.title),
    active: Boolean(row.email || row.phone),
    confirmed: row.confirmedAt !== null,
  };
}

/**
 * Stops a follow (confirmed or not): the address is erased and, if it was counted, the count
 * goes down. Repeating it is harmless.
 */
export function unfollowSuggestion(followId: number, token: string, database: Db = db()) {
  assertToken("unfollow", followId, token);
  return database.transaction((tx) => {
    const row = tx.select().from(follows).where(eq(follows.id, followId)).get();
    if (!row) throw new NotFoundError("Unknown follow");
    if (!row.email && !row.phone) return { unfollowed: false };
    tx.update(follows)
      .set({ email: null, phone: null, confirmedAt: null })
      .where(eq(follows.id, row.id))
      .run();
    if (row.confirmedAt)
      tx.update(suggestions)
        .set({ followersCount: sql`max(${suggestions.followersCount} - 1, 0)` })
        .where(eq(suggestions.id, row.suggestionId))
        .run();
    return { unfollowed: true };
  });
}

/** Follows that hear of progress and count: an address, confirmed by its owner. */
export const confirmedFollow = and(
  or(isNotNull(follows.email), isNotNull(follows.phone)),
  isNotNull(follows.confirmedAt),
);

/**
 * Tells the followers of a suggestion about a public change, inside the caller's transaction:
 * one outbox message per confirmed follower (e-mail or SMS), each with its own unfollow link.
 * Followers of suggestions merged into this one are included (once per follower). Call it
 * whenever a public event is appended; a hidden (moderated) suggestion notifies nobody.
 * Returns the number of messages queued.
 */
export function notifyFollowers(
  tx: Tx,
  suggestionId: number,
  subject: string,
  body: string,
  at: Date,
): number {
  const row = tx
    .select({
      id: suggestions.id,
      trackingCode: suggestions.trackingCode,
      moderation: suggestions.moderation,
    })
    .from(suggestions)
    .where(eq(suggestions.id, suggestionId))
    .get();
  if (!row || row.moderation === "hidden") return 0;
  const merged = tx
    .select({ id: suggestions.id })
    .from(suggestions)
    .where(eq(suggestions.primaryId, suggestionId))
    .all()
    .map((r) => r.id);
  const rows = tx
    .select()
    .from(follows)
    .where(and(inArray(follows.suggestionId, [suggestionId, ...merged]), confirmedFollow))
    .orderBy(follows.id)
    .all();
  const seen = new Set<string>();
  let queued = 0;
  for (const f of rows) {
    if (seen.has(f.followerKey)) continue;
    seen.add(f.followerKey);
    const address = f.email ?? f.phone;
    if (!address) continue;
    enqueueNotification(tx, {
      channel: f.email ? "email" : "sms",
      recipientAddress: address,
      suggestionId,
      subject,
      body: `${body}\n\n${unfollowFooter(row.trackingCode, f.id)}`,
      at,
    });
    queued++;
  }
  return queued;
}

/**
 * A ready-made bilingual message for followers about a suggestion's new public state, for
 * commands that have nothing more specific to say: `notifyFollowers(tx, id, ...followerUpdate(…))`.
 */
export function followerUpdate(input: {
  trackingCode: string;
  title: string;
  status: SuggestionStatus;
  note?: string | null;
}): [subject: string, body: string] {
  const params = (locale: "zh-CN" | "en") => ({
    code: input.trackingCode,
    title: redact(input.title),
    status: translate(locale, `status.${input.status}` as MessageKey),
    link: absolute(`/suggestions/${input.trackingCode}`),
  });
  const subject = `${translate("zh-CN", "follow.update.subject", params("zh-CN"))} / ${translate(
    "en",
    "follow.update.subject",
    params("en"),
  )}`;
  const note = input.note ? `\n\n${redact(input.note)}` : "";
  const body = `${translate("zh-CN", "follow.update.body", params("zh-CN"))}\n${translate(
    "en",
    "follow.update.body",
    params("en"),
  )}${note}`;
  return [subject, body];
}

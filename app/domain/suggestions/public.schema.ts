import { z } from "zod";
import { OUTCOME_TYPES } from "../../../db/schema/enums";
import { LANDLINE_RE, MOBILE_RE } from "./suggestions.schema";

/**
 * Schemas of the public pages beyond the submit form (topics, outcomes, follows), client-safe.
 * Query strings are forgiving (a bad value falls back to the default); forms are strict.
 */
export { OUTCOME_TYPES };

export const TopicListSchema = z.object({
  sort: z.enum(["hot", "size", "new"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

export const OutcomeListSchema = z.object({
  type: z.enum(OUTCOME_TYPES).optional().catch(undefined),
  state: z.enum(["achieved", "ongoing"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

export const MemberListSchema = z.object({
  sort: z.enum(["newest", "supported", "answered"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

/** A follower's address: an e-mail or a Chinese mobile/landline number. */
export type FollowContact = { kind: "email"; value: string } | { kind: "phone"; value: string };

export function parseFollowContact(raw: string): FollowContact | null {
  const value = raw.trim();
  if (value.includes("@")) {
    return z.email().safeParse(value).success
      ? { kind: "email", value: value.toLowerCase() }
      : null;
  }
  const digits = value.replace(/[\s()-]/g, "");
  if (MOBILE_RE.test(digits)) return { kind: "phone", value: digits.replace(/^\+?86/, "") };
  if (LANDLINE_RE.test(value.replace(/\s/g, ""))) return { kind: "phone", value: digits };
  return null;
}

export const FollowSchema = z.object({
  contact: z
    .string({ error: "form.required" })
    .trim()
    .min(1, "form.required")
    .max(120, "form.tooLong")
    .refine((v) => parseFollowContact(v) !== null, "follow.invalidContact"),
});

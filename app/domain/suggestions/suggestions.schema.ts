import { z } from "zod";
import { cleanText } from "./clean-text";

/**
 * The submit form's schema, used by the browser (constraints) and the server (validation).
 * Messages are catalog keys so errors show in the reader's language.
 */
export const TITLE_MIN = 5;
export const TITLE_MAX = 100;
export const BODY_MIN = 20;
export const BODY_MAX = 5000;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "form.tooLong")
    .optional()
    .transform((v) => (v ? v : undefined));

/**
 * Title and body are measured as they will be stored (cleanText): invisible characters do not
 * count towards the minimum, and the maximum is in characters (zod counts an emoji as one,
 * and so does cleanText).
 */
const cleanedText = (min: number, max: number) =>
  z
    .string()
    .transform((v) => cleanText(v, Number.MAX_SAFE_INTEGER))
    .pipe(z.string().min(min, "form.tooShort").max(max, "form.tooLong"));

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("false"), z.boolean()])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true");

export const MOBILE_RE = /^(?:\+?86)?1[3-9]\d{9}$/;
export const LANDLINE_RE = /^0\d{2,3}-?\d{7,8}$/;

export const SubmitSuggestionSchema = z.object({
  title: cleanedText(TITLE_MIN, TITLE_MAX),
  body: cleanedText(BODY_MIN, BODY_MAX),
  categoryId: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  regionUnitId: z.coerce.number({ error: "form.required" }).int().positive("form.required"),
  callId: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  contactName: optionalText(50),
  contactPhone: optionalText(20).refine(
    (v) =>
      v === undefined ||
      MOBILE_RE.test(v.replace(/[\s-]/g, "")) ||
      LANDLINE_RE.test(v.replace(/\s/g, "")),
    "form.invalidPhone",
  ),
  contactEmail: optionalText(120).refine(
    (v) => v === undefined || z.email().safeParse(v).success,
    "form.invalidEmail",
  ),
  anonymous: checkbox,
  publishConsent: checkbox,
  /** Honeypot: people never see or fill it; bots do. */
  website: z.string().max(0, "form.invalid").optional(),
  idempotencyKey: z.string().min(8).max(100).optional(),
});
export type SubmitSuggestionInput = z.infer<typeof SubmitSuggestionSchema>;

/** Limits for the client-side constraints on the same fields. */
export const SUBMIT_LIMITS = {
  title: { minLength: TITLE_MIN, maxLength: TITLE_MAX },
  body: { minLength: BODY_MIN, maxLength: BODY_MAX },
} as const;

export const TrackSchema = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^JY-\d{4}-\d{6}$/, "track.badCode"),
  secret: z
    .string()
    .max(64)
    .optional()
    .transform((v) => (v ? normalizeSecret(v) || undefined : undefined)),
});

/**
 * A secret as typed → as issued (XXXX-XXXX-XXXX): case, spaces and dashes do not matter, so
 * "k8lx u6xv j8ea" from a phone's note finds the suggestion too.
 */
export function normalizeSecret(typed: string): string {
  const plain = typed.toUpperCase().replace(/[\s\-‐-―－_.]/g, "");
  return /^[A-Z0-9]{12}$/.test(plain)
    ? `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}`
    : typed.trim();
}

export const SatisfactionSchema = z.object({
  score: z.coerce.number().int().min(1, "form.required").max(5),
  comment: z.string().trim().max(1000, "form.tooLong").optional().default(""),
  rehandle: checkbox,
});

export const SORTS = ["newest", "supported", "answered"] as const;
export const PublicListSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  category: z.coerce.number().int().positive().optional().catch(undefined),
  region: z.coerce.number().int().positive().optional().catch(undefined),
  status: z.string().max(30).optional().catch(undefined),
  decision: z.string().max(30).optional().catch(undefined),
  period: z.enum(["7d", "30d", "90d", "365d", "all"]).optional().catch(undefined),
  sort: z.enum(SORTS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});
export type PublicListQuery = z.infer<typeof PublicListSchema>;

/** Turns zod issues into `{ field: [messageKey] }`. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** The adoption vocabulary for filters, re-exported so routes never import db/. */
export { DECISIONS } from "../../../db/schema/enums";

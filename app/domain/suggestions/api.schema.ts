import { z } from "zod";
import { DECISIONS } from "../../../db/schema/enums";
import { parseFollowContact } from "./public.schema";
import { SORTS, TrackSchema } from "./suggestions.schema";
import { PUBLIC_STATES } from "./suggestions-workflow";

/**
 * Schemas of the JSON API. Unlike the web pages' query strings, the API is strict: a bad value
 * is a 400 with field errors, not silently ignored. Messages are catalog keys.
 */
const emptyToUndefined = (value: unknown) =>
  value && typeof value === "object"
    ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== ""))
    : value;

const oneOf = (values: readonly string[]) =>
  z
    .string()
    .refine((v) => values.includes(v), "form.invalid")
    .optional();

export const ApiSearchSchema = z.preprocess(
  emptyToUndefined,
  z.object({
    q: z.string().trim().max(200, "form.tooLong").optional(),
    category: z.coerce.number().int().positive("form.invalid").optional(),
    region: z.coerce.number().int().positive("form.invalid").optional(),
    status: oneOf(PUBLIC_STATES),
    decision: oneOf(DECISIONS),
    period: oneOf(["7d", "30d", "90d", "365d", "all"]),
    sort: oneOf(SORTS),
    page: z.coerce.number().int().min(1, "form.invalid").max(10_000, "form.invalid").optional(),
  }),
);
export type ApiSearchQuery = z.infer<typeof ApiSearchSchema>;

export const CodeSchema = z.object({ code: TrackSchema.shape.code });

/** 附议 through the API: one per contact or per client-chosen device id. */
export const ApiSupportSchema = z
  .object({
    contact: z
      .string()
      .trim()
      .max(120, "form.tooLong")
      .refine((v) => parseFollowContact(v) !== null, "follow.invalidContact")
      .optional(),
    deviceId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,128}$/, "api.badDeviceId")
      .optional(),
  })
  .refine((v) => v.contact !== undefined || v.deviceId !== undefined, {
    message: "api.supporterRequired",
    path: ["contact"],
  });

/** The Idempotency-Key header: printable ASCII, 1–100 characters. */
export const IdempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,100}$/, "api.badIdempotencyKey")
  .optional();

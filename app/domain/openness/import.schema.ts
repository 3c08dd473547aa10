import { z } from "zod";

/**
 * Bulk import of suggestions from other channels (hotline, letters, SMS): the options form's
 * schema (client-safe, shared by the console page and the command) and the vocabulary of the
 * validation report. Reasons are catalog keys with parameters so the report reads in either
 * language.
 */
export const IMPORT_CHANNELS = ["hotline", "letter", "sms", "import"] as const;
export type ImportChannel = (typeof IMPORT_CHANNELS)[number];

export const IMPORT_FORMATS = ["csv", "jsonl"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Imported text is shorter than web text at times (an SMS, a call note). */
export const IMPORT_BODY_MIN = 5;
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

const fieldName = z
  .string()
  .trim()
  .max(100, "form.tooLong")
  .optional()
  .transform((v) => (v ? v : undefined));

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("false"), z.boolean()])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true");

export const ImportOptionsSchema = z.object({
  format: z.enum(["auto", ...IMPORT_FORMATS]).default("auto"),
  channel: z.enum(IMPORT_CHANNELS, { error: "form.required" }),
  unitId: z.coerce.number({ error: "form.required" }).int().positive("form.required"),
  titleField: fieldName,
  bodyField: fieldName,
  timeField: fieldName,
  idField: fieldName,
  categoryField: fieldName,
  publish: checkbox,
  dryRun: checkbox,
});
export type ImportOptionsInput = z.infer<typeof ImportOptionsSchema>;

/** Why a row was not imported (or what was assumed): a catalog key and its parameters. */
export interface ImportIssue {
  line: number;
  reason: ImportReason;
  params?: Record<string, string | number>;
}

export const IMPORT_REASONS = [
  "import.reason.badJson",
  "import.reason.badCsv",
  "import.reason.notObject",
  "import.reason.columns",
  "import.reason.missing",
  "import.reason.tooShort",
  "import.reason.tooLong",
  "import.reason.badTime",
  "import.reason.futureTime",
  "import.reason.badPhone",
  "import.reason.badEmail",
  "import.reason.unknownCategory",
  "import.reason.unknownUnit",
  "import.reason.failed",
  "import.warn.titleDerived",
] as const;
export type ImportReason = (typeof IMPORT_REASONS)[number];

export interface ImportDuplicate {
  line: number;
  /** The new suggestion (null in a dry run). */
  trackingCode: string | null;
  suggestionId: number | null;
  duplicateOf: string;
  duplicateOfId: number;
  score: number;
}

export interface ImportReport {
  format: ImportFormat;
  channel: ImportChannel;
  dryRun: boolean;
  /** Which column or key each field was read from. */
  fields: Record<string, string | null>;
  /** Records read (header and blank lines excluded). */
  total: number;
  imported: number;
  /** Rows whose idempotency key was already in the database: nothing added. */
  alreadyImported: number;
  invalid: ImportIssue[];
  warnings: ImportIssue[];
  duplicates: ImportDuplicate[];
  ms: number;
}

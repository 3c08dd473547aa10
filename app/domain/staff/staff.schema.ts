import { z } from "zod";
import { DECISIONS, OUTCOME_TYPES } from "../../../db/schema/enums";
import { parseDay } from "../analytics/period";

export { DECISIONS, OUTCOME_TYPES };

/**
 * The staff forms as one discriminated union on `intent`, shared by the console pages and the
 * staff API. Pure (client-safe). Messages are i18n keys.
 */
const id = z.coerce.number().int().positive();
const version = z.coerce.number().int().positive();
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "form.tooLong")
    .optional()
    .transform((v) => (v ? v : undefined));
const requiredText = (min: number, max: number) =>
  z.string().trim().min(min, "form.required").max(max, "form.tooLong");
const score = z.coerce.number().int().min(1, "form.invalid").max(5, "form.invalid");
/**
 * A calendar day (YYYY-MM-DD) as the end of that day in China time. `parseDay` round-trips it,
 * so a day that does not exist (2026-13-01, 2026-02-30) is a field error, not an Invalid Date
 * that reaches the database as NULL or rolls over into the next month.
 */
const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    if (parseDay(v) === null) {
      ctx.addIssue({ code: "custom", message: "form.invalidDate" });
      return z.NEVER;
    }
    return new Date(`${v}T23:59:59+08:00`);
  });
const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("false"), z.literal("")])
  .optional()
  .transform((v) => v === "on" || v === "true");
const idList = z
  .union([id, z.array(id)])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
const optionalUrl = z
  .string()
  .trim()
  .max(500, "form.tooLong")
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    if (!/^https?:\/\/\S+$/i.test(v)) {
      ctx.addIssue({ code: "custom", message: "form.invalidUrl" });
      return z.NEVER;
    }
    return v;
  });

export const StaffCommand = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept"), version, categoryId: id.optional() }),
  z.object({
    intent: z.literal("notAccept"),
    version,
    reasonId: id,
    note: optionalText(500),
  }),
  z.object({ intent: z.literal("transfer"), version, toUnitId: id, note: optionalText(500) }),
  z.object({ intent: z.literal("setCategory"), version, categoryId: id }),
  z.object({
    intent: z.literal("moderate"),
    version,
    hidden: checkbox,
    note: requiredText(2, 500),
  }),
  z.object({ intent: z.literal("merge"), version, primaryId: id }),
  z.object({ intent: z.literal("split"), version }),
  z.object({
    intent: z.literal("rate"),
    feasibility: score,
    innovation: score,
    benefit: score,
    urgency: score,
    note: optionalText(1000),
  }),
  z.object({
    intent: z.literal("assign"),
    version,
    leadDepartmentId: id,
    coDepartmentIds: idList,
    dueAt: optionalDate,
    instructions: optionalText(2000),
  }),
  z.object({ intent: z.literal("acceptAssignment"), version }),
  z.object({ intent: z.literal("returnAssignment"), version, reason: requiredText(2, 1000) }),
  z.object({ intent: z.literal("note"), body: requiredText(1, 2000) }),
  z.object({ intent: z.literal("saveReply"), version, body: requiredText(10, 5000) }),
  z.object({
    intent: z.literal("publishReply"),
    version,
    body: requiredText(10, 5000),
    decision: z.enum(DECISIONS, { message: "form.required" }),
    reason: optionalText(2000),
  }),
  z.object({ intent: z.literal("complete"), version }),
  z.object({
    intent: z.literal("recordOutcome"),
    version,
    type: z.enum(OUTCOME_TYPES, { message: "form.required" }),
    title: requiredText(2, 200),
    description: requiredText(10, 5000),
    documentNo: optionalText(100),
    link: optionalUrl,
    outcomeDate: optionalDate,
  }),
  z.object({
    intent: z.literal("addMilestone"),
    version,
    title: requiredText(2, 200),
    dueAt: optionalDate,
  }),
  z.object({
    intent: z.literal("updateMilestone"),
    version,
    milestoneId: id,
    progress: z.coerce.number().int().min(0, "form.invalid").max(100, "form.invalid"),
    evidence: optionalUrl,
    done: checkbox,
  }),
  z.object({
    intent: z.literal("requestExtension"),
    version,
    days: z.coerce.number().int().min(1, "form.invalid").max(365, "form.invalid"),
    reason: requiredText(5, 1000),
  }),
  z.object({ intent: z.literal("decideExtension"), version, extensionId: id, approve: checkbox }),
  z.object({ intent: z.literal("superviseNotice"), version, note: requiredText(5, 1000) }),
]);

export type StaffCommandInput = z.infer<typeof StaffCommand>;
export type StaffIntent = StaffCommandInput["intent"];

/** Selected queue rows as `id@version`, so a bulk action is as stale-safe as a single one. */
const items = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .pipe(
    z
      .array(z.string().regex(/^\d+@\d+$/, "form.invalid"))
      .min(1, "review.selectSome")
      .max(200, "form.tooLong"),
  )
  .transform((list) =>
    list.map((token) => {
      const at = token.indexOf("@");
      return { id: Number(token.slice(0, at)), version: Number(token.slice(at + 1)) };
    }),
  );

/** Bulk actions on the review queue. */
export const BulkCommand = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("bulkAccept"), items }),
  z.object({ intent: z.literal("bulkAssign"), items, leadDepartmentId: id }),
  z.object({ intent: z.literal("bulkMerge"), items, primaryId: id }),
]);
export type BulkCommandInput = z.infer<typeof BulkCommand>;

import { z } from "zod";
import { STAFF_ROLES, UNIT_LEVELS } from "../../../db/schema/enums";

/**
 * The admin console's form schemas, shared by the browser (constraints) and the server
 * (validation: every admin command parses its input with one of these). Messages are catalog
 * keys; `ADMIN_LIMITS` gives the numbers the messages and the inputs need.
 */
export const ADMIN_LIMITS = {
  code: { min: 2, max: 40 },
  name: { min: 1, max: 80 },
  username: { min: 3, max: 32 },
  displayName: { min: 1, max: 60 },
  email: { max: 120 },
  password: { min: 12, max: 256 },
  reason: { min: 2, max: 200 },
  sortOrder: { min: 0, max: 9999 },
  acceptDays: { min: 1, max: 90 },
  handleDays: { min: 1, max: 365 },
  maxExtensionDays: { min: 0, max: 90 },
  atRiskDays: { min: 0, max: 30 },
  escalateAfterDays: { min: 1, max: 90 },
} as const;

/** Defaults the deadline form starts from (the spec's common practice). */
export const DEADLINE_DEFAULTS = {
  acceptDays: 15,
  handleDays: 60,
  maxExtensionDays: 30,
  atRiskDays: 3,
  escalateAfterDays: 7,
} as const;

export const ADMIN_PAGE_SIZE = 50;

export { STAFF_ROLES, UNIT_LEVELS };

const id = z.coerce.number({ error: "form.required" }).int().positive("form.required");
const optionalId = z
  .union([z.literal("").transform(() => undefined), z.coerce.number().int().positive()])
  .optional();
const text = (min: number, max: number) =>
  z
    .string({ error: "form.required" })
    .trim()
    .min(min, min <= 1 ? "form.required" : "form.tooShort")
    .max(max, "form.tooLong");
const code = z
  .string({ error: "form.required" })
  .trim()
  .toLowerCase()
  .min(ADMIN_LIMITS.code.min, "form.tooShort")
  .max(ADMIN_LIMITS.code.max, "form.tooLong")
  .regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, "admin.error.codeFormat");
const name = text(ADMIN_LIMITS.name.min, ADMIN_LIMITS.name.max);
const days = (limits: { min: number; max: number }) =>
  z.coerce
    .number({ error: "form.required" })
    .int("admin.error.wholeNumber")
    .min(limits.min, "admin.error.range")
    .max(limits.max, "admin.error.range");
const active = z
  .union([z.literal("true"), z.literal("false"), z.boolean()])
  .transform((v) => v === true || v === "true");
const optionalEmail = z
  .string()
  .trim()
  .max(ADMIN_LIMITS.email.max, "form.tooLong")
  .optional()
  .transform((v) => (v ? v : undefined))
  .refine((v) => v === undefined || z.email().safeParse(v).success, "form.invalidEmail");
const password = z
  .string({ error: "form.required" })
  .min(ADMIN_LIMITS.password.min, "form.tooShort")
  .max(ADMIN_LIMITS.password.max, "form.tooLong");

// Org units and departments.
export const CreateUnitSchema = z.object({ parentId: id, code, name, nameEn: name });
/** The edit form's fingerprint of the row it showed (admin.server `fingerprint`). */
const seen = z.string().max(64).optional();

export const RenameUnitSchema = z.object({ unitId: id, name, nameEn: name, seen });
export const SetUnitActiveSchema = z.object({ unitId: id, active });

export const CreateDepartmentSchema = z.object({ unitId: id, code, name, nameEn: name });
export const UpdateDepartmentSchema = z.object({
  departmentId: id,
  unitId: id,
  name,
  nameEn: name,
  seen,
});
export const SetDepartmentActiveSchema = z.object({ departmentId: id, active });

// Category → department routing per unit.
export const SetCategoryRouteSchema = z.object({ categoryId: id, unitId: id, departmentId: id });
export const RetireCategoryRouteSchema = z.object({ routeId: id });

// Users and grants.
export const USERNAME_RE = /^[a-z0-9][a-z0-9._-]*$/;
export const CreateUserSchema = z
  .object({
    username: z
      .string({ error: "form.required" })
      .trim()
      .toLowerCase()
      .min(ADMIN_LIMITS.username.min, "form.tooShort")
      .max(ADMIN_LIMITS.username.max, "form.tooLong")
      .regex(USERNAME_RE, "admin.error.usernameFormat"),
    displayName: text(ADMIN_LIMITS.displayName.min, ADMIN_LIMITS.displayName.max),
    email: optionalEmail,
    departmentId: optionalId,
    password,
    /** An optional first grant, so a new account can work at once. */
    role: z
      .union([z.literal("").transform(() => undefined), z.enum(STAFF_ROLES, "form.invalid")])
      .optional(),
    unitId: optionalId,
  })
  .refine((v) => !v.role || v.unitId !== undefined, {
    path: ["unitId"],
    message: "form.required",
  });
export const UpdateUserSchema = z.object({
  userId: id,
  displayName: text(ADMIN_LIMITS.displayName.min, ADMIN_LIMITS.displayName.max),
  email: optionalEmail,
  departmentId: optionalId,
  seen,
});
export const ResetPasswordSchema = z.object({ userId: id, password });
export const SetUserActiveSchema = z.object({ userId: id, active });
export const AddGrantSchema = z.object({
  userId: id,
  role: z.enum(STAFF_ROLES, "form.required"),
  unitId: id,
});
export const RemoveGrantSchema = z.object({ grantId: id });

// Taxonomy.
export const CreateCategorySchema = z.object({
  parentId: optionalId,
  code,
  name,
  nameEn: name,
  defaultDepartmentId: optionalId,
});
export const UpdateCategorySchema = z.object({
  categoryId: id,
  name,
  nameEn: name,
  defaultDepartmentId: optionalId,
  seen,
});
export const SetCategoryActiveSchema = z.object({ categoryId: id, active });

export const SetDeadlineRuleSchema = z
  .object({
    unitId: optionalId,
    categoryId: optionalId,
    acceptDays: days(ADMIN_LIMITS.acceptDays),
    handleDays: days(ADMIN_LIMITS.handleDays),
    maxExtensionDays: days(ADMIN_LIMITS.maxExtensionDays),
    atRiskDays: days(ADMIN_LIMITS.atRiskDays),
    escalateAfterDays: days(ADMIN_LIMITS.escalateAfterDays),
  })
  .refine((v) => v.atRiskDays < v.acceptDays && v.atRiskDays < v.handleDays, {
    path: ["atRiskDays"],
    message: "admin.error.atRiskTooLong",
  });
export const RetireDeadlineRuleSchema = z.object({ ruleId: id });

const reasonText = text(ADMIN_LIMITS.reason.min, ADMIN_LIMITS.reason.max);
const sortOrder = z.coerce
  .number({ error: "form.required" })
  .int("admin.error.wholeNumber")
  .min(ADMIN_LIMITS.sortOrder.min, "admin.error.range")
  .max(ADMIN_LIMITS.sortOrder.max, "admin.error.range");
export const CreateReasonSchema = z.object({
  code,
  text: reasonText,
  textEn: reasonText,
  sortOrder,
});
export const UpdateReasonSchema = z.object({
  reasonId: id,
  text: reasonText,
  textEn: reasonText,
  sortOrder,
  seen,
});
export const SetReasonActiveSchema = z.object({ reasonId: id, active });

// API clients.
export const CreateApiClientSchema = z.object({
  name,
  /** The client acts as this staff user: its roles and unit subtree are the client's scope. */
  userId: id,
});
export const RevokeApiClientSchema = z.object({ clientId: id });

/** Free-text filter and page number of an admin list, from the URL. */
export const ListQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .catch(undefined)
    .transform((v) => (v ? v : undefined)),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(1).default(1),
});
export type ListQuery = { q?: string; page?: number };

export function listQuery(url: string | URL): ListQuery {
  const params = new URL(url).searchParams;
  return ListQuerySchema.parse({
    q: params.get("q") ?? undefined,
    page: params.get("page") ?? undefined,
  });
}

/** zod issues → { field: [catalog keys] } (first path segment). */
export function adminFieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    const list = (out[key] ??= []);
    if (!list.includes(issue.message)) list.push(issue.message);
  }
  return out;
}

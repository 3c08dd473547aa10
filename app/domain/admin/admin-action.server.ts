import { data } from "@remix-run/node";
import { assertCsrf } from "../../utils/csrf.server";
import { ConflictError, DomainValidationError } from "../../utils/errors";
import { redirectWithFlash } from "../../utils/flash.server";
import type { MessageKey } from "../../utils/i18n";
import { requirePermission } from "../auth/auth.server";
import type { StaffUser } from "../auth/permissions";

/**
 * The admin routes' action in one place: check CSRF, require an admin, pick the command named
 * by the form's `intent`, run it (it parses its own input and checks the subtree), then
 * redirect with a flash message, or return the field errors (400) with what was typed so the
 * form that sent it (`formId`) shows them beside its fields.
 */
export interface AdminCommand {
  run: (actor: StaffUser, input: Record<string, string>) => unknown;
  /** Flash message after success (redirect to the same page). */
  success: MessageKey;
  /** Return the result to the page instead of redirecting (e.g. a key shown once). */
  respond?: boolean;
  /** Where to go after success (default: the same page, keeping its filter). */
  redirectTo?: (result: unknown) => string;
}

export type AdminActionData =
  | {
      ok: false;
      intent: string;
      formId: string;
      fieldErrors: Record<string, string[]>;
      values: Record<string, string>;
    }
  | { ok: true; intent: string; formId: string; result: unknown };

/** Fields never echoed back to the page. */
const SECRET_FIELDS = new Set(["password", "csrf"]);

export async function runAdminAction(request: Request, commands: Record<string, AdminCommand>) {
  const form = await request.formData();
  await assertCsrf(request, form);
  const actor = await requirePermission(request, "admin:system");
  const input: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string") input[key] = value;
  const intent = input.intent ?? "";
  const formId = input.formId ?? intent;
  const command = commands[intent];
  if (!command) {
    return data(
      { ok: false as const, intent, formId, fieldErrors: { form: ["form.invalid"] }, values: {} },
      { status: 400 },
    );
  }
  try {
    const result = await command.run(actor, input);
    if (command.respond) return data({ ok: true as const, intent, formId, result });
    const url = new URL(request.url);
    url.searchParams.delete("index");
    const to = command.redirectTo?.(result) ?? `${url.pathname}${url.search}`;
    return redirectWithFlash(to, {
      kind: "success",
      key: command.success,
    });
  } catch (error) {
    // Refusals go back to the form that was sent, with what was typed (never a password).
    const refused = (fieldErrors: Record<string, string[]>, status: number) =>
      data(
        {
          ok: false as const,
          intent,
          formId,
          fieldErrors,
          values: Object.fromEntries(
            Object.entries(input).filter(([key]) => !SECRET_FIELDS.has(key)),
          ),
        },
        { status },
      );
    if (error instanceof DomainValidationError) return refused(error.fieldErrors, 400);
    // Someone saved the row since this form was shown (its `seen` fingerprint is stale).
    if (error instanceof ConflictError) return refused({ form: ["admin.error.conflict"] }, 409);
    throw error;
  }
}

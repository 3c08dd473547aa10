import { data } from "@remix-run/node";
import { assertCsrf } from "../../utils/csrf.server";
import { db } from "../../utils/db.server";
import { ConflictError, DomainValidationError } from "../../utils/errors";
import { redirectWithFlash } from "../../utils/flash.server";
import type { MessageKey } from "../../utils/i18n";
import { can, homePathFor, type StaffUser } from "../auth/permissions";
import { fieldErrors } from "../suggestions/suggestions.schema";
import { loadSuggestion, scopeOf } from "./command.server";
import { executeBulkCommand, executeStaffCommand } from "./dispatch.server";
import { BulkCommand, StaffCommand } from "./staff.schema";
import { idForCode } from "./workspace.server";

/**
 * The HTTP side of a staff form: CSRF, zod, the command, then a redirect with a flash message;
 * validation errors and stale writes come back as data for the form (400 and 409).
 */
export function formObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

/** A refused command as data for its form: 409 for a stale version, 400 with field errors. */
export function failure(intent: string, error: unknown) {
  if (error instanceof ConflictError) return data({ intent, conflict: true }, { status: 409 });
  if (error instanceof DomainValidationError) return invalid(intent, error.fieldErrors);
  throw error;
}

/** The merge form names the primary by tracking code. */
function invalid(intent: string, errors: Record<string, string[]>) {
  const { primaryId, ...rest } = errors;
  const fieldErrors = primaryId ? { ...rest, primaryCode: primaryId } : rest;
  return data({ intent, fieldErrors }, { status: 400 });
}

/** `suggestionId` null: the form names the item (boards acting on many items). */
export async function handleStaffForm(
  request: Request,
  user: StaffUser,
  suggestionId: number | null,
  redirectTo: string,
) {
  const form = await request.formData();
  await assertCsrf(request, form);
  const raw = formObject(form);
  const target = suggestionId ?? Number(raw.suggestionId);
  if (!Number.isInteger(target) || target <= 0)
    return data(
      { intent: String(raw.intent ?? ""), fieldErrors: { suggestionId: ["form.invalid"] } },
      { status: 400 },
    );
  // Errors go back to the form that was posted (the reply form also saves drafts).
  const intent = String(raw.intent ?? "");
  if (intent === "publishReply" && raw.draft === "1") raw.intent = "saveReply";
  if (intent === "merge" && typeof raw.primaryCode === "string" && raw.primaryCode.trim()) {
    const id = idForCode(raw.primaryCode);
    if (id === null) return invalid(intent, { primaryId: ["topics.unknownCode"] });
    raw.primaryId = String(id);
  }
  const parsed = StaffCommand.safeParse(raw);
  if (!parsed.success) return invalid(intent, fieldErrors(parsed.error));
  try {
    executeStaffCommand(user, target, parsed.data);
  } catch (error) {
    return failure(intent, error);
  }
  // A command can take the item out of the user's reach (a transfer to another city): then
  // they go back to their own console, not to a page that answers 403.
  const database = db();
  const stillVisible = can(
    user,
    "view:suggestion",
    scopeOf(database, loadSuggestion(database, target)),
  );
  return redirectWithFlash(stillVisible ? redirectTo : homePathFor(user), {
    kind: "success",
    key: `staff.done.${parsed.data.intent}` as MessageKey,
  });
}

export async function handleBulkForm(request: Request, user: StaffUser) {
  const form = await request.formData();
  await assertCsrf(request, form);
  const raw = formObject(form);
  const intent = String(raw.intent ?? "");
  if (intent === "bulkMerge") {
    const id = typeof raw.primaryCode === "string" ? idForCode(raw.primaryCode) : null;
    if (id === null)
      return data({ intent, fieldErrors: { primaryId: ["topics.unknownCode"] } }, { status: 400 });
    raw.primaryId = String(id);
  }
  const parsed = BulkCommand.safeParse(raw);
  if (!parsed.success)
    return data({ intent, fieldErrors: fieldErrors(parsed.error) }, { status: 400 });
  const bulk = executeBulkCommand(user, parsed.data);
  return data({ intent, bulk }, { status: bulk.failed.length && !bulk.done.length ? 409 : 200 });
}

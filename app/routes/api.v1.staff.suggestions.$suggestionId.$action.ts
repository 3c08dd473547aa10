import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { commandInput, isApiAction, runApiCommand } from "../domain/analytics/staff-api.server";
import { authenticateApiRequest } from "../domain/auth/api-keys.server";
import { StaffCommand } from "../domain/staff/staff.schema";
import {
  ApiError,
  apiRoute,
  json,
  methodNotAllowed,
  parseOrThrow,
  readJson,
} from "../utils/api.server";

const Params = z.object({ suggestionId: z.coerce.number().int().positive(), action: z.string() });

/**
 * POST /api/v1/staff/suggestions/{suggestionId}/{action}: a staff command through the same
 * domain command and permission checks as the console. `action` is accept-assignment,
 * return-assignment, reply-draft, reply (publish the reply with the adoption decision),
 * complete, outcome, milestones (add one), extension, or `actions` with any `intent` in the
 * body. Every body carries the suggestion's `version` (stale → 409).
 */
export const action = /* @__PURE__ */ apiRoute(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed("POST");
  const { user } = authenticateApiRequest(request);
  const { suggestionId, action: name } = parseOrThrow(Params, params, request);
  if (!isApiAction(name)) throw new ApiError(404, "not_found", `Unknown action ${name}`);
  const body = await readJson(request);
  const command = parseOrThrow(StaffCommand, commandInput(body, name), request);
  return json(runApiCommand(user, suggestionId, command));
});

export const loader = /* @__PURE__ */ apiRoute(async (_: LoaderFunctionArgs) =>
  methodNotAllowed("POST"),
);

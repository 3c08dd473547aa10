import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { commandInput, runApiCommand } from "../domain/analytics/staff-api.server";
import { authenticateApiRequest } from "../domain/auth/api-keys.server";
import { StaffCommand } from "../domain/staff/staff.schema";
import { apiRoute, json, methodNotAllowed, parseOrThrow, readJson } from "../utils/api.server";

const Params = z.object({
  suggestionId: z.coerce.number().int().positive(),
  milestoneId: z.coerce.number().int().positive(),
});

/**
 * POST /api/v1/staff/suggestions/{suggestionId}/milestones/{milestoneId}: update a milestone's
 * progress, evidence link and done flag (the updateMilestone staff command).
 */
export const action = /* @__PURE__ */ apiRoute(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed("POST");
  const { user } = authenticateApiRequest(request);
  const { suggestionId, milestoneId } = parseOrThrow(Params, params, request);
  const body = await readJson(request);
  const command = parseOrThrow(
    StaffCommand,
    commandInput(body, "actions", { intent: "updateMilestone", milestoneId }),
    request,
  );
  return json(runApiCommand(user, suggestionId, command));
});

export const loader = /* @__PURE__ */ apiRoute(async (_: LoaderFunctionArgs) =>
  methodNotAllowed("POST"),
);

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getApiSuggestion } from "../domain/analytics/staff-api.server";
import { authenticateApiRequest } from "../domain/auth/api-keys.server";
import { apiRoute, json, methodNotAllowed, parseOrThrow } from "../utils/api.server";

const Params = z.object({ suggestionId: z.coerce.number().int().positive() });

/**
 * GET /api/v1/staff/suggestions/{suggestionId}: the suggestion as staff see it, with its
 * version (send it back with every action), assignments, replies, decision and outcome.
 */
export const loader = /* @__PURE__ */ apiRoute(async ({ request, params }: LoaderFunctionArgs) => {
  const { user } = authenticateApiRequest(request);
  const { suggestionId } = parseOrThrow(Params, params, request);
  return json(getApiSuggestion(user, suggestionId));
});

export const action = /* @__PURE__ */ apiRoute(async (_: ActionFunctionArgs) =>
  methodNotAllowed("GET"),
);

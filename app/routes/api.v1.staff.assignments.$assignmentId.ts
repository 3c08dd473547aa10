import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getApiAssignment } from "../domain/analytics/staff-api.server";
import { authenticateApiRequest } from "../domain/auth/api-keys.server";
import { apiRoute, json, methodNotAllowed, parseOrThrow } from "../utils/api.server";

const Params = z.object({ assignmentId: z.coerce.number().int().positive() });

/** GET /api/v1/staff/assignments/{assignmentId}: one assignment (403 outside the scope). */
export const loader = /* @__PURE__ */ apiRoute(async ({ request, params }: LoaderFunctionArgs) => {
  const { user } = authenticateApiRequest(request);
  const { assignmentId } = parseOrThrow(Params, params, request);
  return json(getApiAssignment(user, assignmentId));
});

export const action = /* @__PURE__ */ apiRoute(async (_: ActionFunctionArgs) =>
  methodNotAllowed("GET"),
);

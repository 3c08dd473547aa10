import type { LoaderFunctionArgs } from "@remix-run/node";
import { CodeSchema } from "../domain/suggestions/api.schema";
import { apiSuggestion } from "../domain/suggestions/api-view";
import { getSuggestionView } from "../domain/suggestions/public.server";
import {
  ApiError,
  apiRoute,
  CORS_READ,
  json,
  methodNotAllowed,
  parseOrThrow,
} from "../utils/api.server";

/**
 * GET /api/v1/suggestions/:code: the public view, or with `X-Tracking-Secret` the private one.
 * A wrong secret is a 404, exactly like an unknown or non-public code, so nothing leaks.
 */
export const loader = /* @__PURE__ */ apiRoute(async ({ request, params }: LoaderFunctionArgs) => {
  const { code } = parseOrThrow(CodeSchema, { code: params.code }, request);
  const secret = request.headers.get("x-tracking-secret")?.trim() || undefined;
  if (secret !== undefined && secret.length > 64) throw new ApiError(404, "not_found", "Not found");
  const view = getSuggestionView(code, { secret });
  if (secret !== undefined && !view.isOwner) throw new ApiError(404, "not_found", "Not found");
  return json(apiSuggestion(view), 200, view.isOwner ? { Vary: "X-Tracking-Secret" } : CORS_READ);
});

export const action = /* @__PURE__ */ apiRoute(async () => methodNotAllowed("GET"));

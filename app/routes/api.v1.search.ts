import type { LoaderFunctionArgs } from "@remix-run/node";
import { searchResponse } from "../domain/suggestions/api-search.server";
import { apiRoute, CORS_READ, json, methodNotAllowed } from "../utils/api.server";

/**
 * GET /api/v1/search?q=…&category=&region=&status=&decision=&period=&sort=&page=: full-text
 * search over public suggestions with the list's filters; a bad filter is a 400.
 */
export const loader = /* @__PURE__ */ apiRoute(async ({ request }: LoaderFunctionArgs) =>
  json(searchResponse(request), 200, CORS_READ),
);

/** Read-only: other methods get a 405 that names the allowed ones. */
export const action = async () => methodNotAllowed("GET, HEAD");

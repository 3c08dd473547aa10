import type { LoaderFunctionArgs } from "@remix-run/node";
import { searchResponse } from "../domain/suggestions/api-search.server";
import { apiRoute, CORS_READ, json } from "../utils/api.server";

/**
 * GET /api/v1/search?q=…&category=&region=&status=&decision=&period=&sort=&page=: full-text
 * search over public suggestions with the list's filters; a bad filter is a 400.
 */
export const loader = /* @__PURE__ */ apiRoute(async ({ request }: LoaderFunctionArgs) =>
  json(searchResponse(request), 200, CORS_READ),
);

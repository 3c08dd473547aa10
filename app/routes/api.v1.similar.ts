import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { findPublicSimilar } from "../domain/suggestions/similar.server";
import { apiRoute, CORS_READ, json, methodNotAllowed, parseOrThrow } from "../utils/api.server";

const Query = z.object({
  text: z.string().trim().min(2, "form.tooShort").max(5000, "form.tooLong"),
  title: z.string().trim().max(100, "form.tooLong").optional(),
  k: z.coerce.number().int().min(1, "form.invalid").max(20, "form.invalid").default(5),
});

/**
 * GET /api/v1/similar?text=…&k=…: the most similar public suggestions to a draft. Errors are
 * the API's `{error, message, fieldErrors}`, like /api/v1/search.
 */
export const loader = /* @__PURE__ */ apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const query = parseOrThrow(Query, Object.fromEntries(new URL(request.url).searchParams), request);
  const matches = findPublicSimilar({ title: query.title, body: query.text }, query.k);
  return json({ matches }, 200, CORS_READ);
});

/** Read-only: other methods get a 405 that names the allowed ones. */
export const action = async () => methodNotAllowed("GET, HEAD");

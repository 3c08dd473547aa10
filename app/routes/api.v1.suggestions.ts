import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requestHash, withIdempotency } from "../domain/api/idempotency.server";
import { IdempotencyKeySchema } from "../domain/suggestions/api.schema";
import { searchResponse } from "../domain/suggestions/api-search.server";
import { findPublicSimilar } from "../domain/suggestions/similar.server";
import { submitSuggestion } from "../domain/suggestions/submit.server";
import { SubmitSuggestionSchema } from "../domain/suggestions/suggestions.schema";
import {
  apiRoute,
  CORS_READ,
  json,
  methodNotAllowed,
  parseOrThrow,
  readJson,
} from "../utils/api.server";
import { clientIp, hitRateLimit } from "../utils/rate-limit.server";

/** GET /api/v1/suggestions: the public list (same filters as /api/v1/search). */
export const loader = /* @__PURE__ */ apiRoute(async ({ request }: LoaderFunctionArgs) =>
  json(searchResponse(request), 200, CORS_READ),
);

/**
 * POST /api/v1/suggestions → 201 {trackingCode, secret, status, similar}. An Idempotency-Key
 * makes retries safe: the same key and body return the first answer (with the same secret,
 * re-derived, never stored); the same key with another body is a 422.
 */
export const action = /* @__PURE__ */ apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed("GET, POST");
  const headerKey = parseOrThrow(
    IdempotencyKeySchema,
    request.headers.get("idempotency-key") ?? undefined,
    request,
  );
  const body = await readJson(request);
  const { idempotencyKey: bodyKey, ...input } = parseOrThrow(SubmitSuggestionSchema, body, request);
  // API keys live in their own namespace, apart from the web form's.
  const key = headerKey ?? bodyKey;
  const submitKey = key ? `api:${key}` : undefined;
  const result = withIdempotency({
    scope: "POST /api/v1/suggestions",
    key,
    hash: requestHash({ body }),
    execute: () => {
      hitRateLimit("submit", [clientIp(request), input.contactPhone, input.contactEmail]);
      const created = submitSuggestion(input, { channel: "api", idempotencyKey: submitKey });
      const similar = findPublicSimilar({ title: input.title, body: input.body }, 5);
      const response = {
        trackingCode: created.trackingCode,
        status: created.status,
        similar,
        trackUrl: `/track?code=${created.trackingCode}`,
      };
      return { status: 201, body: { ...response, secret: created.secret }, stored: response };
    },
    // The secret is derived from the key, so a replay gives it back without it being stored.
    restore: (stored) => ({
      ...stored,
      secret: submitSuggestion(input, { channel: "api", idempotencyKey: submitKey }).secret,
    }),
  });
  return json(result.body, result.status, result.replayed ? { "Idempotent-Replayed": "true" } : {});
});

import type { ActionFunctionArgs } from "@remix-run/node";
import { requestHash, withIdempotency } from "../domain/api/idempotency.server";
import { CodeSchema, IdempotencyKeySchema } from "../domain/suggestions/api.schema";
import { rateSatisfaction } from "../domain/suggestions/engagement.server";
import { SatisfactionSchema } from "../domain/suggestions/suggestions.schema";
import { hashSecret } from "../domain/suggestions/tracking";
import {
  ApiError,
  apiRoute,
  json,
  methodNotAllowed,
  parseOrThrow,
  readJson,
} from "../utils/api.server";
import { clientIp, hitRateLimit } from "../utils/rate-limit.server";

/**
 * POST /api/v1/suggestions/:code/satisfaction {score 1–5, comment?, rehandle?} with the
 * `X-Tracking-Secret` header: 401 without it, 404 when it is wrong, 409 when not yet answered
 * or already rated; a score of 2 or lower with `rehandle: true` reopens the item once.
 */
export const action = /* @__PURE__ */ apiRoute(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed("POST");
  const { code } = parseOrThrow(CodeSchema, { code: params.code }, request);
  const secret = request.headers.get("x-tracking-secret")?.trim();
  if (!secret) {
    throw new ApiError(401, "tracking_secret_required", "Send the X-Tracking-Secret header.");
  }
  if (secret.length > 64) throw new ApiError(404, "not_found", "Not found");
  const key = parseOrThrow(
    IdempotencyKeySchema,
    request.headers.get("idempotency-key") ?? undefined,
    request,
  );
  const body = await readJson(request);
  const input = parseOrThrow(SatisfactionSchema, body, request);
  const result = withIdempotency({
    scope: "POST /api/v1/suggestions/:code/satisfaction",
    key,
    hash: requestHash({ code, body, secret: hashSecret(secret) }),
    execute: () => {
      // Per address only: a limit per tracking code, counted before the secret is checked,
      // let anyone who knows a public code lock its owner out of rating.
      hitRateLimit("satisfaction", [clientIp(request)]);
      const r = rateSatisfaction({ code, secret, ...input });
      return {
        status: 201,
        body: { trackingCode: code, score: input.score, rehandling: r.rehandling },
      };
    },
  });
  return json(result.body, result.status, result.replayed ? { "Idempotent-Replayed": "true" } : {});
});

export const loader = /* @__PURE__ */ apiRoute(async () => methodNotAllowed("POST"));

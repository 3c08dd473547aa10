import type { ActionFunctionArgs } from "@remix-run/node";
import { requestHash, withIdempotency } from "../domain/api/idempotency.server";
import {
  ApiSupportSchema,
  CodeSchema,
  IdempotencyKeySchema,
} from "../domain/suggestions/api.schema";
import { supporterKey, supportSuggestion } from "../domain/suggestions/engagement.server";
import { parseFollowContact } from "../domain/suggestions/public.schema";
import { apiRoute, json, methodNotAllowed, parseOrThrow, readJson } from "../utils/api.server";
import { clientIp, hitRateLimit } from "../utils/rate-limit.server";

/**
 * POST /api/v1/suggestions/:code/supports {contact} or {deviceId}: 附议, one per supporter.
 * 201 when counted; 200 with `alreadySupported: true` when this supporter already had.
 */
export const action = /* @__PURE__ */ apiRoute(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed("POST");
  const { code } = parseOrThrow(CodeSchema, { code: params.code }, request);
  const key = parseOrThrow(
    IdempotencyKeySchema,
    request.headers.get("idempotency-key") ?? undefined,
    request,
  );
  const body = await readJson(request);
  const input = parseOrThrow(ApiSupportSchema, body, request);
  const contact = input.contact ? parseFollowContact(input.contact) : null;
  const result = withIdempotency({
    scope: "POST /api/v1/suggestions/:code/supports",
    key,
    hash: requestHash({ code, body }),
    execute: () => {
      hitRateLimit("support", [clientIp(request), contact?.value]);
      const supporter = contact
        ? supporterKey("contact", `${contact.kind}:${contact.value}`)
        : supporterKey("device", input.deviceId!);
      const r = supportSuggestion(code, supporter);
      return {
        status: r.alreadySupported ? 200 : 201,
        body: {
          trackingCode: code,
          supportsCount: r.supportsCount,
          alreadySupported: r.alreadySupported,
        },
      };
    },
  });
  return json(result.body, result.status, result.replayed ? { "Idempotent-Replayed": "true" } : {});
});

export const loader = /* @__PURE__ */ apiRoute(async () => methodNotAllowed("POST"));

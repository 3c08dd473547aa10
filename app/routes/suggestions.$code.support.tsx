import { type ActionFunctionArgs, data, redirect } from "@remix-run/node";
import { supporterKey, supportSuggestion } from "../domain/suggestions/engagement.server";
import { appCookies, randomToken } from "../utils/cookies.server";
import { assertCsrf } from "../utils/csrf.server";
import { RateLimitedError } from "../utils/errors";
import { redirectWithFlash } from "../utils/flash.server";
import { guarded } from "../utils/http.server";
import { clientIp, hitRateLimit } from "../utils/rate-limit.server";

/**
 * 附议 from the browser: one per device cookie (set on first support). Called by fetchers (the
 * suggestion page, the similar panel), which show the result in place; a plain form post
 * without JavaScript is redirected back to the suggestion with a message.
 */
export const action = /* @__PURE__ */ guarded(async ({ request, params }: ActionFunctionArgs) => {
  const form = await request.formData();
  await assertCsrf(request, form);
  const code = String(params.code);
  const navigating = request.headers.get("sec-fetch-mode") === "navigate";
  try {
    hitRateLimit("support", [clientIp(request)]);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    const minutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
    if (navigating) {
      return redirectWithFlash(`/suggestions/${code}`, {
        kind: "error",
        key: "limit.support",
        params: { minutes },
      });
    }
    return data(
      {
        rateLimited: true as const,
        minutes,
        supportsCount: undefined,
        alreadySupported: false,
        countedOn: null,
      },
      { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
    );
  }
  let device = await appCookies().device.parse(request.headers.get("Cookie"));
  const headers = new Headers();
  if (typeof device !== "string" || device.length < 16) {
    device = randomToken();
    headers.append("Set-Cookie", await appCookies().device.serialize(device));
  }
  const result = supportSuggestion(code, supporterKey("device", device));
  if (navigating) {
    return redirectWithFlash(
      `/suggestions/${code}`,
      { kind: "success", key: result.alreadySupported ? "support.already" : "support.thanks" },
      headers,
    );
  }
  return data(
    {
      rateLimited: false as const,
      minutes: 0,
      supportsCount: result.supportsCount,
      alreadySupported: result.alreadySupported,
      countedOn: result.primaryCode,
    },
    { headers },
  );
});

export const loader = ({ params }: { params: { code?: string } }) =>
  redirect(`/suggestions/${params.code ?? ""}`);

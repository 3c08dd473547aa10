import { type ActionFunctionArgs, data, redirect } from "@remix-run/node";
import { supporterKey, supportSuggestion } from "../domain/suggestions/engagement.server";
import { appCookies, randomToken } from "../utils/cookies.server";
import { assertCsrf } from "../utils/csrf.server";
import { guarded } from "../utils/http.server";
import { clientIp, hitRateLimit } from "../utils/rate-limit.server";

/** 附议 from the browser: one per device cookie (set on first support). */
export const action = /* @__PURE__ */ guarded(async ({ request, params }: ActionFunctionArgs) => {
  const form = await request.formData();
  await assertCsrf(request, form);
  hitRateLimit("support", [clientIp(request)]);
  let device = await appCookies().device.parse(request.headers.get("Cookie"));
  const headers = new Headers();
  if (typeof device !== "string" || device.length < 16) {
    device = randomToken();
    headers.append("Set-Cookie", await appCookies().device.serialize(device));
  }
  const result = supportSuggestion(String(params.code), supporterKey("device", device));
  return data(
    { supportsCount: result.supportsCount, alreadySupported: result.alreadySupported },
    { headers },
  );
});

export const loader = ({ params }: { params: { code?: string } }) =>
  redirect(`/suggestions/${params.code ?? ""}`);

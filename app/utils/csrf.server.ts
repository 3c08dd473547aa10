import { appCookies, randomToken, safeEqual } from "./cookies.server";
import { ForbiddenError } from "./errors";

/**
 * CSRF protection by the double-submit pattern: a signed, httpOnly cookie holds a random token;
 * every form carries the same token in a hidden `csrf` field (rendered by <CsrfInput/> from the
 * root loader). A cross-site post cannot read the token, so its field never matches.
 */
export async function getCsrfToken(
  request: Request,
): Promise<{ token: string; setCookie?: string }> {
  const existing = await appCookies().csrf.parse(request.headers.get("Cookie"));
  if (typeof existing === "string" && existing.length >= 32) return { token: existing };
  const token = randomToken();
  return { token, setCookie: await appCookies().csrf.serialize(token) };
}

export async function assertCsrf(request: Request, form: FormData): Promise<void> {
  const cookie = await appCookies().csrf.parse(request.headers.get("Cookie"));
  const field = form.get("csrf");
  if (typeof cookie !== "string" || typeof field !== "string" || !safeEqual(cookie, field)) {
    throw new ForbiddenError("Invalid or missing CSRF token. Reload the page and try again.");
  }
}

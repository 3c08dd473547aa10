import { appCookies, randomToken, safeEqual } from "./cookies.server";
import { ForbiddenError } from "./errors";

/**
 * CSRF protection by the double-submit pattern: a signed, httpOnly cookie holds a random token;
 * every form carries the same token in a hidden `csrf` field (rendered by <CsrfInput/> from the
 * root loader). A cross-site post cannot read the token, so its field never matches. A post
 * whose Origin is another site (or "null") is refused too, even with a matching token (a token
 * planted by cookie tossing, or leaked), as browsers always send Origin on cross-site posts.
 */
export async function getCsrfToken(
  request: Request,
): Promise<{ token: string; setCookie?: string }> {
  const existing = await appCookies().csrf.parse(request.headers.get("Cookie"));
  if (typeof existing === "string" && existing.length >= 32) return { token: existing };
  const token = randomToken();
  return { token, setCookie: await appCookies().csrf.serialize(token) };
}

/** False when the request says it comes from another site (no Origin: a same-site or non-browser client). */
function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("Origin");
  if (origin === null) return true;
  if (origin === "null") return false;
  try {
    return new URL(origin).host === new URL(request.url).host;
  } catch {
    return false;
  }
}

export async function assertCsrf(request: Request, form: FormData): Promise<void> {
  const cookie = await appCookies().csrf.parse(request.headers.get("Cookie"));
  const field = form.get("csrf");
  if (
    typeof cookie !== "string" ||
    typeof field !== "string" ||
    !safeEqual(cookie, field) ||
    !sameOrigin(request)
  ) {
    throw new ForbiddenError("Invalid or missing CSRF token. Reload the page and try again.");
  }
}

import { appCookies } from "./cookies.server";
import { DEFAULT_LOCALE, type Locale, parseLocale } from "./i18n";

/**
 * The request's locale: `?lang=` wins (and is remembered in a cookie), then the cookie, then
 * zh-CN. Accept-Language is deliberately ignored: the service is Chinese-first.
 */
export async function resolveLocale(
  request: Request,
): Promise<{ locale: Locale; setCookie?: string }> {
  const fromQuery = parseLocale(new URL(request.url).searchParams.get("lang"));
  const fromCookie = parseLocale(await appCookies().lang.parse(request.headers.get("Cookie")));
  if (fromQuery) {
    return {
      locale: fromQuery,
      setCookie:
        fromQuery !== fromCookie ? await appCookies().lang.serialize(fromQuery) : undefined,
    };
  }
  return { locale: fromCookie ?? DEFAULT_LOCALE };
}

export async function getLocale(request: Request): Promise<Locale> {
  return (await resolveLocale(request)).locale;
}

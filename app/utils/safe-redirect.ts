const BASE = "http://minyi.invalid";

/**
 * Where to go after sign-in: a path on this site, else `fallback`. Browsers read `/\host`
 * and paths with tabs or newlines (`/<TAB>/host`) as another origin, so a backslash or a
 * control character refuses the path, and what is left must resolve to this site.
 */
export function safeRedirect(to: unknown, fallback: string): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//")) return fallback;
  if (/[\\\u0000-\u001f\u007f]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, BASE);
  } catch {
    return fallback;
  }
  return url.origin === BASE ? `${url.pathname}${url.search}${url.hash}` : fallback;
}

import { redirect } from "@remix-run/node";
import { appCookies } from "./cookies.server";
import type { MessageKey } from "./i18n";

/** One-shot messages shown after a redirect ("Saved", "Accepted" …). */
export type Flash = {
  kind: "success" | "error";
  key: MessageKey;
  params?: Record<string, string | number>;
};

export async function redirectWithFlash(to: string, flash: Flash, headers?: HeadersInit) {
  const h = new Headers(headers);
  h.append("Set-Cookie", await appCookies().flash.serialize(flash));
  return redirect(to, { headers: h });
}

export async function readFlash(
  request: Request,
): Promise<{ flash: Flash | null; setCookie?: string }> {
  const value = await appCookies().flash.parse(request.headers.get("Cookie"));
  if (!value || typeof value !== "object" || !("key" in value)) return { flash: null };
  return {
    flash: value as Flash,
    setCookie: await appCookies().flash.serialize("", { maxAge: 0 }),
  };
}

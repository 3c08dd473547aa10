import { randomBytes, timingSafeEqual } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { env } from "./env.server";

/**
 * All cookies in one place. Secrets come from the parsed environment, so cookies are created
 * lazily (after env() is available) and memoized.
 */
function cookieOptions() {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    path: "/",
    secure: env().COOKIE_SECURE === "true",
    secrets: [env().SESSION_SECRET],
  };
}

let cookies: ReturnType<typeof build> | undefined;
function build() {
  return {
    session: createCookie("minyi_session", { ...cookieOptions(), maxAge: 60 * 60 * 12 }),
    csrf: createCookie("minyi_csrf", { ...cookieOptions(), maxAge: 60 * 60 * 24 * 30 }),
    device: createCookie("minyi_device", { ...cookieOptions(), maxAge: 60 * 60 * 24 * 365 }),
    lang: createCookie("minyi_lang", {
      path: "/",
      sameSite: "lax",
      httpOnly: false,
      maxAge: 60 * 60 * 24 * 365,
    }),
    flash: createCookie("minyi_flash", { ...cookieOptions(), maxAge: 60 }),
    /** Carries a new suggestion's code and secret to the confirmation page, once. */
    receipt: createCookie("minyi_receipt", { ...cookieOptions(), path: "/submit", maxAge: 300 }),
  };
}
export function appCookies() {
  cookies ??= build();
  return cookies;
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

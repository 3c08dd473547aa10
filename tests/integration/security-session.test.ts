/**
 * Session cookie flags with COOKIE_SECURE=true (as behind HTTPS), through the real login and
 * logout route modules: the session cookie is Secure, HttpOnly, SameSite=Lax, Path=/, expires,
 * and every other cookie carrying a secret is Secure and HttpOnly too. (Over plain HTTP, with
 * the flag off, tests/e2e/security.spec.ts checks the same cookie on the running server.)
 */
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "minyi-security-session-"));
const file = join(dir, "db.sqlite");
copyFileSync(inject("templateDb"), file);
process.env.DATABASE_PATH = file;
process.env.SESSION_SECRET = "security-session-test-secret-0123456789abcdefgh";
process.env.COOKIE_SECURE = "true";
process.env.LOG_LEVEL = "silent";

const { appCookies } = await import("../../app/utils/cookies.server");
const { getCsrfToken } = await import("../../app/utils/csrf.server");
const login = await import("../../app/routes/login");
const logout = await import("../../app/routes/logout");

const BASE = "https://minyi.example";

async function csrfPair() {
  const { token, setCookie } = await getCsrfToken(new Request(`${BASE}/login`));
  return { token, setCookie: setCookie!, cookie: setCookie!.split(";")[0]! };
}

function post(path: string, fields: Record<string, string>, cookie: string) {
  return new Request(`${BASE}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams(fields).toString(),
  });
}

type Action = (args: { request: Request; params: object; context: object }) => Promise<unknown>;

function flags(setCookie: string) {
  const parts = setCookie.split(";").map((p) => p.trim().toLowerCase());
  return {
    secure: parts.includes("secure"),
    httpOnly: parts.includes("httponly"),
    sameSite: parts.find((p) => p.startsWith("samesite="))?.split("=")[1],
    path: parts.find((p) => p.startsWith("path="))?.split("=")[1],
    maxAge: Number(parts.find((p) => p.startsWith("max-age="))?.split("=")[1] ?? Number.NaN),
  };
}

describe("cookies with COOKIE_SECURE=true", () => {
  it("the session cookie set at sign-in is Secure, HttpOnly, SameSite=Lax, Path=/ and expires", async () => {
    const csrf = await csrfPair();
    const res = (await (login.action as unknown as Action)({
      request: post(
        "/login",
        { username: "analyst", password: "minyi-demo-2026", csrf: csrf.token },
        csrf.cookie,
      ),
      params: {},
      context: {},
    })) as Response;
    expect(res.status).toBe(302);
    const setCookie = res.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^minyi_session=/);
    expect(flags(setCookie)).toEqual({
      secure: true,
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      maxAge: 12 * 3600,
    });

    // Signing out clears it with the same flags (so the browser replaces the same cookie).
    const session = setCookie.split(";")[0]!;
    const out = (await (logout.action as unknown as Action)({
      request: post("/logout", { csrf: csrf.token }, `${csrf.cookie}; ${session}`),
      params: {},
      context: {},
    })) as Response;
    expect(out.status).toBe(302);
    const cleared = out.headers.get("Set-Cookie") ?? "";
    expect(cleared).toMatch(/^minyi_session=;/);
    expect(flags(cleared)).toMatchObject({ secure: true, httpOnly: true, maxAge: 0 });
  });

  it("every cookie that carries a secret is Secure and HttpOnly; the CSRF cookie too", async () => {
    const csrf = await csrfPair();
    expect(flags(csrf.setCookie)).toMatchObject({ secure: true, httpOnly: true, sameSite: "lax" });
    const cookies = appCookies();
    for (const [name, cookie] of Object.entries(cookies)) {
      if (name === "lang") continue; // the language choice is no secret; the page script reads it
      const serialized = await cookie.serialize(name === "receipt" ? { receipt: {} } : "x");
      expect(flags(serialized), name).toMatchObject({
        secure: true,
        httpOnly: true,
        sameSite: "lax",
      });
    }
    // The signed value cannot be altered: a tampered session cookie parses to nothing.
    const signed = await cookies.session.serialize("token-value");
    const value = signed.split(";")[0]!;
    expect(await cookies.session.parse(value)).toBe("token-value");
    expect(await cookies.session.parse(value.replace(/.$/, (c) => (c === "A" ? "B" : "A")))).toBe(
      null,
    );
  });
});

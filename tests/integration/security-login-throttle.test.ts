/**
 * Failed sign-ins are limited per IP as well as per account: one address trying a few
 * passwords on many accounts (password spraying) is refused with a friendly 429 once it has
 * used up its hour, while the accounts stay unlocked and other addresses sign in as usual.
 * Through the real login route module, with RATE_LIMIT on and a small limit.
 */
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "minyi-login-throttle-"));
const file = join(dir, "db.sqlite");
copyFileSync(inject("templateDb"), file);
process.env.DATABASE_PATH = file;
process.env.SESSION_SECRET = "login-throttle-test-secret-0123456789abcdefghij";
process.env.LOG_LEVEL = "silent";
process.env.RATE_LIMIT = "on";
process.env.RATE_LIMIT_LOGIN_FAILURES_PER_HOUR = "3";

const { getCsrfToken } = await import("../../app/utils/csrf.server");
const { openDatabase } = await import("../../db/client");
const login = await import("../../app/routes/login");

type Action = (args: { request: Request; params: object; context: object }) => Promise<unknown>;
interface Refusal {
  data: { error: string; minutes: number };
  init: { status: number; headers?: Record<string, string> };
}

async function signIn(ip: string, username: string, password: string) {
  const { token, setCookie } = await getCsrfToken(new Request("http://minyi.test/login"));
  const request = new Request("http://minyi.test/login", {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: setCookie!.split(";")[0]!,
      "x-minyi-client-ip": ip,
    },
    body: new URLSearchParams({ username, password, csrf: token }).toString(),
  });
  const out = await (login.action as unknown as Action)({ request, params: {}, context: {} });
  return out instanceof Response
    ? { status: out.status, error: undefined, minutes: 0, retryAfter: null }
    : {
        status: (out as Refusal).init.status,
        error: (out as Refusal).data.error,
        minutes: (out as Refusal).data.minutes,
        retryAfter: new Headers((out as Refusal).init.headers).get("Retry-After"),
      };
}

describe("failed sign-ins per IP", () => {
  it("refuses an address that sprayed wrong passwords, not the accounts or other addresses", async () => {
    const spray = "203.0.113.5";
    for (const username of ["reviewer", "handler", "analyst"]) {
      expect(await signIn(spray, username, "guess-123456")).toMatchObject({
        status: 401,
        error: "invalid",
      });
    }
    // The hour is used up: even the right password is not tried from this address.
    const refused = await signIn(spray, "admin", "minyi-demo-2026");
    expect(refused).toMatchObject({ status: 429, error: "throttled" });
    expect(refused.minutes).toBeGreaterThanOrEqual(59);
    expect(Number(refused.retryAfter)).toBeGreaterThan(3500);
    // No account was locked by it, and another address signs in as usual.
    const db = openDatabase(file);
    const locked = db.$client
      .prepare("SELECT count(*) AS n FROM users WHERE locked_until IS NOT NULL")
      .get() as { n: number };
    expect(locked.n).toBe(0);
    expect(await signIn("198.51.100.7", "reviewer", "minyi-demo-2026")).toMatchObject({
      status: 302,
    });
    // Successful sign-ins do not count against an address.
    for (let i = 0; i < 4; i++) {
      expect((await signIn("198.51.100.8", "analyst", "minyi-demo-2026")).status).toBe(302);
    }
  });
});

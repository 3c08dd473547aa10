/**
 * Failed sign-ins are limited per IP as well as per account: one address trying a few
 * passwords on many accounts (password spraying) is refused with a friendly 429 and a
 * Retry-After header once it has used up its hour, even when its attempts arrive all at once,
 * while the accounts stay unlocked. Over HTTP against the built server (RATE_LIMIT on, a
 * small limit), so what reaches the browser is what is checked.
 */
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, seededDbCopy, startServer } from "../setup/server";

let server: RunningServer;

beforeAll(async () => {
  const { dbPath } = seededDbCopy("minyi-login-throttle-");
  server = await startServer({
    dbPath,
    env: { RATE_LIMIT: "on", RATE_LIMIT_LOGIN_FAILURES_PER_HOUR: "3" },
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

/** A browser's sign-in: the form's CSRF token and cookie, then the post. */
async function signIn(username: string, password: string) {
  const page = await fetch(`${server.url}/login`);
  const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0]!;
  const token = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  const res = await fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams({ username, password, csrf: token }).toString(),
  });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), html: await res.text() };
}

describe("failed sign-ins per IP", () => {
  it("a burst of wrong passwords on many accounts is cut off at the limit, not the accounts", async () => {
    // Successful sign-ins do not count against the address.
    for (let i = 0; i < 4; i++)
      expect((await signIn("analyst", "minyi-demo-2026")).status).toBe(302);
    // Eight wrong passwords at once, on eight accounts: only three get as far as a check.
    const accounts = ["reviewer", "handler", "handler-edu", "handler-qs"];
    const burst = await Promise.all(
      [...accounts, ...accounts].map((u, i) => signIn(u, `guess-${i}-123456`)),
    );
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    // The hour is used up: even the right password is not tried from this address, and the
    // page says when to come back, in words and in Retry-After.
    const refused = await signIn("admin", "minyi-demo-2026");
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(3500);
    expect(refused.html).toMatch(/登录失败次数过多，请 60 分钟后再试/);
    // No account was locked by it.
    const db = new Database(server.dbPath, { readonly: true });
    const locked = db
      .prepare("SELECT count(*) AS n FROM users WHERE locked_until IS NOT NULL")
      .get() as { n: number };
    db.close();
    expect(locked.n).toBe(0);
  });
});

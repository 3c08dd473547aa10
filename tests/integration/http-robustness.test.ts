/**
 * What a robustness probe found over HTTP, against the built server on a private database:
 * personal pages (the private tracking view, the receipt with the secret) must not be cached;
 * a wrong method on a read-only route is a JSON 405 with `Allow`, not an opaque error; expected
 * refusals (405s, the support form's 404s) write nothing to the log, and whatever the server
 * logs is JSON lines; unknown /api/v1 paths answer JSON; the public reads all allow any origin;
 * and the OpenAPI description documents the 413 that every POST can answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  openSqlite,
  type RunningServer,
  removeTempDirs,
  seededDbCopy,
  startServer,
} from "../setup/server";

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({
    dbPath: seededDbCopy("minyi-http-robustness-").dbPath,
    // Without it the server warns at start in plain text (app/utils/env.server.ts).
    env: { PUBLIC_URL: "http://minyi.test" },
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

/** A browser's cookies for one visitor, and its form posts (no redirects followed). */
class Visitor {
  private cookies = new Map<string, string>();

  private keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return res;
  }

  private get cookie() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async get(path: string) {
    return this.keep(
      await fetch(`${server.url}${path}`, { headers: { Cookie: this.cookie }, redirect: "manual" }),
    );
  }

  /** The CSRF token of a page's form. */
  async csrf(path: string) {
    const html = await (await this.get(path)).text();
    return /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
  }

  async post(path: string, fields: Record<string, string>) {
    return this.keep(
      await fetch(`${server.url}${path}`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: this.cookie },
        body: new URLSearchParams(fields).toString(),
      }),
    );
  }
}

describe("personal pages", () => {
  it("the receipt page and the private tracking view are sent with Cache-Control: no-store", async () => {
    const citizen = new Visitor();
    const csrf = await citizen.csrf("/submit");
    const submitted = await citizen.post("/submit", {
      csrf,
      title: "关于夜间公交的建议",
      body: "建议在夜间增加公交班次，方便下夜班的市民回家，谢谢。",
      regionUnitId: "3",
    });
    expect(submitted.status).toBe(302);
    expect(submitted.headers.get("location")).toBe("/submit/done");

    const done = await citizen.get("/submit/done");
    expect(done.status).toBe(200);
    const html = await done.text();
    const code = /data-testid="tracking-code">([^<]+)</.exec(html)?.[1] ?? "";
    const secret = /data-testid="tracking-secret">([^<]+)</.exec(html)?.[1] ?? "";
    expect(code).toMatch(/^JY-\d{4}-\d{6}$/);
    expect(done.headers.get("cache-control")).toBe("no-store");

    const track = await citizen.post("/track", {
      csrf: await citizen.csrf("/track"),
      code,
      secret,
    });
    expect(track.status).toBe(200);
    expect(await track.text()).toContain("夜间增加公交班次");
    expect(track.headers.get("cache-control")).toBe("no-store");
  });
});

describe("refusals", () => {
  const READ_ONLY = [
    "/api/v1/stats",
    "/api/v1/search?q=公交",
    "/api/v1/similar?text=公交班次",
    "/api/v1/openapi.json",
    "/open-data/aggregates.csv",
    "/open-data/aggregates.json",
    "/open-data/suggestions.csv",
    "/open-data/suggestions.json",
    "/feeds/outcomes.xml",
    "/feeds/topics/1",
  ];

  it("another method on a read-only route is a JSON 405 naming GET and HEAD", async () => {
    for (const path of READ_ONLY) {
      for (const method of ["POST", "PUT", "DELETE"]) {
        const res = await fetch(`${server.url}${path}`, { method });
        const what = `${method} ${path}`;
        expect(res.status, what).toBe(405);
        expect(res.headers.get("allow"), what).toBe("GET, HEAD");
        expect(await res.json(), what).toEqual({ error: "method_not_allowed" });
      }
    }
  });

  it("an unknown /api/v1 path is a JSON 404 for every method", async () => {
    for (const method of ["GET", "POST", "PUT", "DELETE"]) {
      const res = await fetch(`${server.url}/api/v1/no-such/thing`, { method });
      expect(res.status, method).toBe(404);
      expect(res.headers.get("content-type"), method).toMatch(/^application\/json/);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body.error, method).toBe("not_found");
      expect(body.message, method).toEqual(expect.any(String));
    }
  });

  it("expected refusals write nothing to the log, and every line it writes is JSON", async () => {
    const before = { out: server.stdout.length, err: server.stderr.length };
    // Remix's own 405s (routes owned elsewhere still answer them) and our 405s.
    for (const path of [...READ_ONLY, "/open311/discovery.json", "/open311/v2/services.json"]) {
      await fetch(`${server.url}${path}`, { method: "PUT" });
    }
    // The support form's 404s: an unknown code and one the public may not see.
    const sql = openSqlite(server.dbPath);
    const hidden = sql
      .prepare("SELECT tracking_code AS code FROM suggestions WHERE status = 'submitted' LIMIT 1")
      .get() as { code: string };
    sql.close();
    const visitor = new Visitor();
    const csrf = await visitor.csrf("/submit");
    for (const code of ["JY-2026-999999", hidden.code]) {
      const res = await visitor.post(`/suggestions/${code}/support`, { csrf });
      expect(res.status, code).toBe(404);
    }
    // Let the last lines arrive.
    await new Promise((r) => setTimeout(r, 200));
    const written = [...server.stdout.slice(before.out), ...server.stderr.slice(before.err)];
    expect(written).toEqual([]);
    for (const line of [...server.stdout, ...server.stderr]) {
      expect(() => JSON.parse(line), line).not.toThrow();
    }
  });
});

describe("public reads", () => {
  it("stats and similar allow any origin like list and search; similar's 400 says why", async () => {
    for (const path of [
      "/api/v1/stats",
      "/api/v1/similar?text=公交班次",
      "/api/v1/search?q=公交",
    ]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("access-control-allow-origin"), path).toBe("*");
    }
    const bad = await fetch(`${server.url}/api/v1/similar?text=x&k=99`);
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: string; message: string; fieldErrors: object };
    expect(body).toMatchObject({ error: "invalid_input", message: "Invalid input" });
    expect(Object.keys(body.fieldErrors).sort()).toEqual(["k", "text"]);
  });

  it("the OpenAPI description documents the 413 of every POST, which the server does answer", async () => {
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown; responses: object }>>;
    };
    const posts = Object.entries(doc.paths).flatMap(([path, ops]) =>
      ops.post ? [[path, ops.post] as const] : [],
    );
    expect(posts.length).toBeGreaterThan(10);
    for (const [path, op] of posts) {
      expect(op.requestBody, path).toBeDefined();
      expect(Object.keys(op.responses), path).toContain("413");
    }
    const tooLarge = await fetch(`${server.url}/api/v1/suggestions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "x", body: "字".repeat(30_000) }),
    });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { error: string }).error).toBe("payload_too_large");
  });
});

/**
 * The staff JSON API through the real route modules, on a private copy of the seeded database:
 * bearer API keys (missing, malformed, unknown, revoked → 401), scope (another department's
 * assignment, a unit outside the subtree, a role without the permission → 403), pagination,
 * actions through the staff commands (optimistic concurrency → 409), and the OpenAPI
 * description covering every /api/v1 route file.
 */
import { copyFileSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, inject, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "minyi-staff-api-"));
const file = join(dir, "db.sqlite");
copyFileSync(inject("templateDb"), file);
process.env.DATABASE_PATH = file;
process.env.SESSION_SECRET = "staff-api-test-session-secret-0123456789abcdef";
process.env.LOG_LEVEL = "silent";

const { loadStaffUser } = await import("../../app/domain/auth/auth.server");
const { createApiClient, revokeApiClient } = await import(
  "../../app/domain/admin/api-clients.server"
);
const listRoute = await import("../../app/routes/api.v1.staff.assignments");
const assignmentRoute = await import("../../app/routes/api.v1.staff.assignments.$assignmentId");
const suggestionRoute = await import("../../app/routes/api.v1.staff.suggestions.$suggestionId");
const actionRoute = await import("../../app/routes/api.v1.staff.suggestions.$suggestionId.$action");
const milestoneRoute = await import(
  "../../app/routes/api.v1.staff.suggestions.$suggestionId.milestones.$milestoneId"
);
const openapiRoute = await import("../../app/routes/api.v1.openapi[.]json");

const BASE = "http://minyi.test";
const sql = new Database(file);
const keys: Record<string, string> = {};

const userId = (username: string) =>
  (sql.prepare("SELECT id FROM users WHERE username = ?").get(username) as { id: number }).id;

beforeAll(() => {
  const admin = loadStaffUser(userId("admin"))!;
  for (const username of ["handler", "handler-qs", "analyst", "reviewer-qs", "supervisor"]) {
    keys[username] = createApiClient(admin, {
      name: `test client ${username}`,
      userId: userId(username),
    }).key;
  }
});

type Route = {
  loader?: (args: never) => Promise<Response>;
  action?: (args: never) => Promise<Response>;
};

async function call(
  route: Route,
  method: "GET" | "POST",
  path: string,
  opts: { key?: string; auth?: string; body?: unknown; params?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = {};
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.auth) headers.authorization = opts.auth;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const request = new Request(`${BASE}${path}`, {
    method,
    headers,
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const fn = method === "GET" ? route.loader! : route.action!;
  const response = await fn({ request, params: opts.params ?? {}, context: {} } as never);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : null) as Record<string, unknown> & {
      items?: { id: number; suggestion: { id: number; version: number; trackingCode: string } }[];
    },
  };
}

describe("API keys", () => {
  it("401 without a key, with WWW-Authenticate", async () => {
    const r = await call(listRoute, "GET", "/api/v1/staff/assignments");
    expect(r.status).toBe(401);
    expect(r.body.error).toBe("missing_api_key");
    expect(r.headers.get("www-authenticate")).toMatch(/^Bearer /);
  });

  it("401 with an unknown, malformed or non-bearer key", async () => {
    const wrong = `${keys.handler!.slice(0, -4)}AAAA`;
    for (const auth of [`Bearer ${wrong}`, "Bearer nope", `Basic ${keys.handler}`, "Bearer "]) {
      const r = await call(listRoute, "GET", "/api/v1/staff/assignments", { auth });
      expect(r.status, auth).toBe(401);
      expect(["invalid_api_key", "missing_api_key"]).toContain(r.body.error);
    }
  });

  it("401 once the key is revoked; the key is stored only as a hash", async () => {
    const admin = loadStaffUser(userId("admin"))!;
    const client = createApiClient(admin, { name: "to revoke", userId: userId("handler") });
    const ok = await call(listRoute, "GET", "/api/v1/staff/assignments", { key: client.key });
    expect(ok.status).toBe(200);
    const row = sql
      .prepare("SELECT key_hash AS h, last_used_at AS used FROM api_clients WHERE id = ?")
      .get(client.id) as { h: string; used: number | null };
    expect(row.h).not.toContain(client.key);
    expect(row.h).toMatch(/^[0-9a-f]{64}$/);
    expect(row.used).not.toBeNull();
    revokeApiClient(admin, { clientId: client.id });
    const r = await call(listRoute, "GET", "/api/v1/staff/assignments", { key: client.key });
    expect(r.status).toBe(401);
    expect(r.body.error).toBe("invalid_api_key");
  });
});

describe("GET /api/v1/staff/assignments", () => {
  it("a handler's key lists its department's assignments, page by page", async () => {
    const expected = sql
      .prepare(
        `SELECT a.id FROM assignments a JOIN departments d ON d.id = a.department_id
         WHERE d.code = 'lj-transport' ORDER BY a.due_at, a.id`,
      )
      .all() as { id: number }[];
    expect(expected.length).toBeGreaterThan(3);
    const seen: number[] = [];
    const pages = Math.ceil(expected.length / 3);
    for (let page = 1; page <= pages; page++) {
      const r = await call(listRoute, "GET", `/api/v1/staff/assignments?pageSize=3&page=${page}`, {
        key: keys.handler,
      });
      expect(r.status).toBe(200);
      expect(r.body.total).toBe(expected.length);
      expect(r.body.pages).toBe(pages);
      expect(r.headers.get("x-total-count")).toBe(String(expected.length));
      const link = r.headers.get("link")!;
      expect(link).toContain('rel="first"');
      const next = /<([^>]+)>; rel="next"/.exec(link)?.[1];
      if (page < pages) {
        const u = new URL(next!, BASE);
        expect(u.pathname).toBe("/api/v1/staff/assignments");
        expect(u.searchParams.get("page")).toBe(String(page + 1));
        expect(u.searchParams.get("pageSize")).toBe("3");
      } else expect(next).toBeUndefined();
      if (page > 1) expect(link).toContain('rel="prev"');
      seen.push(...r.body.items!.map((i) => i.id));
    }
    expect(seen).toEqual(expected.map((e) => e.id));
    const beyond = await call(
      listRoute,
      "GET",
      `/api/v1/staff/assignments?page=${pages + 1}&pageSize=3`,
      {
        key: keys.handler,
      },
    );
    expect(beyond.body.items).toEqual([]);
  });

  it("a reviewer's key sees every assignment in its city, and filters by status", async () => {
    const expected = sql
      .prepare(
        `SELECT count(*) AS n FROM assignments a JOIN suggestions s ON s.id = a.suggestion_id
         JOIN org_units u ON u.id = s.unit_id
         WHERE u.path LIKE (SELECT path FROM org_units WHERE code = 'c-qs') || '%'`,
      )
      .get() as { n: number };
    const r = await call(listRoute, "GET", "/api/v1/staff/assignments?pageSize=100", {
      key: keys["reviewer-qs"],
    });
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(expected.n);
    const pending = await call(listRoute, "GET", "/api/v1/staff/assignments?status=pending", {
      key: keys["reviewer-qs"],
    });
    const n = sql
      .prepare(
        `SELECT count(*) AS n FROM assignments a JOIN suggestions s ON s.id = a.suggestion_id
         JOIN org_units u ON u.id = s.unit_id WHERE a.status = 'pending'
         AND u.path LIKE (SELECT path FROM org_units WHERE code = 'c-qs') || '%'`,
      )
      .get() as { n: number };
    expect(pending.body.total).toBe(n.n);
  });

  it("400 on a bad page size, with field errors", async () => {
    const r = await call(listRoute, "GET", "/api/v1/staff/assignments?pageSize=1000", {
      key: keys.handler,
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("invalid_input");
    expect(Object.keys(r.body.fieldErrors as object)).toContain("pageSize");
  });

  it("403 for a unit outside the key's scope", async () => {
    const lj = sql.prepare("SELECT id FROM org_units WHERE code = 'c-lj'").get() as { id: number };
    const r = await call(listRoute, "GET", `/api/v1/staff/assignments?unit=${lj.id}`, {
      key: keys["handler-qs"],
    });
    expect(r.status).toBe(403);
  });
});

describe("one assignment and one suggestion", () => {
  it("403 for another department's assignment, 200 for one's own, 404 for an unknown one", async () => {
    const qs = sql
      .prepare(
        `SELECT a.id FROM assignments a JOIN departments d ON d.id = a.department_id WHERE d.code = 'qs-transport' LIMIT 1`,
      )
      .get() as { id: number };
    const own = sql
      .prepare(
        `SELECT a.id, a.suggestion_id AS sid FROM assignments a JOIN departments d ON d.id = a.department_id WHERE d.code = 'lj-transport' LIMIT 1`,
      )
      .get() as { id: number; sid: number };
    const forbidden = await call(assignmentRoute, "GET", `/api/v1/staff/assignments/${qs.id}`, {
      key: keys.handler,
      params: { assignmentId: String(qs.id) },
    });
    expect(forbidden.status).toBe(403);
    const mine = await call(assignmentRoute, "GET", `/api/v1/staff/assignments/${own.id}`, {
      key: keys.handler,
      params: { assignmentId: String(own.id) },
    });
    expect(mine.status).toBe(200);
    expect(mine.body.id).toBe(own.id);
    const missing = await call(assignmentRoute, "GET", "/api/v1/staff/assignments/999999", {
      key: keys.handler,
      params: { assignmentId: "999999" },
    });
    expect(missing.status).toBe(404);
    const detail = await call(suggestionRoute, "GET", `/api/v1/staff/suggestions/${own.sid}`, {
      key: keys.handler,
      params: { suggestionId: String(own.sid) },
    });
    expect(detail.status).toBe(200);
    expect(detail.body.version).toBeTypeOf("number");
    const other = await call(suggestionRoute, "GET", `/api/v1/staff/suggestions/${own.sid}`, {
      key: keys["reviewer-qs"],
      params: { suggestionId: String(own.sid) },
    });
    expect(other.status).toBe(403);
  });
});

describe("actions go through the staff commands", () => {
  const pending = () =>
    sql
      .prepare(
        `SELECT s.id, s.version FROM suggestions s JOIN assignments a ON a.suggestion_id = s.id
         JOIN departments d ON d.id = a.department_id
         WHERE d.code = 'lj-transport' AND a.status = 'pending' AND a.role = 'lead' AND s.status = 'assigned'
         ORDER BY s.id LIMIT 1`,
      )
      .get() as { id: number; version: number } | undefined;

  it("403 for a key whose account may not handle, and for another department's handler", async () => {
    const item = pending()!;
    for (const who of ["analyst", "handler-qs", "supervisor"]) {
      const r = await call(
        actionRoute,
        "POST",
        `/api/v1/staff/suggestions/${item.id}/accept-assignment`,
        {
          key: keys[who],
          body: { version: item.version },
          params: { suggestionId: String(item.id), action: "accept-assignment" },
        },
      );
      expect(r.status, who).toBe(403);
    }
    const after = sql.prepare("SELECT status, version FROM suggestions WHERE id = ?").get(item.id);
    expect(after).toEqual({ status: "assigned", version: item.version });
  });

  it("accept → reply with decision → outcome → milestone → done, with versions; stale is 409", async () => {
    const item = pending()!;
    const path = (action: string) => `/api/v1/staff/suggestions/${item.id}/${action}`;
    const post = (action: string, body: unknown) =>
      call(actionRoute, "POST", path(action), {
        key: keys.handler,
        body,
        params: { suggestionId: String(item.id), action },
      });

    const accepted = await post("accept-assignment", { version: item.version });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe("in_progress");
    const stale = await post("accept-assignment", { version: item.version });
    expect(stale.status).toBe(409);

    const bad = await post("reply", { version: accepted.body.version, body: "短" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fieldErrors as object)).toEqual(
      expect.arrayContaining(["body", "decision"]),
    );

    const replied = await post("reply", {
      version: accepted.body.version,
      body: "经研究，采纳您的建议，将在下季度调整线路并公布时刻表。",
      decision: "adopted",
    });
    expect(replied.status).toBe(200);
    expect(replied.body.status).toBe("answered");
    const decision = sql
      .prepare("SELECT decision, published_at AS p FROM adoption_decisions WHERE suggestion_id = ?")
      .get(item.id) as { decision: string; p: number | null };
    expect(decision.decision).toBe("adopted");

    const outcome = await post("outcome", {
      version: replied.body.version,
      type: "measure",
      title: "调整公交线路",
      description: "根据市民建议调整公交线路走向并公布新时刻表。",
    });
    expect(outcome.status).toBe(200);
    const milestone = await post("milestones", {
      version: outcome.body.version,
      title: "公布新时刻表",
      dueAt: "2027-01-31",
    });
    expect(milestone.status).toBe(200);
    const m = sql
      .prepare(
        "SELECT m.id FROM milestones m JOIN outcomes o ON o.id = m.outcome_id WHERE o.suggestion_id = ?",
      )
      .get(item.id) as { id: number };
    const done = await call(
      milestoneRoute,
      "POST",
      `/api/v1/staff/suggestions/${item.id}/milestones/${m.id}`,
      {
        key: keys.handler,
        body: { version: milestone.body.version, progress: 100, done: true },
        params: { suggestionId: String(item.id), milestoneId: String(m.id) },
      },
    );
    expect(done.status).toBe(200);
    const row = sql
      .prepare("SELECT progress, done_at AS d FROM milestones WHERE id = ?")
      .get(m.id) as {
      progress: number;
      d: number | null;
    };
    expect(row.progress).toBe(100);
    expect(row.d).not.toBeNull();
    // The audit trail records the API's commands like the console's.
    const types = (
      sql.prepare("SELECT type FROM events WHERE suggestion_id = ? ORDER BY id").all(item.id) as {
        type: string;
      }[]
    ).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["assignment_accepted", "answered"]));
  });

  it("unknown actions are 404 and GET on an action is 405", async () => {
    const r = await call(actionRoute, "POST", "/api/v1/staff/suggestions/1/explode", {
      key: keys.handler,
      body: { version: 1 },
      params: { suggestionId: "1", action: "explode" },
    });
    expect(r.status).toBe(404);
    const get = await call(actionRoute, "GET", "/api/v1/staff/suggestions/1/reply", {
      key: keys.handler,
      params: { suggestionId: "1", action: "reply" },
    });
    expect(get.status).toBe(405);
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("describes every /api/v1 route file, public and staff, and nothing that does not exist", async () => {
    const r = await call(openapiRoute, "GET", "/api/v1/openapi.json");
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe("3.1.0");
    const paths = Object.keys(r.body.paths as object);
    // api.v1.$.ts is the JSON 404 for unknown paths, not an endpoint.
    const routes = readdirSync(new URL("../../app/routes/", import.meta.url)).filter(
      (f) => f.startsWith("api.v1.") && f !== "api.v1.$.ts",
    );
    const toPath = (f: string) =>
      `/${f
        .replace(/\.tsx?$/, "")
        .replace("[.]", "\u0000")
        .split(".")
        .map((seg) => (seg.startsWith("$") ? `{${seg.slice(1)}}` : seg))
        .join("/")
        .replace("\u0000", ".")}`;
    const routePaths = routes.map(toPath).filter((p) => p !== "/api/v1/openapi.json");
    expect(routePaths.length).toBeGreaterThan(8);
    for (const p of routePaths) {
      if (p.endsWith("/{action}")) {
        for (const a of [
          "accept-assignment",
          "return-assignment",
          "reply",
          "outcome",
          "milestones",
          "actions",
        ]) {
          expect(paths, a).toContain(p.replace("{action}", a));
        }
      } else expect(paths, p).toContain(p);
    }
    // The reverse: every documented path is served by a route file.
    for (const p of paths) {
      const served = routePaths.some((rp) => {
        const re = new RegExp(`^${rp.replace(/\{[^}]+\}/g, "[^/]+")}$`);
        return re.test(p);
      });
      expect(served, p).toBe(true);
    }
    const staff = (r.body.paths as Record<string, Record<string, { security?: unknown }>>)[
      "/api/v1/staff/assignments"
    ]!;
    expect(staff.get!.security).toEqual([{ apiKey: [] }]);
  });
});

/**
 * Graceful shutdown and request logs of the built server (`node server.js`):
 * - SIGTERM with requests in flight: they complete (201), new connections are refused, the
 *   process exits 0 and the database is closed cleanly (WAL checkpointed and removed,
 *   integrity_check ok, the in-flight submissions committed);
 * - every stdout line is a JSON object; each request is logged once with the id sent back in
 *   the X-Request-Id header (a caller's well-formed id is kept); no query strings, contact
 *   details or secrets in the logs.
 */
import { existsSync, statSync } from "node:fs";
import { Agent, type ClientRequest, type IncomingMessage, request } from "node:http";
import { connect } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import {
  jsonLines,
  openSqlite,
  postJson,
  type RunningServer,
  removeTempDirs,
  seededDbCopy,
  startServer,
  submission,
} from "../setup/server";

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop("SIGKILL");
  removeTempDirs();
});

/**
 * A POST whose body is held back: with `Expect: 100-continue` the server answers "100 Continue"
 * once it has the request, so when this resolves the request is in flight on the server.
 */
function heldPost(port: number, path: string, body: unknown, agent: Agent) {
  const payload = Buffer.from(JSON.stringify(body));
  const req: ClientRequest = request({
    host: "127.0.0.1",
    port,
    path,
    method: "POST",
    agent,
    headers: {
      "content-type": "application/json",
      "content-length": payload.length,
      expect: "100-continue",
    },
  });
  const response = new Promise<{ status: number; body: Record<string, unknown> }>((ok, fail) => {
    req.on("response", (res: IncomingMessage) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        text += c;
      });
      res.on("end", () => ok({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on("error", fail);
  });
  const started = new Promise<void>((ok) => req.on("continue", () => ok()));
  req.flushHeaders();
  return {
    started,
    response,
    finish: () => req.end(payload),
  };
}

/** Resolves once a TCP connection to the port is refused. */
async function refused(port: number): Promise<string> {
  for (;;) {
    const outcome = await new Promise<string>((ok) => {
      const socket = connect(port, "127.0.0.1");
      socket.on("connect", () => {
        socket.destroy();
        ok("connected");
      });
      socket.on("error", (e: NodeJS.ErrnoException) => ok(e.code ?? "error"));
    });
    if (outcome !== "connected") return outcome;
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

describe("graceful shutdown", () => {
  it("SIGTERM: in-flight requests complete, new connections are refused, exit 0, database closed cleanly", async () => {
    const { dbPath } = seededDbCopy("minyi-shutdown-");
    const server = await startServer({ dbPath });
    servers.push(server);
    // A keep-alive client, as browsers and proxies are: its idle connection must not hold up
    // the shutdown either.
    const agent = new Agent({ keepAlive: true });
    const warm = await postJson(`${server.url}/api/v1/suggestions`, submission(50_000));
    expect(warm.status).toBe(201);

    const held = [0, 1, 2].map((i) =>
      heldPost(server.port, "/api/v1/suggestions", submission(50_001 + i), agent),
    );
    await Promise.all(held.map((h) => h.started));

    server.child.kill("SIGTERM");
    expect(await refused(server.port)).toBe("ECONNREFUSED");
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    expect(server.child.exitCode).toBeNull(); // still draining

    for (const h of held) h.finish();
    const answers = await Promise.all(held.map((h) => h.response));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    agent.destroy();

    // The last connection closed: WAL checkpointed into the file and removed.
    const wal = `${dbPath}-wal`;
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
    const sqlite = openSqlite(dbPath);
    expect(sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
    const find = sqlite.prepare("SELECT title FROM suggestions WHERE tracking_code = ?");
    for (const [i, a] of answers.entries()) {
      expect(find.get(a.body.trackingCode)).toEqual({ title: submission(50_001 + i).title });
    }
    sqlite.close();
    const logs = jsonLines(server);
    expect(logs.some((l) => l.msg === "shutting down" && l.signal === "SIGTERM")).toBe(true);
  }, 120_000);
});

describe("structured request logs", () => {
  it("one JSON line per request with the id echoed in X-Request-Id; no query strings or personal data", async () => {
    const { dbPath } = seededDbCopy("minyi-logs-");
    const server = await startServer({ dbPath, env: { LOG_LEVEL: "info" } });
    servers.push(server);

    const mine = "trace-4f1c2a9e.client:7";
    const home = await fetch(`${server.url}/?lang=en`, { headers: { "X-Request-Id": mine } });
    expect(home.status).toBe(200);
    expect(home.headers.get("x-request-id")).toBe(mine);
    await home.text();

    const phone = "13912345678";
    const search = await fetch(`${server.url}/suggestions?q=${phone}`);
    await search.text();
    const searchId = search.headers.get("x-request-id");
    expect(searchId).toMatch(/^[0-9a-f-]{36}$/);

    // A malformed or oversized id is replaced, not echoed or logged.
    const odd = await fetch(`${server.url}/healthz`, {
      headers: { "X-Request-Id": `bad id "quoted" ${"x".repeat(300)}` },
    });
    await odd.text();
    expect(odd.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    const email = "zhang.san@example.com";
    const submitted = await postJson(
      `${server.url}/api/v1/suggestions`,
      submission(60_000, { contactPhone: "13800138000", contactEmail: email }),
    );
    expect(submitted.status).toBe(201);
    const submitId = submitted.headers.get("x-request-id");

    const missing = await fetch(`${server.url}/suggestions/JY-2026-999999`);
    await missing.text();
    await server.stop("SIGTERM");

    const logs = jsonLines(server); // throws on any line that is not JSON
    for (const line of logs)
      expect(line).toMatchObject({ level: expect.any(String), msg: expect.any(String) });
    const requests = logs.filter((l) => l.msg === "request");
    const byId = (id: string | null) => requests.filter((l) => l.requestId === id);
    expect(byId(mine)).toEqual([
      expect.objectContaining({ method: "GET", path: "/", status: 200, ms: expect.any(Number) }),
    ]);
    expect(byId(searchId)).toEqual([
      expect.objectContaining({ method: "GET", path: "/suggestions", status: 200 }),
    ]);
    expect(byId(submitId)).toEqual([
      expect.objectContaining({ method: "POST", path: "/api/v1/suggestions", status: 201 }),
    ]);
    expect(byId(missing.headers.get("x-request-id"))).toEqual([
      expect.objectContaining({ status: 404 }),
    ]);
    for (const l of requests) expect(l.time).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    const all = [...server.stdout, ...server.stderr].join("\n");
    for (const secret of [
      phone,
      "13800138000",
      email,
      "lang=en",
      "bad id",
      submitted.body.secret as string,
    ]) {
      expect(all).not.toContain(secret);
    }
  }, 120_000);
});

/**
 * HTTP helpers for the security specs (tests/e2e/security*.spec.ts): a cookie-keeping client
 * that signs in through the real login form, reads the CSRF token the way a page does, and posts
 * forms without following redirects; the demo accounts with their grants; the route list read
 * from app/routes; and a read-only view of the server's SQLite file for "nothing changed" checks.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { type APIRequestContext, type APIResponse, request } from "@playwright/test";
import Database from "better-sqlite3";
import { ACCOUNTS, type Account } from "./accounts";

export const DEMO_PASSWORD = "minyi-demo-2026";
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
/** The shared server's database (see playwright.config.ts). */
export const E2E_DB = `.cache/e2e-${E2E_PORT}/minyi.sqlite`;

export interface OwnServer {
  base: string;
  port: number;
  dbPath: string;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the built server (tests/e2e/start-server.js) on a fresh database of its own, so the
 * security specs neither disturb nor depend on the shared e2e server's data. Output is kept.
 */
export async function startOwnServer(env: Record<string, string> = {}): Promise<OwnServer> {
  const port = await freePort();
  const dir = `.cache/e2e-security-${port}`;
  rmSync(dir, { recursive: true, force: true });
  const dbPath = `${dir}/minyi.sqlite`;
  const chunks: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ["tests/e2e/start-server.js"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      SESSION_SECRET: "security-spec-session-secret-0123456789abcdefgh",
      DATABASE_PATH: dbPath,
      OUTBOX_DIR: `${dir}/outbox`,
      LOG_LEVEL: "warn",
      SCHEDULER_INTERVAL_MINUTES: "0",
      ALLOW_CLOCK_OVERRIDE: "true",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => chunks.push(d.toString("utf8")));
  child.stderr?.on("data", (d: Buffer) => chunks.push(d.toString("utf8")));
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${chunks.join("")}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    port,
    dbPath,
    output: () => chunks.join(""),
    /** Stops the server and removes its database (close readers of it first). */
    stop: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A loopback port nobody listens on right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export type Fields = Record<string, string | number | readonly string[] | undefined>;

export function formBody(fields: Fields): string {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) body.append(key, String(v));
    else body.append(key, String(value));
  }
  return body.toString();
}

const CSRF_FIELD = /name="csrf" value="([^"]*)"/;

/** A browser-like client: its own cookie jar, no redirects followed, no JavaScript. */
export class WebClient {
  private token: string | undefined;
  private constructor(
    readonly ctx: APIRequestContext,
    readonly baseURL: string,
  ) {}

  static async open(baseURL = BASE_URL): Promise<WebClient> {
    return new WebClient(await request.newContext({ baseURL }), baseURL);
  }

  /** The CSRF token a page of this client carries in its forms (sets the cookie if needed). */
  async csrf(): Promise<string> {
    if (this.token) return this.token;
    const res = await this.ctx.get("/submit", { maxRedirects: 0 });
    const match = CSRF_FIELD.exec(await res.text());
    if (!match?.[1]) throw new Error(`no CSRF field on /submit (${res.status()})`);
    this.token = match[1];
    return this.token;
  }

  get(path: string, headers: Record<string, string> = {}): Promise<APIResponse> {
    return this.ctx.get(path, { maxRedirects: 0, headers });
  }

  /** Posts a form; `csrf: null` leaves the field out, a string sends that token instead. */
  async post(
    path: string,
    fields: Fields,
    opts: { csrf?: string | null; headers?: Record<string, string> } = {},
  ): Promise<APIResponse> {
    const token = opts.csrf === undefined ? await this.csrf() : opts.csrf;
    const body = formBody(token === null ? fields : { ...fields, csrf: token });
    return this.ctx.post(path, {
      maxRedirects: 0,
      data: body,
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...opts.headers },
    });
  }

  /** Signs in through the login form; returns the response (302 on success). */
  async signIn(username: string, password = DEMO_PASSWORD): Promise<APIResponse> {
    return this.post("/login", { username, password, redirectTo: "" });
  }

  async cookie(name: string): Promise<string | undefined> {
    const state = await this.ctx.storageState();
    return state.cookies.find((c) => c.name === name)?.value;
  }

  async close(): Promise<void> {
    await this.ctx.dispose();
  }
}

/** Signs in or fails loudly. */
export async function signedIn(username: string, baseURL = BASE_URL): Promise<WebClient> {
  const client = await WebClient.open(baseURL);
  const res = await client.signIn(username);
  if (res.status() !== 302) throw new Error(`sign-in as ${username}: ${res.status()}`);
  return client;
}

export { ACCOUNTS, type Account };

/**
 * The demo accounts' grants as the README documents them (role at a unit code; handlers'
 * department code). Expected outcomes are computed from these with `can()` from permissions.ts.
 */
export const GRANTS: Record<Account, { role: string; unit: string; department?: string }> = {
  admin: { role: "admin", unit: "p-dj" },
  reviewer: { role: "reviewer", unit: "c-lj" },
  "reviewer-qs": { role: "reviewer", unit: "c-qs" },
  handler: { role: "handler", unit: "c-lj", department: "lj-transport" },
  "handler-edu": { role: "handler", unit: "c-lj", department: "lj-education" },
  "handler-qs": { role: "handler", unit: "c-qs", department: "qs-transport" },
  supervisor: { role: "supervisor", unit: "c-lj" },
  "supervisor-prov": { role: "supervisor", unit: "p-dj" },
  analyst: { role: "analyst", unit: "p-dj" },
};

/** Remix flat-route file name → URL pattern (`$param` kept as `:param`). */
export function routePath(file: string): string {
  const name = file.replace(/\.(tsx|ts|jsx|js)$/, "").replace(/\[\.\]/g, "\u0000");
  const segments = name
    .split(".")
    .filter((s) => s !== "_index" && !s.startsWith("_"))
    .map((s) => s.replace(/_$/, "").replace(/\u0000/g, "."))
    .map((s) => (s.startsWith("$") ? `:${s.slice(1)}` : s));
  return `/${segments.join("/")}`;
}

export function routeFiles(filter: (file: string) => boolean): string[] {
  return readdirSync("app/routes")
    .filter((f) => /\.(tsx|ts)$/.test(f))
    .filter(filter)
    .sort();
}

/** A read-only connection to the running server's database (WAL: sees committed writes). */
export function readDb(path = E2E_DB): Database.Database {
  return new Database(path, { readonly: true, fileMustExist: true });
}

/** Everything about a suggestion that a refused action must leave as it was. */
export function snapshot(db: Database.Database, suggestionId: number) {
  const one = (sql: string) => db.prepare(sql).all(suggestionId);
  return JSON.stringify({
    suggestion: one("SELECT * FROM suggestions WHERE id = ?"),
    events: one("SELECT id, type FROM events WHERE suggestion_id = ?"),
    assignments: one("SELECT * FROM assignments WHERE suggestion_id = ?"),
    replies: one("SELECT * FROM replies WHERE suggestion_id = ?"),
    notes: one("SELECT id FROM internal_notes WHERE suggestion_id = ?"),
    ratings: one("SELECT id FROM ratings WHERE suggestion_id = ?"),
    outcomes: one("SELECT * FROM outcomes WHERE suggestion_id = ?"),
    extensions: one("SELECT * FROM extensions WHERE suggestion_id = ?"),
    notices: one("SELECT id FROM supervision_notices WHERE suggestion_id = ?"),
  });
}

/**
 * Helpers for tests that run the real built server (`node server.js`) as a child process on a
 * private database: a free loopback port, a copy of the seeded template database, start (waits
 * for the "listening" line), stop by signal, JSON log lines, and a plain SQLite connection for
 * checking what is on disk. The server must be built first (`npm run build`; `npm test` builds
 * before it runs the tests).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { inject } from "vitest";

export const ROOT = resolve(import.meta.dirname, "../..");
export const SESSION_SECRET = "robustness-test-secret-0123456789abcdefghijklmnop";

/** A port nobody listens on right now (the OS picks it; loopback only). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => ok(port));
    });
  });
}

const tempDirs: string[] = [];

/** Removes the directories made by `seededDbCopy` in this test file (after its servers stop). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A temporary directory holding a copy of this run's migrated, seeded template database. */
export function seededDbCopy(prefix = "minyi-server-"): { dir: string; dbPath: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  const dbPath = join(dir, "minyi.sqlite");
  copyFileSync(inject("templateDb"), dbPath);
  return { dir, dbPath };
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningServer {
  url: string;
  port: number;
  dbPath: string;
  child: ChildProcess;
  /** Every stdout line so far (the server logs JSON lines there). */
  stdout: string[];
  stderr: string[];
  exited: Promise<ExitStatus>;
  /** Sends `signal` (default SIGTERM) and resolves with the exit status. */
  stop(signal?: NodeJS.Signals): Promise<ExitStatus>;
}

export interface StartOptions {
  dbPath: string;
  /** Extra environment (wins over the defaults below). */
  env?: Record<string, string>;
}

function assertBuilt(): void {
  if (!existsSync(join(ROOT, "build/index.js"))) {
    throw new Error("The server is not built: run `npm run build` first (npm test does).");
  }
}

/**
 * Starts `node server.js` on a free loopback port with `dbPath` and resolves once it listens.
 * Rejects with the server's stderr when it exits before that.
 */
export async function startServer(opts: StartOptions): Promise<RunningServer> {
  assertBuilt();
  const port = await freePort();
  const child = spawn(process.execPath, ["server.js"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_PATH: opts.dbPath,
      OUTBOX_DIR: join(opts.dbPath, "..", "outbox"),
      SESSION_SECRET,
      SCHEDULER_INTERVAL_MINUTES: "0",
      RATE_LIMIT: "off",
      SEED_ON_EMPTY: "false",
      LOG_LEVEL: "warn",
      DOTENV_CONFIG_QUIET: "true",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<ExitStatus>((ok) =>
    child.on("exit", (code, signal) => ok({ code, signal })),
  );
  const ready = new Promise<void>((ok, fail) => {
    lines(child.stdout!, (line) => {
      stdout.push(line);
      if (line.includes("Minyi listening")) ok();
    });
    lines(child.stderr!, (line) => stderr.push(line));
    void exited.then((status) =>
      fail(
        new Error(
          `server exited before listening (${JSON.stringify(status)}):\n${stderr.join("\n")}`,
        ),
      ),
    );
  });
  await ready;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dbPath: opts.dbPath,
    child,
    stdout,
    stderr,
    exited,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop() ?? "";
    for (const p of parts) if (p) onLine(p);
  });
  stream.on("end", () => {
    if (rest) onLine(rest);
  });
}

/** The JSON log lines of a server's stdout (throws on a line that is not JSON). */
export function jsonLines(server: RunningServer): Record<string, unknown>[] {
  return server.stdout.map((line) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`log line is not JSON: ${line}`);
    }
  });
}

/** A plain SQLite connection to a server's database (WAL: reading never blocks the server). */
export function openSqlite(dbPath: string, readonly = true): Database.Database {
  const sqlite = new Database(dbPath, { readonly, fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  return sqlite;
}

/** A valid public submission; `n` makes title and body unique. */
export function submission(n: number, extra: Record<string, unknown> = {}) {
  const topics = [
    ["公交", "建议增加早高峰公交班次，缩短等车时间"],
    ["路灯", "小区门口的路灯已经坏了很久，晚上出行很不安全"],
    ["学校", "希望学校周边设置限速标志和人行横道"],
    ["垃圾", "垃圾分类投放点太少，建议每栋楼设置一个"],
    ["停车", "老旧小区停车位严重不足，建议挖潜增设车位"],
    ["噪音", "夜间施工噪音扰民，请加强监管"],
    ["绿化", "建议在河边步道增加树木和休息座椅"],
    ["医疗", "社区卫生服务中心周末能否开放门诊"],
  ] as const;
  const [word, text] = topics[n % topics.length]!;
  return {
    title: `关于${word}问题的建议 第${n}号`,
    body: `${text}。这是编号 ${n} 的测试意见，地点在第 ${(n * 7919) % 1000} 号路段附近，谢谢。`,
    regionUnitId: 3,
    ...extra,
  };
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

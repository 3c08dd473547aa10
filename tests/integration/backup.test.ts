/**
 * Backups: `npm run db:backup` while the built server takes submissions from many clients (the
 * writes come from another process and go on during the backup), then `npm run db:restore`:
 * - the backup passes integrity_check, is one self-contained file (no -wal), and holds every
 *   submission acknowledged before the backup started;
 * - restore refuses a database in use and a file that is not a sound Minyi database, changing
 *   nothing; once the server is stopped it restores, keeping the previous file aside;
 * - the server starts on the restored database and its text indexes agree with it.
 */
import { type SpawnOptions, spawn } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { afterAll, expect, it } from "vitest";
import {
  openSqlite,
  postJson,
  ROOT,
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

/** Runs an npm script's file the way `npm run` does (tsx), without npm's start-up time. */
function cli(
  script: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const options: SpawnOptions = { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] };
    const child = spawn(join(ROOT, "node_modules/.bin/tsx"), [script, ...args], options);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (c) => {
      stdout += c;
    });
    child.stderr!.on("data", (c) => {
      stderr += c;
    });
    child.on("exit", (code) => ok({ code, stdout, stderr }));
  });
}

function codesIn(file: string): Set<string> {
  const sqlite = openSqlite(file);
  const codes = new Set(
    sqlite.prepare("SELECT tracking_code FROM suggestions").pluck().all() as string[],
  );
  sqlite.close();
  return codes;
}

it("backup while writes go on holds everything committed before it; restore round trip", async () => {
  const { dir, dbPath } = seededDbCopy("minyi-backup-");
  const server = await startServer({ dbPath });
  servers.push(server);

  // Writers in another process: the server, fed by 8 clients until told to stop.
  const acked: string[] = [];
  const problems: string[] = [];
  let stop = false;
  let next = 0;
  const client = async () => {
    while (!stop) {
      const res = await postJson(`${server.url}/api/v1/suggestions`, submission(70_000 + next++));
      if (res.status === 201) acked.push(res.body.trackingCode as string);
      else problems.push(`${res.status} ${JSON.stringify(res.body)}`);
    }
  };
  const writers = Array.from({ length: 8 }, client);
  while (acked.length < 40) await new Promise((ok) => setTimeout(ok, 20));

  const committedBefore = [...acked];
  const out = join(dir, "backups", "round-trip.sqlite");
  const backup = await cli("scripts/backup.ts", ["--db", dbPath, "--out", out]);
  // Keep writing a little after the backup, so the live database moves on past it.
  const target = acked.length + 20;
  while (acked.length < target) await new Promise((ok) => setTimeout(ok, 20));
  stop = true;
  await Promise.all(writers);
  expect(problems).toEqual([]);
  expect(backup.stderr).toContain("integrity ok");
  expect(backup.code).toBe(0);
  const report = JSON.parse(backup.stdout) as { out: string; suggestions: number };
  expect(report.out).toBe(out);

  // The backup: sound, self-contained, everything acknowledged before it started.
  expect(existsSync(`${out}-wal`)).toBe(false);
  expect(existsSync(`${out}.partial`)).toBe(false);
  const copy = openSqlite(out);
  expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
  expect(copy.pragma("journal_mode", { simple: true })).toBe("delete");
  copy.close();
  const inBackup = codesIn(out);
  expect(committedBefore.filter((c) => !inBackup.has(c))).toEqual([]);
  expect(inBackup.size).toBe(report.suggestions);
  const live = codesIn(dbPath);
  expect(live.size).toBeGreaterThan(inBackup.size); // writes went on after it
  for (const c of inBackup) expect(live.has(c)).toBe(true);

  // A backup never overwrites an existing file.
  const again = await cli("scripts/backup.ts", ["--db", dbPath, "--out", out]);
  expect(again.code).toBe(1);
  expect(again.stderr).toContain("never overwritten");

  // Restore refuses while the server has the database open, and changes nothing.
  const refused = await cli("scripts/restore.ts", ["--from", out, "--db", dbPath]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain("in use");
  expect(codesIn(dbPath).size).toBe(live.size);

  // ...and refuses a file that is not a sound Minyi database.
  const junk = join(dir, "junk.sqlite");
  writeFileSync(junk, "not a database at all".repeat(100));
  const bad = await cli("scripts/restore.ts", ["--from", junk, "--db", dbPath]);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain("refused");

  expect(await server.stop("SIGTERM")).toEqual({ code: 0, signal: null });
  const restored = await cli("scripts/restore.ts", ["--from", out, "--db", dbPath]);
  expect(restored.stderr).toContain("Restored");
  expect(restored.code).toBe(0);
  const result = JSON.parse(restored.stdout) as { previous: string };
  expect(dirname(result.previous)).toBe(dir);
  expect(basename(result.previous)).toMatch(/^minyi\.sqlite\..+\.before-restore$/);
  // The previous database is kept, whole.
  expect(codesIn(result.previous).size).toBe(live.size);
  expect(readdirSync(dir).filter((f) => f.endsWith(".before-restore"))).toHaveLength(1);
  // The restored database is the backup.
  expect(codesIn(dbPath)).toEqual(inBackup);

  // The server runs on it, and its indexes agree with it.
  const back = await startServer({ dbPath });
  servers.push(back);
  const health = await (await fetch(`${back.url}/healthz?deep=1`)).json();
  expect(health).toMatchObject({ ok: true, index: { ok: true } });
  const after = await postJson(`${back.url}/api/v1/suggestions`, submission(79_999));
  expect(after.status).toBe(201);
}, 240_000);

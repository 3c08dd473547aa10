/**
 * `npm run db:backup -- [--db PATH] [--out FILE]`: an online, consistent copy of the database,
 * safe while the server runs and writes.
 *
 * SQLite's backup API (better-sqlite3 `.backup()`) copies every page in one step, inside one
 * read transaction: the copy is the database as of one instant, and in WAL mode that read
 * never blocks the server's writes. The copy is written to FILE.partial, switched to a single
 * self-contained file (journal_mode DELETE: no -wal beside it), checked with
 * PRAGMA integrity_check, and only then renamed to FILE. An existing FILE is never overwritten.
 *
 * --db   the database (default DATABASE_PATH, else ./data/minyi.sqlite)
 * --out  the backup file (default <db dir>/backups/minyi-<UTC timestamp>.sqlite)
 * Exit 0 and one JSON line on stdout on success; exit 1 with the reason on stderr otherwise.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { argString, parseArgs } from "./lib/cli";

export interface BackupResult {
  db: string;
  out: string;
  bytes: number;
  pages: number;
  suggestions: number;
  integrity: "ok";
  ms: number;
}

export function defaultBackupPath(db: string, at = new Date()): string {
  const stamp = at.toISOString().replace(/[:.]/g, "-");
  return join(dirname(db), "backups", `minyi-${stamp}.sqlite`);
}

export async function backupDatabase(dbPath: string, outPath: string): Promise<BackupResult> {
  const started = Date.now();
  const db = resolve(dbPath);
  const out = resolve(outPath);
  if (!existsSync(db)) throw new Error(`no database at ${db}`);
  if (existsSync(out))
    throw new Error(`${out} exists; choose another --out (backups are never overwritten)`);
  mkdirSync(dirname(out), { recursive: true });
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });

  let pages = 0;
  let suggestions = 0;
  try {
    const source = new Database(db, { fileMustExist: true });
    try {
      source.pragma("busy_timeout = 5000");
      const done = await source.backup(partial, {
        // After the first (empty) step, copy everything at once: one read transaction, one instant.
        progress: () => 0x7fffffff,
      });
      pages = done.totalPages;
    } finally {
      source.close();
    }
    const copy = new Database(partial, { fileMustExist: true });
    try {
      copy.pragma("journal_mode = DELETE");
      const integrity = copy.pragma("integrity_check", { simple: true });
      if (integrity !== "ok")
        throw new Error(`integrity_check of the copy failed: ${String(integrity)}`);
      suggestions = (copy.prepare("SELECT count(*) AS n FROM suggestions").get() as { n: number })
        .n;
    } finally {
      copy.close();
    }
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  renameSync(partial, out);
  return {
    db,
    out,
    bytes: statSync(out).size,
    pages,
    suggestions,
    integrity: "ok",
    ms: Date.now() - started,
  };
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename);
if (isMain) {
  const args = parseArgs(process.argv.slice(2));
  const db = argString(args, "db", process.env.DATABASE_PATH ?? "./data/minyi.sqlite");
  const out = argString(args, "out", defaultBackupPath(resolve(db)));
  try {
    const result = await backupDatabase(db, out);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.stderr.write(
      `Backed up ${result.db} → ${result.out} (${(result.bytes / 1_048_576).toFixed(1)} MiB, ${result.suggestions} suggestions, integrity ok)\n`,
    );
  } catch (error) {
    process.stderr.write(
      `db:backup failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}

/**
 * `npm run db:restore -- --from FILE [--db PATH] [--force]`: puts a backup in place of the
 * database.
 *
 * - The backup must be a sound Minyi database (integrity_check ok, has the suggestions table and
 *   the migrations journal); otherwise nothing is touched.
 * - A database in use (a running server or script holds it open) is refused unless --force:
 *   stop the server first. With --force the running process keeps writing to the old file,
 *   which is moved aside: restart it at once.
 * - The current database (with its -wal and -shm) is moved aside to
 *   PATH.<UTC timestamp>.before-restore and never deleted.
 * - The backup is copied to PATH.restoring, checked again, then renamed to PATH (atomic).
 *
 * --db  the database to replace (default DATABASE_PATH, else ./data/minyi.sqlite)
 * Exit 0 and one JSON line on stdout on success; exit 1 with the reason on stderr otherwise.
 */
import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { argString, parseArgs } from "./lib/cli";

export class RestoreRefused extends Error {}

export interface RestoreResult {
  from: string;
  db: string;
  /** Where the previous database was moved (null when there was none). */
  previous: string | null;
  suggestions: number;
  forced: boolean;
}

/** Checks a backup file: opens read-only, integrity_check, looks like Minyi's schema. */
export function inspectBackup(file: string): { suggestions: number } {
  if (!existsSync(file)) throw new RestoreRefused(`no backup at ${file}`);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new RestoreRefused(`${file} is not a SQLite database (${String(error)})`);
  }
  try {
    const integrity = sqlite.pragma("integrity_check", { simple: true });
    if (integrity !== "ok")
      throw new RestoreRefused(`${file} fails integrity_check: ${String(integrity)}`);
    const tables = new Set(
      sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .pluck()
        .all() as string[],
    );
    if (!tables.has("suggestions") || !tables.has("__drizzle_migrations"))
      throw new RestoreRefused(`${file} is not a Minyi database (no suggestions table)`);
    return {
      suggestions: (sqlite.prepare("SELECT count(*) AS n FROM suggestions").get() as { n: number })
        .n,
    };
  } catch (error) {
    if (error instanceof RestoreRefused) throw error;
    throw new RestoreRefused(`${file} cannot be read as a database (${String(error)})`);
  } finally {
    sqlite.close();
  }
}

/**
 * True when another connection holds the database open. Every WAL-mode connection keeps a
 * shared lock while it is open, so an exclusive lock taken without waiting fails exactly then.
 */
export function databaseInUse(db: string): boolean {
  if (!existsSync(db)) return false;
  const probe = new Database(db, { fileMustExist: true });
  try {
    probe.pragma("busy_timeout = 0");
    probe.pragma("locking_mode = EXCLUSIVE");
    probe.exec("BEGIN EXCLUSIVE");
    probe.exec("COMMIT");
    return false;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith("SQLITE_BUSY")) return true;
    throw error;
  } finally {
    probe.close();
  }
}

export function restoreDatabase(
  fromPath: string,
  dbPath: string,
  opts: { force?: boolean; at?: Date } = {},
): RestoreResult {
  const from = resolve(fromPath);
  const db = resolve(dbPath);
  if (from === db) throw new RestoreRefused("--from and --db are the same file");
  const { suggestions } = inspectBackup(from);
  if (databaseInUse(db) && !opts.force) {
    throw new RestoreRefused(
      `${db} is in use (a server or script has it open): stop it first, or pass --force`,
    );
  }
  const aside = `${db}.${(opts.at ?? new Date()).toISOString().replace(/[:.]/g, "-")}.before-restore`;
  if (["", "-wal", "-shm"].some((suffix) => existsSync(aside + suffix)))
    throw new RestoreRefused(`${aside} exists already; try again`);
  // Copy first, so a failure here leaves the current database where it was.
  const staging = `${db}.restoring`;
  rmSync(staging, { force: true });
  copyFileSync(from, staging);
  const check = new Database(staging, { fileMustExist: true });
  try {
    const integrity = check.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") throw new Error(`the copy fails integrity_check: ${String(integrity)}`);
    check.pragma("journal_mode = WAL");
  } catch (error) {
    check.close();
    rmSync(staging, { force: true });
    throw error;
  }
  check.close();

  // Everything at PATH moves aside, -wal and -shm too: left behind they would be replayed onto
  // the restored file.
  let previous: string | null = null;
  for (const suffix of ["", "-wal", "-shm"]) {
    if (!existsSync(db + suffix)) continue;
    renameSync(db + suffix, aside + suffix);
    previous = aside;
  }
  renameSync(staging, db);
  return { from, db, previous, suggestions, forced: opts.force === true };
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename);
if (isMain) {
  const args = parseArgs(process.argv.slice(2));
  try {
    if (typeof args.from !== "string")
      throw new RestoreRefused("usage: npm run db:restore -- --from FILE [--db PATH] [--force]");
    const db = argString(args, "db", process.env.DATABASE_PATH ?? "./data/minyi.sqlite");
    const result = restoreDatabase(args.from, db, { force: args.force === true });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.stderr.write(
      `Restored ${result.from} → ${result.db} (${result.suggestions} suggestions)${result.previous ? `; the previous database is kept at ${result.previous}` : ""}\n`,
    );
    if (result.forced)
      process.stderr.write("--force: restart the server now; it still has the old file open.\n");
  } catch (error) {
    process.stderr.write(
      `db:restore refused: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}

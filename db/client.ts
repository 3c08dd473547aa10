import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Resolved from the working directory: the server build moves this module, the repo root does not. */
export const MIGRATIONS_FOLDER = resolve("db/migrations");

/**
 * Opens a SQLite database file for the app: WAL so readers never block the writer, a busy
 * timeout so concurrent writers wait instead of failing, and foreign keys enforced.
 */
export function openDatabase(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL");
  cacheStatements(sqlite);
  const database = drizzle(sqlite, { schema }) as Db;
  // Transactions start with BEGIN IMMEDIATE: they take the write lock before their first read.
  // A deferred transaction that read first and then found another process (a CLI, an import)
  // had committed could not write at all (SQLITE_BUSY_SNAPSHOT, "database is locked", at once and
  // past the busy timeout); immediate ones wait their turn and then read fresh data, so a stale
  // version is a clean 409. In one process this changes nothing: transactions are synchronous.
  const transaction = database.transaction.bind(database);
  database.transaction = ((fn, config) =>
    transaction(fn, { behavior: "immediate", ...config })) as Db["transaction"];
  return database;
}

/** How many compiled statements a connection keeps (the app's queries are a few hundred). */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * drizzle compiles every query's SQL anew (better-sqlite3 `prepare`, ~9% of a submission's
 * CPU): this keeps the compiled statements of one connection by SQL text, least recently
 * used out first. drizzle switches a statement to raw (array) rows for some reads and never
 * back, so a statement handed out again is reset to plain object rows, as a new one is.
 * The app never iterates a statement (a statement mid-iteration could not be reused).
 */
function cacheStatements(sqlite: Database.Database): void {
  const compile = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
      if (statement.reader) statement.raw(false).pluck(false).expand(false);
    } else {
      statement = compile(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  }) as Database.Database["prepare"];
}

/** Applies pending drizzle-kit migrations (idempotent). */
export function migrateDatabase(db: Db, migrationsFolder = MIGRATIONS_FOLDER): void {
  migrate(db, { migrationsFolder });
}

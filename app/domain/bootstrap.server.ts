import { count } from "drizzle-orm";
import { suggestions } from "../../db/schema";
import { seedDatabase } from "../../scripts/seed/seed";
import { closeDb, db } from "../utils/db.server";
import { env } from "../utils/env.server";
import { log } from "../utils/logger.server";
import { intelligence } from "./intelligence/intelligence.server";
import { textIndex } from "./suggestions/text-index.server";
import { startScheduler, stopScheduler } from "./supervision/scheduler.server";

/**
 * Start-up, called once by server.js before it listens: open and migrate the database, seed the
 * demo story when it is empty, build the text indexes, start the scheduler.
 */
export async function bootstrap(): Promise<void> {
  const database = db();
  const existing = database.select({ n: count() }).from(suggestions).get()?.n ?? 0;
  if (existing === 0 && env().SEED_ON_EMPTY === "true") {
    log.info("empty database: seeding demo data");
    const summary = await seedDatabase(database);
    log.info("seeded", summary);
  }
  textIndex().build(database);
  intelligence().build(database);
  startScheduler();
  const every = env().INDEX_SYNC_SECONDS;
  if (every > 0) {
    syncTimer = setInterval(() => {
      try {
        pickUpNewSuggestions();
      } catch (error) {
        log.error("picking up new suggestions failed", { error: String(error) });
      }
    }, every * 1000);
    syncTimer.unref();
  }
}

let syncTimer: NodeJS.Timeout | undefined;

/**
 * Suggestions written to the database by another process (`npm run import`) since the text
 * indexes last looked join search, the duplicate finder and the topics (this process's own
 * from that time, already indexed, are skipped). Returns how many rows were looked at.
 */
export function pickUpNewSuggestions(database = db(), slice = 500): number {
  let count = 0;
  let picked = 0;
  // In slices: SQLite binds at most 32,766 values a statement, and an import can be larger.
  for (;;) {
    const ids = textIndex().idsAfterSyncMark(slice, database);
    if (ids.length === 0) break;
    // This process's own rows are indexed already: only the others' are read and indexed.
    const others = ids.filter((id) => !textIndex().meta.has(String(id)));
    textIndex().refresh(others, database);
    intelligence().adopt(others, database);
    picked += others.length;
    textIndex().markSynced(ids.at(-1)!);
    count += ids.length;
  }
  if (picked > 0) log.info("picked up suggestions another process stored", { count: picked });
  return count;
}

export async function shutdown(): Promise<void> {
  clearInterval(syncTimer);
  await stopScheduler();
  closeDb();
}

export interface Health {
  ok: boolean;
  database: string;
  /** Deep check only: the text indexes against the database (counts, no content). */
  index?: ReturnType<ReturnType<typeof textIndex>["verify"]> & { ok: boolean };
}

/** `deep` also compares the in-memory text indexes with the database (reads every row's id). */
export function checkHealth(opts: { deep?: boolean } = {}): Health {
  try {
    db().$client.prepare("select 1").get();
    if (!opts.deep) return { ok: true, database: "ok" };
    const index = textIndex().verify(db());
    const indexOk =
      textIndex().built && index.missing === 0 && index.extra === 0 && index.stale === 0;
    return { ok: indexOk, database: "ok", index: { ok: indexOk, ...index } };
  } catch (error) {
    log.error("health check failed", { error: String(error) });
    return { ok: false, database: "unavailable" };
  }
}

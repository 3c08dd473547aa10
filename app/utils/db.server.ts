import { type Db, migrateDatabase, openDatabase } from "../../db/client";
import { env } from "./env.server";

let instance: Db | undefined;

/** The app's one database connection, opened and migrated on first use. */
export function db(): Db {
  if (!instance) {
    instance = openDatabase(env().DATABASE_PATH);
    migrateDatabase(instance);
  }
  return instance;
}

export function closeDb(): void {
  instance?.$client.close();
  instance = undefined;
}

export type { Db };

import { existsSync, mkdirSync, rmSync } from "node:fs";
import { migrateDatabase, openDatabase } from "../../db/client";
import { seedDatabase } from "../../scripts/seed/seed";
import { TEMPLATE_DB } from "./paths";

/**
 * Builds one migrated and seeded template database per test run; integration tests copy it
 * (fast) instead of migrating and seeding for every test.
 */
export default async function setup() {
  mkdirSync(".cache", { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) {
    if (existsSync(TEMPLATE_DB + suffix)) rmSync(TEMPLATE_DB + suffix);
  }
  const db = openDatabase(TEMPLATE_DB);
  migrateDatabase(db);
  await seedDatabase(db, new Date("2026-06-15T00:00:00Z"));
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
}

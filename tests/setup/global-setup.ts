import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { migrateDatabase, openDatabase } from "../../db/client";
import { seedDatabase } from "../../scripts/seed/seed";
import { SEEDED_AT } from "./paths";

/**
 * Builds one migrated and seeded template database per test run (in its own directory, so two
 * runs side by side do not clash); integration tests copy it instead of seeding every time.
 */
export default async function setup(project: TestProject) {
  mkdirSync(".cache", { recursive: true });
  const dir = mkdtempSync(resolve(".cache", "test-template-"));
  const file = join(dir, "template.sqlite");
  const db = openDatabase(file);
  migrateDatabase(db);
  await seedDatabase(db, SEEDED_AT);
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  project.provide("templateDb", file);
  return () => rmSync(dir, { recursive: true, force: true });
}

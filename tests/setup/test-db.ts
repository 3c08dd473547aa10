import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Db, openDatabase } from "../../db/client";
import { TEMPLATE_DB } from "./paths";

/** A private copy of the migrated, seeded template database for one test. */
export function freshDb(): Db {
  const dir = mkdtempSync(join(tmpdir(), "minyi-test-"));
  const file = join(dir, "test.sqlite");
  copyFileSync(TEMPLATE_DB, file);
  return openDatabase(file);
}

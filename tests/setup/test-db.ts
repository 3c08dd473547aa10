import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { type Db, openDatabase } from "../../db/client";

/** A private copy of the migrated, seeded template database for one test. */
export function freshDb(): Db {
  const dir = mkdtempSync(join(tmpdir(), "minyi-test-"));
  const file = join(dir, "test.sqlite");
  copyFileSync(inject("templateDb"), file);
  return openDatabase(file);
}

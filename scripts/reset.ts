// `npm run db:reset`: moves the database aside (never deletes it) and seeds a fresh one.
import { existsSync, renameSync } from "node:fs";

const path = process.argv[2] ?? process.env.DATABASE_PATH ?? "./data/minyi.sqlite";
if (existsSync(path)) {
  const aside = `${path}.${new Date().toISOString().replace(/[:.]/g, "-")}.bak`;
  for (const suffix of ["", "-wal", "-shm"]) {
    if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
  }
  console.log(`Moved the old database to ${aside}`);
}
process.argv[2] = path;
await import("./seed");

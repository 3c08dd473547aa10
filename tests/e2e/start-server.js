// Starts the built server on a fresh database (the old one is moved aside, not deleted).
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { dirname } from "node:path";

const path = process.env.DATABASE_PATH;
mkdirSync(dirname(path), { recursive: true });
const stamp = Date.now();
for (const suffix of ["", "-wal", "-shm"]) {
  if (existsSync(path + suffix)) renameSync(path + suffix, `${path}.${stamp}.old${suffix}`);
}
await import("../../server.js");

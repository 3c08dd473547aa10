// `npm run db:seed`: migrates, then seeds the demo story into an empty database.
import { count } from "drizzle-orm";
import { migrateDatabase, openDatabase } from "../db/client";
import { suggestions } from "../db/schema";
import { DEMO_PASSWORD, DEMO_USERS } from "./seed/orgs";
import { seedDatabase } from "./seed/seed";

const path = process.argv[2] ?? process.env.DATABASE_PATH ?? "./data/minyi.sqlite";
const db = openDatabase(path);
migrateDatabase(db);
const existing = db.select({ n: count() }).from(suggestions).get()?.n ?? 0;
if (existing > 0) {
  console.error(
    `${path} already has ${existing} suggestions; run \`npm run db:reset\` to start over.`,
  );
  process.exit(1);
}
const summary = await seedDatabase(db);
console.log(`Seeded ${path}:`, summary);
console.log(`Demo accounts (password "${DEMO_PASSWORD}"):`);
for (const u of DEMO_USERS)
  console.log(`  ${u.username.padEnd(16)} ${u.role.padEnd(10)} ${u.displayName}`);

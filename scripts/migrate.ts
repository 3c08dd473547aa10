// `npm run db:migrate`: applies pending migrations to DATABASE_PATH (or the path given).
import { migrateDatabase, openDatabase } from "../db/client";

const path = process.argv[2] ?? process.env.DATABASE_PATH ?? "./data/minyi.sqlite";
migrateDatabase(openDatabase(path));
console.log(`Migrated ${path}`);

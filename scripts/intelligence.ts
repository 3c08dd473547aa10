/**
 * `npm run intelligence -- <recluster|retrain> [--db PATH]`: the text engine's maintenance on
 * the application database. `recluster` re-clusters every suggestion (a progress bar on standard
 * error) keeping reviewers' merges and splits; `retrain` trains the category model from the
 * reviewers' confirmed categories and stores it. Run it while the server is stopped, or restart
 * the server afterwards so its in-memory model agrees.
 */
import { resolve } from "node:path";
import { argString, log, parseArgs, progress } from "./lib/cli";

process.env.DOTENV_CONFIG_QUIET ??= "true";
const args = parseArgs(process.argv.slice(2));
const command = args._[0];
if (command !== "recluster" && command !== "retrain") {
  process.stderr.write("usage: npm run intelligence -- <recluster|retrain> [--db PATH]\n");
  process.exit(2);
}
const path = argString(args, "db", process.env.DATABASE_PATH ?? "data/minyi.sqlite");
const { migrateDatabase, openDatabase } = await import("../db/client");
const database = openDatabase(resolve(path));
migrateDatabase(database);
const { intelligence } = await import("../app/domain/intelligence/intelligence.server");
const { textIndex } = await import("../app/domain/suggestions/text-index.server");

const started = Date.now();
if (command === "retrain") {
  const result = intelligence().retrain(database);
  if (!result) {
    log("retrain: too few confirmed categories; the previous model stays");
    process.exit(1);
  }
  log(
    `retrain: model trained on ${result.trainedOn} confirmed suggestions in ${Date.now() - started} ms`,
  );
} else {
  textIndex().build(database);
  intelligence().build(database);
  let bar: ReturnType<typeof progress> | undefined;
  const result = intelligence().recluster(database, (done, total) => {
    bar ??= progress("recluster", total);
    bar.tick(done);
  });
  bar?.done();
  log(
    `recluster: ${result.items} suggestions, ${result.topics} topics, ${result.moved} moved, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}
database.$client.close();

// `npm run scheduler -- [--once] [--at 2026-09-01T08:00:00+08:00] [--interval 10]`
// Runs the deadline, escalation, digest and outbox passes against DATABASE_PATH: once with
// `--once`, otherwise every `--interval` minutes (default SCHEDULER_INTERVAL_MINUTES, or 10 when
// that is 0) until Ctrl-C. `--at` runs the single pass at a given instant (with --once only).
// Safe beside the server's own in-process scheduler: every write re-checks in its transaction.

import { runScheduler } from "../app/domain/supervision/scheduler.server";
import { closeDb } from "../app/utils/db.server";
import { env } from "../app/utils/env.server";
import { argNumber, argString, log, parseArgs } from "./lib/cli";

const args = parseArgs(process.argv.slice(2));
const once = args.once === true;
const atArg = argString(args, "at", "");
const at = atArg ? new Date(atArg) : undefined;
if (at && Number.isNaN(at.getTime())) {
  log(`--at: not a date: ${atArg}`);
  process.exit(2);
}
if (at && !once) {
  log("--at needs --once (a fixed instant cannot repeat)");
  process.exit(2);
}
const minutes = argNumber(args, "interval", env().SCHEDULER_INTERVAL_MINUTES || 10);
if (!(minutes > 0)) {
  log("--interval must be a positive number of minutes");
  process.exit(2);
}

async function pass(): Promise<void> {
  const report = await runScheduler(at);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

if (once) {
  try {
    await pass();
  } finally {
    closeDb();
  }
} else {
  log(`scheduler: a pass every ${minutes} min on ${env().DATABASE_PATH} (Ctrl-C stops)`);
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = pass()
      .catch((error) => log(`pass failed: ${error instanceof Error ? error.stack : error}`))
      .finally(() => {
        running = null;
      });
  };
  tick();
  const timer = setInterval(tick, minutes * 60_000);
  const stop = async () => {
    clearInterval(timer);
    await running;
    closeDb();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/**
 * `npm run bench -- <name> [options]`: runs one benchmark (or `all`), prints a table and writes
 * JSON under --out (default bench-results/). Each benchmark lives in its own scripts/bench-*.ts
 * module and is loaded only when asked for, so a missing optional input never blocks another.
 */
import { resolve } from "node:path";
import { argList, argNumber, argString, log, parseArgs } from "./lib/cli";

const args = parseArgs(process.argv.slice(2));
const outDir = resolve(argString(args, "out", "bench-results"));
const dataDir = resolve(argString(args, "data", "../shared/data"));

const BENCHMARKS: Record<string, () => Promise<unknown>> = {
  similar: async () => {
    const { benchSimilar } = await import("./bench-similar");
    return benchSimilar({
      dataDir,
      sizes: argList(args, "sizes", [10_000, 100_000, 1_000_000]),
      queries: argNumber(args, "queries", 1_000),
      outDir,
    });
  },
  dashboard: async () => {
    const { benchDashboard } = await import("./bench-dashboard");
    return benchDashboard({
      size: argList(args, "size", [1_000_000])[0]!,
      runs: argNumber(args, "runs", 9),
      outDir,
      keep: args.keep === true,
      reuse: typeof args.db === "string" ? resolve(args.db) : undefined,
    });
  },
  http: async () => {
    const { benchHttp } = await import("./bench-http");
    return benchHttp({
      outDir,
      dataDir,
      duration: argNumber(args, "duration", 10),
      warmup: argNumber(args, "warmup", 3),
      connections: argNumber(args, "connections", 10),
      logLevel: argString(args, "log-level", "warn"),
    });
  },
};

const name = args._[0] ?? "";
const names = name === "all" ? Object.keys(BENCHMARKS) : [name];
for (const n of names) {
  const run = BENCHMARKS[n];
  if (!run) {
    process.stderr.write(
      `usage: npm run bench -- <${[...Object.keys(BENCHMARKS), "all"].join("|")}> [--out DIR] [--data DIR]\n`,
    );
    process.exit(2);
  }
  log(`bench ${n}: start`);
  await run();
}

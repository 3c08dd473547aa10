// `npm run import -- --file F [--format csv|jsonl] [--channel hotline|letter|sms|import]
//   [--unit ID|CODE] [--title-field F] [--body-field F] [--time-field F] [--id-field F]
//   [--category-field F] [--publish] [--dry-run] [--db PATH] [--report OUT.json]`
//
// Imports suggestions from another channel into the database (DATABASE_PATH, or --db), with a
// progress bar and a validation report on stderr. The file is read where it is; nothing is
// copied. Importing the same rows again adds nothing (each row has a deterministic key).
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { argString, log, parseArgs, table } from "./lib/cli";

const args = parseArgs(process.argv.slice(2));
if (args.help || args.h || !args.file) {
  log(
    "usage: npm run import -- --file F [--format csv|jsonl] [--channel hotline|letter|sms|import] [--unit ID|CODE]\n" +
      "       [--title-field F] [--body-field F] [--time-field F] [--id-field F] [--category-field F]\n" +
      "       [--publish] [--dry-run] [--db PATH] [--report OUT.json]",
  );
  process.exit(args.help || args.h ? 0 : 2);
}
if (typeof args.db === "string") process.env.DATABASE_PATH = args.db;
process.env.DOTENV_CONFIG_QUIET ??= "true";
process.env.LOG_LEVEL ??= "warn";

// Imported after the environment is settled: the app reads it once.
const { db, closeDb } = await import("../app/utils/db.server");
const { IMPORT_CHANNELS } = await import("../app/domain/openness/import.schema");
const { formatFromName, importRecords, ImportSetupError, parseImportText } = await import(
  "../app/domain/openness/import.server"
);
const { translate } = await import("../app/utils/i18n");
const { orgUnits } = await import("../db/schema");
const { eq } = await import("drizzle-orm");
type ImportReport = import("../app/domain/openness/import.schema").ImportReport;
type ImportChannel = import("../app/domain/openness/import.schema").ImportChannel;
type MessageKey = import("../app/utils/i18n").MessageKey;

const file = argString(args, "file");
const format = (typeof args.format === "string" ? args.format : formatFromName(file)) as
  | "csv"
  | "jsonl"
  | null;
if (format !== "csv" && format !== "jsonl") {
  log(`cannot tell the format of ${basename(file)}; pass --format csv or --format jsonl`);
  process.exit(2);
}
const channel = argString(args, "channel", "import") as ImportChannel;
if (!(IMPORT_CHANNELS as readonly string[]).includes(channel)) {
  log(`--channel must be one of ${IMPORT_CHANNELS.join(", ")}`);
  process.exit(2);
}
const opt = (key: string) => (typeof args[key] === "string" ? (args[key] as string) : undefined);
const en = (key: string, params?: Record<string, string | number>) =>
  translate("en", key as MessageKey, params);

const started = performance.now();
const database = db();
let unitId: number | undefined;
const unitArg = opt("unit");
if (unitArg) {
  const unit = database
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(/^\d+$/.test(unitArg) ? eq(orgUnits.id, Number(unitArg)) : eq(orgUnits.code, unitArg))
    .get();
  if (!unit) {
    log(`unknown --unit ${unitArg}`);
    process.exit(2);
  }
  unitId = unit.id;
}

let content: string;
try {
  content = readFileSync(file, "utf8");
} catch (e) {
  log(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}
const records = parseImportText(content, format);
log(`${basename(file)}: ${records.length} records (${format}), channel ${channel}`);

/** A progress bar on stderr: redrawn in place on a terminal, a line every 10% otherwise. */
function progressBar(total: number) {
  const tty = process.stderr.isTTY === true;
  let lastDraw = 0;
  let lastStep = -1;
  const line = (done: number, r: ImportReport) => {
    const pct = total ? done / total : 1;
    const width = 30;
    const filled = Math.round(pct * width);
    return `import [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${(pct * 100).toFixed(0).padStart(3)}%  new ${r.imported}  already ${r.alreadyImported}  invalid ${r.invalid.length}  duplicates ${r.duplicates.length}`;
  };
  return {
    tick(done: number, r: ImportReport) {
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        process.stderr.write(`\r${line(done, r)}`);
        if (done === total) process.stderr.write("\n");
        return;
      }
      const step = Math.floor((done / Math.max(total, 1)) * 10);
      if (step !== lastStep || done === total) {
        lastStep = step;
        process.stderr.write(`${line(done, r)}\n`);
      }
    },
  };
}

const bar = progressBar(records.length);
let report: ImportReport;
try {
  report = await importRecords(
    records,
    {
      format,
      channel,
      unitId,
      titleField: opt("title-field"),
      bodyField: opt("body-field"),
      timeField: opt("time-field"),
      idField: opt("id-field"),
      categoryField: opt("category-field"),
      publish: args.publish === true,
      dryRun: args["dry-run"] === true,
    },
    {
      onProgress: (done, _total, r) => bar.tick(done, r),
      onIndexBuilt: (documents, ms) =>
        log(
          `indexed ${documents} existing suggestions for duplicate checks in ${(ms / 1000).toFixed(1)} s`,
        ),
    },
    database,
  );
} catch (error) {
  if (error instanceof ImportSetupError) {
    log(en(error.reason, error.params));
    process.exit(2);
  }
  throw error;
}
const seconds = (performance.now() - started) / 1000;

log("");
log(
  table([
    ["records read", report.total],
    [report.dryRun ? "would be imported (dry run)" : "imported", report.imported],
    ["already imported (skipped)", report.alreadyImported],
    ["invalid (not imported)", report.invalid.length],
    ["flagged as duplicates", report.duplicates.length],
    ["titles derived from the text", report.warnings.length],
    [
      "import time",
      `${(report.ms / 1000).toFixed(2)} s (${Math.round(report.total / Math.max(report.ms / 1000, 0.001))} rows/s)`,
    ],
    ["total time", `${seconds.toFixed(2)} s`],
  ]),
);
log(
  `fields: ${Object.entries(report.fields)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ")}`,
);
if (report.invalid.length) {
  log(`\ninvalid rows (${report.invalid.length}):`);
  for (const issue of report.invalid.slice(0, 50))
    log(`  line ${issue.line}: ${en(issue.reason, issue.params)}`);
  if (report.invalid.length > 50) log(`  … and ${report.invalid.length - 50} more (see --report)`);
}
if (report.duplicates.length) {
  log(`\nduplicates of existing suggestions (first 10 of ${report.duplicates.length}):`);
  for (const d of report.duplicates.slice(0, 10))
    log(
      `  line ${d.line}: ${d.trackingCode ?? "(dry run)"} duplicates ${d.duplicateOf} (score ${d.score})`,
    );
}
const reportFile = opt("report");
if (reportFile) {
  writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  log(`\nfull report written to ${reportFile}`);
}
log("a running server picks the new suggestions up within INDEX_SYNC_SECONDS (default 30 s)");
closeDb();

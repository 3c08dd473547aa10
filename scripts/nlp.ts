/**
 * Text-engine CLI: `npm run nlp -- <command> [options]`.
 * STDOUT carries JSONL only (one line per input line, in input order; `hot` prints
 * one line per topic); logs, progress and summaries go to STDERR.
 *
 *   score-pairs --in FILE                        {"score"} per sentence1/sentence2 line
 *   classify    --train FILE --in FILE [--tree FILE]
 *                                                {"id","label","confidence"}
 *               --tree: a category tree, one root-to-leaf path a line (the line's string
 *               values in order, e.g. fj1_taxonomy.jsonl); its names under each label
 *               join the training (TrainOptions.tree).
 *   similar     --corpus FILE --queries FILE [--k 5] [--exclude-self]
 *                                                {"id","matches":[{"id","score"}],"ms"}
 *   cluster     --in FILE [--threshold T]        {"id","cluster","label"}
 *   hot         --in FILE [--likes-field F] [--time-field F] [--now ISO] [--limit N]
 *                                                {"cluster","label","size","score","ids"}
 * Field names: --id-field --title-field --body-field --label-field
 * (defaults id, title, body, label).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import {
  type Args,
  argNumber,
  argString,
  fieldString,
  JsonlWriter,
  type JsonRecord,
  log,
  parseArgs,
  parseJsonl,
  progress,
  rssMiB,
} from "./lib/cli";

// natural loads dotenv, which prints a banner unless told to be quiet.
process.env.DOTENV_CONFIG_QUIET ??= "true";
const nlp = await import("../app/nlp/index");

interface Fields {
  id: string;
  title: string;
  body: string;
  label: string;
}

function fieldsOf(args: Args): Fields {
  return {
    id: argString(args, "id-field", "id"),
    title: argString(args, "title-field", "title"),
    body: argString(args, "body-field", "body"),
    label: argString(args, "label-field", "label"),
  };
}

/** A usage or input problem: reported as one clear line on stderr, exit code 1. */
class CliError extends Error {}

/** Malformed lines of the per-line input files, reported (and exit 1) at the end. */
const malformed: string[] = [];

/**
 * Reads a JSONL file given by `--key`. Missing or unreadable files and files without a
 * single record are errors. With `strict` (training data, corpora) a malformed line is
 * an error too; otherwise it stays in place as `{ __error }` (the command writes an
 * error object on that output line, so lines stay aligned) and the run exits 1.
 */
function readInput(args: Args, key: string, strict: boolean): JsonRecord[] {
  const path = args[key];
  if (typeof path !== "string") throw new CliError(`missing --${key} FILE`);
  if (!existsSync(path)) throw new CliError(`--${key} ${path}: no such file`);
  if (!statSync(path).isFile()) throw new CliError(`--${key} ${path}: not a file`);
  const text = readFileSync(path, "utf8");
  const rows = parseJsonl(text);
  if (rows.length === 0) throw new CliError(`--${key} ${path}: no JSONL records`);
  const lineOf = recordLines(text);
  rows.forEach((r, i) => {
    if (!r.__error) return;
    const where = `--${key} ${path} line ${lineOf[i]}: ${String(r.__error)}`;
    if (strict) throw new CliError(where);
    r.__error = `line ${lineOf[i]}: ${String(r.__error)}`;
    malformed.push(where);
  });
  return rows;
}

/** 1-based line number of each non-blank line (the records of parseJsonl, in order). */
function recordLines(text: string): number[] {
  const out: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim()) out.push(i + 1);
  });
  return out;
}

/** Record id as a string; falls back to the 1-based record number. */
function idOf(r: JsonRecord, f: Fields, i: number): string {
  const v = r[f.id];
  return v === undefined || v === null ? String(i + 1) : String(v);
}

function scorePairs(args: Args, out: JsonlWriter): void {
  const rows = readInput(args, "in", false);
  const a = argString(args, "a-field", "sentence1");
  const b = argString(args, "b-field", "sentence2");
  // idf is fitted on the sentences being scored (unsupervised, no labels used).
  const scorer = new nlp.PairScorer().fit(
    rows.flatMap((r) => [fieldString(r, a), fieldString(r, b)]),
  );
  const bar = progress("score-pairs", rows.length);
  rows.forEach((r, i) => {
    out.write(
      r.__error
        ? { error: r.__error }
        : { score: round(scorer.score(fieldString(r, a), fieldString(r, b))) },
    );
    bar.tick(i + 1);
  });
  bar.done();
}

function classify(args: Args, out: JsonlWriter): void {
  const f = fieldsOf(args);
  const train = readInput(args, "train", true).filter((r) => fieldString(r, f.label));
  if (train.length === 0) {
    throw new CliError(`--train: no record has a "${f.label}" label (see --label-field)`);
  }
  const samples = train.map((r) => ({
    text: fieldString(r, f.body),
    title: fieldString(r, f.title),
    label: fieldString(r, f.label),
  }));
  const tree =
    args.tree === undefined
      ? undefined
      : nlp.categoryTreeFromPaths(
          readInput(args, "tree", true).map((r) =>
            Object.values(r).filter((v): v is string => typeof v === "string"),
          ),
          new Set(samples.map((s) => s.label)),
        );
  const t0 = performance.now();
  const model = nlp.trainClassifier(samples, { tree });
  log(
    `trained on ${train.length} samples${tree ? " and the category tree" : ""}, ${model.labels.length} labels in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const rows = readInput(args, "in", false);
  rows.forEach((r, i) => {
    if (r.__error) {
      out.write({ id: idOf(r, f, i), error: r.__error });
      return;
    }
    const p = model.predict(fieldString(r, f.body), fieldString(r, f.title));
    out.write({ id: idOf(r, f, i), label: p.label, confidence: round(p.confidence) });
  });
}

function similar(args: Args, out: JsonlWriter): void {
  const f = fieldsOf(args);
  const k = argNumber(args, "k", 5);
  const excludeSelf = args["exclude-self"] === true;
  const corpus = readInput(args, "corpus", true);
  const rssBefore = rssMiB();
  const t0 = performance.now();
  const index = new nlp.SimilarityIndex();
  const bar = progress("index", corpus.length);
  index.addMany(
    corpus.map((r, i) => ({
      id: idOf(r, f, i),
      title: fieldString(r, f.title),
      body: fieldString(r, f.body),
    })),
    (done) => bar.tick(done),
  );
  bar.done();
  const buildS = (performance.now() - t0) / 1000;
  const queries = readInput(args, "queries", false);
  const times: number[] = [];
  queries.forEach((r, i) => {
    const id = idOf(r, f, i);
    if (r.__error) {
      out.write({ id, error: r.__error });
      return;
    }
    const q0 = performance.now();
    const matches = index.query(
      { title: fieldString(r, f.title), body: fieldString(r, f.body) },
      { k, filter: excludeSelf ? (other) => other !== id : undefined },
    );
    const ms = performance.now() - q0;
    times.push(ms);
    out.write({
      id,
      matches: matches.map((m) => ({ id: m.id, score: round(m.score) })),
      ms: round(ms, 3),
    });
  });
  times.sort((x, y) => x - y);
  const pct = (p: number) =>
    times.length ? times[Math.min(times.length - 1, Math.floor(p * times.length))]! : 0;
  log(
    `similar: ${corpus.length} docs built in ${buildS.toFixed(2)} s (${Math.round(corpus.length / Math.max(buildS, 1e-9))} docs/s), ` +
      `RSS ${rssMiB().toFixed(0)} MiB (+${(rssMiB() - rssBefore).toFixed(0)} MiB); ` +
      `${times.length} queries p50 ${pct(0.5).toFixed(2)} ms p95 ${pct(0.95).toFixed(2)} ms`,
  );
}

function clusterDocs(rows: JsonRecord[], f: Fields, threshold: number | undefined) {
  // Ids fall back to the record number in the file, so error rows are skipped here.
  const docs = rows.flatMap((r, i) =>
    r.__error
      ? []
      : [{ id: idOf(r, f, i), title: fieldString(r, f.title), body: fieldString(r, f.body) }],
  );
  const bar = progress("cluster", 1);
  const clusterer = new nlp.TopicClusterer({ threshold });
  const clusters = clusterer.reclusterBatch(docs, {}, (done, total) => {
    bar.tick(done / Math.max(total, 1));
  });
  bar.done();
  const labels = new Map(clusters.map((c) => [c.id, c.label]));
  return { docs, clusterer, clusters, labels };
}

function cluster(args: Args, out: JsonlWriter): void {
  const f = fieldsOf(args);
  const rows = readInput(args, "in", false);
  const threshold =
    typeof args.threshold === "string" ? argNumber(args, "threshold", 0) : undefined;
  const { docs, clusterer, clusters, labels } = clusterDocs(rows, f, threshold);
  log(`cluster: ${docs.length} docs → ${clusters.length} clusters`);
  let next = 0;
  rows.forEach((r, i) => {
    if (r.__error) {
      out.write({ id: idOf(r, f, i), error: r.__error });
      return;
    }
    const d = docs[next++]!;
    const c = clusterer.clusterOf(d.id)!;
    out.write({ id: d.id, cluster: c, label: labels.get(c) ?? "" });
  });
}

function hot(args: Args, out: JsonlWriter): void {
  const f = fieldsOf(args);
  const likesField = argString(args, "likes-field", "likes");
  const timeField = argString(args, "time-field", "time");
  const rows = readInput(args, "in", true);
  const threshold =
    typeof args.threshold === "string" ? argNumber(args, "threshold", 0) : undefined;
  const { docs, clusterer, labels } = clusterDocs(rows, f, threshold);
  const items = docs.map((d, i) => ({
    id: d.id,
    clusterId: clusterer.clusterOf(d.id)!,
    createdAt: parseTime(rows[i]![timeField]),
    supports: Number(rows[i]![likesField] ?? 0) || 0,
  }));
  const valid = items.filter((it) => Number.isFinite(it.createdAt.getTime()));
  if (valid.length < items.length)
    log(`hot: ${items.length - valid.length} rows without a valid ${timeField}`);
  // Default "now" is the newest message, so historical files rank sensibly.
  const now =
    typeof args.now === "string"
      ? new Date(args.now)
      : new Date(Math.max(...valid.map((it) => it.createdAt.getTime())));
  const ranked = nlp.rankHotTopics(valid, now, {
    limit: argNumber(args, "limit", 20),
    halfLifeDays: argNumber(args, "half-life", nlp.NLP_CONFIG.hot.halfLifeDays),
  });
  for (const t of ranked) {
    out.write({
      cluster: t.clusterId,
      label: labels.get(t.clusterId) ?? "",
      size: t.size,
      score: round(t.score),
      growth7: round(t.growth7),
      growth30: round(t.growth30),
      emerging: t.emerging,
      ids: t.ids,
    });
  }
}

/** ISO strings, epoch numbers and "2019/2/28 11:25:05" style local times. */
function parseTime(v: unknown): Date {
  if (typeof v === "number") return new Date(v);
  if (typeof v !== "string") return new Date(Number.NaN);
  return new Date(v.includes("T") ? v : v.replace(/-/g, "/"));
}

function round(x: number, digits = 6): number {
  const p = 10 ** digits;
  return Math.round(x * p) / p;
}

const COMMANDS: Record<string, (args: Args, out: JsonlWriter) => void> = {
  "score-pairs": scorePairs,
  classify,
  similar,
  cluster,
  hot,
};

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  const name = args._[0];
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    log(`usage: npm run nlp -- <${Object.keys(COMMANDS).join("|")}> [options]`);
    return 2;
  }
  const out = new JsonlWriter();
  try {
    command(args, out);
  } finally {
    out.flush();
  }
  if (malformed.length > 0) {
    for (const m of malformed.slice(0, 20)) log(`error: ${m}`);
    log(`error: ${malformed.length} malformed input line(s); their output lines hold "error"`);
    return 1;
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  log(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}

/**
 * Small helpers shared by the NLP scripts: argument parsing, JSONL reading and
 * writing, and a progress bar on stderr (stdout stays machine-readable JSONL).
 */
import { createReadStream, readFileSync } from "node:fs";
import { createInterface } from "node:readline";

export type Args = { _: string[] } & Record<string, string | boolean | string[]>;

/** `--key value`, `--key=value`, `--flag`; bare words go to `_`. */
export function parseArgs(argv: readonly string[]): Args {
  const out: Args = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") continue;
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      if (eq > 0) {
        out[a.slice(2, eq)] = a.slice(eq + 1);
        continue;
      }
      const key = a.slice(2);
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith("--")) {
        out[key] = next;
        i++;
      } else out[key] = true;
    } else out._.push(a);
  }
  return out;
}

export function argString(args: Args, key: string, fallback?: string): string {
  const v = args[key];
  if (typeof v === "string") return v;
  if (fallback !== undefined) return fallback;
  throw new Error(`missing --${key}`);
}

export function argNumber(args: Args, key: string, fallback: number): number {
  const v = args[key];
  if (typeof v !== "string") return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${key} must be a number, got ${v}`);
  return n;
}

export function argList(args: Args, key: string, fallback: number[]): number[] {
  const v = args[key];
  if (typeof v !== "string") return fallback;
  return v.split(",").map((x) => {
    const n = Number(x.replace(/k$/i, "000").replace(/m$/i, "000000"));
    if (!Number.isFinite(n)) throw new Error(`--${key}: bad number ${x}`);
    return n;
  });
}

export type JsonRecord = Record<string, unknown>;

/** Parses JSONL; blank lines are skipped, a bad line becomes `{ __error }` so order holds. */
export function parseJsonl(text: string): JsonRecord[] {
  const out: JsonRecord[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    try {
      const v = JSON.parse(line) as unknown;
      out.push(
        v && typeof v === "object" && !Array.isArray(v)
          ? (v as JsonRecord)
          : { __error: "not an object" },
      );
    } catch (e) {
      out.push({ __error: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}

export function readJsonl(path: string): JsonRecord[] {
  return parseJsonl(readFileSync(path, "utf8"));
}

/** Streams JSONL records one by one (for files too big to hold as one string). */
export async function* streamJsonl(path: string): AsyncGenerator<JsonRecord> {
  const rl = createInterface({
    input: createReadStream(path, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of rl) {
    if (!line.trim()) continue;
    try {
      yield JSON.parse(line) as JsonRecord;
    } catch (e) {
      yield { __error: e instanceof Error ? e.message : String(e) };
    }
  }
}

export function fieldString(r: JsonRecord, field: string): string {
  const v = r[field];
  if (v === undefined || v === null) return "";
  return typeof v === "string" ? v : String(v);
}

/** Buffered stdout writer: one JSON object per line. */
export class JsonlWriter {
  private buf: string[] = [];
  write(obj: unknown): void {
    this.buf.push(JSON.stringify(obj));
    if (this.buf.length >= 1_000) this.flush();
  }
  flush(): void {
    if (this.buf.length === 0) return;
    process.stdout.write(`${this.buf.join("\n")}\n`);
    this.buf = [];
  }
}

export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** A progress bar on stderr, redrawn at most ~10 times a second; silent when not a TTY. */
export function progress(
  label: string,
  total: number,
): { tick: (done: number) => void; done: () => void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  const draw = (done: number) => {
    const pct = total > 0 ? done / total : 1;
    const width = 30;
    const filled = Math.round(pct * width);
    process.stderr.write(
      `\r${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${(pct * 100).toFixed(0)}%`,
    );
  };
  return {
    tick(done) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      draw(done);
    },
    done() {
      if (tty) {
        draw(total);
        process.stderr.write("\n");
      }
    },
  };
}

export function rssMiB(): number {
  return process.memoryUsage().rss / 1_048_576;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i]!;
}

/** Formats rows as an aligned plain-text table. */
export function table(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === "number" ? formatNumber(c) : c)));
  const widths: number[] = [];
  for (const r of cells) {
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(c));
    });
  }
  return cells
    .map((r) =>
      r
        .map((c, i) => c + " ".repeat(widths[i]! - displayWidth(c)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toFixed(4);
}

/** CJK characters take two columns in a terminal. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

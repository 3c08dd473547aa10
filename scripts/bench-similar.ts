/**
 * Duplicate-finder benchmark: `benchSimilar({ dataDir, sizes, queries, outDir })`, or
 * directly `npx tsx scripts/bench-similar.ts --data ../shared/data --sizes 10k,100k,1m`.
 *
 * Corpora are generated deterministically (seeded PRNG) from the real tipdm2020c
 * messages, read in place: the real messages first, then recombinations of their
 * sentences. For each query a real message is picked, 0–2 edited variants of it are
 * planted in the corpus, and another edited variant is the query (the citizen's
 * draft). Edits: reordered, dropped and added sentences, greetings, typos, changed
 * numbers, reworded titles, truncation. A hit is the original message in the top 5.
 * The same queries run against an exact brute-force tf-idf cosine scan of the same
 * corpus (a sample of them at large sizes).
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  argList,
  argNumber,
  argString,
  fieldString,
  log,
  parseArgs,
  percentile,
  readJsonl,
  rssMiB,
  table,
} from "./lib/cli";

process.env.DOTENV_CONFIG_QUIET ??= "true";
const nlp = await import("../app/nlp/index");
const { mulberry32 } = await import("../app/nlp/prng");
const { documentText, forEachFeature, idf, SUBLINEAR_TF } = await import("../app/nlp/features");

export interface BenchSimilarOptions {
  dataDir: string;
  sizes: number[];
  queries: number;
  outDir: string;
  /** Queries also run by brute force at each size (default: all up to 100k docs, 200 above). */
  bruteForceQueries?: (size: number) => number;
  seed?: number;
}

interface Doc {
  id: string;
  title: string;
  body: string;
}

// ---------- corpus generation ----------

const SENTENCE = /[^。！？!?；;\n]+[。！？!?；;]*/g;
const GREETINGS = ["您好！", "尊敬的领导：", "你好，", "领导您好，", "各位领导好！"];
const CLOSINGS = ["谢谢！", "望尽快处理。", "恳请领导重视！", "希望有关部门尽快解决。", "盼复。"];
const TITLE_PREFIX = ["关于", "投诉", "反映", "咨询", "建议"];
const TITLE_SUFFIX = ["的问题", "的情况", "，请尽快处理", "怎么办", ""];

function loadMessages(dataDir: string): Doc[] {
  const dir = join(dataDir, "tipdm2020c");
  const out: Doc[] = [];
  const seen = new Set<string>();
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(".jsonl") || file.startsWith("fj1_")) continue;
    for (const r of readJsonl(join(dir, file))) {
      const title = fieldString(r, "留言主题");
      const body = fieldString(r, "留言详情");
      if (!body || seen.has(body)) continue; // distinct bodies: the same message is in several files
      seen.add(body);
      out.push({ id: "", title, body });
    }
  }
  return out;
}

class Generator {
  readonly sentences: string[];
  readonly hanChars: string;
  constructor(
    readonly base: Doc[],
    readonly seed: number,
  ) {
    this.sentences = base
      .flatMap((d) => d.body.match(SENTENCE) ?? [])
      .filter((s) => s.trim().length > 4);
    this.hanChars = [...new Set(base.flatMap((d) => d.body.match(/\p{Script=Han}/gu) ?? []))].join(
      "",
    );
  }

  /** Document i of the corpus: a real message, or a recombination of real sentences. */
  doc(i: number): Doc {
    if (i < this.base.length) {
      const b = this.base[i]!;
      return { id: `d${i}`, title: b.title, body: b.body };
    }
    const r = mulberry32(this.seed ^ Math.imul(i, 0x9e3779b1));
    const t1 = this.pick(this.base, r).title;
    const t2 = this.pick(this.base, r).title;
    const title = t1.slice(0, Math.ceil(t1.length / 2)) + t2.slice(Math.floor(t2.length / 2));
    const n = 2 + Math.floor(r() * 6);
    let body = "";
    for (let k = 0; k < n; k++) body += this.pick(this.sentences, r);
    return { id: `d${i}`, title, body };
  }

  pick<T>(items: readonly T[], r: () => number): T {
    return items[Math.floor(r() * items.length)]!;
  }

  /** A realistic re-submission of the same issue. */
  edit(d: Doc, r: () => number): Doc {
    let sentences = d.body.match(SENTENCE) ?? [d.body];
    if (sentences.length > 1 && r() < 0.5) {
      const a = Math.floor(r() * sentences.length);
      const b = Math.floor(r() * sentences.length);
      [sentences[a], sentences[b]] = [sentences[b]!, sentences[a]!];
    }
    if (sentences.length >= 3 && r() < 0.5) {
      const drop = 1 + Math.floor(r() * Math.min(2, sentences.length - 2));
      for (let k = 0; k < drop; k++) sentences.splice(Math.floor(r() * sentences.length), 1);
    }
    if (r() < 0.4)
      sentences.splice(Math.floor(r() * (sentences.length + 1)), 0, this.pick(this.sentences, r));
    if (r() < 0.6) sentences = [this.pick(GREETINGS, r), ...sentences, this.pick(CLOSINGS, r)];
    let body = sentences.join("");
    if (r() < 0.5) body = body.replace(/\d+/g, () => String(Math.floor(r() * 1000)));
    if (r() < 0.7) {
      // Typos: about 2% of Han characters replaced by another character.
      body = body.replace(/\p{Script=Han}/gu, (c) =>
        r() < 0.02 ? this.hanChars[Math.floor(r() * this.hanChars.length)]! : c,
      );
    }
    if (r() < 0.3) body = body.slice(0, Math.ceil(body.length * (0.6 + 0.3 * r())));
    let title = d.title;
    if (r() < 0.7) {
      const chars = [...title];
      if (chars.length > 6 && r() < 0.5) chars.splice(Math.floor(r() * chars.length), 2);
      title = this.pick(TITLE_PREFIX, r) + chars.join("") + this.pick(TITLE_SUFFIX, r);
    }
    return { id: d.id, title, body };
  }
}

interface Plan {
  size: number;
  /** Corpus ids of the original messages the queries are about. */
  targets: string[];
  queries: Doc[];
  planted: Doc[];
}

function plan(gen: Generator, size: number, queries: number, seed: number): Plan {
  const r = mulberry32(seed + size);
  const real = Math.min(gen.base.length, size);
  const plantedCount = new Array<number>(queries).fill(0).map(() => Math.floor(r() * 3));
  const totalPlanted = plantedCount.reduce((s, x) => s + x, 0);
  const baseSize = size - totalPlanted;
  const targets: string[] = [];
  const qs: Doc[] = [];
  const planted: Doc[] = [];
  const used = new Set<number>();
  for (let q = 0; q < queries; q++) {
    let i = Math.floor(r() * Math.min(real, baseSize));
    while (used.has(i)) i = (i + 1) % Math.min(real, baseSize);
    used.add(i);
    const src = gen.doc(i);
    targets.push(src.id);
    qs.push({ ...gen.edit(src, r), id: `q${q}` });
    for (let k = 0; k < plantedCount[q]!; k++)
      planted.push({ ...gen.edit(src, r), id: `p${q}-${k}` });
  }
  return { size, targets, queries: qs, planted };
}

/** The corpus of a plan as a DocSource: generated documents, then the planted variants. */
function corpusOf(gen: Generator, p: Plan) {
  const baseSize = p.size - p.planted.length;
  return {
    length: p.size,
    at: (i: number): Doc => (i < baseSize ? gen.doc(i) : p.planted[i - baseSize]!),
  };
}

// ---------- brute force (streaming, exact) ----------

/**
 * Exact tf-idf cosine top-k of several queries against a generated corpus without
 * holding it in memory: one pass for document frequencies, one for the scores.
 * Same features and weighting as BruteForceIndex.
 */
function bruteForceStream(
  corpus: { length: number; at(i: number): Doc },
  queries: Doc[],
  k: number,
  hashBits: number,
) {
  const shift = 32 - hashBits;
  const df = new Uint32Array(2 ** hashBits);
  const counts = new Map<number, number>();
  const count = (d: { title?: string; body?: string } | Doc) => {
    counts.clear();
    const text = documentText(d).slice(0, nlp.NLP_CONFIG.similarity.featureMaxChars);
    forEachFeature(text, (h) => {
      const b = h >>> shift;
      counts.set(b, (counts.get(b) ?? 0) + 1);
    });
    return counts;
  };
  for (let i = 0; i < corpus.length; i++) for (const t of count(corpus.at(i)).keys()) df[t]!++;
  const N = corpus.length;
  // Query vectors as postings: bucket → [(query, weight)].
  const qpost = new Map<number, Array<[number, number]>>();
  const qnorm = new Float64Array(queries.length);
  queries.forEach((q, qi) => {
    for (const [t, c] of count({ title: q.title, body: q.body })) {
      const w = SUBLINEAR_TF[Math.min(c, 255)]! * idf(N, df[t]!);
      qnorm[qi] = qnorm[qi]! + w * w;
      if (!qpost.has(t)) qpost.set(t, []);
      qpost.get(t)!.push([qi, w]);
    }
  });
  const dots = new Float64Array(queries.length);
  const touched: number[] = [];
  const best: Array<Array<{ id: string; s: number }>> = queries.map(() => []);
  for (let i = 0; i < N; i++) {
    const d = corpus.at(i);
    let norm = 0;
    for (const [t, c] of count(d)) {
      const w = SUBLINEAR_TF[Math.min(c, 255)]! * idf(N, df[t]!);
      norm += w * w;
      const list = qpost.get(t);
      if (!list) continue;
      for (const [qi, qw] of list) {
        if (dots[qi] === 0) touched.push(qi);
        dots[qi] = dots[qi]! + w * qw;
      }
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (const qi of touched) {
      const s = (dots[qi]! * inv) / Math.sqrt(qnorm[qi]!);
      dots[qi] = 0;
      const b = best[qi]!;
      if (b.length < k || s > b[b.length - 1]!.s) {
        b.push({ id: d.id, s });
        b.sort((x, y) => y.s - x.s);
        if (b.length > k) b.pop();
      }
    }
    touched.length = 0;
  }
  return best;
}

// ---------- run ----------

export interface SizeResult {
  size: number;
  queries: number;
  buildSeconds: number;
  generationSeconds: number;
  buildDocsPerSecond: number;
  buildDocsPerSecondExclGeneration: number;
  /** Whole process after the build (data loading, generator and index). */
  rssMiB: number;
  heapUsedMiB: number;
  arrayBuffersMiB: number;
  indexTypedArrayMiB: number;
  queryMs: { p50: number; p95: number; p99: number; max: number };
  recallAt5: number;
  bruteForce: {
    queries: number;
    recallAt5: number;
    indexRecallAt5SameQueries: number;
    seconds: number;
  };
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export async function benchSimilar(opts: BenchSimilarOptions): Promise<SizeResult[]> {
  const seed = opts.seed ?? 20_240_601;
  const base = loadMessages(opts.dataDir);
  const gen = new Generator(base, seed);
  log(`bench-similar: ${base.length} distinct real messages, ${gen.sentences.length} sentences`);
  // Warm-up (JIT, lazily loaded code) so that the first size measures steady state too.
  {
    const warm = plan(gen, 5_000, 100, seed + 1);
    const index = new nlp.SimilarityIndex();
    index.addMany(corpusOf(gen, warm));
    for (const q of warm.queries) index.query(q, { k: 5 });
    bruteForceStream(
      corpusOf(gen, warm),
      warm.queries.slice(0, 10),
      5,
      nlp.NLP_CONFIG.similarity.hashBits,
    );
  }
  const results: SizeResult[] = [];
  for (const size of opts.sizes) {
    const p = plan(gen, size, Math.min(opts.queries, Math.floor(size / 4)), seed);
    const corpus = corpusOf(gen, p);
    // Generation cost alone, so that build speed can be reported with and without it.
    const g0 = performance.now();
    let chars = 0;
    for (let i = 0; i < corpus.length; i++) {
      const d = corpus.at(i);
      // charCodeAt flattens the concatenated strings, which is part of generating them.
      chars += d.body.length + d.body.charCodeAt(0) * 0 + d.title.charCodeAt(0) * 0;
    }
    // addMany reads every document once, plus a sample of up to 50k for idf estimates.
    const generationSeconds = ((performance.now() - g0) / 1000) * (1 + Math.min(1, 50_000 / size));
    gc();
    const t0 = performance.now();
    let index: InstanceType<typeof nlp.SimilarityIndex> | null = new nlp.SimilarityIndex();
    index.addMany(corpus, (done) => {
      if (done % 100_000 === 0) log(`  ${size}: indexed ${done}`);
    });
    const buildSeconds = (performance.now() - t0) / 1000;
    gc();
    const rss = rssMiB();
    const mem = process.memoryUsage();
    const times: number[] = [];
    const hits: boolean[] = [];
    for (let q = 0; q < p.queries.length; q++) {
      const s0 = performance.now();
      const res = index.query(p.queries[q]!, { k: 5 });
      times.push(performance.now() - s0);
      hits.push(res.some((m) => m.id === p.targets[q]));
    }
    times.sort((a, b) => a - b);
    const typed = index.byteSize() / 1_048_576;
    index = null;
    gc();
    const bfCount = Math.min(
      p.queries.length,
      opts.bruteForceQueries?.(size) ?? (size <= 100_000 ? 1_000 : 200),
    );
    const b0 = performance.now();
    const bf = bruteForceStream(
      corpus,
      p.queries.slice(0, bfCount),
      5,
      nlp.NLP_CONFIG.similarity.hashBits,
    );
    const bfSeconds = (performance.now() - b0) / 1000;
    const bfHits = bf.filter((top, q) => top.some((m) => m.id === p.targets[q])).length;
    const r: SizeResult = {
      size,
      queries: p.queries.length,
      buildSeconds,
      generationSeconds,
      buildDocsPerSecond: size / buildSeconds,
      buildDocsPerSecondExclGeneration: size / Math.max(1e-9, buildSeconds - generationSeconds),
      rssMiB: rss,
      heapUsedMiB: mem.heapUsed / 1_048_576,
      arrayBuffersMiB: mem.arrayBuffers / 1_048_576,
      indexTypedArrayMiB: typed,
      queryMs: {
        p50: percentile(times, 0.5),
        p95: percentile(times, 0.95),
        p99: percentile(times, 0.99),
        max: times[times.length - 1] ?? 0,
      },
      recallAt5: hits.filter(Boolean).length / hits.length,
      bruteForce: {
        queries: bfCount,
        recallAt5: bfHits / bfCount,
        indexRecallAt5SameQueries: hits.slice(0, bfCount).filter(Boolean).length / bfCount,
        seconds: bfSeconds,
      },
    };
    log(`  ${size}: ${JSON.stringify(r)} (avg body ${Math.round(chars / size)} chars)`);
    results.push(r);
  }
  const rows: Array<Array<string | number>> = [
    [
      "docs",
      "build s",
      "docs/s",
      "docs/s excl gen",
      "RSS MiB",
      "index MiB",
      "p50 ms",
      "p95 ms",
      "p99 ms",
      "recall@5",
      "BF recall@5 (n)",
      "index on same n",
    ],
  ];
  for (const r of results) {
    rows.push([
      r.size,
      r.buildSeconds,
      Math.round(r.buildDocsPerSecond),
      Math.round(r.buildDocsPerSecondExclGeneration),
      Math.round(r.rssMiB),
      Math.round(r.indexTypedArrayMiB),
      r.queryMs.p50,
      r.queryMs.p95,
      r.queryMs.p99,
      r.recallAt5,
      `${r.bruteForce.recallAt5.toFixed(4)} (${r.bruteForce.queries})`,
      r.bruteForce.indexRecallAt5SameQueries,
    ]);
  }
  process.stdout.write(`${table(rows)}\n`);
  mkdirSync(opts.outDir, { recursive: true });
  const file = join(opts.outDir, "similar.json");
  writeFileSync(
    file,
    `${JSON.stringify({ version: nlp.NLP_CONFIG.version, config: nlp.NLP_CONFIG.similarity, node: process.version, results }, null, 2)}\n`,
  );
  log(`wrote ${file}`);
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs(process.argv.slice(2));
  await benchSimilar({
    dataDir: resolve(argString(args, "data", "../shared/data")),
    sizes: argList(args, "sizes", [10_000, 100_000, 1_000_000]),
    queries: argNumber(args, "queries", 1_000),
    outDir: resolve(argString(args, "out", "bench-results")),
  });
}

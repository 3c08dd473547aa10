import { idf as jiebaIdfBytes } from "@node-rs/jieba/dict.js";
import { idf } from "./features";
import { normalize } from "./normalize";
import { labelWords } from "./tokenize";

/** Corpus statistics for label words (how many documents contain each word). */
export interface WordStats {
  docs: number;
  df: ReadonlyMap<string, number>;
}

let jiebaIdf: { table: Map<string, number>; median: number } | undefined;

/** jieba's general-Chinese idf table: the fallback "corpus" when none is given. */
function defaultIdf(): { table: Map<string, number>; median: number } {
  if (!jiebaIdf) {
    const table = new Map<string, number>();
    const values: number[] = [];
    for (const line of Buffer.from(jiebaIdfBytes).toString("utf8").split("\n")) {
      const sp = line.lastIndexOf(" ");
      if (sp <= 0) continue;
      const v = Number(line.slice(sp + 1));
      if (!Number.isFinite(v)) continue;
      table.set(line.slice(0, sp), v);
      values.push(v);
    }
    values.sort((a, b) => a - b);
    jiebaIdf = { table, median: values[values.length >> 1] ?? 10 };
  }
  return jiebaIdf;
}

/** Label-word counts of each text (labelWords: whole words, no stop words). */
export function labelWordCounts(texts: readonly string[]): Array<Map<string, number>> {
  return texts.map((t) => {
    const m = new Map<string, number>();
    for (const w of labelWords(normalize(t))) m.set(w, (m.get(w) ?? 0) + 1);
    return m;
  });
}

/** Builds WordStats from a corpus of texts. */
export function buildWordStats(texts: readonly string[]): WordStats {
  const df = new Map<string, number>();
  for (const m of labelWordCounts(texts)) for (const w of m.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  return { docs: texts.length, df };
}

/**
 * Label from per-member word counts. A word scores
 *   (share of members containing it) × (1 + ln(mean count where present)) × idf,
 * so words shared across the topic win, repetition breaks ties inside small topics,
 * and idf against the corpus removes what every message says. A word contained in
 * a better-ranked one is skipped (电梯 after 加装电梯): no fragments or repeats.
 */
export function labelFromWordCounts(
  members: Iterable<ReadonlyMap<string, number>>,
  n = 3,
  corpus?: WordStats,
  separator = "·",
): string {
  const docs = new Map<string, number>();
  const total = new Map<string, number>();
  let size = 0;
  for (const m of members) {
    size++;
    for (const [w, c] of m) {
      docs.set(w, (docs.get(w) ?? 0) + 1);
      total.set(w, (total.get(w) ?? 0) + c);
    }
  }
  if (size === 0) return "";
  const fallback = corpus ? undefined : defaultIdf();
  const scored: Array<[string, number]> = [];
  for (const [w, d] of docs) {
    if (size >= 4 && d < 2) continue; // one member's idiosyncrasy is not the topic
    const wIdf = corpus
      ? idf(corpus.docs, corpus.df.get(w) ?? 0)
      : (fallback!.table.get(w) ?? fallback!.median);
    scored.push([w, (d / size) * (1 + Math.log(total.get(w)! / d)) * wIdf]);
  }
  scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const chosen: string[] = [];
  for (const [w] of scored) {
    if (chosen.length >= n) break;
    if (chosen.some((c) => c.includes(w) || w.includes(c))) continue;
    chosen.push(w);
  }
  return chosen.join(separator);
}

/** Readable topic label: the top `n` keywords of the texts joined by "·". */
export function labelCluster(
  texts: readonly string[],
  n = 3,
  corpus?: WordStats,
  separator = "·",
): string {
  return labelFromWordCounts(labelWordCounts(texts), n, corpus, separator);
}

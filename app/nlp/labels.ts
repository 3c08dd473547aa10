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

/** Distinct label words of each text (labelWords: whole words, no stop words). */
export function labelWordSets(texts: readonly string[]): Array<Set<string>> {
  return texts.map((t) => new Set(labelWords(normalize(t))));
}

/** Builds WordStats from a corpus of texts. */
export function buildWordStats(texts: readonly string[]): WordStats {
  const df = new Map<string, number>();
  for (const set of labelWordSets(texts)) for (const w of set) df.set(w, (df.get(w) ?? 0) + 1);
  return { docs: texts.length, df };
}

/**
 * Label from precomputed word sets: words ranked by (share of members containing
 * them) × idf against the corpus; a word contained in a better-ranked one is skipped
 * (电梯 after 加装电梯) so the label has no fragments or repeats.
 */
export function labelFromWordSets(
  sets: Iterable<ReadonlySet<string>>,
  n = 3,
  corpus?: WordStats,
  separator = "·",
): string {
  const counts = new Map<string, number>();
  let members = 0;
  for (const set of sets) {
    members++;
    for (const w of set) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  if (members === 0) return "";
  const fallback = corpus ? undefined : defaultIdf();
  const scored: Array<[string, number]> = [];
  for (const [w, c] of counts) {
    if (members >= 4 && c < 2) continue; // one member's idiosyncrasy is not the topic
    const wIdf = corpus
      ? idf(corpus.docs, corpus.df.get(w) ?? 0)
      : (fallback!.table.get(w) ?? fallback!.median);
    scored.push([w, (c / members) * wIdf]);
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
  return labelFromWordSets(labelWordSets(texts), n, corpus, separator);
}

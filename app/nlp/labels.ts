import { idf as jiebaIdfBytes } from "@node-rs/jieba/dict.js";
import { idf } from "./features";
import { normalize } from "./normalize";
import {
  isLabelWord,
  isNamePiece,
  LABEL_PHRASE_MAX_CHARS,
  labelMaterial,
  labelWords,
  parseLabelMaterial,
} from "./tokenize";

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

/** Word → idf under the corpus (or jieba's table without one). */
function idfLookup(corpus: WordStats | undefined): (w: string) => number {
  if (corpus) return (w) => idf(corpus.docs, corpus.df.get(w) ?? 0);
  const fallback = defaultIdf();
  return (w) => fallback.table.get(w) ?? fallback.median;
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
  return rankLabelWords(members, n, idfLookup(corpus)).join(separator);
}

function rankLabelWords(
  members: Iterable<ReadonlyMap<string, number>>,
  n: number,
  wordIdf: (w: string) => number,
): string[] {
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
  if (size === 0) return [];
  const scored: Array<[string, number]> = [];
  for (const [w, d] of docs) {
    if (size >= 4 && d < 2) continue; // one member's idiosyncrasy is not the topic
    scored.push([w, (d / size) * (1 + Math.log(total.get(w)! / d)) * wordIdf(w)]);
  }
  scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const chosen: string[] = [];
  for (const [w] of scored) {
    if (chosen.length >= n) break;
    if (chosen.some((c) => c.includes(w) || w.includes(c))) continue;
    chosen.push(w);
  }
  return chosen;
}

/**
 * Share of a piece's occurrences that must sit next to the same neighbour for the two
 * to be read as one name (and at least 2 such occurrences in the topic).
 */
const GLUE_SHARE = 0.75;

/**
 * Label of a topic from its members' label material (labelMaterial()). Pieces of names
 * (single characters and words jieba only finds with its HMM) are first glued to the
 * neighbour they stand next to in at least 75% of their occurrences in the topic, so
 * names come out whole (丽发|新城 → 丽发新城, 伊|景园|滨河|苑 → 伊景园滨河苑) and the
 * pieces disappear; then words are ranked as in labelFromWordCounts. A glued name's idf
 * is the highest idf of its whole words (its own frequency is not in the corpus stats).
 */
export function labelFromMaterial(
  materials: Iterable<string>,
  n = 3,
  corpus?: WordStats,
  separator = "·",
): string {
  const members = [...materials].map(parseLabelMaterial);
  const count = new Map<string, number>();
  const pairs = new Map<string, number>();
  for (const runs of members) {
    for (const run of runs) {
      for (let i = 0; i < run.length; i++) {
        count.set(run[i]!, (count.get(run[i]!) ?? 0) + 1);
        if (i > 0) {
          const key = `${run[i - 1]} ${run[i]}`;
          pairs.set(key, (pairs.get(key) ?? 0) + 1);
        }
      }
    }
  }
  const glued = new Set<string>();
  for (const [key, c] of pairs) {
    if (c < 2) continue;
    const [a, b] = key.split(" ") as [string, string];
    if (
      (isNamePiece(a) || isNamePiece(b)) &&
      (c >= GLUE_SHARE * count.get(a)! || c >= GLUE_SHARE * count.get(b)!)
    ) {
      glued.add(key);
    }
  }
  const parts = new Map<string, string[]>();
  const counts = members.map((runs) => {
    const m = new Map<string, number>();
    const put = (w: string[]) => {
      const word = w.join("");
      if (!isLabelWord(word)) return;
      if (w.length > 1) parts.set(word, w);
      m.set(word, (m.get(word) ?? 0) + 1);
    };
    for (const run of runs) {
      let cur: string[] = [];
      let chars = 0;
      for (let i = 0; i < run.length; i++) {
        const w = run[i]!;
        const len = [...w].length;
        if (
          cur.length > 0 &&
          glued.has(`${run[i - 1]} ${w}`) &&
          chars + len <= LABEL_PHRASE_MAX_CHARS
        ) {
          cur.push(w);
          chars += len;
          continue;
        }
        if (cur.length > 0) put(cur);
        cur = [w];
        chars = len;
      }
      if (cur.length > 0) put(cur);
    }
    return m;
  });
  const base = idfLookup(corpus);
  const wordIdf = (w: string): number => {
    const p = parts.get(w);
    if (!p) return base(w);
    let best = 0;
    for (const x of p) if (isLabelWord(x)) best = Math.max(best, base(x));
    return best || base(w);
  };
  return rankLabelWords(counts, n, wordIdf).join(separator);
}

/** Readable topic label: the top `n` keywords of the texts joined by "·". */
export function labelCluster(
  texts: readonly string[],
  n = 3,
  corpus?: WordStats,
  separator = "·",
): string {
  return labelFromMaterial(
    texts.map((t) => labelMaterial(t)),
    n,
    corpus,
    separator,
  );
}

import { NLP_CONFIG } from "./config";
import { idf } from "./features";
import { normalize } from "./normalize";
import type { SimilarityInput } from "./similarity-index";
import { charBigrams, tokenize } from "./tokenize";

/** Sparse vector over string terms (unit length once normalized). */
export type SparseVector = Map<string, number>;

/** Title + body as one normalized string. */
export function inputText(input: SimilarityInput): string {
  if (typeof input === "string") return normalize(input);
  return normalize(`${input.title ?? ""} ${input.body ?? ""}`);
}

/**
 * Topic terms of a text: jieba words (stop words removed) plus character bigrams
 * (prefixed "~" so they never collide with words). Words carry the topic; bigrams
 * rescue segmentation differences (渣土车 vs 渣土 车).
 */
export function topicTerms(text: string): string[] {
  const words = tokenize(text, { normalized: true });
  const bigrams = charBigrams(text).map((b) => `~${b}`);
  return words.concat(bigrams);
}

export function termCounts(terms: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of terms) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

/** Document frequencies over string terms, updatable in both directions. */
export class DocumentFrequencies {
  docs = 0;
  readonly df = new Map<string, number>();

  addDoc(terms: Iterable<string>): void {
    for (const t of terms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    this.docs++;
  }

  removeDoc(terms: Iterable<string>): void {
    for (const t of terms) {
      const v = (this.df.get(t) ?? 0) - 1;
      if (v <= 0) this.df.delete(t);
      else this.df.set(t, v);
    }
    this.docs = Math.max(0, this.docs - 1);
  }

  idf(term: string): number {
    return idf(this.docs, this.df.get(term) ?? 0);
  }
}

/** tf-idf (sublinear tf), top `maxTerms` by weight, L2-normalized. Deterministic. */
export function tfidfVector(
  counts: Map<string, number>,
  df: DocumentFrequencies,
  maxTerms: number = NLP_CONFIG.cluster.maxTermsPerDoc,
): SparseVector {
  const entries: Array<[string, number]> = [];
  for (const [t, c] of counts) entries.push([t, (1 + Math.log(c)) * df.idf(t)]);
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (entries.length > maxTerms) entries.length = maxTerms;
  let norm = 0;
  for (const [, w] of entries) norm += w * w;
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return new Map(entries.map(([t, w]) => [t, w * inv]));
}

export function dot(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [t, w] of small) {
    const v = large.get(t);
    if (v !== undefined) s += w * v;
  }
  return s;
}

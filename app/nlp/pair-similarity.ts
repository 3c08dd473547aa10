import { normalize } from "./normalize";
import { charBigrams, tokenize } from "./tokenize";
import { DocumentFrequencies } from "./vectorize";

/** The three views a pair is compared in; each becomes one cosine. */
function views(text: string): { chars: string[]; bigrams: string[]; words: string[] } {
  const t = normalize(text).toLowerCase();
  const chars = [...t].filter((c) => /[\p{L}\p{N}]/u.test(c)).map((c) => `c:${c}`);
  const bigrams = charBigrams(t).map((b) => `b:${b}`);
  const words = tokenize(t, { normalized: true, keepStopwords: true }).map((w) => `w:${w}`);
  return { chars, bigrams, words };
}

function cosine(a: readonly string[], b: readonly string[], df?: DocumentFrequencies): number {
  if (a.length === 0 || b.length === 0) return 0;
  const ca = new Map<string, number>();
  const cb = new Map<string, number>();
  for (const t of a) ca.set(t, (ca.get(t) ?? 0) + 1);
  for (const t of b) cb.set(t, (cb.get(t) ?? 0) + 1);
  const weight = (t: string, c: number) => (1 + Math.log(c)) * (df ? df.idf(t) : 1);
  let dotp = 0;
  let na = 0;
  let nb = 0;
  for (const [t, c] of ca) {
    const w = weight(t, c);
    na += w * w;
    const o = cb.get(t);
    if (o !== undefined) dotp += w * weight(t, o);
  }
  for (const [t, c] of cb) nb += weight(t, c) ** 2;
  return na > 0 && nb > 0 ? Math.min(1, dotp / Math.sqrt(na * nb)) : 0;
}

/**
 * Sentence-pair similarity in [0, 1]: a weighted mean of idf-weighted cosines over
 * characters, character bigrams and jieba words. Characters survive paraphrase and
 * segmentation differences; bigrams and words reward shared phrasing. Fit the idf on
 * the texts being compared (or any corpus of the same kind) with `fit`.
 */
export class PairScorer {
  readonly df = new DocumentFrequencies();
  constructor(
    readonly weights: { chars: number; bigrams: number; words: number } = DEFAULT_WEIGHTS,
  ) {}

  fit(texts: Iterable<string>): this {
    for (const t of texts) {
      const v = views(t);
      this.df.addDoc(new Set([...v.chars, ...v.bigrams, ...v.words]));
    }
    return this;
  }

  score(a: string, b: string): number {
    const va = views(a);
    const vb = views(b);
    const df = this.df.docs > 0 ? this.df : undefined;
    const w = this.weights;
    const total = w.chars + w.bigrams + w.words;
    return (
      (w.chars * cosine(va.chars, vb.chars, df) +
        w.bigrams * cosine(va.bigrams, vb.bigrams, df) +
        w.words * cosine(va.words, vb.words, df)) /
      total
    );
  }
}

export const DEFAULT_WEIGHTS = { chars: 1, bigrams: 1, words: 1 } as const;

/** One-off pair score without corpus statistics. */
export function scorePair(a: string, b: string): number {
  return new PairScorer().score(a, b);
}

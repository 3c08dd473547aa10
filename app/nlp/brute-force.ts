import { NLP_CONFIG } from "./config";
import { documentText, forEachFeature, idf, SUBLINEAR_TF } from "./features";
import type { DraftText, SimilarityInput, SimilarMatch } from "./similarity-index";
import { verdictFor } from "./similarity-index";

/**
 * Reference for the duplicate finder: exact tf-idf cosine of FULL (uncapped)
 * feature vectors against every document. Linear per query, so it is the quality
 * ceiling the benchmark compares against, not something to serve traffic with.
 */
export class BruteForceIndex {
  private readonly shift: number;
  private readonly df: Uint32Array;
  private starts: number[] = [0];
  private terms = new Uint32Array(1 << 16);
  private tfs = new Uint16Array(1 << 16);
  private weights: Float32Array | null = null;
  private readonly ids: string[] = [];
  private readonly qvec: Float64Array;
  private readonly counts: Map<number, number> = new Map();

  constructor(readonly hashBits: number = NLP_CONFIG.similarity.hashBits) {
    this.shift = 32 - hashBits;
    this.df = new Uint32Array(1 << hashBits);
    this.qvec = new Float64Array(1 << hashBits);
  }

  get size(): number {
    return this.ids.length;
  }

  private countText(input: SimilarityInput): Map<number, number> {
    this.counts.clear();
    const text = documentText(input).slice(0, NLP_CONFIG.similarity.featureMaxChars);
    forEachFeature(text, (h) => {
      const b = h >>> this.shift;
      this.counts.set(b, (this.counts.get(b) ?? 0) + 1);
    });
    return this.counts;
  }

  add(id: string, input: SimilarityInput): void {
    const counts = this.countText(input);
    const start = this.starts[this.starts.length - 1]!;
    const end = start + counts.size;
    if (end > this.terms.length) {
      const cap = Math.max(end, this.terms.length * 2);
      const t = new Uint32Array(cap);
      t.set(this.terms);
      this.terms = t;
      const f = new Uint16Array(cap);
      f.set(this.tfs);
      this.tfs = f;
    }
    let p = start;
    for (const [t, c] of counts) {
      this.terms[p] = t;
      this.tfs[p] = Math.min(c, 65_535);
      this.df[t]!++;
      p++;
    }
    this.starts.push(end);
    this.ids.push(id);
    this.weights = null;
  }

  /** Precomputes unit-length document vectors (after the last add). */
  private finalize(): Float32Array {
    if (this.weights) return this.weights;
    const N = this.ids.length;
    const total = this.starts[N]!;
    const w = new Float32Array(total);
    for (let d = 0; d < N; d++) {
      const s = this.starts[d]!;
      const e = this.starts[d + 1]!;
      let norm = 0;
      for (let p = s; p < e; p++) {
        const v = SUBLINEAR_TF[Math.min(this.tfs[p]!, 255)]! * idf(N, this.df[this.terms[p]!]!);
        w[p] = v;
        norm += v * v;
      }
      const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let p = s; p < e; p++) w[p] = w[p]! * inv;
    }
    this.weights = w;
    return w;
  }

  topK(input: SimilarityInput, k = 5, filter?: (id: string) => boolean): SimilarMatch[] {
    const w = this.finalize();
    const N = this.ids.length;
    const counts = this.countText(input);
    let qnorm = 0;
    for (const [t, c] of counts) {
      const v = SUBLINEAR_TF[Math.min(c, 255)]! * idf(N, this.df[t]!);
      this.qvec[t] = v;
      qnorm += v * v;
    }
    qnorm = Math.sqrt(qnorm);
    const best: Array<{ d: number; s: number }> = [];
    let floor = 0;
    for (let d = 0; d < N; d++) {
      const s = this.starts[d]!;
      const e = this.starts[d + 1]!;
      let dot = 0;
      for (let p = s; p < e; p++) dot += w[p]! * this.qvec[this.terms[p]!]!;
      if (dot <= floor && best.length >= k) continue;
      if (dot <= 0) continue;
      if (filter && !filter(this.ids[d]!)) continue;
      best.push({ d, s: dot });
      if (best.length > k) {
        best.sort((a, b) => b.s - a.s);
        best.length = k;
        floor = best[k - 1]!.s;
      }
    }
    for (const t of counts.keys()) this.qvec[t] = 0;
    best.sort((a, b) => b.s - a.s);
    const version = NLP_CONFIG.version;
    return best.slice(0, k).map(({ d, s }) => {
      const score = qnorm > 0 ? Math.min(1, s / qnorm) : 0;
      return { id: this.ids[d]!, score, verdict: verdictFor(score), version };
    });
  }
}

/** One-shot exact top-k over an in-memory corpus (tests and small evaluations). */
export function bruteForceTopK(
  corpus: ReadonlyArray<{ id: string } & DraftText> | BruteForceIndex,
  query: SimilarityInput,
  k = 5,
  filter?: (id: string) => boolean,
): SimilarMatch[] {
  let index: BruteForceIndex;
  if (corpus instanceof BruteForceIndex) index = corpus;
  else {
    index = new BruteForceIndex();
    for (const d of corpus) index.add(d.id, d);
  }
  return index.topK(query, k, filter);
}

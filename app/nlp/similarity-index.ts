import { NLP_CONFIG } from "./config";
import { documentParts, forEachFeature, idf, SUBLINEAR_TF } from "./features";

export type DuplicateVerdict = "duplicate" | "related" | "none";
export interface DraftText {
  title?: string | null;
  body?: string | null;
}
export type SimilarityInput = string | DraftText;

export interface SimilarMatch {
  id: string;
  /** Cosine of capped tf-idf vectors, in [0, 1]. */
  score: number;
  verdict: DuplicateVerdict;
  /** NLP_CONFIG.version that produced the score. */
  version: string;
}

/** An array of documents, or anything that can produce the i-th one (generated corpora). */
export interface DocSource {
  readonly length: number;
  at(index: number): ({ id: string } & DraftText) | undefined;
}

export interface SimilarityQueryOptions {
  k?: number;
  filter?: (id: string) => boolean;
}

export interface SimilarityIndexOptions {
  hashBits: number;
  maxTermsPerDoc: number;
  postingTermsPerDoc: number;
  queryTerms: number;
  postingFraction: number;
  minPostingCap: number;
  candidates: number;
  featureMaxChars: number;
  titlePriority: number;
  duplicateThreshold: number;
  relatedThreshold: number;
}

const DEFAULTS: SimilarityIndexOptions = { ...NLP_CONFIG.similarity };

export function verdictFor(
  score: number,
  thresholds: { duplicateThreshold: number; relatedThreshold: number } = NLP_CONFIG.similarity,
): DuplicateVerdict {
  if (score >= thresholds.duplicateThreshold) return "duplicate";
  if (score >= thresholds.relatedThreshold) return "related";
  return "none";
}

/**
 * Counts the hashed features of one text in a small open-addressing table that stays
 * in L1/L2 cache (a bucket-sized array would miss cache on every feature).
 */
class TermCounter {
  private keys: Uint32Array;
  private vals: Uint16Array;
  private flags: Uint8Array;
  private mask: number;
  /** Distinct bucket ids of the last text, and their counts, in first-seen order. */
  touched = new Uint32Array(1024);
  tf = new Uint16Array(1024);
  /** 1 where the feature also occurs in the title (the first `titleChars` characters). */
  inTitle = new Uint8Array(1024);
  n = 0;
  constructor(
    readonly shift: number,
    maxFeatures: number,
  ) {
    let size = 1024;
    while (size < maxFeatures * 2) size *= 2;
    this.keys = new Uint32Array(size);
    this.vals = new Uint16Array(size);
    this.flags = new Uint8Array(size);
    this.mask = size - 1;
    this.touched = new Uint32Array(maxFeatures);
    this.tf = new Uint16Array(maxFeatures);
    this.inTitle = new Uint8Array(maxFeatures);
  }
  /** Flags the cell of a feature already counted (title features are a prefix's). */
  private readonly mark = (h: number): void => {
    const key = (h >>> this.shift) + 1;
    let i = key & this.mask;
    for (;;) {
      const k = this.keys[i]!;
      if (k === key) {
        this.flags[i] = 1;
        return;
      }
      if (k === 0) return;
      i = (i + 1) & this.mask;
    }
  };
  private readonly emit = (h: number): void => {
    // Keys are stored +1 so that 0 marks an empty cell.
    // The bucket (top bits of a murmur-mixed hash) is uniform: its low bits index the table.
    const key = (h >>> this.shift) + 1;
    let i = key & this.mask;
    for (;;) {
      const k = this.keys[i]!;
      if (k === key) {
        const v = this.vals[i]!;
        if (v < 65_535) this.vals[i] = v + 1;
        return;
      }
      if (k === 0) {
        this.keys[i] = key;
        this.vals[i] = 1;
        this.touched[this.n++] = i;
        return;
      }
      i = (i + 1) & this.mask;
    }
  };
  /** count() of a document's normalized title + body (documentParts()). */
  countDoc(input: SimilarityInput, maxChars: number): void {
    const { text, titleChars } = documentParts(input);
    this.count(text, maxChars, titleChars);
  }
  /**
   * Counts `text` (truncated to maxChars); results in touched/tf/inTitle until the next
   * call. The first `titleChars` characters are the title: their features are flagged.
   */
  count(text: string, maxChars: number, titleChars = 0): void {
    this.n = 0;
    const t = text.length > maxChars ? text.slice(0, maxChars) : text;
    forEachFeature(t, this.emit);
    if (titleChars > 0) forEachFeature(t.slice(0, titleChars), this.mark);
    for (let j = 0; j < this.n; j++) {
      const cell = this.touched[j]!;
      this.touched[j] = this.keys[cell]! - 1;
      this.tf[j] = this.vals[cell]!;
      this.inTitle[j] = this.flags[cell]!;
      this.keys[cell] = 0;
      this.flags[cell] = 0;
    }
  }
}

const LN_TABLE_SIZE = 1 << 16;
const LN_TABLE = Float64Array.from({ length: LN_TABLE_SIZE }, (_, i) => Math.log(i + 1));

/** ln(x + 1) for a non-negative integer, from a table for the common small values. */
function lnPlusOne(x: number): number {
  return x < LN_TABLE_SIZE ? LN_TABLE[x]! : Math.log(x + 1);
}

const selectScratch = { buf: new Float64Array(4096) };

/** k-th largest of values[0..n) by quickselect on a scratch copy (O(n) expected). */
function kthLargest(values: Float64Array, n: number, k: number): number {
  if (selectScratch.buf.length < n) selectScratch.buf = new Float64Array(n * 2);
  const a = selectScratch.buf;
  a.set(values.subarray(0, n));
  let lo = 0;
  let hi = n - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target]!;
}

/**
 * Indices of the `k` largest weights, best first (ties: smaller key first, so the
 * choice is deterministic). Selection is linear; only the kept ones are sorted.
 */
function topIndices(weights: Float64Array, keys: Uint32Array, n: number, k: number): number[] {
  const out = selectTop(weights, keys, n, k);
  out.sort((a, b) => weights[b]! - weights[a]! || keys[a]! - keys[b]!);
  return out;
}

/** The k largest (unordered), ties broken by smaller key. */
function selectTop(weights: Float64Array, keys: Uint32Array, n: number, k: number): number[] {
  const out: number[] = [];
  if (n <= k) {
    for (let i = 0; i < n; i++) out.push(i);
    return out;
  }
  const v = kthLargest(weights, n, k);
  let ties = 0;
  for (let i = 0; i < n; i++) {
    const x = weights[i]!;
    if (x > v) out.push(i);
    else if (x === v) ties++;
  }
  if (ties > 0) {
    const tied: number[] = [];
    for (let i = 0; i < n; i++) if (weights[i] === v) tied.push(i);
    tied.sort((a, b) => keys[a]! - keys[b]!);
    for (const i of tied) {
      if (out.length >= k) break;
      out.push(i);
    }
  }
  return out;
}

/**
 * Near-duplicate finder for drafts, kept current on every write.
 *
 * Each document is a sparse vector of its `maxTermsPerDoc` highest tf-idf hashed
 * features (bucket and raw tf packed in one Uint32 each); its best `postingTermsPerDoc`
 * are posted. Postings hold slot numbers only, in a compacted CSR block plus a small
 * delta for recent writes. A query walks the
 * postings of its most informative terms (skipping very common ones), keeps the best
 * `candidates` by an idf-weighted overlap, then re-scores them by exact cosine with
 * the current idf. Removal tombstones a slot; compaction drops tombstones.
 */
export class SimilarityIndex {
  readonly options: SimilarityIndexOptions;
  private readonly shift: number;
  private readonly buckets: number;
  private readonly df: Uint32Array;
  /** Documents ever added (idf denominator); removals do not un-learn idf. */
  private docsSeen = 0;

  private cap = 0;
  private slots = 0;
  private live = 0;
  /** Per slot, up to maxTermsPerDoc entries of (bucket << 8 | min(tf, 255)), best first. */
  private terms = new Uint32Array(0);
  private lens = new Uint8Array(0);
  private alive = new Uint8Array(0);
  private slotIds: string[] = [];
  private readonly idToSlot = new Map<string, number>();

  private baseOffsets: Uint32Array | null = null;
  private basePostings = new Uint32Array(0);
  private delta = new Map<number, number[]>();
  private deltaSize = 0;

  private readonly counter: TermCounter;
  private readonly qvec: Float64Array;
  private acc = new Float64Array(0);
  private touched = new Uint32Array(0);
  private readonly w: Float64Array;
  /** Selection priority of each counted feature (see weigh()). */
  private readonly p: Float64Array;
  private readonly k: Uint32Array;

  constructor(options: Partial<SimilarityIndexOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
    if (this.options.maxTermsPerDoc > 255) throw new RangeError("maxTermsPerDoc must be <= 255");
    if (this.options.hashBits > 24) throw new RangeError("hashBits must be <= 24");
    this.shift = 32 - this.options.hashBits;
    this.buckets = 2 ** this.options.hashBits;
    this.df = new Uint32Array(this.buckets);
    this.qvec = new Float64Array(this.buckets);
    // A text of n characters has at most n features.
    const maxFeatures = Math.max(1024, this.options.featureMaxChars + 1);
    this.counter = new TermCounter(this.shift, maxFeatures);
    this.w = new Float64Array(maxFeatures);
    this.p = new Float64Array(maxFeatures);
    this.k = new Uint32Array(maxFeatures);
  }

  get size(): number {
    return this.live;
  }

  has(id: string): boolean {
    return this.idToSlot.has(id);
  }

  /** Ids of the stored documents. */
  keys(): IterableIterator<string> {
    return this.idToSlot.keys();
  }

  /** Adds or replaces one document. */
  add(id: string, input: SimilarityInput): void {
    this.remove(id);
    this.counter.countDoc(input, this.options.featureMaxChars);
    this.learnDf();
    this.weigh(this.df, this.docsSeen);
    this.store(id, true);
    this.maybeCompact();
  }

  /**
   * Bulk load (start-up rebuild). A first pass over an evenly spaced sample of up to
   * `sampleSize` documents (20k: plenty for idf) estimates document frequencies, so every document (not
   * only the late ones) keeps its truly most informative terms; the second pass
   * learns exact frequencies and stores. Below `sampleSize` both passes are exact.
   */
  addMany(docs: DocSource, onProgress?: (done: number) => void, sampleSize = 20_000): void {
    const n = docs.length;
    const max = this.options.featureMaxChars;
    const c = this.counter;
    const step = Math.max(1, n / sampleSize);
    // pairs[2b] = sampled df (read), pairs[2b+1] = df learned in this batch (written):
    // interleaved so that each feature costs one cache miss, not two.
    const pairs = new Uint32Array(this.buckets * 2);
    for (let b = 0; b < this.buckets; b++) pairs[2 * b] = this.df[b]!;
    let sampled = this.docsSeen;
    // The sample's features are kept, so sampled documents are not analysed twice
    // (below `sampleSize` documents that is every document).
    const sampleAt: number[] = [];
    const cacheStart: number[] = [0];
    let cacheTerms = new Uint32Array(1 << 16);
    let cacheTf = new Uint16Array(1 << 16);
    for (let x = 0; x < n; x += step) {
      const at = Math.floor(x);
      const sampleDoc = docs.at(at)!;
      c.countDoc(sampleDoc, max);
      const from = cacheStart[cacheStart.length - 1]!;
      if (from + c.n > cacheTerms.length) {
        const grownTerms = new Uint32Array(Math.max(from + c.n, cacheTerms.length * 2));
        grownTerms.set(cacheTerms);
        cacheTerms = grownTerms;
        const grownTf = new Uint16Array(grownTerms.length);
        grownTf.set(cacheTf);
        cacheTf = grownTf;
      }
      for (let i = 0; i < c.n; i++) {
        const t = c.touched[i]!;
        pairs[2 * t] = pairs[2 * t]! + 1;
        cacheTerms[from + i] = t;
        // tf (only min(tf, 255) is ever used) with the title flag in the top bit.
        cacheTf[from + i] = Math.min(c.tf[i]!, 32_767) | (c.inTitle[i]! << 15);
      }
      sampleAt.push(at);
      cacheStart.push(from + c.n);
      sampled++;
    }
    this.ensureCapacity(this.slots + n);
    const lnN = Math.log(sampled + 1) + 1;
    const titlePriority = this.options.titlePriority;
    let next = 0;
    for (let d = 0; d < n; d++) {
      const doc = docs.at(d)!;
      this.remove(doc.id);
      if (sampleAt[next] === d) {
        const from = cacheStart[next]!;
        c.n = cacheStart[next + 1]! - from;
        c.touched.set(cacheTerms.subarray(from, from + c.n));
        for (let i = 0; i < c.n; i++) {
          const packed = cacheTf[from + i]!;
          c.tf[i] = packed & 32_767;
          c.inTitle[i] = packed >>> 15;
        }
        next++;
      } else c.countDoc(doc, max);
      for (let i = 0; i < c.n; i++) {
        const t = c.touched[i]!;
        const j = 2 * t;
        pairs[j + 1] = pairs[j + 1]! + 1;
        this.k[i] = t;
        const wt = SUBLINEAR_TF[Math.min(c.tf[i]!, 255)]! * (lnN - lnPlusOne(pairs[j]!));
        this.w[i] = wt;
        this.p[i] = c.inTitle[i] ? wt * titlePriority : wt;
      }
      this.docsSeen++;
      this.storeBulk(doc.id);
      if (onProgress && (d + 1) % 10_000 === 0) onProgress(d + 1);
    }
    for (let b = 0; b < this.buckets; b++) this.df[b] = this.df[b]! + pairs[2 * b + 1]!;
    this.compact();
  }

  remove(id: string): boolean {
    const slot = this.idToSlot.get(id);
    if (slot === undefined) return false;
    this.idToSlot.delete(id);
    this.alive[slot] = 0;
    this.live--;
    return true;
  }

  /** Top-k stored documents most similar to a draft, best first. */
  query(input: SimilarityInput, options: SimilarityQueryOptions = {}): SimilarMatch[] {
    const k = options.k ?? 5;
    if (this.live === 0 || k <= 0) return [];
    const o = this.options;
    this.counter.countDoc(input, o.featureMaxChars);
    if (this.counter.n === 0) return [];
    const N = this.docsSeen;
    const { w, k: keys } = this;
    const top = this.weigh(this.df, N);
    // The draft's norm is that of its kept terms (like a stored document's), but every
    // one of its terms counts in the dot product: a stored message may match the draft on
    // terms that are not among the draft's own best (queryScore()).
    let qnorm = 0;
    for (const i of top) qnorm += w[i]! * w[i]!;
    qnorm = Math.sqrt(qnorm);
    const nq = this.counter.n;
    for (let i = 0; i < nq; i++) this.qvec[keys[i]!] = w[i]!;

    // Candidate generation over the most informative, not-too-common terms (by plain
    // tf-idf: a draft's title words get no priority here, common ones would only cost).
    const postingCap = Math.max(o.minPostingCap, Math.floor(this.live * o.postingFraction));
    const acc = this.acc;
    let nTouched = 0;
    let used = 0;
    const byWeight = top.slice().sort((a, b) => w[b]! - w[a]! || keys[a]! - keys[b]!);
    for (const i of byWeight) {
      if (used >= o.queryTerms) break;
      const t = keys[i]!;
      const dft = this.df[t]!;
      if (dft === 0) continue;
      const bs = this.baseOffsets ? this.baseOffsets[t]! : 0;
      const be = this.baseOffsets ? this.baseOffsets[t + 1]! : 0;
      const d = this.delta.get(t);
      if (be - bs + (d ? d.length : 0) > postingCap) continue;
      const contrib = w[i]! * idf(N, dft);
      for (let p = bs; p < be; p++) {
        const slot = this.basePostings[p]!;
        if (acc[slot] === 0) this.touched[nTouched++] = slot;
        acc[slot] = acc[slot]! + contrib;
      }
      if (d) {
        for (const slot of d) {
          if (acc[slot] === 0) this.touched[nTouched++] = slot;
          acc[slot] = acc[slot]! + contrib;
        }
      }
      used++;
    }

    // Keep the best candidates (min-heap on the accumulated overlap).
    const C = Math.max(o.candidates, k);
    const heapSlots: number[] = [];
    const heapScores: number[] = [];
    const filter = options.filter;
    for (let i = 0; i < nTouched; i++) {
      const slot = this.touched[i]!;
      const s = acc[slot]!;
      acc[slot] = 0;
      if (!this.alive[slot]) continue;
      if (heapSlots.length === C && s <= heapScores[0]!) continue;
      if (filter && !filter(this.slotIds[slot]!)) continue;
      heapPush(heapSlots, heapScores, slot, s, C);
    }

    const results: SimilarMatch[] = [];
    const T = o.maxTermsPerDoc;
    const lnN = Math.log(N + 1) + 1;
    const version = NLP_CONFIG.version;
    for (const slot of heapSlots) {
      const base = slot * T;
      const end = base + this.lens[slot]!;
      let dot = 0;
      let norm = 0;
      for (let p = base; p < end; p++) {
        const packed = this.terms[p]!;
        const t = packed >>> 8;
        const wt = SUBLINEAR_TF[packed & 255]! * (lnN - lnPlusOne(this.df[t]!));
        norm += wt * wt;
        dot += wt * this.qvec[t]!;
      }
      if (dot <= 0) continue;
      const score = queryScore(dot, Math.sqrt(norm), qnorm);
      results.push({ id: this.slotIds[slot]!, score, verdict: verdictFor(score, o), version });
    }
    for (let i = 0; i < nq; i++) this.qvec[keys[i]!] = 0;
    results.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return results.slice(0, k);
  }

  /**
   * Score of stored-like text `b` for draft `a` under this index's idf, exactly as
   * query() scores it: queryScore(full vector of a, norm of a's kept terms, kept terms of b).
   */
  compare(a: SimilarityInput, b: SimilarityInput): number {
    const doc = this.vector(b, false);
    const draft = this.vector(a, true);
    let dot = 0;
    let dnorm = 0;
    for (const [t, w] of doc) {
      dnorm += w * w;
      const v = draft.full.get(t);
      if (v !== undefined) dot += w * v;
    }
    return queryScore(dot, Math.sqrt(dnorm), draft.norm);
  }

  private vector(input: SimilarityInput, full: true): { full: Map<number, number>; norm: number };
  private vector(input: SimilarityInput, full: false): Map<number, number>;
  private vector(input: SimilarityInput, full: boolean) {
    this.counter.countDoc(input, this.options.featureMaxChars);
    const kept = new Map<number, number>();
    let norm = 0;
    for (const i of this.weigh(this.df, this.docsSeen)) {
      kept.set(this.k[i]!, this.w[i]!);
      norm += this.w[i]! * this.w[i]!;
    }
    if (!full) return kept;
    const all = new Map<number, number>();
    for (let i = 0; i < this.counter.n; i++) all.set(this.k[i]!, this.w[i]!);
    return { full: all, norm: Math.sqrt(norm) };
  }

  /**
   * Fills w/k with the tf-idf of the counted text under (df, N) and returns the indices
   * of the `maxTermsPerDoc` terms kept, best first. Terms are chosen by priority p: the
   * tf-idf, times `titlePriority` for features of the title, so what a title says is
   * always stored and posted (a title summarises its message; a re-submission's body
   * may share little else). Scores use the plain tf-idf w.
   */
  private lastTop: number[] = [];
  private weigh(df: Uint32Array, N: number): number[] {
    const c = this.counter;
    const n = c.n;
    // idf = ln(N+1) - ln(df+1) + 1, with ln(df+1) from a table: no log per feature.
    const lnN = Math.log(N + 1) + 1;
    const titlePriority = this.options.titlePriority;
    for (let i = 0; i < n; i++) {
      const t = c.touched[i]!;
      this.k[i] = t;
      const wt = SUBLINEAR_TF[Math.min(c.tf[i]!, 255)]! * (lnN - lnPlusOne(df[t]!));
      this.w[i] = wt;
      this.p[i] = c.inTitle[i] ? wt * titlePriority : wt;
    }
    this.lastTop = topIndices(this.p, this.k, n, this.options.maxTermsPerDoc);
    return this.lastTop;
  }

  private learnDf(): void {
    const c = this.counter;
    for (let i = 0; i < c.n; i++) this.df[c.touched[i]!]!++;
    this.docsSeen++;
  }

  private readonly selW = new Float64Array(256);
  private readonly selI = new Int32Array(256);

  /**
   * Bulk-load twin of store(): picks the top `maxTermsPerDoc` of w/k and writes them
   * (by priority p) with the best `postingTermsPerDoc` first, using scratch typed arrays only (this
   * runs a million times in a rebuild, so no per-document allocation or sort).
   * Deterministic: ties are resolved by the text's own feature order.
   */
  private storeBulk(id: string): void {
    const c = this.counter;
    const n = c.n;
    const T = this.options.maxTermsPerDoc;
    const P = this.options.postingTermsPerDoc;
    const { p: w, k, selW, selI } = this;
    let m = 0;
    if (n <= T) {
      for (let i = 0; i < n; i++) {
        selI[m] = i;
        selW[m++] = w[i]!;
      }
    } else {
      const v = kthLargest(w, n, T);
      for (let i = 0; i < n && m < T; i++) {
        if (w[i]! > v) {
          selI[m] = i;
          selW[m++] = w[i]!;
        }
      }
      for (let i = 0; i < n && m < T; i++) {
        if (w[i] === v) {
          selI[m] = i;
          selW[m++] = v;
        }
      }
    }
    this.ensureCapacity(this.slots + 1);
    const slot = this.slots++;
    const base = slot * T;
    let out = base;
    const put = (j: number) => {
      const i = selI[j]!;
      this.terms[out++] = k[i]! * 256 + Math.min(c.tf[i]!, 255);
    };
    if (m <= P) {
      for (let j = 0; j < m; j++) put(j);
    } else {
      const v2 = kthLargest(selW, m, P);
      let head = 0;
      for (let j = 0; j < m; j++) {
        if (selW[j]! > v2) {
          put(j);
          head++;
        }
      }
      for (let j = 0; j < m && head < P; j++) {
        if (selW[j] === v2) {
          put(j);
          head++;
          selW[j] = -1; // taken
        }
      }
      for (let j = 0; j < m; j++) if (selW[j]! <= v2 && selW[j]! >= 0) put(j);
    }
    this.lens[slot] = m;
    this.alive[slot] = 1;
    this.slotIds[slot] = id;
    this.idToSlot.set(id, slot);
    this.live++;
  }

  /** Stores the top terms chosen by the last weigh() in a new slot. */
  private store(id: string, withPostings: boolean): void {
    const c = this.counter;
    const T = this.options.maxTermsPerDoc;
    const P = this.options.postingTermsPerDoc;
    const top = this.lastTop;
    this.ensureCapacity(this.slots + 1);
    const slot = this.slots++;
    const base = slot * T;
    for (let j = 0; j < top.length; j++) {
      const i = top[j]!;
      const t = this.k[i]!;
      this.terms[base + j] = t * 256 + Math.min(c.tf[i]!, 255);
      if (withPostings && j < P) {
        let list = this.delta.get(t);
        if (!list) {
          list = [];
          this.delta.set(t, list);
        }
        list.push(slot);
      }
    }
    if (withPostings) this.deltaSize += Math.min(top.length, P);
    this.lens[slot] = top.length;
    this.alive[slot] = 1;
    this.slotIds[slot] = id;
    this.idToSlot.set(id, slot);
    this.live++;
  }

  private ensureCapacity(need: number): void {
    if (need <= this.cap) return;
    const cap = Math.max(need, Math.ceil(this.cap * 1.5), 1024);
    const T = this.options.maxTermsPerDoc;
    const terms = new Uint32Array(cap * T);
    terms.set(this.terms);
    const lens = new Uint8Array(cap);
    lens.set(this.lens);
    const alive = new Uint8Array(cap);
    alive.set(this.alive);
    const acc = new Float64Array(cap);
    const touched = new Uint32Array(cap);
    this.terms = terms;
    this.lens = lens;
    this.alive = alive;
    this.acc = acc;
    this.touched = touched;
    this.cap = cap;
  }

  private maybeCompact(): void {
    const dead = this.slots - this.live;
    if (
      this.deltaSize > Math.max(50_000, this.basePostings.length / 4) ||
      dead > 1_000 + this.live
    ) {
      this.compact();
    }
  }

  /** Rebuilds the CSR postings from live slots, renumbering slots to drop tombstones. */
  compact(): void {
    const T = this.options.maxTermsPerDoc;
    const P = this.options.postingTermsPerDoc;
    if (this.live !== this.slots) {
      let to = 0;
      for (let from = 0; from < this.slots; from++) {
        if (!this.alive[from]) continue;
        if (to !== from) {
          this.terms.copyWithin(to * T, from * T, from * T + this.lens[from]!);
          this.lens[to] = this.lens[from]!;
          this.alive[to] = 1;
          const id = this.slotIds[from]!;
          this.slotIds[to] = id;
          this.idToSlot.set(id, to);
        }
        to++;
      }
      this.alive.fill(0, to, this.slots);
      this.slotIds.length = to;
      this.slots = to;
    }
    const offsets = new Uint32Array(this.buckets + 1);
    for (let s = 0; s < this.slots; s++) {
      const base = s * T;
      const end = base + Math.min(this.lens[s]!, P);
      for (let p = base; p < end; p++) offsets[(this.terms[p]! >>> 8) + 1]!++;
    }
    for (let b = 0; b < this.buckets; b++) offsets[b + 1]! += offsets[b]!;
    const postings = new Uint32Array(offsets[this.buckets]!);
    const fill = offsets.slice(0, this.buckets);
    for (let s = 0; s < this.slots; s++) {
      const base = s * T;
      const end = base + Math.min(this.lens[s]!, P);
      for (let p = base; p < end; p++) postings[fill[this.terms[p]! >>> 8]!++] = s;
    }
    this.baseOffsets = offsets;
    this.basePostings = postings;
    this.delta = new Map();
    this.deltaSize = 0;
  }

  /** Approximate bytes held in typed arrays (for the benchmark report). */
  byteSize(): number {
    return (
      this.df.byteLength +
      this.qvec.byteLength +
      this.terms.byteLength +
      this.lens.byteLength +
      this.alive.byteLength +
      this.acc.byteLength +
      this.touched.byteLength +
      (this.baseOffsets?.byteLength ?? 0) +
      this.basePostings.byteLength
    );
  }
}

/**
 * Draft-to-document score: dot(full draft vector, kept document vector) divided by the
 * norms of the kept vectors of both. Identical texts score 1; it is the cosine of the
 * kept vectors plus what the draft's other terms add, capped at 1.
 */
function queryScore(dot: number, docNorm: number, draftNorm: number): number {
  if (dot <= 0 || docNorm === 0 || draftNorm === 0) return 0;
  return Math.min(1, dot / (docNorm * draftNorm));
}

function heapPush(slots: number[], scores: number[], slot: number, score: number, cap: number) {
  if (slots.length < cap) {
    let i = slots.length;
    slots.push(slot);
    scores.push(score);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (scores[p]! <= score) break;
      slots[i] = slots[p]!;
      scores[i] = scores[p]!;
      i = p;
    }
    slots[i] = slot;
    scores[i] = score;
    return;
  }
  // Replace the root (smallest) and sift down.
  let i = 0;
  const n = slots.length;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const c = r < n && scores[r]! < scores[l]! ? r : l;
    if (scores[c]! >= score) break;
    slots[i] = slots[c]!;
    scores[i] = scores[c]!;
    i = c;
  }
  slots[i] = slot;
  scores[i] = score;
}

export function cosineMaps(a: Map<number, number>, b: Map<number, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, w] of a) {
    na += w * w;
    const v = b.get(t);
    if (v !== undefined) dot += w * v;
  }
  for (const w of b.values()) nb += w * w;
  if (na === 0 || nb === 0) return 0;
  return Math.min(1, dot / Math.sqrt(na * nb));
}

import { NLP_CONFIG } from "./config";
import { labelFromMaterial, type WordStats } from "./labels";
import type { SimilarityInput } from "./similarity-index";
import { isLabelWord, labelMaterial } from "./tokenize";
import {
  DocumentFrequencies,
  inputText,
  type SparseVector,
  termCounts,
  tfidfVector,
  topicTerms,
} from "./vectorize";

export interface ClusterDoc {
  id: string;
  title?: string | null;
  body?: string | null;
}

/** Reviewer decisions that every later run must respect. */
export interface ClusterConstraints {
  /** Merges: document id → the cluster it must be in. */
  pinned?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  /** Splits: document id → clusters it must not be in. */
  cannotLink?: ReadonlyMap<string, Iterable<string>> | ReadonlyArray<readonly [string, string]>;
}

export interface ReclusterOptions extends ClusterConstraints {
  threshold?: number;
  /** Previous assignment: new clusters inherit old ids so that ids (and constraints) stay stable. */
  previous?: ReadonlyMap<string, string>;
  /** Prefix of newly minted cluster ids. */
  idPrefix?: string;
}

export interface ClusterSummary {
  id: string;
  size: number;
  members: string[];
  label: string;
}

export type ProgressFn = (done: number, total: number) => void;

function toPinned(p: ClusterConstraints["pinned"]): Map<string, string> {
  if (!p) return new Map();
  return p instanceof Map ? new Map(p) : new Map(Object.entries(p));
}

function toCannotLink(c: ClusterConstraints["cannotLink"]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  if (!c) return out;
  const add = (doc: string, cluster: string) => {
    let s = out.get(doc);
    if (!s) out.set(doc, (s = new Set()));
    s.add(cluster);
  };
  if (c instanceof Map) {
    for (const [doc, clusters] of c) for (const cl of clusters) add(doc, cl);
  } else {
    for (const [doc, cl] of c as ReadonlyArray<readonly [string, string]>) add(doc, cl);
  }
  return out;
}

/** Label material of a text and its whole-word counts (the corpus statistics of labels). */
function labelData(text: string): { material: string; words: Map<string, number> } {
  const material = labelMaterial(text);
  const words = new Map<string, number>();
  for (const w of material.split(/[ \n]/))
    if (isLabelWord(w)) words.set(w, (words.get(w) ?? 0) + 1);
  return { material, words };
}

interface Cluster {
  id: string;
  members: Set<string>;
  /** Sum of member unit vectors; cos(doc, centroid) = dot(doc, sum) / |sum|. */
  sum: Map<string, number>;
  /** How many members carry each term (to drop a term when the last one leaves). */
  termMembers: Map<string, number>;
  norm2: number;
}

interface DocState {
  vector: SparseVector;
  words: Map<string, number>;
  /** Label material (labelMaterial()): the member's word runs, for name-aware labels. */
  material: string;
  terms: string[];
  cluster: string;
}

/**
 * Incremental topic clustering ("leader" clustering on tf-idf centroids): a new
 * document joins the most similar cluster whose centroid cosine is at least the
 * threshold, else founds a new one. Centroids are updated on every add, remove and
 * move. Reviewer merges (pins) and splits (cannot-links) override the similarity.
 */
export class TopicClusterer {
  threshold: number;
  private readonly idPrefix: string;
  private nextId = 1;
  private readonly df = new DocumentFrequencies();
  private readonly words = new Map<string, number>();
  private readonly docs = new Map<string, DocState>();
  private readonly clustersById = new Map<string, Cluster>();
  /** term → clusters whose centroid contains it (candidate generation). */
  private readonly inverted = new Map<string, Set<string>>();
  private readonly pinned = new Map<string, string>();
  private readonly cannotLink = new Map<string, Set<string>>();
  /**
   * Document pairs that must stay apart, derived from cannot-links: a split document
   * must not end up with the members the topic had when it was split, whatever id
   * their cluster carries later.
   */
  private readonly apart = new Map<string, Set<string>>();

  constructor(options: { threshold?: number; idPrefix?: string } & ClusterConstraints = {}) {
    this.threshold = options.threshold ?? NLP_CONFIG.cluster.threshold;
    this.idPrefix = options.idPrefix ?? "t";
    for (const [d, c] of toPinned(options.pinned)) this.pinned.set(d, c);
    for (const [d, s] of toCannotLink(options.cannotLink)) this.cannotLink.set(d, s);
  }

  get size(): number {
    return this.docs.size;
  }

  clusterOf(id: string): string | undefined {
    return this.docs.get(id)?.cluster;
  }

  members(clusterId: string): string[] {
    return [...(this.clustersById.get(clusterId)?.members ?? [])];
  }

  assignments(): Map<string, string> {
    return new Map([...this.docs].map(([id, d]) => [id, d.cluster]));
  }

  /** Adds (or re-adds) a document and returns the id of the cluster it joined. */
  add(id: string, input: SimilarityInput): string {
    this.remove(id);
    const text = inputText(input);
    const all = topicTerms(text);
    const terms = [...new Set(all)];
    const counts = termCounts(all);
    this.df.addDoc(terms);
    const { words, material } = labelData(text);
    for (const w of words.keys()) this.words.set(w, (this.words.get(w) ?? 0) + 1);
    const vector = tfidfVector(counts, this.df);
    const cluster = this.pinned.get(id) ?? this.bestCluster(id, vector) ?? this.mintId();
    this.docs.set(id, { vector, words, material, terms, cluster });
    this.join(id, cluster);
    return cluster;
  }

  remove(id: string): boolean {
    const d = this.docs.get(id);
    if (!d) return false;
    this.leave(id);
    this.docs.delete(id);
    this.df.removeDoc(d.terms);
    for (const w of d.words.keys()) {
      const v = (this.words.get(w) ?? 0) - 1;
      if (v <= 0) this.words.delete(w);
      else this.words.set(w, v);
    }
    return true;
  }

  /** Reviewer merge: the document moves to `clusterId` and stays there in later runs. */
  pin(id: string, clusterId: string): void {
    this.pinned.set(id, clusterId);
    this.cannotLink.get(id)?.delete(clusterId);
    // The latest decision wins: a pin lifts earlier splits from this cluster's members.
    for (const m of this.clustersById.get(clusterId)?.members ?? []) {
      this.apart.get(id)?.delete(m);
      this.apart.get(m)?.delete(id);
    }
    this.moveTo(id, clusterId);
  }

  unpin(id: string): void {
    this.pinned.delete(id);
  }

  /**
   * Reviewer split: the document may never again be placed in `clusterId`, nor with
   * the documents that are in it now.
   */
  forbid(id: string, clusterId: string): void {
    let s = this.cannotLink.get(id);
    if (!s) this.cannotLink.set(id, (s = new Set()));
    s.add(clusterId);
    for (const m of this.clustersById.get(clusterId)?.members ?? []) this.keepApart(id, m);
    for (const [m, c] of this.pinned) if (c === clusterId) this.keepApart(id, m);
    if (this.pinned.get(id) === clusterId) this.pinned.delete(id);
    const d = this.docs.get(id);
    if (d && d.cluster === clusterId) {
      this.leave(id);
      d.cluster = this.bestCluster(id, d.vector) ?? this.mintId();
      this.join(id, d.cluster);
    }
  }

  /** Splits `ids` out of their cluster(s) into one new cluster (pinned there). */
  split(ids: readonly string[]): string {
    const target = this.mintId();
    for (const id of ids) {
      const from = this.docs.get(id)?.cluster;
      if (from !== undefined) this.forbid(id, from);
    }
    for (const id of ids) this.pin(id, target);
    return target;
  }

  private keepApart(a: string, b: string): void {
    if (a === b) return;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      let s = this.apart.get(x);
      if (!s) this.apart.set(x, (s = new Set()));
      s.add(y);
    }
  }

  private moveTo(id: string, clusterId: string): void {
    const d = this.docs.get(id);
    if (!d || d.cluster === clusterId) return;
    this.leave(id);
    d.cluster = clusterId;
    this.join(id, clusterId);
  }

  label(clusterId: string, n = 3): string {
    const c = this.clustersById.get(clusterId);
    if (!c) return "";
    const materials = [...c.members].sort().map((m) => this.docs.get(m)!.material);
    return labelFromMaterial(materials, n, this.wordStats());
  }

  wordStats(): WordStats {
    return { docs: this.docs.size, df: this.words };
  }

  /** Clusters, largest first (ties by id), with labels. */
  clusters(labelTerms = 3): ClusterSummary[] {
    return [...this.clustersById.values()]
      .sort((a, b) => b.members.size - a.members.size || (a.id < b.id ? -1 : 1))
      .map((c) => ({
        id: c.id,
        size: c.members.size,
        members: [...c.members].sort(),
        label: this.label(c.id, labelTerms),
      }));
  }

  /**
   * Re-clusters everything from scratch (e.g. nightly, or after a threshold change)
   * with exact corpus statistics, keeping this clusterer's pins and cannot-links plus
   * any given in `options`; clusters inherit their previous ids where possible.
   */
  reclusterBatch(
    docs: readonly ClusterDoc[],
    options: ReclusterOptions = {},
    onProgress?: ProgressFn,
  ) {
    const pinned = new Map([...this.pinned, ...toPinned(options.pinned)]);
    const cannot = toCannotLink(options.cannotLink);
    for (const [d, s] of this.cannotLink) {
      for (const c of s) {
        if (!cannot.has(d)) cannot.set(d, new Set());
        cannot.get(d)!.add(c);
      }
    }
    const fresh = new TopicClusterer({
      threshold: options.threshold ?? this.threshold,
      idPrefix: this.idPrefix,
      pinned,
      cannotLink: cannot,
    });
    fresh.nextId = this.nextId;
    const previous = options.previous ?? this.assignments();
    for (const [a, s] of this.apart) for (const b of s) fresh.keepApart(a, b);
    // A cannot-link names a cluster: keep the document apart from that cluster's
    // previous members and from the documents pinned to it.
    const membersOf = new Map<string, string[]>();
    for (const [doc, c] of [...previous, ...pinned]) {
      if (!membersOf.has(c)) membersOf.set(c, []);
      membersOf.get(c)!.push(doc);
    }
    for (const [d, s] of cannot) {
      for (const c of s) {
        for (const m of membersOf.get(c) ?? []) {
          const bothPinnedTogether = pinned.has(d) && pinned.get(d) === pinned.get(m);
          if (!bothPinnedTogether) fresh.keepApart(d, m);
        }
      }
    }
    fresh.batch(docs, previous, onProgress);
    this.adopt(fresh);
    return this.clusters();
  }

  /** Batch assignment: exact df first, pinned seeds, one greedy pass, one refinement pass. */
  private batch(
    docs: readonly ClusterDoc[],
    previous: ReadonlyMap<string, string>,
    onProgress?: ProgressFn,
  ) {
    const texts = docs.map((d) => inputText(d));
    const termLists = texts.map((t) => topicTerms(t));
    for (const terms of termLists) this.df.addDoc(new Set(terms));
    const usedIds = new Set(this.pinned.values());
    const order: number[] = [];
    docs.forEach((d, i) => {
      const { words, material } = labelData(texts[i]!);
      for (const w of words.keys()) this.words.set(w, (this.words.get(w) ?? 0) + 1);
      const vector = tfidfVector(termCounts(termLists[i]!), this.df);
      const pin = this.pinned.get(d.id);
      this.docs.set(d.id, {
        vector,
        words,
        material,
        terms: [...new Set(termLists[i]!)],
        cluster: pin ?? "",
      });
      if (pin !== undefined) this.join(d.id, pin);
      else order.push(i);
    });
    const total = order.length * 2;
    let done = 0;
    for (const i of order) {
      const id = docs[i]!.id;
      const d = this.docs.get(id)!;
      let cluster = this.bestCluster(id, d.vector);
      if (cluster === undefined) {
        // Nothing similar enough: fall back on the previous topic for stability (it may
        // exist already, e.g. seeded by a reviewer's pin), else found one under the
        // previous id if still free, else under a new id.
        const prev = previous.get(id);
        const allowed = prev !== undefined && !this.cannotLink.get(id)?.has(prev);
        if (allowed && this.clustersById.has(prev)) cluster = prev;
        else {
          cluster = allowed && !usedIds.has(prev) ? prev : this.mintId(usedIds);
          usedIds.add(cluster);
        }
      }
      d.cluster = cluster;
      this.join(id, cluster);
      if (onProgress && ++done % 500 === 0) onProgress(done, total);
    }
    // Refinement: early documents were placed against immature centroids. Only a
    // document that no longer fits its own cluster moves (stability: topics, and the
    // constraints that name them, keep their members).
    for (const i of order) {
      const id = docs[i]!.id;
      const d = this.docs.get(id)!;
      if (this.ownScore(id, d) < this.threshold) {
        const best = this.bestCluster(id, d.vector, true);
        if (best !== undefined && best !== d.cluster) this.moveTo(id, best);
      }
      if (onProgress && ++done % 500 === 0) onProgress(done, total);
    }
    onProgress?.(total, total);
  }

  private adopt(other: TopicClusterer): void {
    this.nextId = other.nextId;
    this.threshold = other.threshold;
    this.df.docs = other.df.docs;
    for (const m of [this.df.df, this.words, this.docs, this.clustersById, this.inverted])
      m.clear();
    for (const [k, v] of other.df.df) this.df.df.set(k, v);
    for (const [k, v] of other.words) this.words.set(k, v);
    for (const [k, v] of other.docs) this.docs.set(k, v);
    for (const [k, v] of other.clustersById) this.clustersById.set(k, v);
    for (const [k, v] of other.inverted) this.inverted.set(k, v);
    this.pinned.clear();
    for (const [k, v] of other.pinned) this.pinned.set(k, v);
    this.cannotLink.clear();
    for (const [k, v] of other.cannotLink) this.cannotLink.set(k, v);
    this.apart.clear();
    for (const [k, v] of other.apart) this.apart.set(k, v);
  }

  private mintId(used?: ReadonlySet<string>): string {
    for (;;) {
      const id = `${this.idPrefix}${this.nextId++}`;
      if (this.clustersById.has(id) || used?.has(id)) continue;
      if ([...this.pinned.values()].includes(id)) continue;
      return id;
    }
  }

  /**
   * Most similar allowed cluster with cosine ≥ threshold. When `includeOwn`, the
   * document's own cluster is scored without the document itself.
   */
  private bestCluster(id: string, v: SparseVector, includeOwn = false): string | undefined {
    const forbidden = this.cannotLink.get(id);
    const partners = this.apart.get(id);
    const own = includeOwn ? this.docs.get(id)?.cluster : undefined;
    const dots = new Map<string, number>();
    for (const [t, w] of v) {
      const cs = this.inverted.get(t);
      if (!cs) continue;
      for (const cid of cs) {
        const c = this.clustersById.get(cid)!;
        dots.set(cid, (dots.get(cid) ?? 0) + w * (c.sum.get(t) ?? 0));
      }
    }
    let best: string | undefined;
    let bestScore = this.threshold;
    for (const [cid, dt] of dots) {
      if (forbidden?.has(cid)) continue;
      const c = this.clustersById.get(cid)!;
      if (partners && this.hasPartner(c, partners)) continue;
      let score: number;
      if (cid === own) {
        // Leave-one-out centroid: (sum - v)·v / |sum - v|.
        const n2 = c.norm2 - 2 * dt + 1;
        if (n2 <= 1e-9) continue;
        score = (dt - 1) / Math.sqrt(n2);
      } else score = dt / Math.sqrt(c.norm2);
      if (score > bestScore || (score === bestScore && best !== undefined && cid < best)) {
        bestScore = score;
        best = cid;
      }
    }
    return best;
  }

  private hasPartner(c: Cluster, partners: ReadonlySet<string>): boolean {
    if (partners.size < c.members.size) {
      for (const p of partners) if (c.members.has(p)) return true;
      return false;
    }
    for (const m of c.members) if (partners.has(m)) return true;
    return false;
  }

  /** Cosine of a member with its own cluster's centroid computed without it. */
  private ownScore(id: string, d: DocState): number {
    const c = this.clustersById.get(d.cluster);
    if (!c || c.members.size <= 1 || !c.members.has(id)) return 0;
    let dt = 0;
    for (const [t, w] of d.vector) dt += w * (c.sum.get(t) ?? 0);
    const n2 = c.norm2 - 2 * dt + 1;
    return n2 <= 1e-9 ? 0 : (dt - 1) / Math.sqrt(n2);
  }

  private join(id: string, clusterId: string): void {
    const d = this.docs.get(id)!;
    let c = this.clustersById.get(clusterId);
    if (!c) {
      c = { id: clusterId, members: new Set(), sum: new Map(), termMembers: new Map(), norm2: 0 };
      this.clustersById.set(clusterId, c);
    }
    c.members.add(id);
    for (const [t, w] of d.vector) {
      const old = c.sum.get(t) ?? 0;
      c.sum.set(t, old + w);
      c.norm2 += (old + w) ** 2 - old ** 2;
      const m = c.termMembers.get(t) ?? 0;
      c.termMembers.set(t, m + 1);
      if (m === 0) {
        let s = this.inverted.get(t);
        if (!s) this.inverted.set(t, (s = new Set()));
        s.add(clusterId);
      }
    }
  }

  private leave(id: string): void {
    const d = this.docs.get(id);
    if (!d) return;
    const c = this.clustersById.get(d.cluster);
    if (!c) return;
    c.members.delete(id);
    if (c.members.size === 0) {
      for (const t of c.sum.keys()) this.inverted.get(t)?.delete(c.id);
      this.clustersById.delete(c.id);
      return;
    }
    for (const [t, w] of d.vector) {
      const old = c.sum.get(t) ?? 0;
      const m = (c.termMembers.get(t) ?? 1) - 1;
      if (m <= 0) {
        c.sum.delete(t);
        c.termMembers.delete(t);
        c.norm2 -= old ** 2;
        this.inverted.get(t)?.delete(c.id);
      } else {
        c.sum.set(t, old - w);
        c.termMembers.set(t, m);
        c.norm2 += (old - w) ** 2 - old ** 2;
      }
    }
    if (c.norm2 < 0) c.norm2 = 0;
  }
}

/**
 * Stand-alone batch clustering with reviewer constraints. Returns the clusters
 * (largest first) and each document's cluster id.
 */
export function reclusterBatch(
  docs: readonly ClusterDoc[],
  options: ReclusterOptions = {},
  onProgress?: ProgressFn,
): { clusters: ClusterSummary[]; assignments: Map<string, string> } {
  const c = new TopicClusterer({ threshold: options.threshold, idPrefix: options.idPrefix });
  const clusters = c.reclusterBatch(docs, options, onProgress);
  return { clusters, assignments: c.assignments() };
}

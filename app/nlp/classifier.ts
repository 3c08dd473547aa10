import { NLP_CONFIG } from "./config";
import { idf } from "./features";
import { normalize } from "./normalize";
import { mulberry32, shuffleInPlace } from "./prng";
import { charBigrams, tokenize } from "./tokenize";

const HAN = /\p{Script=Han}/u;

export interface TrainingSample {
  /** Body (or the whole text when there is no separate title). */
  text: string;
  label: string;
  /** Optional title; its terms count `titleWeight` times. */
  title?: string | null;
}

export interface LabelConfidence {
  label: string;
  confidence: number;
}

export interface CategoryPrediction extends LabelConfidence {
  /** The top 3 labels (the prediction first), with softmax confidences. */
  alternatives: LabelConfidence[];
  version: string;
}

export interface ClassifierJSON {
  /** v2: jieba words + Han characters + character bigrams; v1 (nlp-1.0.0): no characters. */
  kind: "minyi-linear-v2" | "minyi-linear-v1";
  version: string;
  titleWeight: number;
  temperature: number;
  labels: string[];
  vocabulary: string[];
  idf: number[];
  /** Row-major [label][term] weights, rounded to 1e-6. */
  weights: number[];
  bias: number[];
}

/**
 * A node of the category tree, as the classifier sees it: its name, its children, and
 * `label` when the node is one of the classes being learned.
 */
export interface CategoryTreeNode {
  name: string;
  label?: string | null;
  children?: readonly CategoryTreeNode[];
}

/** A text without a label: only its document frequencies are used (idf). */
export interface UnlabeledText {
  text: string;
  title?: string | null;
}

export interface TrainOptions {
  /** Soft-margin constant of the linear SVM (larger: less regularization). */
  C?: number;
  /** Upper bound on passes over the samples per label (dual coordinate descent). */
  maxEpochs?: number;
  /** Stop when no projected gradient exceeds this. */
  tolerance?: number;
  /** Softmax temperature applied to margins for confidences. */
  temperature?: number;
  titleWeight?: number;
  /**
   * A term is kept when at least this many training samples contain it: names and typos
   * seen once or twice only help memorize those samples.
   */
  minDf?: number;
  seed?: number;
  /**
   * More texts of the same kind without labels (e.g. every stored suggestion): they
   * join the document frequencies, so idf reflects the whole collection. No label is
   * guessed for them.
   */
  unlabeled?: Iterable<UnlabeledText>;
  /**
   * The category tree: what it says of each class (categoryTreeSamples) joins the
   * training, and its terms are kept whatever `minDf` says (the tree names each thing
   * once; a message about it may not have come in yet).
   */
  tree?: readonly CategoryTreeNode[];
}

/**
 * Classifier features: jieba words, Han characters ("^" prefixed) and character
 * bigrams ("~" prefixed) of the body, plus the same of the title weighted
 * `titleWeight` times (a title says in a few words what the message is about). Stop
 * words are kept out of words only; characters and bigrams keep everything (idf
 * discounts the filler). Model kind v1 had no characters.
 */
function termCounts(
  text: string,
  title: string | null | undefined,
  titleWeight: number,
  chars = true,
) {
  const counts = new Map<string, number>();
  const add = (t: string, w: number) => counts.set(t, (counts.get(t) ?? 0) + w);
  const addText = (raw: string, weight: number) => {
    const t = normalize(raw);
    if (!t) return;
    for (const w of tokenize(t, { normalized: true })) add(w, weight);
    if (chars) for (const ch of t) if (HAN.test(ch)) add(`^${ch}`, weight);
    for (const b of charBigrams(t)) add(`~${b}`, weight);
  };
  addText(text, 1);
  if (title) addText(title, titleWeight);
  return counts;
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Trained model: one-vs-rest linear SVM on L2-normalized tf-idf, softmax-calibrated. */
export class CategoryClassifier {
  private readonly index: Map<string, number>;

  constructor(
    readonly labels: readonly string[],
    readonly vocabulary: readonly string[],
    private readonly idfs: Float64Array,
    private readonly weights: Float64Array,
    private readonly bias: Float64Array,
    private readonly titleWeight: number = NLP_CONFIG.classifier.titleWeight,
    private readonly temperature: number = NLP_CONFIG.classifier.temperature,
    /** Han characters among the features (model kind v2). */
    private readonly charFeatures = true,
  ) {
    this.index = new Map(vocabulary.map((t, i) => [t, i]));
  }

  /** Sparse feature vector (indices into the vocabulary, unit length). */
  features(text: string, title?: string | null): { idx: number[]; val: number[] } {
    const idx: number[] = [];
    const val: number[] = [];
    let norm = 0;
    for (const [t, c] of termCounts(text, title, this.titleWeight, this.charFeatures)) {
      const i = this.index.get(t);
      if (i === undefined) continue;
      const v = (1 + Math.log(c)) * this.idfs[i]!;
      idx.push(i);
      val.push(v);
      norm += v * v;
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < val.length; j++) val[j] = val[j]! * inv;
    return { idx, val };
  }

  probabilities(x: { idx: number[]; val: number[] }): Float64Array {
    const L = this.labels.length;
    const V = this.vocabulary.length;
    const z = new Float64Array(L);
    for (let c = 0; c < L; c++) {
      let s = this.bias[c]!;
      const off = c * V;
      for (let j = 0; j < x.idx.length; j++) s += this.weights[off + x.idx[j]!]! * x.val[j]!;
      z[c] = s * this.temperature;
    }
    return softmaxInPlace(z);
  }

  predict(text: string, title?: string | null): CategoryPrediction {
    const p = this.probabilities(this.features(text, title));
    const ranked = [...p.keys()].sort((a, b) => p[b]! - p[a]! || a - b);
    const alternatives = ranked
      .slice(0, 3)
      .map((i) => ({ label: this.labels[i]!, confidence: p[i]! }));
    const best = alternatives[0] ?? { label: "", confidence: 0 };
    return { ...best, alternatives, version: NLP_CONFIG.version };
  }

  toJSON(): ClassifierJSON {
    return {
      kind: this.charFeatures ? "minyi-linear-v2" : "minyi-linear-v1",
      version: NLP_CONFIG.version,
      titleWeight: this.titleWeight,
      temperature: this.temperature,
      labels: [...this.labels],
      vocabulary: [...this.vocabulary],
      idf: [...this.idfs].map(round6),
      weights: [...this.weights].map(round6),
      bias: [...this.bias].map(round6),
    };
  }
}

function softmaxInPlace(z: Float64Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    z[i] = Math.exp(z[i]! - max);
    sum += z[i]!;
  }
  for (let i = 0; i < z.length; i++) z[i] = z[i]! / sum;
  return z;
}

/**
 * Trains the classifier: one-vs-rest linear SVM (hinge loss, soft margin `C`, a bias
 * feature) solved by dual coordinate descent (Hsieh et al. 2008, as in LIBLINEAR), on
 * L2-normalized sublinear tf-idf. Each label's pass visits the samples in a seeded
 * order. Deterministic: the same samples and options give the same model bytes.
 */
export function trainClassifier(labelled: readonly TrainingSample[], options: TrainOptions = {}) {
  const cfg = { ...NLP_CONFIG.classifier, ...options };
  if (labelled.length === 0) throw new Error("trainClassifier needs at least one sample");
  const fromTree = options.tree ? categoryTreeSamples(options.tree) : [];
  const samples = [...labelled, ...fromTree];
  const labels = [...new Set(samples.map((s) => s.label))].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const docCounts = samples.map((s) => termCounts(s.text, s.title, cfg.titleWeight));
  const treeTerms = new Set(docCounts.slice(labelled.length).flatMap((c) => [...c.keys()]));
  const df = new Map<string, number>();
  for (const counts of docCounts) for (const t of counts.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const vocabulary = [...df.entries()]
    .filter(([t, n]) => n >= cfg.minDf || treeTerms.has(t))
    .map(([t]) => t)
    .sort();
  let docs = samples.length;
  if (options.unlabeled) {
    for (const u of options.unlabeled) {
      docs++;
      for (const t of termCounts(u.text, u.title, 1).keys()) {
        const n = df.get(t);
        if (n !== undefined) df.set(t, n + 1);
      }
    }
  }
  const idfs = Float64Array.from(vocabulary, (t) => round6(idf(docs, df.get(t)!)));
  const L = labels.length;
  const V = vocabulary.length;
  const weights = new Float64Array(L * V);
  const bias = new Float64Array(L);
  const model = new CategoryClassifier(
    labels,
    vocabulary,
    idfs,
    weights,
    bias,
    cfg.titleWeight,
    cfg.temperature,
  );
  const xs = samples.map((s) => model.features(s.text, s.title));
  const ys = samples.map((s) => labelIndex.get(s.label)!);
  const n = xs.length;
  // Squared norms (+1 for the bias feature): the curvature of each dual coordinate.
  const qd = xs.map((x) => 1 + x.val.reduce((a, v) => a + v * v, 0));
  const alpha = new Float64Array(n);
  const order = samples.map((_, i) => i);
  const w = new Float64Array(V);
  for (let c = 0; c < L; c++) {
    alpha.fill(0);
    w.fill(0);
    let b = 0;
    const random = mulberry32(cfg.seed + c);
    for (let epoch = 0; epoch < cfg.maxEpochs; epoch++) {
      shuffleInPlace(order, random);
      let maxViolation = 0;
      for (const i of order) {
        const x = xs[i]!;
        const y = ys[i] === c ? 1 : -1;
        let margin = b;
        for (let j = 0; j < x.idx.length; j++) margin += w[x.idx[j]!]! * x.val[j]!;
        const g = y * margin - 1;
        const a = alpha[i]!;
        const pg = a === 0 ? Math.min(g, 0) : a === cfg.C ? Math.max(g, 0) : g;
        if (Math.abs(pg) > maxViolation) maxViolation = Math.abs(pg);
        if (pg === 0) continue;
        const next = Math.min(Math.max(a - g / qd[i]!, 0), cfg.C);
        const step = (next - a) * y;
        if (step === 0) continue;
        alpha[i] = next;
        for (let j = 0; j < x.idx.length; j++) w[x.idx[j]!] = w[x.idx[j]!]! + step * x.val[j]!;
        b += step;
      }
      if (maxViolation < cfg.tolerance) break;
    }
    for (let v = 0; v < V; v++) weights[c * V + v] = round6(w[v]!);
    bias[c] = round6(b);
  }
  return model;
}

/**
 * Training texts written by the category tree itself: below each class, every category
 * says what the class covers. A leaf gives its name (as the title) with its parent's; an
 * inner category gives its name with its children's. So 物业管理 under 城乡建设 teaches
 * that class even before any message about property management was confirmed, and the
 * tree's wording weighs in where a few hundred messages are thin (ADR 0003).
 */
export function categoryTreeSamples(roots: readonly CategoryTreeNode[]): TrainingSample[] {
  const out: TrainingSample[] = [];
  const walk = (node: CategoryTreeNode, parent: CategoryTreeNode | null, label: string | null) => {
    const own = node.label ?? null;
    if (label !== null && own === null) {
      const children = node.children ?? [];
      out.push({
        title: node.name,
        text: children.length
          ? children.map((c) => c.name).join(" ")
          : `${parent?.name ?? ""} ${node.name}`.trim(),
        label,
      });
    }
    for (const child of node.children ?? []) walk(child, node, own ?? label);
  };
  for (const root of roots) walk(root, null, null);
  return out;
}

/**
 * A category tree from root-to-leaf name paths (e.g. 城乡建设 › 物业管理 › 物业服务), with
 * the nodes whose name is one of `labels` marked as classes.
 */
export function categoryTreeFromPaths(
  paths: Iterable<readonly string[]>,
  labels: ReadonlySet<string>,
): CategoryTreeNode[] {
  interface Building {
    name: string;
    label: string | null;
    children: Map<string, Building>;
  }
  const roots = new Map<string, Building>();
  for (const path of paths) {
    let level = roots;
    for (const raw of path) {
      const name = raw.trim();
      if (!name) break;
      let node = level.get(name);
      if (!node) {
        node = { name, label: labels.has(name) ? name : null, children: new Map() };
        level.set(name, node);
      }
      level = node.children;
    }
  }
  const finish = (n: Building): CategoryTreeNode => ({
    name: n.name,
    label: n.label,
    children: [...n.children.values()].map(finish),
  });
  return [...roots.values()].map(finish);
}

export function loadClassifier(json: ClassifierJSON | string): CategoryClassifier {
  const j: ClassifierJSON = typeof json === "string" ? JSON.parse(json) : json;
  if (j.kind !== "minyi-linear-v2" && j.kind !== "minyi-linear-v1") {
    throw new Error(`unknown classifier kind ${String(j.kind)}`);
  }
  const L = j.labels.length;
  const V = j.vocabulary.length;
  if (j.weights.length !== L * V || j.bias.length !== L || j.idf.length !== V) {
    throw new Error("classifier JSON has inconsistent sizes");
  }
  return new CategoryClassifier(
    j.labels,
    j.vocabulary,
    Float64Array.from(j.idf),
    Float64Array.from(j.weights),
    Float64Array.from(j.bias),
    j.titleWeight,
    j.temperature,
    j.kind === "minyi-linear-v2",
  );
}

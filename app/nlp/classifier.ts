import { NLP_CONFIG } from "./config";
import { idf } from "./features";
import { normalize } from "./normalize";
import { mulberry32, shuffleInPlace } from "./prng";
import { charBigrams, tokenize } from "./tokenize";

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
  kind: "minyi-linear-v1";
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

export interface TrainOptions {
  epochs?: number;
  /** Pegasos regularization λ. */
  lambda?: number;
  /** Step of the (unregularized) bias relative to the weights. */
  biasRate?: number;
  /** Softmax temperature applied to margins for confidences. */
  temperature?: number;
  titleWeight?: number;
  minDf?: number;
  seed?: number;
}

/**
 * Classifier features: jieba words and character bigrams ("~" prefixed) of the body,
 * plus the same of the title weighted `titleWeight` times. Stop words are kept out
 * of words only; bigrams keep everything (idf discounts the filler).
 */
function termCounts(text: string, title: string | null | undefined, titleWeight: number) {
  const counts = new Map<string, number>();
  const addText = (raw: string, weight: number) => {
    const t = normalize(raw);
    if (!t) return;
    for (const w of tokenize(t, { normalized: true })) counts.set(w, (counts.get(w) ?? 0) + weight);
    for (const b of charBigrams(t)) counts.set(`~${b}`, (counts.get(`~${b}`) ?? 0) + weight);
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
  ) {
    this.index = new Map(vocabulary.map((t, i) => [t, i]));
  }

  /** Sparse feature vector (indices into the vocabulary, unit length). */
  features(text: string, title?: string | null): { idx: number[]; val: number[] } {
    const idx: number[] = [];
    const val: number[] = [];
    let norm = 0;
    for (const [t, c] of termCounts(text, title, this.titleWeight)) {
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
      kind: "minyi-linear-v1",
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
 * Trains the classifier with a seeded sample order per epoch. Deterministic: the
 * same samples and options give the same model bytes.
 */
export function trainClassifier(samples: readonly TrainingSample[], options: TrainOptions = {}) {
  const cfg = { ...NLP_CONFIG.classifier, ...options };
  if (samples.length === 0) throw new Error("trainClassifier needs at least one sample");
  const labels = [...new Set(samples.map((s) => s.label))].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const docCounts = samples.map((s) => termCounts(s.text, s.title, cfg.titleWeight));
  const df = new Map<string, number>();
  for (const counts of docCounts) for (const t of counts.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const vocabulary = [...df.entries()]
    .filter(([, n]) => n >= cfg.minDf)
    .map(([t]) => t)
    .sort();
  const idfs = Float64Array.from(vocabulary, (t) => round6(idf(samples.length, df.get(t)!)));
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

  // One-vs-rest linear SVM trained by Pegasos (hinge loss, step 1/(λ(t+t0))): on this
  // data it beats softmax regression by ~2 points of CV accuracy. Margins become
  // confidences through a softmax with `temperature` (see predict()).
  const random = mulberry32(cfg.seed);
  const order = samples.map((_, i) => i);
  let t = 0;
  // Lazy L2: weights are stored divided by `scale`, so decay costs O(1) per step.
  let scale = 1;
  for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const i of order) {
      t++;
      const eta = 1 / (cfg.lambda * (t + 100));
      const x = xs[i]!;
      const margins = new Float64Array(L);
      for (let c = 0; c < L; c++) {
        let s = 0;
        const off = c * V;
        for (let j = 0; j < x.idx.length; j++) s += weights[off + x.idx[j]!]! * x.val[j]!;
        margins[c] = s * scale + bias[c]!;
      }
      scale *= 1 - eta * cfg.lambda;
      for (let c = 0; c < L; c++) {
        const y = c === ys[i] ? 1 : -1;
        if (y * margins[c]! >= 1) continue;
        const off = c * V;
        const step = (eta * y) / scale;
        for (let j = 0; j < x.idx.length; j++) {
          const k = off + x.idx[j]!;
          weights[k] = weights[k]! + step * x.val[j]!;
        }
        bias[c] = bias[c]! + eta * y * cfg.biasRate;
      }
      if (scale < 1e-6) {
        for (let k = 0; k < weights.length; k++) weights[k] = weights[k]! * scale;
        scale = 1;
      }
    }
  }
  for (let k = 0; k < weights.length; k++) weights[k] = round6(weights[k]! * scale);
  for (let c = 0; c < L; c++) bias[c] = round6(bias[c]!);
  return model;
}

export function loadClassifier(json: ClassifierJSON | string): CategoryClassifier {
  const j: ClassifierJSON = typeof json === "string" ? JSON.parse(json) : json;
  if (j.kind !== "minyi-linear-v1") throw new Error(`unknown classifier kind ${String(j.kind)}`);
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
  );
}

/**
 * Text-engine evaluation: `npm run nlp:eval -- --data ../shared/data [--out bench-results]`.
 * Prints a table and writes bench-results/nlp-eval.json. Reads the data in place.
 *
 *   1. categories: accuracy and macro-F1 by stratified 5-fold CV (labeled_dev.jsonl);
 *      with --learning-curve also the accuracy when each training fold keeps only a
 *      quarter, a half or three quarters of its rows (how accuracy grows with history)
 *   2. sentence pairs: ROC AUC and best-threshold accuracy of PairScorer (zh-pairs/*)
 *   3. duplicates: same-title retrieval recall@5 over all tipdm2020c messages, for the
 *      index and the brute-force reference, and the duplicate/related calibration
 *   4. hot topics: labels of the ten hottest topics in fj3_hot_messages.jsonl
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import {
  argString,
  fieldString,
  type JsonRecord,
  log,
  parseArgs,
  percentile,
  readJsonl,
  table,
} from "./lib/cli";

process.env.DOTENV_CONFIG_QUIET ??= "true";
const nlp = await import("../app/nlp/index");
const { mulberry32, shuffleInPlace } = await import("../app/nlp/prng");

const TIPDM = {
  id: "留言编号",
  title: "留言主题",
  body: "留言详情",
  label: "一级标签",
  time: "留言时间",
  likes: "点赞数",
  dislikes: "反对数",
};

// ---------- metrics ----------

/** ROC AUC by the rank-sum (Mann–Whitney) formula, ties counted half. */
export function rocAuc(scores: readonly number[], labels: readonly number[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const ranks = new Float64Array(scores.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    for (let k = i; k <= j; k++) ranks[idx[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let pos = 0;
  let sum = 0;
  labels.forEach((l, i) => {
    if (l === 1) {
      pos++;
      sum += ranks[i]!;
    }
  });
  const neg = labels.length - pos;
  return pos && neg ? (sum - (pos * (pos + 1)) / 2) / (pos * neg) : Number.NaN;
}

/** Best accuracy over all thresholds "score ≥ t means positive". */
export function bestThresholdAccuracy(scores: readonly number[], labels: readonly number[]) {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const pos = labels.filter((l) => l === 1).length;
  let tp = 0;
  let fp = 0;
  let best = {
    accuracy: (labels.length - pos) / labels.length,
    threshold: Number.POSITIVE_INFINITY,
  };
  for (let i = 0; i < idx.length; i++) {
    if (labels[idx[i]!] === 1) tp++;
    else fp++;
    if (i + 1 < idx.length && scores[idx[i + 1]!] === scores[idx[i]!]) continue;
    const acc = (tp + (labels.length - pos - fp)) / labels.length;
    if (acc > best.accuracy) best = { accuracy: acc, threshold: scores[idx[i]!]! };
  }
  return best;
}

function precisionRecall(pos: readonly number[], neg: readonly number[], t: number) {
  const tp = pos.filter((s) => s >= t).length;
  const fp = neg.filter((s) => s >= t).length;
  return {
    threshold: t,
    precision: tp + fp ? tp / (tp + fp) : 1,
    recall: pos.length ? tp / pos.length : 0,
  };
}

// ---------- 1. categories ----------

function stratifiedFolds(labels: readonly string[], k: number, seed: number): number[] {
  const fold = new Array<number>(labels.length).fill(0);
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => {
    if (!byLabel.has(l)) byLabel.set(l, []);
    byLabel.get(l)!.push(i);
  });
  const random = mulberry32(seed);
  let offset = 0;
  for (const l of [...byLabel.keys()].sort()) {
    const ids = shuffleInPlace(byLabel.get(l)!, random);
    ids.forEach((i, j) => {
      fold[i] = (j + offset) % k;
    });
    offset += ids.length;
  }
  return fold;
}

function evalCategories(dataDir: string, learningCurve: boolean) {
  const rows = readJsonl(join(dataDir, "tipdm2020c/labeled_dev.jsonl")).filter((r) => !r.__error);
  const samples = rows.map((r) => ({
    text: fieldString(r, TIPDM.body),
    title: fieldString(r, TIPDM.title),
    label: fieldString(r, TIPDM.label),
  }));
  const folds = stratifiedFolds(
    samples.map((s) => s.label),
    5,
    42,
  );
  // Unlabeled texts for idf (as the service passes every stored suggestion): the other
  // tipdm2020c files, without any message whose body is also in labeled_dev.
  const labelledBodies = new Set(samples.map((s) => nlp.normalize(s.text)));
  const unlabeled = readdirSync(join(dataDir, "tipdm2020c"))
    .filter((f) => f.endsWith(".jsonl") && !f.startsWith("fj1_") && f !== "labeled_dev.jsonl")
    .sort()
    .flatMap((f) => readJsonl(join(dataDir, "tipdm2020c", f)).filter((r) => !r.__error))
    .map((r) => ({ text: fieldString(r, TIPDM.body), title: fieldString(r, TIPDM.title) }))
    .filter((u) => !labelledBodies.has(nlp.normalize(u.text)));
  // The real category tree (fj1_taxonomy) teaches each class its sub-categories' names.
  const labelSet = new Set(samples.map((s) => s.label));
  const tree = nlp.categoryTreeFromPaths(
    readJsonl(join(dataDir, "tipdm2020c/fj1_taxonomy.jsonl"))
      .filter((r) => !r.__error)
      .map((r) => ["一级分类", "二级分类", "三级分类"].map((k) => fieldString(r, k))),
    labelSet,
  );
  const treeSamples = nlp.categoryTreeSamples(tree).length;
  const predicted = new Array<string>(samples.length).fill("");
  /** Probability of each label (in `labels` order) for each held-out sample. */
  const probs = new Array<Float64Array>(samples.length);
  const labels = [...new Set(samples.map((s) => s.label))].sort();
  const t0 = performance.now();
  for (let f = 0; f < 5; f++) {
    const train = samples.filter((_, i) => folds[i] !== f);
    const model = nlp.trainClassifier(train, { unlabeled, tree });
    samples.forEach((s, i) => {
      if (folds[i] !== f) return;
      predicted[i] = model.predict(s.text, s.title).label;
      const p = model.probabilities(model.features(s.text, s.title));
      probs[i] = Float64Array.from(labels, (l) => p[model.labels.indexOf(l)] ?? 0);
    });
    log(`  fold ${f + 1}/5 done`);
  }
  // Calibration of the confidences: log-loss and expected calibration error at the
  // configured temperature, and log-loss when the margins are rescaled to other ones
  // (p_T ∝ p^(T/T0)): the temperature is chosen by this, accuracy does not depend on it.
  const T0 = nlp.NLP_CONFIG.classifier.temperature;
  const truth = samples.map((s) => labels.indexOf(s.label));
  const calibration = (T: number) => {
    let loss = 0;
    const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, correct: 0 }));
    samples.forEach((_, i) => {
      const p = Array.from(probs[i]!, (v) => Math.max(v, 1e-300) ** (T / T0));
      const z = p.reduce((a, v) => a + v, 0);
      const q = p.map((v) => v / z);
      loss -= Math.log(Math.max(q[truth[i]!]!, 1e-12));
      const best = q.indexOf(Math.max(...q));
      const bin = bins[Math.min(9, Math.floor(q[best]! * 10))]!;
      bin.n++;
      bin.conf += q[best]!;
      bin.correct += best === truth[i] ? 1 : 0;
    });
    const ece = bins.reduce((a, b) => a + Math.abs(b.conf - b.correct), 0) / samples.length;
    return { temperature: T, logLoss: loss / samples.length, ece };
  };
  const correct = samples.filter((s, i) => predicted[i] === s.label).length;
  // The same folds with each training fold cut to a seeded share of its rows (the tree
  // and the unlabeled texts stay whole): accuracy against the amount of labelled history.
  const curve = (fraction: number) => {
    let right = 0;
    let trainingRows = 0;
    for (let f = 0; f < 5; f++) {
      const all = samples.filter((_, i) => folds[i] !== f);
      const train = shuffleInPlace(all, mulberry32(42 + f)).slice(
        0,
        Math.round(all.length * fraction),
      );
      trainingRows += train.length / 5;
      const model = nlp.trainClassifier(train, { unlabeled, tree });
      samples.forEach((s, i) => {
        if (folds[i] === f && model.predict(s.text, s.title).label === s.label) right++;
      });
    }
    log(`  learning curve: ${fraction} done`);
    return { fraction, trainingRows, accuracy: right / samples.length };
  };
  const fullRows = samples.length - samples.length / 5;
  const learning = learningCurve
    ? [
        ...[0.25, 0.5, 0.75].map(curve),
        { fraction: 1, trainingRows: fullRows, accuracy: correct / samples.length },
      ]
    : undefined;
  const perLabel = labels.map((l) => {
    const tp = samples.filter((s, i) => s.label === l && predicted[i] === l).length;
    const fp = samples.filter((s, i) => s.label !== l && predicted[i] === l).length;
    const fn = samples.filter((s, i) => s.label === l && predicted[i] !== l).length;
    const p = tp + fp ? tp / (tp + fp) : 0;
    const r = tp + fn ? tp / (tp + fn) : 0;
    return {
      label: l,
      precision: p,
      recall: r,
      f1: p + r ? (2 * p * r) / (p + r) : 0,
      support: tp + fn,
    };
  });
  return {
    samples: samples.length,
    folds: 5,
    accuracy: correct / samples.length,
    macroF1: perLabel.reduce((s, x) => s + x.f1, 0) / perLabel.length,
    perLabel,
    unlabeledForIdf: unlabeled.length,
    treeSamples,
    calibration: calibration(T0),
    temperatureSweep: [1, 2, 3, 3.5, 4, 5, 6, 8, 12].map(calibration),
    learningCurve: learning,
    seconds: (performance.now() - t0) / 1000,
  };
}

// ---------- 2. sentence pairs ----------

function evalPairs(dataDir: string) {
  const dir = join(dataDir, "zh-pairs");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort();
  return files.map((file) => {
    const rows = readJsonl(join(dir, file)).filter((r) => !r.__error);
    const a = rows.map((r) => fieldString(r, "sentence1"));
    const b = rows.map((r) => fieldString(r, "sentence2"));
    const labels = rows.map((r) => Number(r.label));
    // Same scorer as `npm run nlp -- score-pairs`: idf fitted on the file's sentences.
    const scorer = new nlp.PairScorer().fit([...a, ...b]);
    const scores = rows.map((_, i) => scorer.score(a[i]!, b[i]!));
    const best = bestThresholdAccuracy(scores, labels);
    return {
      file: basename(file, ".jsonl"),
      pairs: rows.length,
      auc: rocAuc(scores, labels),
      bestAccuracy: best.accuracy,
      bestThreshold: best.threshold,
    };
  });
}

// ---------- 3. duplicates ----------

interface Message {
  key: string;
  title: string;
  body: string;
  group: string;
}

function loadAllMessages(dataDir: string): Message[] {
  const dir = join(dataDir, "tipdm2020c");
  const out: Message[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(".jsonl") || file.startsWith("fj1_")) continue;
    readJsonl(join(dir, file)).forEach((r: JsonRecord, i) => {
      if (r.__error) return;
      const title = fieldString(r, TIPDM.title);
      const body = fieldString(r, TIPDM.body);
      if (!title && !body) return;
      const id = r[TIPDM.id] ?? i;
      out.push({
        key: `${basename(file, ".jsonl")}:${String(id)}`,
        title,
        body,
        group: groupKey(title),
      });
    });
  }
  return out;
}

/** Same-issue key: the title without punctuation, symbols and spaces. */
function groupKey(title: string): string {
  return nlp.normalize(title).replace(/[\p{P}\p{S}\s]/gu, "");
}

function evalDuplicates(dataDir: string) {
  const messages = loadAllMessages(dataDir);
  const byGroup = new Map<string, Message[]>();
  for (const m of messages) {
    if (!m.group) continue;
    if (!byGroup.has(m.group)) byGroup.set(m.group, []);
    byGroup.get(m.group)!.push(m);
  }
  const t0 = performance.now();
  const index = new nlp.SimilarityIndex();
  index.addMany(messages.map((m) => ({ id: m.key, title: m.title, body: m.body })));
  const buildSeconds = (performance.now() - t0) / 1000;
  const brute = new nlp.BruteForceIndex();
  for (const m of messages) brute.add(m.key, m);
  const byKey = new Map(messages.map((m) => [m.key, m]));

  let queries = 0;
  let hits = 0;
  let bruteHits = 0;
  let nonIdentQueries = 0;
  let nonIdentHits = 0;
  let nonIdentBruteHits = 0;
  const times: number[] = [];
  const positives: number[] = [];
  const hardNegatives: number[] = [];
  for (const group of byGroup.values()) {
    if (group.length < 2) continue;
    const keys = new Set(group.map((m) => m.key));
    for (const q of group) {
      queries++;
      const notSelf = (id: string) => id !== q.key;
      const s0 = performance.now();
      const res = index.query({ body: q.body }, { k: 5, filter: notSelf });
      times.push(performance.now() - s0);
      if (res.some((r) => keys.has(r.id))) hits++;
      if (brute.topK({ body: q.body }, 5, notSelf).some((r) => keys.has(r.id))) bruteHits++;
      // Calibration material: the best true duplicate vs the best non-duplicate.
      const dup = res.find((r) => keys.has(r.id));
      if (dup) positives.push(dup.score);
      const other = res.find((r) => !keys.has(r.id));
      if (other) hardNegatives.push(other.score);
      // Harder subset: only group members whose body differs count (and identical ones are hidden).
      const differing = group.filter((m) => m.key !== q.key && m.body !== q.body);
      if (differing.length > 0) {
        nonIdentQueries++;
        const diffKeys = new Set(differing.map((m) => m.key));
        const hide = (id: string) => id !== q.key && (!keys.has(id) || diffKeys.has(id));
        if (index.query({ body: q.body }, { k: 5, filter: hide }).some((r) => diffKeys.has(r.id)))
          nonIdentHits++;
        if (brute.topK({ body: q.body }, 5, hide).some((r) => diffKeys.has(r.id)))
          nonIdentBruteHits++;
      }
    }
  }
  // Random pairs of messages from different groups: the easy negatives.
  const random = mulberry32(7);
  const randomNegatives: number[] = [];
  while (randomNegatives.length < 2_000) {
    const a = messages[Math.floor(random() * messages.length)]!;
    const b = messages[Math.floor(random() * messages.length)]!;
    if (a.group === b.group) continue;
    randomNegatives.push(index.compare({ body: a.body }, byKey.get(b.key)!));
  }
  times.sort((x, y) => x - y);
  const cfg = nlp.NLP_CONFIG.similarity;
  const negatives = [...hardNegatives, ...randomNegatives];
  return {
    messages: messages.length,
    groups: [...byGroup.values()].filter((g) => g.length > 1).length,
    buildSeconds,
    queries,
    recallAt5: hits / queries,
    bruteForceRecallAt5: bruteHits / queries,
    nonIdenticalQueries: nonIdentQueries,
    nonIdenticalRecallAt5: nonIdentHits / Math.max(1, nonIdentQueries),
    nonIdenticalBruteForceRecallAt5: nonIdentBruteHits / Math.max(1, nonIdentQueries),
    queryMs: {
      p50: percentile(times, 0.5),
      p95: percentile(times, 0.95),
      p99: percentile(times, 0.99),
    },
    calibration: {
      positives: positives.length,
      hardNegatives: hardNegatives.length,
      randomNegatives: randomNegatives.length,
      duplicate: precisionRecall(positives, negatives, cfg.duplicateThreshold),
      related: precisionRecall(positives, negatives, cfg.relatedThreshold),
      duplicateVsHardNegatives: precisionRecall(positives, hardNegatives, cfg.duplicateThreshold),
      relatedVsHardNegatives: precisionRecall(positives, hardNegatives, cfg.relatedThreshold),
      sweep: [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7].map((t) => ({
        ...precisionRecall(positives, hardNegatives, t),
        randomFalsePositiveRate:
          randomNegatives.filter((s) => s >= t).length / randomNegatives.length,
      })),
    },
  };
}

// ---------- 4. hot topics ----------

function evalHot(dataDir: string) {
  const rows = readJsonl(join(dataDir, "tipdm2020c/fj3_hot_messages.jsonl")).filter(
    (r) => !r.__error,
  );
  const docs = rows.map((r, i) => ({
    id: String(r[TIPDM.id] ?? i),
    title: fieldString(r, TIPDM.title),
    body: fieldString(r, TIPDM.body),
  }));
  const clusterer = new nlp.TopicClusterer();
  const clusters = clusterer.reclusterBatch(docs);
  const labels = new Map(clusters.map((c) => [c.id, c.label]));
  const items = rows.map((r, i) => ({
    id: docs[i]!.id,
    clusterId: clusterer.clusterOf(docs[i]!.id)!,
    createdAt: new Date(fieldString(r, TIPDM.time).replace(/-/g, "/")),
    supports: Number(r[TIPDM.likes] ?? 0) || 0,
  }));
  const valid = items.filter((it) => Number.isFinite(it.createdAt.getTime()));
  const now = new Date(Math.max(...valid.map((it) => it.createdAt.getTime())));
  // Historical file: rank over the whole period (a long half-life), as of its last message.
  const ranked = nlp.rankHotTopics(valid, now, { halfLifeDays: 365, limit: 10 });
  return {
    messages: rows.length,
    clusters: clusters.length,
    now: now.toISOString(),
    top: ranked.map((t) => ({
      cluster: t.clusterId,
      label: labels.get(t.clusterId) ?? "",
      size: t.size,
      score: t.score,
      sampleTitles: t.ids.slice(0, 3).map((id) => docs.find((d) => d.id === id)?.title ?? ""),
    })),
  };
}

// ---------- main ----------

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const dataDir = resolve(argString(args, "data", "../shared/data"));
  const outDir = resolve(argString(args, "out", "bench-results"));
  const only = typeof args.only === "string" ? new Set(args.only.split(",")) : undefined;
  const want = (name: string) => !only || only.has(name);
  const result: Record<string, unknown> = {
    version: nlp.NLP_CONFIG.version,
    config: nlp.NLP_CONFIG,
  };

  if (want("categories")) {
    log("categories: 5-fold CV …");
    result.categories = evalCategories(dataDir, args["learning-curve"] === true);
  }
  if (want("pairs")) {
    log("sentence pairs …");
    result.pairs = evalPairs(dataDir);
  }
  if (want("duplicates")) {
    log("same-title duplicates …");
    result.duplicates = evalDuplicates(dataDir);
  }
  if (want("hot")) {
    log("hot topics …");
    result.hot = evalHot(dataDir);
  }

  const rows: Array<Array<string | number>> = [["metric", "value", "target"]];
  const c = result.categories as ReturnType<typeof evalCategories> | undefined;
  if (c) {
    rows.push(["category accuracy (5-fold CV, labeled_dev)", c.accuracy, "≥ 0.90"]);
    rows.push(["category macro-F1 (5-fold CV)", c.macroF1, ""]);
    rows.push([
      `category confidence log-loss / ECE (T = ${c.calibration.temperature})`,
      `${c.calibration.logLoss.toFixed(3)} / ${c.calibration.ece.toFixed(3)}`,
      "",
    ]);
    for (const point of c.learningCurve ?? []) {
      if (point.fraction === 1) continue;
      rows.push([
        `  accuracy with ${Math.round(point.trainingRows)} training rows a fold`,
        point.accuracy,
        "",
      ]);
    }
  }
  for (const p of (result.pairs as ReturnType<typeof evalPairs> | undefined) ?? []) {
    rows.push([`pairs ${p.file}: ROC AUC`, p.auc, p.file === "lcqmc_dev" ? "≥ 0.80" : ""]);
    rows.push([`pairs ${p.file}: best-threshold accuracy`, p.bestAccuracy, ""]);
  }
  const d = result.duplicates as ReturnType<typeof evalDuplicates> | undefined;
  if (d) {
    rows.push([
      `same-title recall@5 (${d.queries} queries, ${d.messages} docs)`,
      d.recallAt5,
      "≥ 0.995",
    ]);
    rows.push(["  brute-force reference recall@5", d.bruteForceRecallAt5, ""]);
    rows.push([
      `same-title recall@5, non-identical bodies (${d.nonIdenticalQueries})`,
      d.nonIdenticalRecallAt5,
      "≥ 0.985",
    ]);
    rows.push(["  brute-force reference, non-identical", d.nonIdenticalBruteForceRecallAt5, ""]);
    rows.push([
      "query ms p50 / p95",
      `${d.queryMs.p50.toFixed(2)} / ${d.queryMs.p95.toFixed(2)}`,
      "",
    ]);
    const cal = d.calibration;
    rows.push([
      `duplicate ≥ ${cal.duplicate.threshold}: precision / recall (hard+random negatives)`,
      `${cal.duplicate.precision.toFixed(3)} / ${cal.duplicate.recall.toFixed(3)}`,
      "",
    ]);
    rows.push([
      `related ≥ ${cal.related.threshold}: precision / recall`,
      `${cal.related.precision.toFixed(3)} / ${cal.related.recall.toFixed(3)}`,
      "",
    ]);
    rows.push([
      "duplicate / related precision vs hard negatives only",
      `${cal.duplicateVsHardNegatives.precision.toFixed(3)} / ${cal.relatedVsHardNegatives.precision.toFixed(3)}`,
      "",
    ]);
  }
  const h = result.hot as ReturnType<typeof evalHot> | undefined;
  if (h) {
    h.top.forEach((t, i) => {
      rows.push([`hot #${i + 1} (${t.size} msgs)`, t.label, t.sampleTitles[0] ?? ""]);
    });
  }
  process.stdout.write(`${table(rows)}\n`);
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, "nlp-eval.json");
  // With --only, keep the sections of an earlier full run.
  const previous =
    only && existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as object) : {};
  writeFileSync(file, `${JSON.stringify({ ...previous, ...result }, null, 2)}\n`);
  log(`wrote ${file}`);
}

await main();

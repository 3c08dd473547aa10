import { and, desc, eq, inArray, isNotNull, isNull, notInArray } from "drizzle-orm";
import {
  assignments,
  categories,
  clusterConstraints,
  clusters,
  nlpModels,
  similarityLinks,
  suggestions,
} from "../../../db/schema";
import type { SuggestionStatus } from "../../../db/schema/enums";
import {
  type CategoryClassifier,
  type CategoryTreeNode,
  loadClassifier,
  NLP_CONFIG,
  predictDepartment,
  TopicClusterer,
  trainClassifier,
} from "../../nlp";
import { now as clockNow } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { log } from "../../utils/logger.server";
import type { Tx } from "../audit/audit.server";
import { textIndex } from "../suggestions/text-index.server";

/**
 * The text engine applied to the database: the category classifier (trained on reviewers'
 * confirmed categories, persisted in `nlp_models`), department routing (category map plus
 * reviewers' past choices), and live topic clustering (each new suggestion joins the best
 * cluster or starts one; reviewers' merges and splits are constraints). Built at start-up.
 */

/** Suggestions that never join a topic: closed without substance or hidden. */
const UNCLUSTERED: readonly SuggestionStatus[] = ["withdrawn", "not_accepted"];
/** States in which a category counts as confirmed by a reviewer. */
const UNCONFIRMED: readonly SuggestionStatus[] = ["submitted", "withdrawn"];
const MIN_TRAINING_SAMPLES = 20;

/** The active category tree, with the categories in `labels` (ids) marked as classes. */
function categoryTree(database: Db, labels: ReadonlySet<string>): CategoryTreeNode[] {
  const rows = database
    .select({ id: categories.id, parentId: categories.parentId, name: categories.name })
    .from(categories)
    .where(eq(categories.active, true))
    .orderBy(categories.id)
    .all();
  const children = new Map<number | null, typeof rows>();
  for (const r of rows) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
  const node = (r: (typeof rows)[number]): CategoryTreeNode => ({
    name: r.name,
    label: labels.has(String(r.id)) ? String(r.id) : null,
    children: (children.get(r.id) ?? []).map(node),
  });
  return (children.get(null) ?? []).map(node);
}

export interface CategoryHint {
  categoryId: number;
  confidence: number;
  alternatives: Array<{ categoryId: number; confidence: number }>;
  department: { departmentId: number; confidence: number } | null;
}

class IntelligenceService {
  classifier: CategoryClassifier | null = null;
  modelTrainedOn = 0;
  clusterer = new TopicClusterer();
  /** Clusterer id ↔ database cluster id. */
  private readonly toDb = new Map<string, number>();
  private readonly fromDb = new Map<number, string>();
  built = false;

  build(database: Db = db()): void {
    const started = Date.now();
    this.loadModel(database);
    this.buildClusters(database);
    const backfilled = this.backfillHints(database);
    this.built = true;
    log.info("intelligence ready", {
      model: this.classifier ? `${this.modelTrainedOn} samples` : "none",
      clustered: this.clusterer.size,
      backfilled,
      ms: Date.now() - started,
    });
  }

  // ---------- categories ----------

  private loadModel(database: Db): void {
    const row = database
      .select()
      .from(nlpModels)
      .where(and(eq(nlpModels.kind, "category"), eq(nlpModels.nlpVersion, NLP_CONFIG.version)))
      .orderBy(desc(nlpModels.id))
      .limit(1)
      .get();
    if (row) {
      this.classifier = loadClassifier(row.data);
      this.modelTrainedOn = row.trainedOn;
      return;
    }
    this.retrain(database);
  }

  /**
   * Trains on every reviewer-confirmed category, plus what the category tree says of each
   * class (its sub-categories' names), with the not yet confirmed texts joining the idf;
   * persists the model. Deterministic.
   */
  retrain(database: Db = db(), at: Date = clockNow()): { trainedOn: number } | null {
    const rows = database
      .select({
        title: suggestions.title,
        body: suggestions.body,
        categoryId: suggestions.categoryId,
        status: suggestions.status,
      })
      .from(suggestions)
      .orderBy(suggestions.id)
      .all();
    const confirmed = (r: (typeof rows)[number]) =>
      r.categoryId !== null && !UNCONFIRMED.includes(r.status);
    const samples = rows
      .filter(confirmed)
      .map((r) => ({ title: r.title, text: r.body, label: String(r.categoryId) }));
    if (samples.length < MIN_TRAINING_SAMPLES) {
      log.warn("too few confirmed categories to train", { samples: samples.length });
      return null;
    }
    const unlabeled = rows
      .filter((r) => !confirmed(r))
      .map((r) => ({ title: r.title, text: r.body }));
    const tree = categoryTree(database, new Set(samples.map((s) => s.label)));
    const model = trainClassifier(samples, { unlabeled, tree });
    database
      .insert(nlpModels)
      .values({
        kind: "category",
        nlpVersion: NLP_CONFIG.version,
        trainedOn: samples.length,
        data: JSON.stringify(model.toJSON()),
        createdAt: at,
      })
      .run();
    this.classifier = model;
    this.modelTrainedOn = samples.length;
    log.info("category model trained", { samples: samples.length });
    return { trainedOn: samples.length };
  }

  /** Predicted category (top 3) and department for a text; null without a model. */
  predict(tx: Tx, text: { title: string; body: string }): CategoryHint | null {
    if (!this.classifier || text.body.trim().length < 10) return null;
    const p = this.classifier.predict(text.body, text.title);
    const routing = this.routing(tx);
    const department = predictDepartment(p, routing.map, routing.history);
    return {
      categoryId: Number(p.label),
      confidence: p.confidence,
      alternatives: p.alternatives.map((a) => ({
        categoryId: Number(a.label),
        confidence: a.confidence,
      })),
      department: department
        ? { departmentId: Number(department.departmentId), confidence: department.confidence }
        : null,
    };
  }

  private routingCache: {
    map: Map<string, string>;
    history: Map<string, Map<string, number>>;
    at: number;
  } | null = null;

  /** The category map and reviewers' routing history, re-read at most once a minute. */
  private routing(tx: Tx) {
    const t = Date.now();
    if (!this.routingCache || t - this.routingCache.at > 60_000)
      this.routingCache = { map: categoryDepartmentMap(tx), history: routingHistory(tx), at: t };
    return this.routingCache;
  }

  // ---------- clusters ----------

  private buildClusters(database: Db): void {
    this.clusterer = new TopicClusterer();
    this.toDb.clear();
    this.fromDb.clear();
    for (const c of database.select({ id: clusters.id }).from(clusters).all()) this.map(c.id);
    const constraints = database
      .select()
      .from(clusterConstraints)
      .orderBy(clusterConstraints.createdAt, clusterConstraints.id)
      .all();
    const pinned = new Set<number>();
    for (const c of constraints) {
      if (c.kind === "pin") {
        this.clusterer.pin(String(c.suggestionId), this.map(c.clusterId));
        pinned.add(c.suggestionId);
      } else this.clusterer.forbid(String(c.suggestionId), this.map(c.clusterId));
    }
    const rows = database
      .select({
        id: suggestions.id,
        title: suggestions.title,
        body: suggestions.body,
        clusterId: suggestions.clusterId,
      })
      .from(suggestions)
      .where(notInArray(suggestions.status, [...UNCLUSTERED]))
      .orderBy(suggestions.id)
      .all();
    // The database is the truth at start: place each item where it is stored.
    for (const r of rows) this.placeStored(r, pinned.has(r.id));
    // Items stored without a topic (seeded, imported, from before clustering) get theirs now.
    const unplaced = rows.filter((r) => r.clusterId === null);
    if (unplaced.length === 0) return;
    const at = clockNow();
    database.transaction((tx) => {
      const touched = new Set<number>();
      for (const r of unplaced) {
        const key = this.clusterer.clusterOf(String(r.id));
        if (!key) continue;
        const clusterId = this.persistCluster(tx, key, at);
        touched.add(clusterId);
        tx.update(suggestions).set({ clusterId }).where(eq(suggestions.id, r.id)).run();
      }
      this.syncClusters(tx, touched, at);
    });
  }

  private map(dbId: number): string {
    let key = this.fromDb.get(dbId);
    if (!key) {
      key = `c${dbId}`;
      this.fromDb.set(dbId, key);
      this.toDb.set(key, dbId);
    }
    return key;
  }

  /** The database id of a clusterer id, creating the cluster row when it is new. */
  private persistCluster(tx: Tx, key: string, at: Date): number {
    const known = this.toDb.get(key);
    if (known !== undefined) return known;
    const row = tx
      .insert(clusters)
      .values({
        label: this.clusterer.label(key) || "—",
        size: 0,
        nlpVersion: NLP_CONFIG.version,
        createdAt: at,
        updatedAt: at,
      })
      .returning({ id: clusters.id })
      .get();
    this.toDb.set(key, row.id);
    this.fromDb.set(row.id, key);
    return row.id;
  }

  /** Writes size, label (unless a reviewer locked it) and primary of clusters from memory. */
  syncClusters(tx: Tx, dbIds: Iterable<number>, at: Date, relabelAll = false): void {
    for (const id of new Set(dbIds)) {
      const key = this.map(id);
      const size = this.clusterer.members(key).length;
      const current = tx.select().from(clusters).where(eq(clusters.id, id)).get();
      if (!current) continue;
      // The database agrees with memory for every caller (they write cluster ids first).
      const primary =
        size === 0
          ? null
          : (tx
              .select({ id: suggestions.id })
              .from(suggestions)
              .where(eq(suggestions.clusterId, id))
              .orderBy(desc(suggestions.supportsCount), suggestions.id)
              .limit(1)
              .get()?.id ?? null);
      tx.update(clusters)
        .set({
          size,
          label: current.labelLocked
            ? current.label
            : relabelAll || relabel(current.size, size)
              ? this.clusterer.label(key) || current.label
              : current.label,
          primarySuggestionId: primary,
          updatedAt: at,
        })
        .where(eq(clusters.id, id))
        .run();
    }
  }

  /**
   * Intake of a committed suggestion: category hint, similarity links and cluster. Runs in its
   * own transaction right after the submission commits (hints are advisory; the submission never
   * waits on them to be durable).
   */
  intake(suggestionId: number, database: Db = db(), at: Date = clockNow()): void {
    if (!this.built) return;
    database.transaction((tx) => {
      const row = tx.select().from(suggestions).where(eq(suggestions.id, suggestionId)).get();
      if (!row || UNCLUSTERED.includes(row.status)) return;
      const hint = this.storeHints(tx, row, at);
      const key = this.clusterer.add(String(row.id), row);
      const clusterId = this.persistCluster(tx, key, at);
      tx.update(suggestions)
        .set({
          clusterId,
        })
        .where(eq(suggestions.id, row.id))
        .run();
      this.syncClusters(tx, [clusterId], at);
      return hint;
    });
  }

  /**
   * Suggestions another process stored (the import command) join the topics: where they were
   * stored, or through the intake when they have none yet.
   */
  adopt(ids: number[], database: Db = db(), at: Date = clockNow()): void {
    if (!this.built || ids.length === 0) return;
    const rows = database
      .select({
        id: suggestions.id,
        title: suggestions.title,
        body: suggestions.body,
        clusterId: suggestions.clusterId,
        status: suggestions.status,
      })
      .from(suggestions)
      .where(inArray(suggestions.id, ids))
      .orderBy(suggestions.id)
      .all();
    for (const r of rows) {
      const id = String(r.id);
      if (UNCLUSTERED.includes(r.status) || this.clusterer.clusterOf(id) !== undefined) continue;
      if (r.clusterId === null) this.intake(r.id, database, at);
      else this.placeStored(r, false);
    }
  }

  /**
   * Adds a stored item to the clusterer in the topic the database has for it (a reviewer's
   * pin, already registered, wins); an item without one is placed by similarity.
   */
  private placeStored(
    r: { id: number; title: string; body: string; clusterId: number | null },
    pinned: boolean,
  ): void {
    const id = String(r.id);
    const hold = r.clusterId !== null && !pinned;
    if (hold) this.clusterer.pin(id, this.map(r.clusterId!));
    this.clusterer.add(id, { title: r.title, body: r.body });
    if (hold) this.clusterer.unpin(id);
  }

  /** Predicted category and similarity links of one item, stored on it. */
  private storeHints(tx: Tx, row: typeof suggestions.$inferSelect, at: Date): CategoryHint | null {
    const hint = this.predict(tx, row);
    const matches = textIndex().findSimilar(row, {
      k: 5,
      scope: { paths: ["/"] },
      excludeId: row.id,
    });
    for (const m of matches) {
      if (m.verdict === "none") continue;
      tx.insert(similarityLinks)
        .values({
          suggestionId: row.id,
          otherId: Number(m.id),
          score: m.score,
          verdict: m.verdict,
          nlpVersion: m.version,
          createdAt: at,
        })
        .run();
    }
    tx.update(suggestions)
      .set({
        predictedCategoryId: hint?.categoryId ?? null,
        predictedConfidence: hint?.confidence ?? null,
      })
      .where(eq(suggestions.id, row.id))
      .run();
    return hint;
  }

  /**
   * Items waiting for review that have no hints yet (imported, seeded, or from before a model
   * existed) get them at start-up.
   */
  private backfillHints(database: Db): number {
    const waiting = database
      .select()
      .from(suggestions)
      .where(
        and(
          inArray(suggestions.status, ["submitted", "transferred", "returned", "accepted"]),
          isNull(suggestions.predictedCategoryId),
        ),
      )
      .all();
    if (!this.classifier || waiting.length === 0) return 0;
    const at = clockNow();
    database.transaction((tx) => {
      for (const row of waiting) this.storeHints(tx, row, at);
    });
    return waiting.length;
  }

  /** The database cluster of an item, giving it a cluster of its own when it has none. */
  ensureCluster(tx: Tx, suggestionId: number, at: Date): number {
    const current = this.clusterOfDb(suggestionId);
    if (current !== null) return current;
    const key = this.clusterer.split([]);
    this.clusterer.pin(String(suggestionId), key);
    const id = this.persistCluster(tx, key, at);
    this.recordConstraint(tx, suggestionId, id, "pin", null, at);
    tx.update(suggestions).set({ clusterId: id }).where(eq(suggestions.id, suggestionId)).run();
    return id;
  }

  /** A reviewer merge: the item is pinned to a cluster and stays there in later runs. */
  pin(tx: Tx, suggestionId: number, clusterId: number, by: number, at: Date): void {
    const before = this.clusterOfDb(suggestionId);
    this.clusterer.pin(String(suggestionId), this.map(clusterId));
    this.recordConstraint(tx, suggestionId, clusterId, "pin", by, at);
    tx.update(suggestions).set({ clusterId }).where(eq(suggestions.id, suggestionId)).run();
    this.syncClusters(tx, before === null ? [clusterId] : [clusterId, before], at);
  }

  /** A reviewer split: the item leaves its cluster for good and lands where it fits best. */
  split(tx: Tx, suggestionId: number, by: number, at: Date): number | null {
    const from = this.clusterOfDb(suggestionId);
    if (from === null) return null;
    this.recordConstraint(tx, suggestionId, from, "split", by, at);
    this.clusterer.unpin(String(suggestionId));
    this.clusterer.forbid(String(suggestionId), this.map(from));
    const key = this.clusterer.clusterOf(String(suggestionId));
    const to = key ? this.persistCluster(tx, key, at) : null;
    tx.update(suggestions).set({ clusterId: to }).where(eq(suggestions.id, suggestionId)).run();
    this.syncClusters(tx, to === null ? [from] : [from, to], at);
    return to;
  }

  /**
   * Constraints are replayed oldest first at start-up, so the latest decision wins (a pin lifts
   * an earlier split and the other way round). A repeated decision refreshes its time.
   */
  private recordConstraint(
    tx: Tx,
    suggestionId: number,
    clusterId: number,
    kind: "pin" | "split",
    by: number | null,
    at: Date,
  ): void {
    tx.insert(clusterConstraints)
      .values({ suggestionId, clusterId, kind, createdBy: by, createdAt: at })
      .onConflictDoUpdate({
        target: [
          clusterConstraints.suggestionId,
          clusterConstraints.clusterId,
          clusterConstraints.kind,
        ],
        set: { createdAt: at, createdBy: by },
      })
      .run();
  }

  /** Moves every member of one cluster into another (reviewer cluster merge). */
  mergeClusters(tx: Tx, sourceId: number, targetId: number, by: number, at: Date): number[] {
    const members = this.clusterer.members(this.map(sourceId)).map(Number);
    for (const m of members) this.pin(tx, m, targetId, by, at);
    this.syncClusters(tx, [sourceId, targetId], at);
    return members;
  }

  private clusterOfDb(suggestionId: number): number | null {
    const key = this.clusterer.clusterOf(String(suggestionId));
    return key ? (this.toDb.get(key) ?? null) : null;
  }

  /**
   * The batch re-clustering: everything from scratch with exact corpus statistics, keeping the
   * reviewers' pins and splits; topics keep their ids where they survive, labels are refreshed
   * unless a reviewer locked them. Returns how many items moved.
   */
  recluster(
    database: Db = db(),
    onProgress?: (done: number, total: number) => void,
    at: Date = clockNow(),
  ): { items: number; topics: number; moved: number } {
    const rows = database
      .select({
        id: suggestions.id,
        title: suggestions.title,
        body: suggestions.body,
        clusterId: suggestions.clusterId,
      })
      .from(suggestions)
      .where(notInArray(suggestions.status, [...UNCLUSTERED]))
      .orderBy(suggestions.id)
      .all();
    const previous = new Map<string, string>();
    for (const r of rows)
      if (r.clusterId !== null) previous.set(String(r.id), this.map(r.clusterId));
    this.clusterer.reclusterBatch(
      rows.map((r) => ({ id: String(r.id), title: r.title, body: r.body })),
      { previous },
      onProgress,
    );
    let moved = 0;
    const touched = new Set<number>();
    database.transaction((tx) => {
      for (const r of rows) {
        const key = this.clusterer.clusterOf(String(r.id));
        if (!key) continue;
        const clusterId = this.persistCluster(tx, key, at);
        touched.add(clusterId);
        if (r.clusterId !== clusterId) {
          if (r.clusterId !== null) touched.add(r.clusterId);
          moved++;
          tx.update(suggestions).set({ clusterId }).where(eq(suggestions.id, r.id)).run();
        }
      }
      this.syncClusters(tx, touched, at, true);
    });
    return { items: rows.length, topics: this.clusterer.clusters(0).length, moved };
  }

  /** Takes an item out of the topic model (withdrawn, not accepted). */
  remove(tx: Tx, suggestionId: number, at: Date): void {
    const from = this.clusterOfDb(suggestionId);
    this.clusterer.remove(String(suggestionId));
    if (from !== null) this.syncClusters(tx, [from], at);
  }
}

/**
 * Labels cost time in proportion to a topic's size: small topics are relabelled on every change,
 * big ones every tenth member (their top words hardly move), and the batch run relabels all.
 */
function relabel(before: number, after: number): boolean {
  return after <= 20 || before === 0 || Math.floor(after / 10) !== Math.floor(before / 10);
}

/** category id → department id, inheriting from ancestors (as strings for the router). */
function categoryDepartmentMap(tx: Tx): Map<string, string> {
  const rows = tx
    .select({
      id: categories.id,
      parentId: categories.parentId,
      dept: categories.defaultDepartmentId,
    })
    .from(categories)
    .all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out = new Map<string, string>();
  for (const r of rows) {
    let cur: (typeof rows)[number] | undefined = r;
    for (let depth = 0; cur && depth < 5; depth++) {
      if (cur.dept !== null) {
        out.set(String(r.id), String(cur.dept));
        break;
      }
      cur = cur.parentId === null ? undefined : byId.get(cur.parentId);
    }
  }
  return out;
}

/** How often reviewers routed each category to each department (lead assignments). */
function routingHistory(tx: Tx): Map<string, Map<string, number>> {
  const rows = tx
    .select({ categoryId: suggestions.categoryId, departmentId: assignments.departmentId })
    .from(assignments)
    .innerJoin(suggestions, eq(suggestions.id, assignments.suggestionId))
    .where(and(eq(assignments.role, "lead"), isNotNull(suggestions.categoryId)))
    .all();
  const out = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const c = String(r.categoryId);
    const m = out.get(c) ?? new Map<string, number>();
    m.set(String(r.departmentId), (m.get(String(r.departmentId)) ?? 0) + 1);
    out.set(c, m);
  }
  return out;
}

let service: IntelligenceService | undefined;

export function intelligence(): IntelligenceService {
  service ??= new IntelligenceService();
  return service;
}

export function resetIntelligence(): void {
  service = undefined;
}

/** Admin button and command: retrain the category model from confirmed categories. */
export function retrainCategoryModel(database: Db = db()): { trainedOn: number } | null {
  return intelligence().retrain(database);
}

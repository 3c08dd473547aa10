import { desc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { loadStaffUser } from "../../app/domain/auth/auth.server";
import { intelligence, resetIntelligence } from "../../app/domain/intelligence/intelligence.server";
import { submitSuggestion } from "../../app/domain/suggestions/submit.server";
import { resetTextIndex, textIndex } from "../../app/domain/suggestions/text-index.server";
import type { Db } from "../../db/client";
import {
  categories,
  clusters,
  nlpModels,
  similarityLinks,
  suggestions,
  users,
} from "../../db/schema";
import { freshDb } from "../setup/test-db";

let db: Db;
const T0 = new Date("2026-06-20T02:00:00Z");

function boot() {
  resetTextIndex();
  resetIntelligence();
  textIndex().build(db);
  intelligence().build(db);
}

const clusterOf = (id: number) =>
  db.select({ c: suggestions.clusterId }).from(suggestions).where(eq(suggestions.id, id)).get()!.c;

function submit(title: string, body: string) {
  return submitSuggestion(
    {
      title,
      body,
      regionUnitId: 3,
      contactName: undefined,
      contactPhone: undefined,
      contactEmail: undefined,
      anonymous: false,
      publishConsent: true,
    },
    { channel: "web", at: T0 },
    db,
  ).id;
}

beforeEach(() => {
  db = freshDb();
  boot();
});

describe("the text engine in the application", () => {
  it("gives every clusterable item a stored topic at start-up and keeps topics across restarts", () => {
    const unplaced = db
      .select({ id: suggestions.id })
      .from(suggestions)
      .where(eq(suggestions.status, "accepted"))
      .all()
      .filter((r) => clusterOf(r.id) === null);
    expect(unplaced).toEqual([]);
    const before = db
      .select({ id: suggestions.id, c: suggestions.clusterId })
      .from(suggestions)
      .all();
    boot();
    expect(
      db.select({ id: suggestions.id, c: suggestions.clusterId }).from(suggestions).all(),
    ).toEqual(before);
  });

  it("a near-duplicate joins the topic of its original at intake, with a stored duplicate link", () => {
    const a = submit(
      "建议在火车站到工业园之间开通夜班公交",
      "工业园很多工人下夜班后没有公交车回家，建议开通从火车站到工业园的夜班公交线路，每半小时一班。",
    );
    const b = submit(
      "希望开通火车站至工业园夜班公交",
      "我们工业园的工人下夜班后没有公交车回家，希望开通火车站到工业园的夜班公交线路，半小时一班就行。",
    );
    expect(clusterOf(b)).toBe(clusterOf(a));
    const link = db.select().from(similarityLinks).where(eq(similarityLinks.suggestionId, b)).all();
    expect(link.find((l) => l.otherId === a)?.verdict).toBe("duplicate");
    const row = db.select().from(suggestions).where(eq(suggestions.id, b)).get()!;
    expect(row.predictedCategoryId).not.toBeNull();
    expect(row.predictedConfidence).toBeGreaterThan(0);
  });

  it("batch re-clustering keeps reviewers' splits and is stable when run twice", () => {
    const a = submit(
      "建议在火车站到工业园之间开通夜班公交",
      "工业园很多工人下夜班后没有公交车回家，建议开通从火车站到工业园的夜班公交线路，每半小时一班。",
    );
    const b = submit(
      "希望开通火车站至工业园夜班公交",
      "我们工业园的工人下夜班后没有公交车回家，希望开通火车站到工业园的夜班公交线路，半小时一班就行。",
    );
    expect(clusterOf(b)).toBe(clusterOf(a));
    const reviewer = loadStaffUser(
      db.select({ id: users.id }).from(users).where(eq(users.username, "reviewer")).get()!.id,
      db,
    )!;
    // The reviewer says b is a different topic.
    db.transaction((tx) => intelligence().split(tx, b, reviewer.id, T0));
    expect(clusterOf(b)).not.toBe(clusterOf(a));
    intelligence().recluster(db);
    expect(clusterOf(b)).not.toBe(clusterOf(a));
    const second = intelligence().recluster(db);
    expect(second.moved).toBe(0);
    // And after a restart the split still holds in a new run.
    boot();
    intelligence().recluster(db);
    expect(clusterOf(b)).not.toBe(clusterOf(a));
  });

  it("retraining stores a new deterministic model from confirmed categories", () => {
    const first = db.select().from(nlpModels).orderBy(desc(nlpModels.id)).get()!;
    const result = intelligence().retrain(db, T0);
    expect(result?.trainedOn).toBe(first.trainedOn);
    const second = db.select().from(nlpModels).orderBy(desc(nlpModels.id)).get()!;
    expect(second.id).toBeGreaterThan(first.id);
    expect(second.data).toBe(first.data);
  });

  it("retraining learns what the category tree says under each confirmed category", () => {
    // The most used confirmed category, and a sub-category named in words no message uses.
    const counts = new Map<number, number>();
    for (const r of db.select({ c: suggestions.categoryId }).from(suggestions).all()) {
      if (r.c !== null) counts.set(r.c, (counts.get(r.c) ?? 0) + 1);
    }
    const [target] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const parent = db.select().from(categories).where(eq(categories.id, target)).get()!;
    const add = (code: string, name: string, active: boolean) =>
      db
        .insert(categories)
        .values({ parentId: target, level: parent.level + 1, code, name, nameEn: code, active })
        .run();
    add("test.sub.active", "楼道堆物清理", true);
    add("test.sub.retired", "防汛抗旱物资", false);
    intelligence().retrain(db, T0);
    const model = JSON.parse(db.select().from(nlpModels).orderBy(desc(nlpModels.id)).get()!.data);
    expect(model.vocabulary).toContain("楼道");
    expect(model.vocabulary).not.toContain("防汛");
    const hint = db.transaction((tx) =>
      intelligence().predict(tx, { title: "楼道堆物清理", body: "楼道堆物清理，楼道堆物清理" }),
    );
    expect(hint?.categoryId).toBe(target);
  });

  it("a reviewer's topic name survives re-clustering", () => {
    const id = db.select().from(clusters).where(eq(clusters.size, 5)).get()!.id;
    db.update(clusters)
      .set({ label: "搅拌站噪音扰民", labelLocked: true })
      .where(eq(clusters.id, id))
      .run();
    intelligence().recluster(db);
    expect(db.select().from(clusters).where(eq(clusters.id, id)).get()!.label).toBe(
      "搅拌站噪音扰民",
    );
  });
});

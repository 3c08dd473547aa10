import { describe, expect, it } from "vitest";
import { itemWeight, rankHotTopics } from "~/nlp";

const now = new Date("2024-06-30T12:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

describe("rankHotTopics", () => {
  const items = [
    // "old": big but quiet for months
    ...Array.from({ length: 30 }, (_, i) => ({
      id: `o${i}`,
      clusterId: "old",
      createdAt: daysAgo(100 + i),
      supports: 5,
    })),
    // "steady": a few per week
    ...Array.from({ length: 8 }, (_, i) => ({
      id: `s${i}`,
      clusterId: "steady",
      createdAt: daysAgo(i * 4 + 1),
      supports: 1,
    })),
    // "new": started 5 days ago, growing fast with supports
    ...Array.from({ length: 6 }, (_, i) => ({
      id: `n${i}`,
      clusterId: "new",
      createdAt: daysAgo(i % 5),
      supports: 20,
    })),
    // future items are ignored
    { id: "f", clusterId: "future", createdAt: daysAgo(-1), supports: 1000 },
  ];

  it("ranks recent, supported, growing topics first", () => {
    const ranked = rankHotTopics(items, now);
    expect(ranked.map((t) => t.clusterId)).toEqual(["new", "steady", "old"]);
    const [hot] = ranked;
    expect(hot?.size).toBe(6);
    expect(hot?.ids).toHaveLength(6);
    expect(hot?.growth7).toBeGreaterThan(1);
  });

  it("flags young fast-growing clusters as emerging", () => {
    const ranked = rankHotTopics(items, now);
    const byId = new Map(ranked.map((t) => [t.clusterId, t]));
    expect(byId.get("new")?.emerging).toBe(true);
    expect(byId.get("old")?.emerging).toBe(false);
    expect(byId.get("steady")?.emerging).toBe(false);
    expect(byId.get("old")?.growth30).toBe(1);
  });

  it("weights supports logarithmically and honours limit", () => {
    expect(itemWeight(0)).toBe(1);
    expect(itemWeight(100)).toBeCloseTo(1 + Math.log(101));
    expect(rankHotTopics(items, now, { limit: 1 })).toHaveLength(1);
    expect(rankHotTopics([], now)).toEqual([]);
  });

  it("more supports outrank fewer supports at equal timing", () => {
    const a = { id: "a", clusterId: "A", createdAt: daysAgo(2), supports: 50 };
    const b = { id: "b", clusterId: "B", createdAt: daysAgo(2), supports: 0 };
    expect(rankHotTopics([b, a], now)[0]?.clusterId).toBe("A");
  });
});

import { describe, expect, it } from "vitest";
import { BruteForceIndex, bruteForceTopK, NLP_CONFIG, SimilarityIndex, verdictFor } from "~/nlp";
import { NEAR_DUPLICATE_OF_E1, SUGGESTIONS, UNRELATED } from "./fixtures";

function build(): SimilarityIndex {
  const index = new SimilarityIndex({ hashBits: 18 });
  for (const s of SUGGESTIONS) index.add(s.id, s);
  return index;
}

describe("SimilarityIndex", () => {
  it("ranks a near-duplicate first with a duplicate verdict and the config version", () => {
    const [top] = build().query(NEAR_DUPLICATE_OF_E1, { k: 3 });
    expect(top?.id).toBe("e1");
    expect(top?.verdict).toBe("duplicate");
    expect(top?.version).toBe(NLP_CONFIG.version);
    expect(top?.score).toBeGreaterThan(NLP_CONFIG.similarity.duplicateThreshold);
    expect(top?.score).toBeLessThanOrEqual(1);
  });

  it("an unrelated text scores none", () => {
    const matches = build().query(UNRELATED, { k: 3 });
    for (const m of matches) expect(m.verdict).toBe("none");
  });

  it("a stored document matches itself with score ~1, and same-topic docs follow", () => {
    const res = build().query(SUGGESTIONS[0]!, { k: 3 });
    expect(res[0]?.id).toBe("e1");
    expect(res[0]?.score).toBeGreaterThan(0.99);
    expect(res.slice(1).map((r) => r.id)).toEqual(expect.arrayContaining(["e3"]));
  });

  it("supports add/upsert/remove/has/size and filters", () => {
    const index = build();
    expect(index.size).toBe(SUGGESTIONS.length);
    expect(index.has("e1")).toBe(true);
    expect(
      index.query(NEAR_DUPLICATE_OF_E1, { k: 1, filter: (id) => id !== "e1" })[0]?.id,
    ).not.toBe("e1");
    // Upsert: e1 becomes a text about parking, so the draft no longer finds it first.
    index.add("e1", { title: "停车位不够", body: "小区停车位太少，晚上停车位一位难求。" });
    expect(index.size).toBe(SUGGESTIONS.length);
    expect(index.query(NEAR_DUPLICATE_OF_E1, { k: 1 })[0]?.id).not.toBe("e1");
    expect(index.query("停车位太少 停车位", { k: 1 })[0]?.id).toBe("e1");
    expect(index.remove("e1")).toBe(true);
    expect(index.remove("e1")).toBe(false);
    expect(index.has("e1")).toBe(false);
    expect(index.size).toBe(SUGGESTIONS.length - 1);
    expect(index.query("停车位太少 停车位", { k: 5 }).map((m) => m.id)).not.toContain("e1");
  });

  it("always keeps a document's title terms, even behind a long body", () => {
    // Each body: 300 distinct characters said twice, so its bigrams (tf 2, df 1) outweigh
    // the title's (tf 1) and fill the 32 kept terms unless titles have priority.
    const filler = (offset: number) =>
      Array.from({ length: 300 }, (_, i) => String.fromCharCode(0x4e00 + offset + 7 * i)).join("");
    const make = (title: string, offset: number) => ({
      title,
      body: `${filler(offset)}。${filler(offset)}。`,
    });
    const docs = [
      { id: "target", ...make("雷峰大道渣土车夜间运输", 0) },
      { id: "other", ...make("公积金贷款额度", 3) },
    ];
    for (const bulk of [false, true]) {
      const index = new SimilarityIndex({
        hashBits: 18,
        maxTermsPerDoc: 32,
        postingTermsPerDoc: 16,
      });
      if (bulk) index.addMany(docs);
      else for (const d of docs) index.add(d.id, d);
      const [top] = index.query("雷峰大道渣土车", { k: 1 });
      expect(top?.id).toBe("target");
      // Without title priority the title's bigrams are crowded out by the filler.
      const plain = new SimilarityIndex({
        hashBits: 18,
        maxTermsPerDoc: 32,
        postingTermsPerDoc: 16,
        titlePriority: 1,
      });
      for (const d of docs) plain.add(d.id, d);
      expect(plain.query("雷峰大道渣土车", { k: 1 })[0]?.id).not.toBe("target");
    }
  });

  it("compare() gives the score query() gives", () => {
    const index = build();
    const [top] = index.query(NEAR_DUPLICATE_OF_E1, { k: 1 });
    const e1 = SUGGESTIONS.find((s) => s.id === "e1")!;
    expect(index.compare(NEAR_DUPLICATE_OF_E1, e1)).toBeCloseTo(top!.score, 9);
    expect(index.compare(e1, e1)).toBeCloseTo(1, 9);
  });

  it("keeps working across compactions with many writes and removals", () => {
    const index = new SimilarityIndex({ hashBits: 16 });
    for (let i = 0; i < 3_000; i++) index.add(`d${i}`, `编号${i}号楼 第${i % 37}栋 加装电梯 ${i}`);
    for (let i = 0; i < 3_000; i += 2) index.remove(`d${i}`);
    index.add("target", "独一无二的渣土车夜间运输投诉 雷峰大道");
    expect(index.size).toBe(1_501);
    expect(index.query("雷峰大道渣土车夜间运输", { k: 1 })[0]?.id).toBe("target");
    expect(
      index
        .query("编号11号楼", { k: 50 })
        .every((m) => Number(m.id.slice(1)) % 2 === 1 || m.id === "target"),
    ).toBe(true);
  });

  it("bulk load gives the same ranking as one-by-one adds", () => {
    const a = build();
    const b = new SimilarityIndex({ hashBits: 18 });
    b.addMany(SUGGESTIONS);
    const qa = a.query(NEAR_DUPLICATE_OF_E1, { k: 5 }).map((m) => m.id);
    const qb = b.query(NEAR_DUPLICATE_OF_E1, { k: 5 }).map((m) => m.id);
    expect(qb[0]).toBe(qa[0]);
    expect(new Set(qb)).toEqual(new Set(qa));
  });

  it("bulk-loads from a generated source and upserts duplicate ids within the batch", () => {
    const generated = {
      length: 2_000,
      at: (i: number) => ({
        id: `g${i % 1_500}`,
        title: `第${i}号`,
        body: `编号${i}的路灯坏了 ${i * 7}`,
      }),
    };
    const index = new SimilarityIndex({ hashBits: 18 });
    index.addMany(generated);
    expect(index.size).toBe(1_500);
    // g10 was overwritten by document 1510.
    expect(index.query("编号1510的路灯坏了 10570", { k: 1 })[0]?.id).toBe("g10");
    index.addMany(SUGGESTIONS);
    expect(index.query(NEAR_DUPLICATE_OF_E1, { k: 1 })[0]?.id).toBe("e1");
  });

  it("empty index and empty query return no matches", () => {
    expect(new SimilarityIndex({ hashBits: 12 }).query("加装电梯")).toEqual([]);
    expect(build().query("", { k: 3 })).toEqual([]);
  });

  it("agrees with the brute-force reference on the top match", () => {
    const bf = new BruteForceIndex(18);
    for (const s of SUGGESTIONS) bf.add(s.id, s);
    expect(bf.topK(NEAR_DUPLICATE_OF_E1, 1)[0]?.id).toBe("e1");
    expect(bruteForceTopK(SUGGESTIONS, NEAR_DUPLICATE_OF_E1, 1)[0]?.id).toBe("e1");
    expect(
      bruteForceTopK(SUGGESTIONS, NEAR_DUPLICATE_OF_E1, 2, (id) => id !== "e1")[0]?.id,
    ).not.toBe("e1");
  });

  it("maps scores to verdicts with the two thresholds", () => {
    const { duplicateThreshold, relatedThreshold } = NLP_CONFIG.similarity;
    expect(verdictFor(duplicateThreshold)).toBe("duplicate");
    expect(verdictFor((duplicateThreshold + relatedThreshold) / 2)).toBe("related");
    expect(verdictFor(relatedThreshold - 0.01)).toBe("none");
  });
});

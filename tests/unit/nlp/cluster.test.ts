import { describe, expect, it } from "vitest";
import { buildWordStats, labelCluster, reclusterBatch, TopicClusterer } from "~/nlp";
import { SUGGESTIONS } from "./fixtures";

const topicOf = (id: string) => id[0];

function clustered(threshold = 0.15): TopicClusterer {
  const c = new TopicClusterer({ threshold });
  for (const s of SUGGESTIONS) c.add(s.id, s);
  return c;
}

describe("TopicClusterer", () => {
  it("groups same-topic suggestions and separates topics", () => {
    const c = clustered();
    expect(c.clusterOf("e2")).toBe(c.clusterOf("e1"));
    expect(c.clusterOf("s2")).toBe(c.clusterOf("s1"));
    expect(c.clusterOf("e1")).not.toBe(c.clusterOf("s1"));
    expect(c.clusterOf("m1")).not.toBe(c.clusterOf("n1"));
  });

  it("starts a new cluster when nothing is similar enough", () => {
    const c = clustered();
    const before = c.clusters().length;
    const id = c.add("x", "Library opening hours on Sunday");
    expect(c.clusters().length).toBe(before + 1);
    expect(c.members(id)).toEqual(["x"]);
  });

  it("keeps centroids current on remove", () => {
    const c = clustered();
    const cid = c.clusterOf("e1")!;
    const size = c.members(cid).length;
    c.remove("e1");
    expect(c.members(cid)).toHaveLength(size - 1);
    expect(c.clusterOf("e1")).toBeUndefined();
    // Re-adding joins the same topic again.
    expect(c.add("e1", SUGGESTIONS[0]!)).toBe(cid);
  });

  it("respects pins (merges) in incremental assignment", () => {
    const c = new TopicClusterer({ threshold: 0.15, pinned: { m3: "money" } });
    for (const s of SUGGESTIONS) c.add(s.id, s);
    expect(c.clusterOf("m3")).toBe("money");
    c.pin("s1", "money");
    expect(c.members("money").sort()).toEqual(["m3", "s1"]);
  });

  it("respects cannot-links (splits) in incremental assignment", () => {
    const c = clustered();
    const cid = c.clusterOf("e1")!;
    c.forbid("e2", cid);
    expect(c.clusterOf("e2")).not.toBe(cid);
    c.remove("e2");
    c.add("e2", SUGGESTIONS[1]!);
    expect(c.clusterOf("e2")).not.toBe(cid);
  });

  it("split moves documents into one new pinned cluster", () => {
    const c = clustered();
    const old = c.clusterOf("n1")!;
    const target = c.split(["n1", "n2"]);
    expect(c.clusterOf("n1")).toBe(target);
    expect(c.clusterOf("n2")).toBe(target);
    expect(target).not.toBe(old);
  });

  it("batch re-clustering keeps reviewer constraints and previous ids", () => {
    const c = clustered();
    const elevator = c.clusterOf("e1")!;
    c.pin("m1", elevator); // a reviewer merged m1 into the elevator topic
    c.forbid("e3", elevator); // and split e3 out of it
    const progress: number[] = [];
    c.reclusterBatch(SUGGESTIONS, {}, (done) => progress.push(done));
    expect(c.clusterOf("m1")).toBe(elevator);
    expect(c.clusterOf("e1")).toBe(elevator); // the topic keeps its id
    expect(c.clusterOf("e2")).toBe(elevator);
    // The split document stays apart from the elevator documents, whatever the id.
    expect(c.clusterOf("e3")).not.toBe(elevator);
    expect(c.members(c.clusterOf("e3")!)).not.toContain("e1");
    expect(progress.length).toBeGreaterThan(0);
    expect(c.size).toBe(SUGGESTIONS.length);
  });

  it("stand-alone reclusterBatch honours explicit constraints", () => {
    const { assignments, clusters } = reclusterBatch(SUGGESTIONS, {
      threshold: 0.15,
      pinned: new Map([["s1", "school"]]),
      cannotLink: [["s2", "school"]],
    });
    expect(assignments.get("s1")).toBe("school");
    expect(assignments.get("s2")).not.toBe("school");
    expect(clusters.reduce((n, cl) => n + cl.size, 0)).toBe(SUGGESTIONS.length);
    // Each non-constrained doc lands with its own topic.
    expect(topicOf(clusters[0]!.members[0]!)).toBe(topicOf(clusters[0]!.members.at(-1)!));
  });

  it("labels are readable whole words ranked against the corpus", () => {
    const c = clustered();
    const label = c.label(c.clusterOf("e1")!);
    expect(label.split("·")[0]).toBe("加装电梯");
    expect(label).not.toMatch(/问题|希望|请问/);
  });
});

describe("labelCluster", () => {
  const texts = SUGGESTIONS.filter((s) => s.id.startsWith("n")).map((s) => `${s.title} ${s.body}`);
  const corpus = buildWordStats(SUGGESTIONS.map((s) => `${s.title} ${s.body}`));

  it("joins the top n keywords with the separator, no fragments or stop words", () => {
    const label = labelCluster(texts, 3, corpus);
    const words = label.split("·");
    expect(words).toHaveLength(3);
    expect(words).toContain("噪音扰民");
    expect(words).not.toContain("噪音");
    for (const w of words) expect([...w].length).toBeGreaterThanOrEqual(2);
    expect(labelCluster(texts, 2, corpus, "、").split("、")).toHaveLength(2);
  });

  it("glues pieces of names into whole names (no place-name fragments)", () => {
    const topic = [
      "A市万家丽南路丽发新城附近搅拌站噪音扰民",
      "丽发新城小区旁边的搅拌站灰尘太大",
      "投诉丽发新城搅拌站夜间施工",
      "丽发新城居民被搅拌站噪音困扰",
      "伊景园滨河苑捆绑销售车位",
    ];
    const words = labelCluster(topic, 3, corpus).split("·");
    expect(words).toContain("丽发新城");
    expect(words).toContain("搅拌站");
    expect(words).not.toContain("丽发");
    expect(words).not.toContain("新城");
    // A name glued once stays whole in a topic of one message too.
    const one = labelCluster(
      ["关于伊景园滨河苑捆绑销售车位的投诉：伊景园滨河苑开发商捆绑销售车位"],
      3,
    );
    for (const w of one.split("·")) expect(["伊", "苑", "景园", "滨河"]).not.toContain(w);
  });

  it("works without corpus statistics and on empty input", () => {
    expect(labelCluster(texts, 2).split("·")).toHaveLength(2);
    expect(labelCluster([], 3)).toBe("");
  });
});

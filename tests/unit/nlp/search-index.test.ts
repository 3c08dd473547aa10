import { describe, expect, it } from "vitest";
import { SearchIndex } from "~/nlp";
import { SUGGESTIONS } from "./fixtures";

function build(): SearchIndex {
  const s = new SearchIndex();
  s.addAll(SUGGESTIONS);
  return s;
}

describe("SearchIndex", () => {
  it("finds Chinese words inside compounds and boosts titles", () => {
    const hits = build().search("电梯");
    expect(
      hits
        .map((h) => h.id)
        .slice(0, 3)
        .sort(),
    ).toEqual(["e1", "e2", "e3"]);
    // 补贴 is in e3's title and body only.
    expect(build().search("补贴")[0]?.id).toBe("e3");
  });

  it("matches English with stemming", () => {
    const s = build();
    s.add({
      id: "x1",
      title: "Broken street lights",
      body: "Several lights are broken near the park.",
    });
    expect(s.search("light")[0]?.id).toBe("x1");
    expect(s.search("breaking")).toEqual([]);
  });

  it("supports upsert, remove, filter and limit", () => {
    const s = build();
    s.add({ id: "e1", title: "改成停车问题", body: "停车位不够" });
    expect(s.size).toBe(SUGGESTIONS.length);
    expect(s.search("停车位")[0]?.id).toBe("e1");
    expect(s.remove("e1")).toBe(true);
    expect(s.remove("e1")).toBe(false);
    expect(s.search("停车位")).toEqual([]);
    expect(s.search("学位", { filter: (id) => id !== "s1" }).map((h) => h.id)).not.toContain("s1");
    expect(s.search("学位", { limit: 1 })).toHaveLength(1);
  });

  it("round-trips through JSON with the same tokenizer", () => {
    const s = build();
    const loaded = SearchIndex.load(JSON.stringify(s.toJSON()));
    expect(loaded.search("噪音扰民")).toEqual(s.search("噪音扰民"));
    expect(loaded.search("噪音扰民").length).toBeGreaterThan(0);
  });
});

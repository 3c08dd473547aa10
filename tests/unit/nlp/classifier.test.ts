import { describe, expect, it } from "vitest";
import {
  categoryTreeFromPaths,
  categoryTreeSamples,
  loadClassifier,
  NLP_CONFIG,
  predictDepartment,
  trainClassifier,
} from "~/nlp";
import { SUGGESTIONS } from "./fixtures";

const samples = SUGGESTIONS.map((s) => ({ text: s.body, title: s.title, label: s.label }));

describe("trainClassifier", () => {
  it("learns the fixture categories", () => {
    const model = trainClassifier(samples);
    expect(model.predict("小区噪音扰民，工地夜间施工").label).toBe("环境保护");
    expect(model.predict("孩子上学学位不够", "入学难").label).toBe("教育文体");
    const p = model.predict("养老金和医保什么时候调整");
    expect(p.label).toBe("劳动和社会保障");
    expect(p.alternatives).toHaveLength(3);
    expect(p.alternatives[0]).toEqual({ label: p.label, confidence: p.confidence });
    const total = p.alternatives.reduce((s, a) => s + a.confidence, 0);
    expect(total).toBeLessThanOrEqual(1 + 1e-9);
    expect(p.confidence).toBeGreaterThan(p.alternatives[1]!.confidence);
    expect(p.version).toBe(NLP_CONFIG.version);
  });

  it("is deterministic: same samples, same model bytes", () => {
    const a = JSON.stringify(trainClassifier(samples));
    const b = JSON.stringify(trainClassifier(samples));
    expect(a).toBe(b);
    const c = JSON.stringify(trainClassifier(samples, { seed: 7 }));
    expect(c).not.toBe(a);
  });

  it("round-trips through toJSON/loadClassifier with identical predictions", () => {
    const model = trainClassifier(samples);
    const loaded = loadClassifier(JSON.stringify(model.toJSON()));
    for (const text of ["加装电梯审批", "渣土车扬尘", "公积金贷款"]) {
      expect(loaded.predict(text)).toEqual(model.predict(text));
    }
    expect(JSON.stringify(loaded)).toBe(JSON.stringify(model));
    expect(() => loadClassifier({ ...model.toJSON(), bias: [] })).toThrow();
    // A softer temperature keeps the ranking and lowers the confidence.
    const softer = loadClassifier({ ...model.toJSON(), temperature: 0.2 });
    expect(softer.predict("加装电梯审批").label).toBe(model.predict("加装电梯审批").label);
    expect(softer.predict("加装电梯审批").confidence).toBeLessThan(
      model.predict("加装电梯审批").confidence,
    );
  });

  it("unlabeled texts only add to the idf: same vocabulary, same labels", () => {
    const plain = trainClassifier(samples).toJSON();
    const more = trainClassifier(samples, {
      unlabeled: [
        { text: "小区噪音扰民，夜间施工", title: "噪音" },
        { text: "公积金贷款额度怎么算" },
      ],
    }).toJSON();
    expect(more.vocabulary).toEqual(plain.vocabulary);
    expect(more.labels).toEqual(plain.labels);
    expect(more.idf).not.toEqual(plain.idf);
    expect(more.kind).toBe("minyi-linear-v2");
  });

  it("loads a v1 model (no character features) and predicts with it", () => {
    const json = trainClassifier(samples).toJSON();
    const v1 = loadClassifier({ ...json, kind: "minyi-linear-v1" });
    expect(v1.toJSON().kind).toBe("minyi-linear-v1");
    expect(v1.predict("加装电梯审批").alternatives).toHaveLength(3);
    expect(() => loadClassifier({ ...json, kind: "other" as "minyi-linear-v2" })).toThrow(/kind/);
  });

  it("refuses to train on nothing", () => {
    expect(() => trainClassifier([])).toThrow();
  });
});

describe("the category tree as training", () => {
  const paths = [
    ["城乡建设", "物业管理", "物业费收缴"],
    ["城乡建设", "物业管理", "维修基金"],
    ["城乡建设", "城管执法"],
    [" 城乡建设 ", "城管执法", ""],
    ["卫生计生", "医疗服务"],
    ["教育文体", "体育场馆"],
    ["政法", "社会治安"],
  ];
  const labels = new Set(["城乡建设", "卫生计生", "教育文体", "劳动和社会保障", "环境保护"]);

  it("builds one tree from name paths, merging shared prefixes and marking the classes", () => {
    const tree = categoryTreeFromPaths(paths, labels);
    expect(tree.map((n) => [n.name, n.label])).toEqual([
      ["城乡建设", "城乡建设"],
      ["卫生计生", "卫生计生"],
      ["教育文体", "教育文体"],
      ["政法", null],
    ]);
    const urban = tree[0]!;
    expect(urban.children?.map((c) => c.name)).toEqual(["物业管理", "城管执法"]);
    expect(urban.children?.[0]?.children?.map((c) => c.name)).toEqual(["物业费收缴", "维修基金"]);
    expect(urban.children?.[1]?.children).toEqual([]);
  });

  it("says what each class covers: leaves with their parent, inner nodes with their children", () => {
    const docs = categoryTreeSamples(categoryTreeFromPaths(paths, labels));
    expect(docs).toEqual([
      { title: "物业管理", text: "物业费收缴 维修基金", label: "城乡建设" },
      { title: "物业费收缴", text: "物业管理 物业费收缴", label: "城乡建设" },
      { title: "维修基金", text: "物业管理 维修基金", label: "城乡建设" },
      { title: "城管执法", text: "城乡建设 城管执法", label: "城乡建设" },
      { title: "医疗服务", text: "卫生计生 医疗服务", label: "卫生计生" },
      { title: "体育场馆", text: "教育文体 体育场馆", label: "教育文体" },
    ]);
    // A class below a class keeps its own sub-categories; nothing above a class is used.
    const nested = categoryTreeSamples([
      {
        name: "城乡建设",
        children: [
          { name: "住房", label: "housing", children: [{ name: "物业管理" }] },
          { name: "城管执法" },
        ],
      },
    ]);
    expect(nested).toEqual([{ title: "物业管理", text: "住房 物业管理", label: "housing" }]);
  });

  it("teaches a class words no confirmed message has used yet, whatever minDf says", () => {
    const tree = categoryTreeFromPaths(paths, labels);
    const plain = trainClassifier(samples);
    const taught = trainClassifier(samples, { tree });
    const text = "物业公司乱收物业费，维修基金去向不明";
    expect(plain.predict(text).label).not.toBe("城乡建设");
    expect(taught.predict(text).label).toBe("城乡建设");
    expect(taught.predict("体育场馆收费太贵").label).toBe("教育文体");
    expect(taught.vocabulary).toContain("维修基金");
    expect(plain.vocabulary).not.toContain("维修基金");
    // Deterministic like any training.
    expect(JSON.stringify(trainClassifier(samples, { tree }))).toBe(JSON.stringify(taught));
  });
});

describe("predictDepartment", () => {
  const map = { 城乡建设: "housing", 环境保护: "environment", 教育文体: "education" };
  const prediction = {
    label: "城乡建设",
    confidence: 0.7,
    alternatives: [
      { label: "城乡建设", confidence: 0.7 },
      { label: "环境保护", confidence: 0.2 },
      { label: "教育文体", confidence: 0.1 },
    ],
  };

  it("follows the category map without history", () => {
    const d = predictDepartment(prediction, map)!;
    expect(d.departmentId).toBe("housing");
    expect(d.confidence).toBeCloseTo(0.7);
  });

  it("lets reviewers' past choices outvote the map", () => {
    const history = { 城乡建设: { "urban-management": 40, housing: 2 } };
    const d = predictDepartment(prediction, map, history)!;
    expect(d.departmentId).toBe("urban-management");
    expect(d.alternatives.map((a) => a.departmentId)).toContain("housing");
  });

  it("routes unmapped categories by history and returns null with no information", () => {
    const p = { label: "商贸旅游", confidence: 0.9 };
    expect(predictDepartment(p, map, { 商贸旅游: { market: 3 } })?.departmentId).toBe("market");
    expect(predictDepartment(p, map)).toBeNull();
  });
});

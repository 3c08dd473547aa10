import { describe, expect, it } from "vitest";
import {
  charBigrams,
  isNamePiece,
  isStopword,
  labelMaterial,
  labelSegments,
  labelWords,
  tokenize,
  tokenizeForSearch,
} from "~/nlp";

describe("tokenize", () => {
  it("keeps civic terms whole and drops stop words and punctuation", () => {
    const tokens = tokenize("您好，请问加装电梯和医保、公积金的问题怎么办？");
    expect(tokens).toContain("加装电梯");
    expect(tokens).toContain("医保");
    expect(tokens).toContain("公积金");
    expect(tokens).not.toContain("您好");
    expect(tokens).not.toContain("问题");
    expect(tokens).not.toContain("，");
  });

  it("merges anonymised place codes", () => {
    expect(tokenize("A市A3区渣土车夜间施工噪音扰民")).toEqual(
      expect.arrayContaining(["A市", "A3区", "渣土车", "噪音扰民"]),
    );
    // The suffix is not glued to the following name.
    expect(tokenize("A2区丽发新城搅拌站")[0]).toBe("A2区");
  });

  it("stems English words and removes English stop words", () => {
    expect(tokenize("The parking complaints are about the buses")).toEqual([
      "park",
      "complaint",
      "buse",
    ]);
  });

  it("handles mixed text, full-width letters and empty input", () => {
    expect(tokenize("停车位 parking ＳＰＡＣＥＳ")).toEqual(["停车位", "park", "space"]);
    expect(tokenize("")).toEqual([]);
    expect(tokenize("，。！")).toEqual([]);
  });

  it("search mode adds sub-words", () => {
    const t = tokenizeForSearch("加装电梯");
    expect(t).toEqual(expect.arrayContaining(["加装", "电梯", "加装电梯"]));
  });

  it("label words are whole words of at least two characters, unstemmed", () => {
    const words = labelWords("噪音扰民，车 parking problems 很严重 a");
    expect(words).toContain("噪音扰民");
    expect(words).toContain("parking");
    expect(words).not.toContain("车");
    expect(words).not.toContain("严重");
  });

  it("label words leave out place codes", () => {
    expect(labelWords("A3区丽发新城搅拌站")).not.toContain("A3区");
  });

  it("label segments are runs of words split at stop words, punctuation and codes", () => {
    const runs = labelSegments("A3区丽发新城的搅拌站，噪音扰民 noise");
    expect(runs.map((r) => r.join(""))).toEqual(["丽发新城", "搅拌站", "噪音扰民", "noise"]);
    expect(labelMaterial("搅拌站，噪音扰民")).toBe("搅拌站\n噪音扰民");
    expect(labelSegments("")).toEqual([]);
  });

  it("name pieces are single characters and words only the HMM finds", () => {
    expect(isNamePiece("苑")).toBe(true);
    expect(isNamePiece("丽发")).toBe(true);
    expect(isNamePiece("搅拌站")).toBe(false);
    expect(isNamePiece("新城")).toBe(false);
    expect(isNamePiece("noise")).toBe(false);
  });

  it("character bigrams stay within Han runs", () => {
    expect(charBigrams("加装电梯ab医保")).toEqual(["加装", "装电", "电梯", "医保"]);
    expect(charBigrams("车 a")).toEqual(["车"]);
  });

  it("stop word lists cover civic filler in both languages", () => {
    for (const w of [
      "您好",
      "谢谢",
      "希望",
      "领导",
      "请问",
      "问题",
      "情况",
      "相关",
      "部门",
      "市民",
      "反映",
      "the",
    ]) {
      expect(isStopword(w)).toBe(true);
    }
    expect(isStopword("电梯")).toBe(false);
  });
});

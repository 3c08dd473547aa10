import { describe, expect, it } from "vitest";
import { detectLanguage, hanShare, normalize, stripHtml } from "~/nlp";

describe("normalize", () => {
  it("folds full-width digits, letters, punctuation and the ideographic space", () => {
    expect(normalize("ＡＢＣ１２３　ｘｙｚ！")).toBe("ABC123 xyz!");
  });

  it("strips tags, scripts, comments and decodes entities", () => {
    const html =
      '<p>加装<b>电梯</b>&nbsp;&amp;&#x4E00;&#20108;</p><script>alert("x")</script><!-- c -->';
    expect(normalize(html)).toBe("加装 电梯 &一二");
    expect(stripHtml("a &lt;b&gt; c")).toBe("a <b> c");
  });

  it("keeps a literal '<' that is not a tag and unknown entities", () => {
    expect(normalize("3 < 5 &unknownthing; ok")).toBe("3 < 5 &unknownthing; ok");
  });

  it("folds whitespace, drops zero-width characters, turns controls into spaces", () => {
    expect(normalize("  a\t\tb\n\nc\u200b d\u0007e  ")).toBe("a b c d e");
    expect(normalize("加\u200b装")).toBe("加装");
  });

  it("keeps emoji and mixed Chinese/English text", () => {
    expect(normalize("路灯坏了 😡 please fix")).toBe("路灯坏了 😡 please fix");
  });

  it("returns an empty string for empty, null and whitespace input", () => {
    expect(normalize("")).toBe("");
    expect(normalize(null)).toBe("");
    expect(normalize(undefined)).toBe("");
    expect(normalize(" \n\t ")).toBe("");
  });

  it("caps a 100,000-character input at the configured length quickly", () => {
    const long = "噪音扰民".repeat(25_000);
    const t0 = performance.now();
    const out = normalize(long);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(out.length).toBe(20_000);
    expect(normalize(long, { maxLength: 10 })).toBe("噪音扰民噪音扰民噪音");
  });

  it("never splits a surrogate pair when capping", () => {
    const out = normalize("ab😡cd", { maxLength: 3 });
    expect(out).toBe("ab");
  });
});

describe("detectLanguage", () => {
  it("classifies by the share of Han characters", () => {
    expect(detectLanguage("小区门口的路灯坏了很久")).toBe("zh");
    expect(detectLanguage("The street light outside has been broken")).toBe("en");
    expect(detectLanguage("我们小区 parking 太难了")).toBe("mixed");
    expect(detectLanguage("A市A3区加装电梯")).toBe("zh");
  });

  it("treats text without letters as English and computes the share", () => {
    expect(detectLanguage("")).toBe("en");
    expect(detectLanguage("12345 😀")).toBe("en");
    expect(hanShare("ab中文")).toBeCloseTo(0.5);
  });
});

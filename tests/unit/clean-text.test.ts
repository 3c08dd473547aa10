import { describe, expect, it } from "vitest";
import { cleanText } from "../../app/domain/suggestions/clean-text";
import { SubmitSuggestionSchema } from "../../app/domain/suggestions/suggestions.schema";

const draft = {
  title: "建议增开夜间公交线路",
  body: "下夜班的工人很多，建议在火车站到工业园之间增开夜间公交。",
  regionUnitId: "3",
};
const errorsOf = (over: Record<string, string>) => {
  const r = SubmitSuggestionSchema.safeParse({ ...draft, ...over });
  return r.success ? null : r.error.issues.map((i) => `${String(i.path[0])}:${i.message}`);
};

describe("cleanText", () => {
  it("drops control, zero-width and bidi-override characters and lone surrogates", () => {
    expect(cleanText("路灯\u200b不亮\u0000", 100)).toBe("路灯不亮");
    expect(cleanText("\u202eevil\u202c title \u2066x\u2069", 100)).toBe("evil title x");
    expect(cleanText("ab\ud800cd\udc00ef", 100)).toBe("abcdef");
    expect(cleanText("a\r\n\r\n\r\n\r\nb", 100)).toBe("a\n\nb");
  });

  it("cuts in characters, never inside an emoji", () => {
    expect(cleanText("😀".repeat(120), 100)).toBe("😀".repeat(100));
    expect(cleanText("路灯不亮", 2)).toBe("路灯");
  });
});

describe("the submit schema measures the cleaned text", () => {
  it("text of invisible characters only is too short, not an empty title", () => {
    expect(errorsOf({ title: "\u200b".repeat(30) })).toEqual(["title:form.tooShort"]);
    expect(errorsOf({ body: "\u0000".repeat(40) })).toEqual(["body:form.tooShort"]);
  });

  it("counts an emoji as one character and keeps all of an allowed title", () => {
    const title = "😀".repeat(100);
    const parsed = SubmitSuggestionSchema.parse({ ...draft, title });
    expect(parsed.title).toBe(title);
    expect(errorsOf({ title: "😀".repeat(101) })).toEqual(["title:form.tooLong"]);
  });

  it("stores no bidi override or half surrogate", () => {
    const parsed = SubmitSuggestionSchema.parse({
      ...draft,
      title: "建议\u202e增开\ud800夜班公交",
    });
    expect(parsed.title).toBe("建议增开夜班公交");
  });
});

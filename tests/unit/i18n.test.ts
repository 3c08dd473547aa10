import { describe, expect, it } from "vitest";
import { parseLocale, translate } from "../../app/utils/i18n";
import { en } from "../../app/utils/i18n/en";
import { zh } from "../../app/utils/i18n/zh";

describe("i18n", () => {
  it("English has every key of zh-CN and no extra", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it("no English string is left in Chinese, and the other way round", () => {
    const han = /[\u4e00-\u9fff]/;
    const allowedHanInEn = new Set(["nav.switchTo"]);
    for (const [k, v] of Object.entries(en))
      if (!allowedHanInEn.has(k)) expect(v, k).not.toMatch(han);
    for (const [k, v] of Object.entries(zh)) if (k !== "nav.switchTo") expect(v, k).toMatch(han);
  });

  it("placeholders match between catalogs", () => {
    const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(zh) as (keyof typeof zh)[])
      expect(ph(en[key]), key).toEqual(ph(zh[key]));
  });

  it("fills parameters and parses locales", () => {
    expect(translate("en", "common.days", { n: 3 })).toBe("3 days");
    expect(translate("zh-CN", "common.days", { n: 3 })).toBe("3 天");
    expect(parseLocale("en")).toBe("en");
    expect(parseLocale("zh")).toBe("zh-CN");
    expect(parseLocale("fr")).toBeNull();
  });
});

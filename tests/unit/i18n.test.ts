import { describe, expect, it } from "vitest";
import { formatDate, parseLocale, translate } from "../../app/utils/i18n";
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

describe("formatDate", () => {
  it("gives the day in China Standard Time whatever the machine's zone", () => {
    // 19:00 UTC on 26 November is 03:00 on the 27th in China.
    expect(formatDate("en", "2026-11-26T19:00:00Z")).toBe("11/27/2026");
    expect(formatDate("zh-CN", new Date("2026-11-26T15:59:59Z"))).toBe("2026/11/26");
    expect(formatDate("en", null)).toBe("");
  });
});

import { describe, expect, it } from "vitest";
import { safeRedirect } from "../../app/utils/safe-redirect";

describe("safeRedirect", () => {
  it("keeps paths on this site, with their query and fragment", () => {
    expect(safeRedirect("/console/review?sort=age#top", "/console")).toBe(
      "/console/review?sort=age#top",
    );
    expect(safeRedirect("/console/suggestions/12", "/console")).toBe("/console/suggestions/12");
  });

  it("refuses every way of naming another origin", () => {
    for (const to of [
      "//evil.example",
      "/\\evil.example",
      "/\\/evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "evil.example",
      "",
      null,
      42,
    ]) {
      expect(safeRedirect(to, "/console"), JSON.stringify(to)).toBe("/console");
    }
  });
});

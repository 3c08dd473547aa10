import { describe, expect, it } from "vitest";
import { argList, parseArgs, parseJsonl, percentile, table } from "../../../scripts/lib/cli";

describe("nlp CLI helpers", () => {
  it("parses flags, values and positionals", () => {
    const a = parseArgs([
      "similar",
      "--k",
      "3",
      "--exclude-self",
      "--id-field=留言编号",
      "--",
      "x",
    ]);
    expect(a._).toEqual(["similar", "x"]);
    expect(a.k).toBe("3");
    expect(a["exclude-self"]).toBe(true);
    expect(a["id-field"]).toBe("留言编号");
    expect(argList(parseArgs(["--sizes", "10k,1m"]), "sizes", [])).toEqual([10_000, 1_000_000]);
  });

  it("keeps one record per non-blank line, bad lines included", () => {
    const rows = parseJsonl('{"a":1}\n\nnot json\n[1]\r\n{"b":2}\n');
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual({ a: 1 });
    expect(rows[1]?.__error).toBeTruthy();
    expect(rows[2]?.__error).toBe("not an object");
    expect(rows[3]).toEqual({ b: 2 });
  });

  it("computes percentiles and aligns tables with wide characters", () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    const t = table([
      ["名称", "x"],
      ["ab", "y"],
    ]).split("\n");
    // 名称 takes four columns but two UTF-16 units, so "x" sits two units before "y".
    expect(t[0]!.indexOf("x") + 2).toBe(t[1]!.indexOf("y"));
  });
});

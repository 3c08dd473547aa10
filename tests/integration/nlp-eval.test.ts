/**
 * The evaluation (`npm run nlp:eval`, scripts/nlp-eval.ts) run as a real process on a
 * small hand-written data directory laid out like ../shared/data: the category part
 * writes its figures as JSON and, with --learning-curve, the accuracy when each training
 * fold keeps a quarter, a half and three quarters of its rows.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.setConfig({ testTimeout: 120_000 });

const ROOT = resolve(__dirname, "../..");
const TSX = join(ROOT, "node_modules/.bin/tsx");
let dir = "";

// Two classes with their own vocabulary (the first word in every message of its class),
// ten messages each (five folds of two).
const ROADS = [
  "交通",
  "道路",
  "公交",
  "红绿灯",
  "停车",
  "地铁",
  "路口",
  "车站",
  "高速",
  "堵车",
  "斑马线",
];
const SCHOOLS = [
  "教育",
  "学校",
  "老师",
  "学生",
  "幼儿园",
  "课程",
  "考试",
  "校车",
  "作业",
  "教室",
  "招生",
];

function message(label: string, words: readonly string[], i: number) {
  const a = words[1 + (i % 10)]!;
  const b = words[1 + ((i + 3) % 10)]!;
  return {
    留言主题: `关于${a}的问题`,
    留言详情: `我们小区附近的${a}和${b}问题很多，${words[0]}部门请尽快处理。`,
    一级标签: label,
  };
}

function evaluate(...extra: string[]) {
  const out = join(dir, `out-${extra.length}`);
  const r = spawnSync(
    TSX,
    ["scripts/nlp-eval.ts", "--data", dir, "--out", out, "--only", "categories", ...extra],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, DOTENV_CONFIG_QUIET: "true" } },
  );
  const json = r.status === 0 ? JSON.parse(readFileSync(join(out, "nlp-eval.json"), "utf8")) : null;
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", json };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "minyi-nlp-eval-"));
  mkdirSync(join(dir, "tipdm2020c"));
  const rows = [
    ...Array.from({ length: 10 }, (_, i) => message("交通运输", ROADS, i)),
    ...Array.from({ length: 10 }, (_, i) => message("教育文体", SCHOOLS, i)),
  ];
  writeFileSync(
    join(dir, "tipdm2020c/labeled_dev.jsonl"),
    `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`,
  );
  const taxonomy = [
    { 一级分类: "交通运输", 二级分类: "公共交通", 三级分类: "公交" },
    { 一级分类: "教育文体", 二级分类: "教育", 三级分类: "幼儿园" },
  ];
  writeFileSync(
    join(dir, "tipdm2020c/fj1_taxonomy.jsonl"),
    `${taxonomy.map((r) => JSON.stringify(r)).join("\n")}\n`,
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run nlp:eval, categories", () => {
  it("reports accuracy without a learning curve unless asked", () => {
    const r = evaluate();
    expect(r.status, r.stderr).toBe(0);
    expect(r.json.categories.samples).toBe(20);
    expect(r.json.categories.accuracy).toBe(1);
    expect(r.json.categories.learningCurve).toBeUndefined();
    expect(r.stdout).not.toContain("training rows a fold");
  });

  it("--learning-curve trains on growing shares of each fold", () => {
    const r = evaluate("--learning-curve");
    expect(r.status, r.stderr).toBe(0);
    const curve = r.json.categories.learningCurve as Array<{
      fraction: number;
      trainingRows: number;
      accuracy: number;
    }>;
    expect(curve.map((p) => p.fraction)).toEqual([0.25, 0.5, 0.75, 1]);
    // 16 training rows a fold, cut to 4, 8 and 12.
    expect(curve.map((p) => p.trainingRows)).toEqual([4, 8, 12, 16]);
    expect(curve.at(-1)?.accuracy).toBe(r.json.categories.accuracy);
    for (const p of curve) expect(p.accuracy).toBeGreaterThanOrEqual(0);
    expect(r.stdout).toContain("accuracy with 8 training rows a fold");
  });
});

/**
 * The operators' text-engine CLI (`npm run nlp -- <command>`, scripts/nlp.ts) run as a real
 * process on small hand-written JSONL files: stdout is JSONL only (one line per input
 * line, in input order; `hot` one line per topic), logs go to stderr, field names are
 * configurable, and bad input ends with a clear message and a non-zero exit code.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Each run starts tsx and loads jieba: seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 120_000 });

const ROOT = resolve(__dirname, "../..");
const TSX = join(ROOT, "node_modules/.bin/tsx");
let dir = "";

function file(name: string, lines: Array<Record<string, unknown> | string>): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `${lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n")}\n`,
  );
  return path;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  lines: Array<Record<string, unknown>>;
}

function nlp(...args: string[]): Run {
  const r = spawnSync(TSX, ["scripts/nlp.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, DOTENV_CONFIG_QUIET: "true" },
  });
  const stdout = r.stdout ?? "";
  const raw = stdout.split("\n").filter((l) => l !== "");
  // JSONL only: every stdout line is one JSON object (this throws otherwise).
  const lines = raw.map((l) => {
    const v = JSON.parse(l) as unknown;
    if (!v || typeof v !== "object" || Array.isArray(v)) throw new Error(`not an object: ${l}`);
    return v as Record<string, unknown>;
  });
  return { status: r.status, stdout, stderr: r.stderr ?? "", lines };
}

// Custom field names throughout (a board export keeps its own column names).
const FIELDS = [
  "--id-field",
  "编号",
  "--title-field",
  "主题",
  "--body-field",
  "详情",
  "--label-field",
  "类别",
];

const TRAIN = [
  ["t1", "小区旁工地夜间施工噪音扰民", "工地每天晚上十二点还在施工，噪音太大无法休息", "环境保护"],
  ["t2", "化工厂排放废气污染严重", "工厂烟囱排放刺鼻废气，空气污染，河水也被污染", "环境保护"],
  ["t3", "河道黑臭水体无人治理", "河里的水又黑又臭，垃圾漂浮，污染环境", "环境保护"],
  ["t4", "餐馆油烟扰民", "楼下餐馆油烟直排，污染空气，噪音也大", "环境保护"],
  ["t5", "孩子入学学位紧张", "片区小学学位不够，孩子上学难，入学怎么办", "教育文体"],
  ["t6", "学校违规补课收费", "中学周末组织补课并收取费用，加重学生负担", "教育文体"],
  ["t7", "幼儿园收费太高", "民办幼儿园学费一年涨了很多，家长负担重", "教育文体"],
  ["t8", "小学放学时间太早", "小学三点半放学，家长没法接孩子，希望学校开设课后服务", "教育文体"],
  ["t9", "养老保险缴费年限咨询", "我交了十二年养老保险，退休后养老金怎么领取", "劳动和社会保障"],
  ["t10", "公司拖欠工资三个月", "公司拖欠农民工工资三个月，劳动合同也不签", "劳动和社会保障"],
  ["t11", "医保异地报销流程", "在外地住院，医保异地就医报销需要什么材料", "劳动和社会保障"],
  ["t12", "失业保险金申领", "失业后如何申领失业保险金，社保要交满多久", "劳动和社会保障"],
].map(([id, title, body, label]) => ({ 编号: id, 主题: title, 详情: body, 类别: label }));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "minyi-nlp-cli-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("npm run nlp -- score-pairs", () => {
  it("writes one {score} per pair in input order, identical > paraphrase > unrelated", () => {
    const pairs = file("pairs.jsonl", [
      { sentence1: "公积金怎么提取", sentence2: "公积金怎么提取" },
      { sentence1: "今天天气怎么样", sentence2: "公积金贷款利率是多少" },
      { sentence1: "公积金怎么提取？", sentence2: "如何提取住房公积金" },
    ]);
    const r = nlp("score-pairs", "--in", pairs);
    expect(r.status).toBe(0);
    expect(r.lines).toHaveLength(3);
    const s = r.lines.map((l) => l.score as number);
    for (const x of s) {
      expect(Object.keys(r.lines[0]!)).toEqual(["score"]);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
    expect(s[0]).toBeGreaterThan(s[2]!);
    expect(s[2]).toBeGreaterThan(s[1]!);
  });

  it("keeps a malformed line in place as an error, names it on stderr and exits 1", () => {
    const pairs = file("pairs-bad.jsonl", [
      { sentence1: "公积金怎么提取", sentence2: "如何提取公积金" },
      '{"sentence1": "broken',
      { sentence1: "医保", sentence2: "医保卡" },
    ]);
    const r = nlp("score-pairs", "--in", pairs);
    expect(r.status).toBe(1);
    expect(r.lines).toHaveLength(3);
    expect(r.lines[0]!.score).toEqual(expect.any(Number));
    expect(String(r.lines[1]!.error)).toMatch(/line 2/);
    expect(r.lines[2]!.score).toEqual(expect.any(Number));
    expect(r.stderr).toMatch(/pairs-bad\.jsonl line 2/);
  });
});

describe("npm run nlp -- classify", () => {
  it("trains and predicts with custom field names, ids in input order", () => {
    const train = file("train.jsonl", TRAIN);
    const input = file("classify-in.jsonl", [
      { 编号: "q-edu", 主题: "学校补课收费", 详情: "学校假期组织学生补课，还要收费" },
      { 编号: "q-env", 主题: "工厂废气污染", 详情: "附近工厂排放废气，空气污染严重" },
      { 编号: "q-soc", 主题: "养老保险怎么交", 详情: "养老保险断缴了，退休时养老金怎么算" },
    ]);
    const r = nlp("classify", "--train", train, "--in", input, ...FIELDS);
    expect(r.status).toBe(0);
    expect(r.lines.map((l) => l.id)).toEqual(["q-edu", "q-env", "q-soc"]);
    expect(r.lines.map((l) => l.label)).toEqual(["教育文体", "环境保护", "劳动和社会保障"]);
    for (const l of r.lines) {
      expect(l.confidence).toBeGreaterThan(0);
      expect(l.confidence).toBeLessThanOrEqual(1);
    }
    expect(r.stderr).toMatch(/trained on 12 samples/);
  });

  it("learns from a category tree given as name paths (--tree)", () => {
    const train = file("train-tree.jsonl", TRAIN);
    // One path a line, in the shape of fj1_taxonomy.jsonl; 城乡建设 has no training message.
    const tree = file("tree.jsonl", [
      { 一级分类: "环境保护", 二级分类: "环境污染", 三级分类: "噪声污染" },
      { 一级分类: "教育文体", 二级分类: "体育", 三级分类: "体育场馆" },
      { 一级分类: "城乡建设", 二级分类: "物业管理", 三级分类: "维修基金" },
    ]);
    const input = file("classify-tree-in.jsonl", [
      { 编号: "q1", 主题: "体育场馆开放时间", 详情: "体育场馆开放时间" },
      { 编号: "q2", 主题: "广场舞噪声", 详情: "广场舞噪声" },
    ]);
    const plain = nlp("classify", "--train", train, "--in", input, ...FIELDS);
    const taught = nlp("classify", "--train", train, "--in", input, "--tree", tree, ...FIELDS);
    expect(taught.status).toBe(0);
    expect(taught.stderr).toMatch(/trained on 12 samples and the category tree/);
    expect(plain.lines.map((l) => l.label)).toEqual(["劳动和社会保障", "劳动和社会保障"]);
    expect(taught.lines.map((l) => l.label)).toEqual(["教育文体", "环境保护"]);
    const missing = nlp(
      "classify",
      "--train",
      train,
      "--in",
      input,
      "--tree",
      join(dir, "none"),
      ...FIELDS,
    );
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/--tree .*no such file/);
  });

  it("fails clearly when no training record has the label field", () => {
    const train = file("train-nolabel.jsonl", [{ 编号: "x", 主题: "a", 详情: "b" }]);
    const input = file("classify-in2.jsonl", [{ 编号: "q", 主题: "a", 详情: "b" }]);
    const r = nlp("classify", "--train", train, "--in", input, ...FIELDS);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/no record has a "类别" label/);
  });
});

describe("npm run nlp -- similar", () => {
  it("indexes the corpus and answers each query in order, with its own time", () => {
    const corpus = file("corpus.jsonl", [
      ...TRAIN,
      {
        编号: "dup",
        主题: "万家丽南路丽发新城搅拌站噪音扰民",
        详情: "丽发新城小区旁边的混凝土搅拌站日夜施工，噪音和粉尘严重影响居民休息",
      },
    ]);
    const queries = file("queries.jsonl", [
      {
        编号: "d1",
        主题: "丽发新城附近搅拌站扰民",
        详情: "丽发新城旁的搅拌站日夜施工，粉尘和噪音让居民无法休息，请求处理",
      },
      { 编号: "d2", 主题: "公司拖欠工资", 详情: "公司拖欠工资三个月，劳动合同也没有签" },
    ]);
    const r = nlp("similar", "--corpus", corpus, "--queries", queries, "--k", "3", ...FIELDS);
    expect(r.status).toBe(0);
    expect(r.lines.map((l) => l.id)).toEqual(["d1", "d2"]);
    const first = r.lines[0]!.matches as Array<{ id: string; score: number }>;
    expect(first.length).toBeLessThanOrEqual(3);
    expect(first[0]!.id).toBe("dup");
    expect((r.lines[1]!.matches as Array<{ id: string }>)[0]!.id).toBe("t10");
    for (const l of r.lines) expect(l.ms).toEqual(expect.any(Number));
    expect(r.stderr).toMatch(/docs\/s/);
  });
});

describe("npm run nlp -- cluster and hot", () => {
  const docs = [
    ["c1", "丽发新城搅拌站噪音扰民", "丽发新城旁边搅拌站日夜施工噪音扰民", "2019-08-01", 5],
    ["c2", "公积金贷款额度咨询", "公积金贷款额度怎么计算，缴存基数是多少", "2019-08-02", 0],
    ["c3", "丽发新城搅拌站粉尘污染", "丽发新城附近搅拌站粉尘大，噪音扰民", "2019-08-20", 12],
    ["c4", "公积金贷款能贷多少", "公积金贷款额度和缴存基数有什么关系", "2019-08-03", 1],
    ["c5", "投诉丽发新城搅拌站", "丽发新城搅拌站夜间施工噪音，粉尘污染", "2019-08-21", 30],
  ].map(([id, title, body, time, likes]) => ({
    编号: id,
    主题: title,
    详情: body,
    时间: time,
    点赞: likes,
  }));

  it("cluster writes {id, cluster, label} per line in order; same topic, same cluster", () => {
    const input = file("cluster.jsonl", docs);
    const r = nlp("cluster", "--in", input, ...FIELDS);
    expect(r.status).toBe(0);
    expect(r.lines.map((l) => l.id)).toEqual(["c1", "c2", "c3", "c4", "c5"]);
    const c = Object.fromEntries(r.lines.map((l) => [l.id as string, l.cluster]));
    expect(c.c1).toBe(c.c3);
    expect(c.c1).toBe(c.c5);
    expect(c.c2).toBe(c.c4);
    expect(c.c1).not.toBe(c.c2);
    expect(String(r.lines[0]!.label)).toContain("丽发新城");
  });

  it("hot ranks topics with custom likes and time fields", () => {
    const input = file("hot.jsonl", docs);
    const r = nlp("hot", "--in", input, "--likes-field", "点赞", "--time-field", "时间", ...FIELDS);
    expect(r.status).toBe(0);
    expect(r.lines.length).toBe(2);
    expect(r.lines[0]!.ids).toEqual(expect.arrayContaining(["c1", "c3", "c5"]));
    expect(r.lines[0]!.size).toBe(3);
    expect(r.lines[0]!.score as number).toBeGreaterThan(r.lines[1]!.score as number);
    expect(String(r.lines[0]!.label)).toContain("丽发新城");
    for (const l of r.lines) {
      for (const key of ["cluster", "label", "size", "score", "ids"]) expect(l).toHaveProperty(key);
    }
  });
});

describe("bad input", () => {
  it("a missing file is a clear error with exit 1 and nothing on stdout", () => {
    const r = nlp("cluster", "--in", join(dir, "does-not-exist.jsonl"));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/error: --in .*does-not-exist\.jsonl: no such file/);
  });

  it("a malformed training or corpus file stops the run", () => {
    const bad = file("bad-corpus.jsonl", [{ 编号: "a", 主题: "x", 详情: "y" }, "not json"]);
    const q = file("q.jsonl", [{ 编号: "q", 主题: "x", 详情: "y" }]);
    const r = nlp("similar", "--corpus", bad, "--queries", q, ...FIELDS);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/--corpus .*bad-corpus\.jsonl line 2/);
  });

  it("an empty file, a missing option and an unknown command fail", () => {
    const empty = file("empty.jsonl", []);
    expect(nlp("cluster", "--in", empty).stderr).toMatch(/no JSONL records/);
    const missing = nlp("classify", "--in", empty);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/missing --train/);
    const unknown = nlp("frobnicate");
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/usage/);
  });
});

/**
 * Bulk import from other channels: per-row validation with line numbers, good rows imported
 * through the submit command, duplicates flagged, and re-imports that add nothing.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { and, count, eq, gt, like, max } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { pickUpNewSuggestions } from "../../app/domain/bootstrap.server";
import { intelligence, resetIntelligence } from "../../app/domain/intelligence/intelligence.server";
import { csvLine } from "../../app/domain/openness/csv";
import { importKey, importText, parseImportTime } from "../../app/domain/openness/import.server";
import { submitSuggestion } from "../../app/domain/suggestions/submit.server";
import { resetTextIndex, textIndex } from "../../app/domain/suggestions/text-index.server";
import { translate } from "../../app/utils/i18n";
import type { Db } from "../../db/client";
import { events, similarityLinks, suggestionContacts, suggestions } from "../../db/schema";
import { freshDb } from "../setup/test-db";

const dir = mkdtempSync(join(tmpdir(), "minyi-import-"));
const write = (name: string, content: string) => {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
};
const total = (db: Db) => db.select({ n: count() }).from(suggestions).get()!.n;

/** `npm run import` as a separate process, writing hotline rows for c-lj into `db`'s file. */
function importCli(file: string, db: Db) {
  return spawnSync(
    process.execPath,
    ["--import", "tsx", "scripts/import.ts", "--file", file, "--channel", "hotline"].concat([
      "--unit",
      "c-lj",
      "--db",
      db.$client.name,
    ]),
    {
      encoding: "utf8",
      env: {
        ...process.env,
        DOTENV_CONFIG_QUIET: "true",
        LOG_LEVEL: "warn",
        SESSION_SECRET: "import-cli-test-secret-0123456789ab",
      },
    },
  );
}

/** A seeded public suggestion to copy, so the duplicate finder has something to find. */
function seededOriginal(db: Db) {
  return db
    .select({
      id: suggestions.id,
      code: suggestions.trackingCode,
      title: suggestions.title,
      body: suggestions.body,
    })
    .from(suggestions)
    .where(and(eq(suggestions.status, "in_progress"), eq(suggestions.publishConsent, true)))
    .get()!;
}

function fixtureCsv(original: { title: string; body: string }) {
  const header = csvLine(["来电编号", "标题", "来电内容", "来电时间", "联系电话", "分类"]);
  return (
    header +
    csvLine([
      "H-001",
      "江北区沿江路路灯不亮",
      "沿江路北段的路灯已经连续一周不亮了，夜里步行很危险，请尽快维修。",
      "2026-05-02 09:15",
      "13912345678",
      "城乡建设",
    ]) + // line 2: good
    csvLine(["H-002", "太短", "太短了", "2026-05-02 10:00", "", ""]) + // line 3: body too short
    csvLine([
      "H-003",
      "时间不对的来电",
      "来电时间这一栏填错了，但内容本身是完整的一条建议。",
      "上周三",
      "",
      "",
    ]) + // line 4: bad time
    csvLine([
      "H-004",
      "多行的来信",
      "第一段：学校门口早晚高峰拥堵。\n第二段：建议设置临时停车带。",
      "2026-05-03 08:00",
      "",
      "education",
    ]) + // lines 5–6: good, quoted
    '"H-005","列数不对","只有三列"\r\n' + // line 7: wrong number of columns
    csvLine([
      "H-006",
      "未知分类的来电",
      "这一条来电的分类在我们的分类体系里不存在。",
      "2026-05-04 11:00",
      "",
      "火星事务",
    ]) + // line 8: unknown category
    csvLine(["H-007", original.title, `${original.body}谢谢。`, "2026-05-05 16:20", "", ""]) + // line 9: a near-copy
    csvLine([
      "H-008",
      "号码不对的来电",
      "来电人的电话号码记录错了，但建议内容是完整的。",
      "2026-05-06 09:00",
      "12345",
      "",
    ]) + // line 10: bad phone
    csvLine([
      "H-009",
      "未来的来电",
      "这一条的来电时间在将来，显然是录入错误。",
      "2099-01-01 09:00",
      "",
      "",
    ]) + // line 11: future
    csvLine([
      "H-010",
      "）",
      "没有标题的来电，标题只有一个括号，应从正文生成标题。",
      "2026-05-07 10:30",
      "",
      "",
    ]) // line 12: good, title derived
  );
}

const options = { format: "csv" as const, channel: "hotline" as const, unitId: 3 };

beforeEach(() => {
  // The duplicate finder's in-memory index belongs to one database.
  resetTextIndex();
});

describe("importing a CSV file from the hotline", () => {
  it("reports bad rows with their line numbers while the good rows are imported", async () => {
    const db = freshDb();
    const original = seededOriginal(db);
    const before = total(db);
    const report = await importText(fixtureCsv(original), options, {}, db);

    expect(report.total).toBe(10);
    expect(report.invalid.map((i) => [i.line, i.reason])).toEqual([
      [3, "import.reason.tooShort"],
      [4, "import.reason.badTime"],
      [7, "import.reason.columns"],
      [8, "import.reason.unknownCategory"],
      [10, "import.reason.badPhone"],
      [11, "import.reason.futureTime"],
    ]);
    // Reasons read as sentences in both languages.
    const bad = report.invalid.find((i) => i.line === 3)!;
    expect(translate("en", bad.reason, bad.params)).toBe(
      "来电内容 is too short (at least 5 characters)",
    );
    expect(translate("zh-CN", report.invalid[2]!.reason, report.invalid[2]!.params)).toBe(
      "列数不对：应为 6 列，实际 3 列",
    );
    expect(report.imported).toBe(4);
    expect(report.warnings).toEqual([{ line: 12, reason: "import.warn.titleDerived" }]);
    expect(total(db)).toBe(before + 4);

    const rows = db
      .select()
      .from(suggestions)
      .where(like(suggestions.idempotencyKey, "import:%"))
      .all();
    expect(rows.every((r) => r.channel === "hotline")).toBe(true);
    expect(rows.map((r) => r.title).sort()).toEqual(
      [
        "多行的来信",
        "江北区沿江路路灯不亮",
        original.title,
        "没有标题的来电，标题只有一个括号，应从正文生成标题。",
      ].sort(),
    );
    const multi = rows.find((r) => r.title === "多行的来信")!;
    expect(multi.body).toBe("第一段：学校门口早晚高峰拥堵。\n第二段：建议设置临时停车带。");
    // Times without a zone are China time.
    const lamp = rows.find((r) => r.title === "江北区沿江路路灯不亮")!;
    expect(lamp.submittedAt.toISOString()).toBe("2026-05-02T01:15:00.000Z");
    expect(lamp.unitId).toBe(3);
    expect(lamp.publishConsent).toBe(false);
    expect(lamp.status).toBe("submitted");
    // The phone number goes to the contact table, not into the text.
    expect(
      db.select().from(suggestionContacts).where(eq(suggestionContacts.suggestionId, lamp.id)).get()
        ?.phone,
    ).toBe("13912345678");
    const event = db
      .select()
      .from(events)
      .where(and(eq(events.suggestionId, lamp.id), eq(events.type, "submitted")))
      .get()!;
    expect(event.data).toMatchObject({ channel: "hotline", import: { externalId: "H-001" } });
  });

  it("flags a near-copy of an existing suggestion as a duplicate", async () => {
    const db = freshDb();
    const original = seededOriginal(db);
    const report = await importText(fixtureCsv(original), options, {}, db);
    expect(report.duplicates).toHaveLength(1);
    const dup = report.duplicates[0]!;
    expect(dup).toMatchObject({ line: 9, duplicateOf: original.code });
    expect(dup.score).toBeGreaterThan(0.5);
    const created = db
      .select({ id: suggestions.id })
      .from(suggestions)
      .where(eq(suggestions.trackingCode, dup.trackingCode!))
      .get()!;
    const links = db
      .select()
      .from(similarityLinks)
      .where(eq(similarityLinks.suggestionId, created.id))
      .all();
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ otherId: original.id, verdict: "duplicate" });
  });

  it("adds nothing when the same rows are imported again, from the same or another file", async () => {
    const db = freshDb();
    const original = seededOriginal(db);
    const csv = fixtureCsv(original);
    const first = await importText(csv, options, {}, db);
    const after = total(db);
    const links = db.select({ n: count() }).from(similarityLinks).get()!.n;

    const again = await importText(csv, options, {}, db);
    expect(again.imported).toBe(0);
    expect(again.alreadyImported).toBe(first.imported);
    expect(again.duplicates).toHaveLength(0);
    expect(total(db)).toBe(after);
    expect(db.select({ n: count() }).from(similarityLinks).get()!.n).toBe(links);

    // The same rows as JSONL, in another order, with other keys order: still nothing new.
    const lines = csv.trim().split("\r\n");
    expect(lines.length).toBeGreaterThan(2);
    const jsonl = [
      JSON.stringify({
        来电时间: "2026-05-02 09:15",
        来电内容: "沿江路北段的路灯已经连续一周不亮了，夜里步行很危险，请尽快维修。",
        标题: "江北区沿江路路灯不亮",
        来电编号: "H-001",
      }),
      "",
      JSON.stringify({
        来电编号: "H-004",
        标题: "多行的来信",
        来电内容: "第一段：学校门口早晚高峰拥堵。\n第二段：建议设置临时停车带。",
        来电时间: "2026/5/3 8:00:00",
      }),
    ].join("\n");
    const third = await importText(jsonl, { ...options, format: "jsonl" }, {}, db);
    expect(third).toMatchObject({ total: 2, imported: 0, alreadyImported: 2 });
    expect(total(db)).toBe(after);
  });

  it("keys rows by content and channel, not by file or line", () => {
    const row = {
      externalId: "H-1",
      title: "标题",
      body: "正文内容",
      time: new Date("2026-05-01T00:00:00Z"),
    };
    expect(importKey("hotline", row)).toBe(importKey("hotline", { ...row }));
    expect(importKey("hotline", row)).not.toBe(importKey("letter", row));
    expect(importKey("hotline", row)).not.toBe(importKey("hotline", { ...row, body: "别的内容" }));
  });
});

describe("npm run import", () => {
  it("imports a file with a progress bar and a report; the second run adds nothing", () => {
    const db = freshDb();
    const original = seededOriginal(db);
    const file = write("hotline.csv", fixtureCsv(original));
    const before = total(db);
    const run = () => importCli(file, db);
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/import \[#{30}\] 10\/10 100%/);
    expect(first.stderr).toMatch(/imported\s+4\n/);
    expect(first.stderr).toMatch(/invalid \(not imported\)\s+6\n/);
    expect(first.stderr).toMatch(/flagged as duplicates\s+1\n/);
    expect(first.stderr).toContain("line 3: 来电内容 is too short (at least 5 characters)");
    expect(first.stderr).toContain(`duplicates ${original.code}`);
    expect(total(db)).toBe(before + 4);

    const second = run();
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/imported\s+0\n/);
    expect(second.stderr).toMatch(/already imported \(skipped\)\s+4\n/);
    expect(total(db)).toBe(before + 4);
  }, 120_000);
});

describe("a running server and the import command", () => {
  it("picks up what another process imported: search, duplicate finder and topics", () => {
    const db = freshDb();
    // This process plays the running server: its indexes are built from the database.
    resetTextIndex();
    resetIntelligence();
    textIndex().build(db);
    intelligence().build(db);
    const file = write("server-hotline.csv", fixtureCsv(seededOriginal(db)));
    const lastBefore = db
      .select({ id: max(suggestions.id) })
      .from(suggestions)
      .get()!.id!;
    const run = importCli(file, db);
    expect(run.status, run.stderr).toBe(0);
    const imported = db
      .select({ id: suggestions.id })
      .from(suggestions)
      .where(gt(suggestions.id, lastBefore))
      .all()
      .map((r) => r.id);
    expect(imported).toHaveLength(4);
    expect(textIndex().verify(db).missing).toBe(4);
    // A citizen submits through this server before it looks: its own row is indexed at once,
    // and the imported ones, stored before it, are still picked up (in slices of 3 here).
    const own = submitSuggestion(
      {
        title: "建议在小区门口增设快递柜",
        body: "小区快递经常堆在门口，丢件很多，建议物业在小区门口增设智能快递柜。",
        regionUnitId: 3,
        contactName: undefined,
        contactPhone: undefined,
        contactEmail: undefined,
        anonymous: false,
        publishConsent: true,
      },
      { channel: "web" },
      db,
    );
    expect(own.id).toBeGreaterThan(Math.max(...imported));
    expect(textIndex().verify(db).missing).toBe(4);
    expect(pickUpNewSuggestions(db, 3)).toBe(imported.length + 1);
    expect(textIndex().verify(db)).toMatchObject({ missing: 0, extra: 0, stale: 0 });
    for (const id of imported)
      expect(intelligence().clusterer.clusterOf(String(id)), `topic of ${id}`).toBeDefined();
    // Nothing new: nothing to do.
    expect(pickUpNewSuggestions(db)).toBe(0);
  }, 120_000);
});

describe("importing JSONL", () => {
  it("reports unreadable lines with their line numbers (blank lines count)", async () => {
    const db = freshDb();
    const jsonl = [
      JSON.stringify({
        subject: "公园厕所太少",
        content: "滨湖公园只有一个公共厕所，周末排队很长，建议增设。",
        date: "2026-04-01T08:00:00+08:00",
      }),
      "",
      "{not json",
      "[1,2,3]",
      JSON.stringify({
        subject: "短信来的建议",
        content: "公交卡充值点太少。",
        date: "2026-04-02",
      }),
      JSON.stringify({ subject: "没有正文" }),
    ].join("\n");
    const report = await importText(jsonl, { format: "jsonl", channel: "sms", unitId: 5 }, {}, db);
    expect(report.fields).toMatchObject({ title: "subject", body: "content", time: "date" });
    expect(report.invalid.map((i) => [i.line, i.reason])).toEqual([
      [3, "import.reason.badJson"],
      [4, "import.reason.notObject"],
      [6, "import.reason.missing"],
    ]);
    expect(report.imported).toBe(2);
    expect(
      db
        .select({ channel: suggestions.channel, unitId: suggestions.unitId })
        .from(suggestions)
        .where(like(suggestions.idempotencyKey, "import:%"))
        .all(),
    ).toEqual([
      { channel: "sms", unitId: 5 },
      { channel: "sms", unitId: 5 },
    ]);
  });

  it("uses the field names it is given and refuses ones the file does not have", async () => {
    const db = freshDb();
    const jsonl = JSON.stringify({
      问题: "小区电梯经常坏",
      描述: "我们小区的电梯每个月都要坏两三次，老人出行很困难。",
    });
    const report = await importText(
      jsonl,
      { format: "jsonl", channel: "letter", unitId: 3, titleField: "问题", bodyField: "描述" },
      {},
      db,
    );
    expect(report.imported).toBe(1);
    await expect(
      importText(
        jsonl,
        { format: "jsonl", channel: "letter", unitId: 3, bodyField: "正文" },
        {},
        db,
      ),
    ).rejects.toMatchObject({ reason: "import.error.noField" });
  });

  it("reads the time formats other systems write", () => {
    expect(parseImportTime("2019/2/28 11:25:05")?.toISOString()).toBe("2019-02-28T03:25:05.000Z");
    expect(parseImportTime("2019-02-28T11:25:05Z")?.toISOString()).toBe("2019-02-28T11:25:05.000Z");
    expect(parseImportTime("2019年2月28日 11:25")?.toISOString()).toBe("2019-02-28T03:25:00.000Z");
    expect(parseImportTime("2019-02-30 10:00")).toBeNull();
    expect(parseImportTime("yesterday")).toBeNull();
  });
});

const FJ3 = resolve("../shared/data/tipdm2020c/fj3_hot_messages.jsonl");
const hasFj3 = existsSync(FJ3);

describe("the real messages of ../shared/data", () => {
  it.skipIf(!hasFj3)(
    hasFj3
      ? "imports the 4,326 messages of fj3_hot_messages.jsonl, flags duplicates, and a second run adds nothing"
      : "imports fj3_hot_messages.jsonl — SKIPPED: ../shared/data/tipdm2020c/fj3_hot_messages.jsonl not found",
    async () => {
      const db = freshDb();
      const before = total(db);
      const content = readFileSync(FJ3, "utf8");
      const opts = { format: "jsonl" as const, channel: "import" as const, unitId: 2 };
      let ticks = 0;
      const first = await importText(content, opts, { onProgress: () => ticks++ }, db);
      expect(ticks).toBe(4326);
      expect(first.total).toBe(4326);
      expect(first.fields).toMatchObject({
        title: "留言主题",
        body: "留言详情",
        time: "留言时间",
        id: "留言编号",
      });
      // One message is longer than 5,000 characters: reported, not imported.
      expect(first.invalid.map((i) => [i.line, i.reason])).toEqual([
        [1363, "import.reason.tooLong"],
      ]);
      expect(first.imported).toBe(4325);
      expect(first.duplicates.length).toBeGreaterThan(100);
      expect(total(db)).toBe(before + 4325);
      expect(
        db
          .select({ n: count() })
          .from(suggestions)
          .where(like(suggestions.idempotencyKey, "import:%"))
          .get()!.n,
      ).toBe(4325);

      const second = await importText(content, opts, {}, db);
      expect(second.imported).toBe(0);
      expect(second.alreadyImported).toBe(4325);
      expect(total(db)).toBe(before + 4325);
    },
    600_000,
  );
});

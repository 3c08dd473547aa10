/**
 * Open data and feeds through the real route modules: the files parse back (CSV, JSON, XML),
 * hold exactly the public rows, and never carry contact data or personal numbers.
 */
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, count, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { SaxesParser } from "saxes";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { parseCsv } from "../../app/domain/openness/csv";
import { AGGREGATE_FIELDS, SUGGESTION_FIELDS } from "../../app/domain/openness/open-data.server";
import { clusters, outcomes, suggestionContacts, suggestions } from "../../db/schema";

// The routes use the app's own connection: point it at a private copy of the seeded database.
const dir = mkdtempSync(join(tmpdir(), "minyi-open-data-"));
const file = join(dir, "db.sqlite");
copyFileSync(inject("templateDb"), file);
process.env.DATABASE_PATH = file;
process.env.SESSION_SECRET ??= "open-data-test-secret-0123456789abcdef";
process.env.LOG_LEVEL = "silent";

const { db } = await import("../../app/utils/db.server");
const { submitSuggestion } = await import("../../app/domain/suggestions/submit.server");
const { PUBLIC_STATES } = await import("../../app/domain/suggestions/suggestions-workflow");
const suggestionsCsv = await import("../../app/routes/open-data.suggestions[.]csv");
const suggestionsJson = await import("../../app/routes/open-data.suggestions[.]json");
const aggregatesCsv = await import("../../app/routes/open-data.aggregates[.]csv");
const aggregatesJson = await import("../../app/routes/open-data.aggregates[.]json");
const outcomesFeed = await import("../../app/routes/feeds.outcomes[.]xml");
const topicFeed = await import("../../app/routes/feeds.topics.$id");

const ORIGIN = "http://minyi.test";
const call = <T extends (a: never) => unknown>(
  loader: T,
  path: string,
  params: Record<string, string> = {},
) =>
  (loader as unknown as (a: unknown) => Promise<Response>)({
    request: new Request(`${ORIGIN}${path}`),
    params,
    context: {},
  });

// Personal data patterns that must never appear in open files.
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const ID_NUMBER = /(?<!\d)\d{17}[\dXx](?!\d)/;

const PLANTED = {
  name: "欧阳明月",
  phone: "13698765432",
  email: "oyang.mingyue@example.com",
  idNumber: "110101199003071234",
};
let plantedCode = "";
let topicId = 0;

function publicWhere() {
  return and(
    eq(suggestions.publishConsent, true),
    eq(suggestions.moderation, "visible"),
    inArray(suggestions.status, [...PUBLIC_STATES]),
  );
}

beforeAll(() => {
  // A public suggestion whose text carries every kind of personal data, and markup.
  const database = db();
  topicId = database
    .select({ id: clusters.id })
    .from(clusters)
    .innerJoin(suggestions, eq(suggestions.clusterId, clusters.id))
    .where(publicWhere())
    .get()!.id;
  const result = submitSuggestion(
    {
      title: '公园 <b>厕所</b> & "排队" 问题',
      body: `我是${PLANTED.name}，电话${PLANTED.phone}，邮箱${PLANTED.email}，身份证${PLANTED.idNumber}。滨湖公园只有一个厕所，周末排队太长。`,
      regionUnitId: 3,
      contactName: PLANTED.name,
      contactPhone: PLANTED.phone,
      contactEmail: PLANTED.email,
      anonymous: false,
      publishConsent: true,
    },
    { channel: "web" },
    database,
  );
  // Fixture shortcut: screening accepted it and it joined a topic.
  database
    .update(suggestions)
    .set({ status: "accepted", clusterId: topicId })
    .where(eq(suggestions.id, result.id))
    .run();
  plantedCode = result.trackingCode;
});

function expectNoPersonalData(text: string) {
  expect(text).not.toMatch(MOBILE);
  expect(text).not.toMatch(EMAIL);
  expect(text).not.toMatch(ID_NUMBER);
  expect(text).not.toContain(PLANTED.name);
  // No stored contact detail of anyone, whatever the text says.
  for (const c of db().select().from(suggestionContacts).all()) {
    if (c.phone) expect(text).not.toContain(c.phone);
    if (c.email) expect(text).not.toContain(c.email);
  }
}

const publicCount = () =>
  db().select({ n: count() }).from(suggestions).where(publicWhere()).get()!.n;

describe("open data: public suggestions", () => {
  it("CSV: UTF-8 with a byte-order mark, parses back to every public row, redacted", async () => {
    const res = await call(suggestionsCsv.loader, "/open-data/suggestions.csv");
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="minyi-suggestions-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8").decode(bytes);
    const records = parseCsv(text);
    expect(records[0]!.fields).toEqual([...SUGGESTION_FIELDS]);
    const rows = records.slice(1);
    expect(rows).toHaveLength(publicCount());
    for (const r of rows) {
      expect(r.error).toBeUndefined();
      expect(r.fields).toHaveLength(SUGGESTION_FIELDS.length);
    }
    const col = (name: string) =>
      SUGGESTION_FIELDS.indexOf(name as (typeof SUGGESTION_FIELDS)[number]);
    const planted = rows.find((r) => r.fields[col("tracking_code")] === plantedCode)!;
    expect(planted.fields[col("title")]).toBe('公园 <b>厕所</b> & "排队" 问题');
    expect(planted.fields[col("body")]).toContain("[已隐去]");
    expect(planted.fields[col("body")]).toContain("滨湖公园只有一个厕所");
    expect(planted.fields[col("status")]).toBe("accepted");
    expect(planted.fields[col("open311_status")]).toBe("open");
    expectNoPersonalData(text);
  });

  it("JSON: one document that parses back, with the same rows and no contact fields", async () => {
    const res = await call(suggestionsJson.loader, "/open-data/suggestions.json");
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    const text = await res.text();
    const doc = JSON.parse(text) as { fields: string[]; records: Record<string, unknown>[] };
    expect(doc.fields).toEqual([...SUGGESTION_FIELDS]);
    expect(doc.records).toHaveLength(publicCount());
    for (const r of doc.records) expect(Object.keys(r)).toEqual([...SUGGESTION_FIELDS]);
    const codes = doc.records.map((r) => r.tracking_code);
    expect(new Set(codes).size).toBe(codes.length);
    const planted = doc.records.find((r) => r.tracking_code === plantedCode)!;
    expect(planted.body).toMatch(
      /^我是\[已隐去\]，电话\[已隐去\]，邮箱\[已隐去\]，身份证\[已隐去\]。/,
    );
    expectNoPersonalData(text);
  });

  it("holds only public rows: nothing unscreened, withdrawn, without consent or hidden", async () => {
    const doc = JSON.parse(
      await (await call(suggestionsJson.loader, "/open-data/suggestions.json")).text(),
    ) as { records: { tracking_code: string; status: string }[] };
    const hiddenCodes = db()
      .select({ code: suggestions.trackingCode })
      .from(suggestions)
      .all()
      .map((r) => r.code)
      .filter((c) => !doc.records.some((r) => r.tracking_code === c));
    const shouldBeHidden = db().select({ n: count() }).from(suggestions).get()!.n - publicCount();
    expect(hiddenCodes).toHaveLength(shouldBeHidden);
    for (const r of doc.records) expect(PUBLIC_STATES).toContain(r.status);
  });
});

describe("open data: aggregates", () => {
  it("JSON and CSV agree, parse back, and add up to every suggestion received", async () => {
    const json = JSON.parse(
      await (await call(aggregatesJson.loader, "/open-data/aggregates.json")).text(),
    ) as {
      fields: string[];
      records: {
        month: string;
        category_code: string | null;
        status: string;
        decision: string | null;
        count: number;
      }[];
    };
    expect(json.fields).toEqual([...AGGREGATE_FIELDS]);
    const total = db().select({ n: count() }).from(suggestions).get()!.n;
    expect(json.records.reduce((s, r) => s + r.count, 0)).toBe(total);

    const csvText = await (await call(aggregatesCsv.loader, "/open-data/aggregates.csv")).text();
    const csv = parseCsv(csvText);
    expect(csv[0]!.fields).toEqual([...AGGREGATE_FIELDS]);
    expect(csv.slice(1)).toHaveLength(json.records.length);
    expect(csv.slice(1).reduce((s, r) => s + Number(r.fields[6]), 0)).toBe(total);
  });

  it("counts one cell the same way an independent query does", async () => {
    const json = JSON.parse(
      await (await call(aggregatesJson.loader, "/open-data/aggregates.json")).text(),
    ) as { records: { month: string; status: string; count: number }[] };
    // Month in China time, computed here in JavaScript rather than SQL.
    const month = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
    const all = db()
      .select({ at: suggestions.submittedAt, status: suggestions.status })
      .from(suggestions)
      .all();
    const target = json.records.find((r) => r.count > 1)!;
    const expected = all.filter(
      (r) => month(r.at) === target.month && r.status === target.status,
    ).length;
    const got = json.records
      .filter((r) => r.month === target.month && r.status === target.status)
      .reduce((s, r) => s + r.count, 0);
    expect(got).toBe(expected);
  });
});

/** Parses XML strictly; throws on anything that is not well-formed. Returns elements with text. */
function parseXml(xml: string) {
  const parser = new SaxesParser();
  const elements: { name: string; attributes: Record<string, string>; text: string }[] = [];
  const stack: number[] = [];
  parser.on("error", (e) => {
    throw e;
  });
  parser.on("opentag", (tag) => {
    elements.push({
      name: tag.name,
      attributes: tag.attributes as Record<string, string>,
      text: "",
    });
    stack.push(elements.length - 1);
  });
  parser.on("text", (t) => {
    const top = stack[stack.length - 1];
    if (top !== undefined) elements[top]!.text += t;
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  parser.write(xml).close();
  return elements;
}

describe("feeds", () => {
  it("outcomes: well-formed Atom with one entry per published outcome of a public suggestion", async () => {
    const res = await call(outcomesFeed.loader, "/feeds/outcomes.xml");
    expect(res.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await res.text();
    const els = parseXml(xml);
    expect(els[0]!.name).toBe("feed");
    expect(els[0]!.attributes.xmlns).toBe("http://www.w3.org/2005/Atom");
    const expected = db()
      .select({ n: count() })
      .from(outcomes)
      .innerJoin(suggestions, eq(suggestions.id, outcomes.suggestionId))
      .where(and(isNotNull(outcomes.publishedAt), publicWhere()))
      .get()!.n;
    expect(expected).toBeGreaterThan(0);
    const entries = els.filter((e) => e.name === "entry");
    expect(entries).toHaveLength(Math.min(expected, 50));
    const newest = db()
      .select({ title: outcomes.title })
      .from(outcomes)
      .innerJoin(suggestions, eq(suggestions.id, outcomes.suggestionId))
      .where(and(isNotNull(outcomes.publishedAt), publicWhere()))
      .orderBy(desc(outcomes.publishedAt), desc(outcomes.id))
      .get()!;
    const firstTitle = els.find(
      (e, i) => e.name === "title" && i > els.findIndex((x) => x.name === "entry"),
    )!;
    expect(firstTitle.text).toBe(newest.title);
    expectNoPersonalData(xml);
  });

  it("outcomes: RSS 2.0 on request, in English with lang=en", async () => {
    const res = await call(outcomesFeed.loader, "/feeds/outcomes.xml?format=rss&lang=en");
    expect(res.headers.get("Content-Type")).toBe("application/rss+xml; charset=utf-8");
    const els = parseXml(await res.text());
    expect(els[0]).toMatchObject({ name: "rss", attributes: { version: "2.0" } });
    expect(els.find((e) => e.name === "language")!.text).toBe("en");
    expect(els.find((e) => e.name === "title")!.text).toBe("Minyi · From suggestion to practice");
    expect(els.filter((e) => e.name === "item").length).toBeGreaterThan(0);
  });

  it("topic: the topic's public suggestions, escaped so markup in a title stays text", async () => {
    const xml = await (
      await call(topicFeed.loader, `/feeds/topics/${topicId}.xml`, { id: `${topicId}.xml` })
    ).text();
    const els = parseXml(xml);
    const expected = db()
      .select({ n: count() })
      .from(suggestions)
      .where(and(publicWhere(), eq(suggestions.clusterId, topicId)))
      .get()!.n;
    expect(els.filter((e) => e.name === "entry")).toHaveLength(Math.min(expected, 50));
    expect(els.some((e) => e.name === "title" && e.text === '公园 <b>厕所</b> & "排队" 问题')).toBe(
      true,
    );
    expect(els.some((e) => e.name === "b")).toBe(false);
    expectNoPersonalData(xml);
  });

  it("topic: 404 for an unknown topic or a malformed address", async () => {
    expect(
      (await call(topicFeed.loader, "/feeds/topics/999999.xml", { id: "999999.xml" })).status,
    ).toBe(404);
    expect((await call(topicFeed.loader, "/feeds/topics/abc.xml", { id: "abc.xml" })).status).toBe(
      404,
    );
    expect(
      (await call(topicFeed.loader, `/feeds/topics/${topicId}`, { id: String(topicId) })).status,
    ).toBe(404);
  });
});

/**
 * Hostile content end to end, on a server of our own: XSS payloads typed into every citizen
 * and staff text field come out escaped wherever they are shown (public pages, staff pages,
 * CSV/XLSX exports with formula injection, Atom/RSS feeds, Open311 JSON/XML, the JSON API), and
 * no dialog ever fires in a real browser; injection-shaped input is stored and searched
 * literally, and every table is intact afterwards.
 */

import { type Browser, expect, type Page, test } from "@playwright/test";
import type Database from "better-sqlite3";
import ExcelJS from "exceljs";
import { parseCsv } from "../../app/domain/openness/csv";
import {
  type OwnServer,
  readDb,
  signedIn,
  startOwnServer,
  WebClient,
} from "../setup/security-http";

test.describe.configure({ mode: "serial" });

/** One payload with every trick; each field gets it behind its own marker. */
const XSS = `<script>alert(1)</script>"><img src=x onerror=alert(2)>{{7*7}}`;
const mark = (field: string) => `XSS-${field} ${XSS}`;

const FIELDS = {
  // Starts with "=" too: a spreadsheet would run it as a formula.
  title: `=1+2 XSS-title ${XSS}`,
  body: `XSS-body ${XSS} javascript:alert(3) <a href="javascript:alert(4)">点我</a> 更多文字内容。`,
  contactName: `"><img src=x onerror=alert(5)>`,
  comment: mark("comment"),
  note: mark("note"),
  rateNote: mark("rate"),
  instructions: mark("instr"),
  reply: `${mark("reply")} javascript:alert(6)`,
  outcomeTitle: mark("otitle"),
  outcomeDescription: mark("odesc"),
  documentNo: "XSS-doc<b>1</b>",
  outcomeLink: `https://example.com/?q="><script>alert(7)</script>`,
  milestone: mark("milestone"),
  evidence: `https://example.com/"><svg/onload=alert(8)>`,
  label: `<img src=x onerror=alert(9)>{{7*7}}`,
};

/** Text as React escapes it into HTML. */
const escapeHtml = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#x27;");

/** Markup that must never reach a page as markup. */
const RAW_MARKUP = [/<script>alert/i, /<img src=x/i, /<svg\/onload/i, /href="javascript:/i];

let server: OwnServer;
let db: Database.Database;
let reviewer: WebClient;
let handler: WebClient;
let citizen: WebClient;
let suggestionId = 0;
let code = "";
let secret = "";
let clusterId = 0;
const unit = (c: string) =>
  (db.prepare("SELECT id FROM org_units WHERE code = ?").get(c) as { id: number }).id;
const version = () =>
  (
    db.prepare("SELECT version AS v FROM suggestions WHERE id = ?").get(suggestionId) as {
      v: number;
    }
  ).v;

async function act(client: WebClient, fields: Record<string, string>, want = 302) {
  const res = await client.post(`/console/suggestions/${suggestionId}`, {
    version: String(version()),
    ...fields,
  });
  expect(res.status(), `${fields.intent}: ${(await res.text()).slice(0, 300)}`).toBe(want);
  return res;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await startOwnServer({ RATE_LIMIT_SUBMIT_PER_HOUR: "1000" });
  db = readDb(server.dbPath);
  reviewer = await signedIn("reviewer", server.base);
  handler = await signedIn("handler", server.base);
  citizen = await WebClient.open(server.base);

  // A citizen submits through the web form (no JavaScript), with a contact e-mail.
  const submitted = await citizen.post("/submit", {
    title: FIELDS.title,
    body: FIELDS.body,
    regionUnitId: String(unit("c-lj")),
    contactName: FIELDS.contactName,
    contactEmail: "xss-citizen@example.cn",
    publishConsent: "on",
  });
  expect(submitted.status(), await submitted.text()).toBe(302);
  const done = await (await citizen.get("/submit/done")).text();
  code = /JY-\d{4}-\d{6}/.exec(done)![0];
  secret = /data-testid="tracking-secret">([^<]+)</.exec(done)![1]!;
  const row = db
    .prepare(
      "SELECT id, title, body, cluster_id AS clusterId FROM suggestions WHERE tracking_code = ?",
    )
    .get(code) as { id: number; title: string; body: string; clusterId: number | null };
  suggestionId = row.id;
  // Stored exactly as typed.
  expect(row.title).toBe(FIELDS.title);
  expect(row.body).toBe(FIELDS.body);

  // Staff handle it, typing the payload into every field they have.
  const dept = (c: string) =>
    String((db.prepare("SELECT id FROM departments WHERE code = ?").get(c) as { id: number }).id);
  await act(reviewer, { intent: "accept" });
  await act(reviewer, { intent: "note", body: FIELDS.note });
  await act(reviewer, {
    intent: "rate",
    feasibility: "3",
    innovation: "3",
    benefit: "3",
    urgency: "3",
    note: FIELDS.rateNote,
  });
  await act(reviewer, {
    intent: "assign",
    leadDepartmentId: dept("lj-transport"),
    instructions: FIELDS.instructions,
  });
  await act(handler, { intent: "acceptAssignment" });
  await act(handler, { intent: "publishReply", body: FIELDS.reply, decision: "adopted" });
  // A javascript: link is refused outright (400), and nothing is recorded.
  await act(
    handler,
    {
      intent: "recordOutcome",
      type: "measure",
      title: FIELDS.outcomeTitle,
      description: FIELDS.outcomeDescription,
      link: "javascript:alert(1)",
    },
    400,
  );
  expect(
    db.prepare("SELECT count(*) AS n FROM outcomes WHERE suggestion_id = ?").get(suggestionId),
  ).toEqual({ n: 0 });
  await act(handler, {
    intent: "recordOutcome",
    type: "measure",
    title: FIELDS.outcomeTitle,
    description: FIELDS.outcomeDescription,
    documentNo: FIELDS.documentNo,
    link: FIELDS.outcomeLink,
  });
  await act(handler, { intent: "addMilestone", title: FIELDS.milestone });
  await act(
    handler,
    {
      intent: "updateMilestone",
      milestoneId: "0",
      progress: "100",
      evidence: "javascript:alert(1)",
    },
    400,
  );
  const milestoneId = (
    db
      .prepare(
        "SELECT m.id FROM milestones m JOIN outcomes o ON o.id = m.outcome_id WHERE o.suggestion_id = ?",
      )
      .get(suggestionId) as { id: number }
  ).id;
  await act(handler, {
    intent: "updateMilestone",
    milestoneId: String(milestoneId),
    progress: "100",
    evidence: FIELDS.evidence,
    done: "on",
  });
  // The citizen rates the result with a comment.
  const rated = await citizen.post("/track", {
    intent: "rate",
    code,
    secret,
    score: "2",
    comment: FIELDS.comment,
  });
  expect(rated.status(), (await rated.text()).slice(0, 300)).toBe(200);
  // A reviewer names its topic.
  clusterId = (
    db.prepare("SELECT cluster_id AS c FROM suggestions WHERE id = ?").get(suggestionId) as {
      c: number;
    }
  ).c;
  expect(clusterId).toBeGreaterThan(0);
  const seenAt = (
    db.prepare("SELECT updated_at AS u FROM clusters WHERE id = ?").get(clusterId) as { u: number }
  ).u;
  const renamed = await reviewer.post("/console/clusters", {
    intent: "rename",
    clusterId: String(clusterId),
    seenAt: String(seenAt),
    label: FIELDS.label,
  });
  expect(renamed.status()).toBe(302);
  // Every staff field was stored exactly as typed.
  const stored = JSON.stringify([
    db.prepare("SELECT body FROM internal_notes WHERE suggestion_id = ?").all(suggestionId),
    db.prepare("SELECT body FROM replies WHERE suggestion_id = ?").all(suggestionId),
    db
      .prepare("SELECT title, description, link FROM outcomes WHERE suggestion_id = ?")
      .all(suggestionId),
    db.prepare("SELECT comment FROM satisfactions WHERE suggestion_id = ?").all(suggestionId),
    db.prepare("SELECT label FROM clusters WHERE id = ?").all(clusterId),
  ]);
  for (const key of [
    "note",
    "reply",
    "outcomeTitle",
    "outcomeDescription",
    "outcomeLink",
    "comment",
    "label",
  ] as const)
    expect(stored, key).toContain(JSON.stringify(FIELDS[key]).slice(1, -1));
});

test.afterAll(async () => {
  for (const c of [reviewer, handler, citizen]) await c?.close();
  db?.close();
  await server?.stop();
});

// ---------------------------------------------------------------------------------------------
// Pages: escaped in the HTML, inert in a real browser
// ---------------------------------------------------------------------------------------------

function publicPages(): string[] {
  return [
    "/",
    `/suggestions/${code}`,
    `/suggestions?q=${encodeURIComponent("XSS-title")}`,
    `/suggestions?q=${encodeURIComponent(XSS)}`,
    "/topics",
    `/topics/${clusterId}`,
    "/outcomes",
    "/scorecards",
    "/open-data",
    `/track?code=${code}`,
    `/login?redirectTo=${encodeURIComponent(`"><script>alert(10)</script>`)}`,
    `/no-such-page-${encodeURIComponent("<script>alert(11)</script>")}`,
  ];
}

function staffPages(): { who: "reviewer" | "handler"; path: string }[] {
  return [
    { who: "reviewer", path: `/console/suggestions/${suggestionId}` },
    { who: "reviewer", path: "/console/review" },
    { who: "reviewer", path: `/console/clusters?cluster=${clusterId}` },
    { who: "reviewer", path: `/console/clusters?q=${encodeURIComponent("<img src=x")}` },
    { who: "reviewer", path: "/console/list?from=2000-01-01&to=2099-12-31" },
    { who: "reviewer", path: "/console/notifications" },
    { who: "handler", path: `/console/suggestions/${suggestionId}` },
    { who: "handler", path: "/console/inbox" },
    { who: "handler", path: "/console/notifications" },
  ];
}

test("every page shows the payloads as text: escaped in the HTML, never as markup", async () => {
  const seen = new Map<string, string[]>();
  const failures: string[] = [];
  const check = async (who: string, client: WebClient, path: string) => {
    const res = await client.get(path);
    const html = await res.text();
    if (res.status() >= 500) failures.push(`${who} ${path}: ${res.status()}`);
    for (const re of RAW_MARKUP) if (re.test(html)) failures.push(`${who} ${path}: raw ${re}`);
    for (const [field, value] of Object.entries(FIELDS)) {
      const marker = /XSS-\w+/.exec(value)?.[0] ?? escapeHtml(value);
      if (html.includes(marker)) seen.set(field, [...(seen.get(field) ?? []), `${who} ${path}`]);
    }
  };
  for (const path of publicPages()) await check("public", citizen, path);
  for (const { who, path } of staffPages())
    await check(who, who === "reviewer" ? reviewer : handler, path);
  expect(failures).toEqual([]);
  // The payloads were really on those pages (escaped), so the checks above meant something.
  const where = (field: keyof typeof FIELDS) => (seen.get(field) ?? []).join(" | ");
  expect(where("title")).toContain(`public /suggestions/${code}`);
  expect(where("title")).toContain("reviewer /console/list");
  expect(where("body")).toContain(`public /suggestions/${code}`);
  expect(where("reply")).toContain(`public /suggestions/${code}`);
  expect(where("outcomeTitle")).toContain("public /outcomes");
  expect(where("milestone")).toContain(`public /suggestions/${code}`);
  expect(where("label")).toContain(`public /topics/${clusterId}`);
  expect(where("note")).toContain(`reviewer /console/suggestions/${suggestionId}`);
  expect(where("contactName")).toContain(`reviewer /console/suggestions/${suggestionId}`);
  // Internal notes and the contact's name never reach the public.
  expect(where("note")).not.toContain("public");
  expect(where("contactName")).not.toContain("public");
  expect(where("rateNote")).not.toContain("public");
});

/** Opens pages in Chromium (JavaScript on, hydrated); any dialog or injected element fails. */
async function visitAll(page: Page, base: string, paths: string[], failures: string[]) {
  page.on("dialog", async (dialog) => {
    failures.push(`dialog "${dialog.message()}" on ${page.url()}`);
    await dialog.dismiss();
  });
  for (const path of paths) {
    // Loaded (an injected inline script or handler would have run by now); the item's own
    // pages also wait until hydration has settled (React re-renders over the server's HTML).
    await page.goto(`${base}${path}`, { waitUntil: "load" });
    if (path.includes(code) || path.includes(String(suggestionId)))
      await page.waitForLoadState("networkidle");
    const injected = await page.evaluate(() => ({
      img: document.querySelectorAll('img[src="x"]').length,
      svg: document.querySelectorAll("svg[onload]").length,
      // An injected <script>alert(1)</script> (the data scripts only mention it inside JSON).
      script: [...document.scripts].filter((s) => /^\s*alert\(\d+\)\s*$/.test(s.textContent ?? ""))
        .length,
      jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
      evaluated:
        document.body.innerText.includes("XSS") && !document.body.innerText.includes("{{7*7}}"),
    }));
    if (injected.img || injected.svg || injected.script || injected.jsLinks)
      failures.push(`${path}: injected ${JSON.stringify(injected)}`);
    if (injected.evaluated) failures.push(`${path}: the {{7*7}} template was evaluated`);
  }
}

async function contextFor(browser: Browser, client: WebClient | null) {
  return browser.newContext(
    client ? { storageState: await client.ctx.storageState() } : { locale: "zh-CN" },
  );
}

test("in Chromium no dialog fires and no injected element exists on any page", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const failures: string[] = [];
  const visitor = await contextFor(browser, null);
  await visitAll(await visitor.newPage(), server.base, publicPages(), failures);
  // The tracking page after entering the code and secret (the owner's view, unredacted).
  const owner = await visitor.newPage();
  await owner.goto(`${server.base}/track?code=${code}`);
  owner.on("dialog", (d) => {
    failures.push(`dialog on track: ${d.message()}`);
    void d.dismiss();
  });
  await owner
    .getByLabel(/密码|查询密码|Secret|secret/)
    .first()
    .fill(secret);
  await owner
    .getByLabel(/密码|查询密码|Secret|secret/)
    .first()
    .press("Enter");
  await owner.waitForLoadState("networkidle");
  await expect(owner.getByText("XSS-title", { exact: false }).first()).toBeVisible();
  await visitor.close();
  for (const who of ["reviewer", "handler"] as const) {
    const ctx = await contextFor(browser, who === "reviewer" ? reviewer : handler);
    const paths = staffPages()
      .filter((p) => p.who === who)
      .map((p) => p.path);
    await visitAll(await ctx.newPage(), server.base, paths, failures);
    await ctx.close();
  }
  expect(failures).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// Exports, feeds, Open311 and the JSON API
// ---------------------------------------------------------------------------------------------

const FORMULA = /^[=+\-@\t\r]/;

test("CSV and XLSX exports: payloads are plain text, formulas neutralized", async () => {
  // Staff CSV.
  const csvRes = await reviewer.get("/console/list/export.csv?from=2000-01-01&to=2099-12-31");
  expect(csvRes.status()).toBe(200);
  expect(csvRes.headers()["content-type"]).toMatch(/text\/csv/);
  const records = parseCsv(await csvRes.text());
  const mine = records.find((r) => r.fields.includes(code));
  expect(mine, "the item is in the staff CSV").toBeTruthy();
  const titleCell = mine!.fields.find((f) => f.includes("XSS-title"))!;
  expect(titleCell).toBe(`'${FIELDS.title}`);
  const formulas = (fields: string[]) => fields.filter((f) => FORMULA.test(f));
  expect(records.flatMap((r) => formulas(r.fields))).toEqual([]);

  // Staff XLSX: the title is a string cell, no cell anywhere is a formula.
  const xlsxRes = await reviewer.get("/console/list/export.xlsx?from=2000-01-01&to=2099-12-31");
  expect(xlsxRes.status()).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await xlsxRes.body()) as unknown as ArrayBuffer);
  const bad: string[] = [];
  const titles: string[] = [];
  book.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula) bad.push(`${cell.address} is a formula`);
        if (typeof cell.value === "string") {
          if (FORMULA.test(cell.value)) bad.push(`${cell.address}: ${cell.value}`);
          if (cell.value.includes("XSS-title")) titles.push(cell.value);
        }
      }),
    ),
  );
  expect(bad).toEqual([]);
  expect(titles, "the item is in the XLSX, its title neutralized").toEqual([`'${FIELDS.title}`]);

  // Public open-data CSV: redacted, neutralized.
  const open = await citizen.get("/open-data/suggestions.csv");
  expect(open.status()).toBe(200);
  const openRecords = parseCsv(await open.text());
  const openRow = openRecords.find((r) => r.fields.includes(code));
  expect(openRow, "the item is in the open-data CSV").toBeTruthy();
  expect(openRecords.flatMap((r) => formulas(r.fields))).toEqual([]);
  expect(openRow!.fields.join(",")).not.toContain("xss-citizen@example.cn");
});

/** Parses XML in the browser: well-formed, and the text of every element. */
async function parseXml(page: Page, xml: string) {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    const error = doc.querySelector("parsererror");
    const elements = [...doc.getElementsByTagName("*")].map((el) => ({
      name: el.localName,
      type: el.getAttribute("type"),
      text: el.children.length === 0 ? (el.textContent ?? "") : "",
    }));
    return { error: error?.textContent ?? null, elements };
  }, xml);
}

test("feeds and Open311 XML are well-formed and carry the payloads as text only", async ({
  page,
}) => {
  await page.goto("about:blank");
  const feeds = [
    "/feeds/outcomes.xml",
    "/feeds/outcomes.xml?format=rss",
    `/feeds/topics/${clusterId}.xml`,
    `/feeds/topics/${clusterId}.xml?format=rss`,
    "/open311/v2/requests.xml",
    `/open311/v2/requests/${code}.xml`,
  ];
  const failures: string[] = [];
  let sawPayload = 0;
  for (const path of feeds) {
    const res = await citizen.get(path);
    const xml = await res.text();
    if (res.status() !== 200) {
      failures.push(`${path}: ${res.status()}`);
      continue;
    }
    if (/html/i.test(res.headers()["content-type"] ?? "")) failures.push(`${path}: served as HTML`);
    for (const re of RAW_MARKUP) if (re.test(xml)) failures.push(`${path}: raw ${re}`);
    const parsed = await parseXml(page, xml);
    if (parsed.error) failures.push(`${path}: not well-formed: ${parsed.error}`);
    const rss = path.includes("format=rss");
    for (const el of parsed.elements) {
      if (!el.text.includes("XSS-")) continue;
      sawPayload++;
      // Atom: only type="text" (or no type, which means text) may carry the payload.
      if (el.type === "html" || el.type === "xhtml")
        failures.push(`${path}: <${el.name} type=${el.type}>`);
      // RSS readers render <description> as HTML: after XML decoding it must hold no markup.
      if (rss && el.name === "description" && /<[a-z!/]/i.test(el.text))
        failures.push(`${path}: RSS description decodes to markup: ${el.text.slice(0, 80)}`);
    }
  }
  expect(failures).toEqual([]);
  expect(sawPayload, "the payloads were in the feeds").toBeGreaterThan(3);
});

test("JSON API and Open311 JSON carry the payloads as data, as JSON", async () => {
  const failures: string[] = [];
  const admin = await signedIn("admin", server.base);
  const created = await admin.post("/console/admin/api-clients", {
    intent: "createApiClient",
    formId: "createApiClient",
    name: "xss reader",
    userId: String(
      (db.prepare("SELECT id FROM users WHERE username = 'reviewer'").get() as { id: number }).id,
    ),
  });
  const key = /mny_[A-Za-z0-9_-]{20,}/.exec(await created.text())![0];
  await admin.close();
  const sources: [string, Record<string, string>][] = [
    [`/api/v1/suggestions/${code}`, {}],
    [`/api/v1/search?q=${encodeURIComponent("XSS-title")}`, {}],
    [`/api/v1/staff/suggestions/${suggestionId}`, { Authorization: `Bearer ${key}` }],
    [`/open311/v2/requests/${code}.json`, {}],
    ["/open311/v2/requests.json", {}],
  ];
  for (const [path, headers] of sources) {
    const res = await citizen.get(path, headers);
    const type = res.headers()["content-type"] ?? "";
    if (res.status() !== 200 || !/application\/json/.test(type))
      failures.push(`${path}: ${res.status()} ${type}`);
    const text = await res.text();
    // Valid JSON whose strings hold the payload verbatim (data, not markup to render).
    const json = JSON.parse(text) as unknown;
    if (!JSON.stringify(json).includes("XSS-")) failures.push(`${path}: payload missing`);
    if (!text.includes("<script>alert(1)</script>") && !text.includes("\\u003cscript"))
      failures.push(`${path}: payload altered`);
  }
  expect(failures).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// Injection-shaped input: stored and searched literally
// ---------------------------------------------------------------------------------------------

const INJECTIONS = [
  `' OR 1=1 --`,
  `"; DROP TABLE suggestions; --`,
  "100% 完成率",
  "a_b_c 下划线",
  "C:\\路径\\反斜杠",
  "正则 .*+?^\u0024{}()|[]\\ 元字符",
  "'; DELETE FROM users WHERE '1'='1",
  "%_%",
];

test("injection-shaped input is stored, shown and searched literally; tables intact", async () => {
  const schema = () =>
    JSON.stringify(db.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY name").all());
  const count = (table: string) =>
    (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const schemaBefore = schema();
  const usersBefore = count("users");
  const suggestionsBefore = count("suggestions");
  const created: { text: string; code: string; id: number; marker: string }[] = [];
  for (const [i, text] of INJECTIONS.entries()) {
    const marker = `注入测试${"甲乙丙丁戊己庚辛"[i]}号`;
    const title = `${marker} ${text}`;
    const res = await citizen.ctx.post("/api/v1/suggestions", {
      data: {
        title,
        body: `${marker}：${text} —— 这段文字应当原样保存并能被原样搜索到。`,
        regionUnitId: unit("c-lj"),
        publishConsent: true,
      },
    });
    expect(res.status(), await res.text()).toBe(201);
    const got = (await res.json()) as { trackingCode: string };
    const row = db
      .prepare("SELECT id, title FROM suggestions WHERE tracking_code = ?")
      .get(got.trackingCode) as { id: number; title: string };
    expect(row.title).toBe(title);
    created.push({ text, code: got.trackingCode, id: row.id, marker });
    // Accepted, so the public can see and search it.
    const v = (
      db.prepare("SELECT version AS v FROM suggestions WHERE id = ?").get(row.id) as { v: number }
    ).v;
    const accepted = await reviewer.post(`/console/suggestions/${row.id}`, {
      intent: "accept",
      version: String(v),
    });
    expect(accepted.status()).toBe(302);
  }
  expect(schema()).toBe(schemaBefore);
  expect(count("users")).toBe(usersBefore);
  expect(count("suggestions")).toBe(suggestionsBefore + INJECTIONS.length);

  const failures: string[] = [];
  const publicTotal = (
    (await (await citizen.get("/api/v1/search?page=1")).json()) as { total: number }
  ).total;
  for (const item of created) {
    const title = `${item.marker} ${item.text}`;
    // The JSON API returns the exact text.
    const api = (await (await citizen.get(`/api/v1/suggestions/${item.code}`)).json()) as {
      title: string;
    };
    if (api.title !== title) failures.push(`API title of ${item.code}: ${api.title}`);
    // The public page shows it (escaped HTML of the exact text).
    const html = await (await citizen.get(`/suggestions/${item.code}`)).text();
    if (!html.includes(escapeHtml(title)))
      failures.push(`page of ${item.code} lacks its exact title`);
    // Searching the exact title finds it, first; the public list page answers too.
    for (const q of [title, item.text]) {
      const res = await citizen.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
      if (res.status() !== 200) {
        failures.push(`API search ${JSON.stringify(q)}: ${res.status()}`);
        continue;
      }
      const body = (await res.json()) as { total: number; results: { trackingCode: string }[] };
      if (q === title && body.results[0]?.trackingCode !== item.code)
        failures.push(`API search for ${JSON.stringify(q)} does not put ${item.code} first`);
      // The query is text, not a pattern: it never matches everything.
      if (body.total >= publicTotal && publicTotal > 20)
        failures.push(`API search ${JSON.stringify(q)} matched everything (${body.total})`);
      const page = await citizen.get(`/suggestions?q=${encodeURIComponent(q)}`);
      if (page.status() !== 200)
        failures.push(`/suggestions?q=${JSON.stringify(q)}: ${page.status()}`);
    }
  }
  // Bare wildcards and quotes search for themselves (nothing here contains them alone).
  for (const q of ["%", "_", "'", "\\", "*", ".*", "' OR '1'='1"]) {
    const res = await citizen.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
    expect(res.status(), q).toBe(200);
    const body = (await res.json()) as { total: number };
    if (body.total >= publicTotal) failures.push(`search ${JSON.stringify(q)} matched everything`);
  }
  // Staff lists: the topic and admin filters take the text literally too.
  const labels = (db.prepare("SELECT label FROM clusters").all() as { label: string }[]).map(
    (r) => r.label,
  );
  for (const q of ["%", "_", "%_%", "' OR 1=1 --"]) {
    const html = await (await reviewer.get(`/console/clusters?q=${encodeURIComponent(q)}`)).text();
    const shown = labels.filter((l) =>
      html.includes(l.replace(/&/g, "&amp;").replace(/</g, "&lt;")),
    );
    const literal = labels.filter((l) => l.includes(q));
    if (shown.some((l) => !literal.includes(l)))
      failures.push(
        `topic search ${JSON.stringify(q)} matched ${shown.length} topics not containing it`,
      );
    const admin = await signedIn("admin", server.base);
    const users = await (await admin.get(`/console/admin/users?q=${encodeURIComponent(q)}`)).text();
    if (/reviewer-qs|handler-edu/.test(users))
      failures.push(`admin user filter ${JSON.stringify(q)} matched everyone`);
    await admin.close();
  }
  // Odd query values are refused or ignored, never a server error.
  for (const path of [
    `/api/v1/search?category=${encodeURIComponent("1 OR 1=1")}`,
    `/api/v1/search?sort=${encodeURIComponent("id; DROP TABLE suggestions")}`,
    `/open311/v2/requests.json?service_code=${encodeURIComponent("' OR 1=1 --")}`,
    `/open311/v2/requests.json?status=${encodeURIComponent("open' --")}`,
    `/suggestions?category=${encodeURIComponent("1)--")}&sort=${encodeURIComponent("'")}`,
  ]) {
    const res = await citizen.get(path);
    if (res.status() >= 500) failures.push(`${path}: ${res.status()}`);
  }
  expect(failures).toEqual([]);
  expect(schema()).toBe(schemaBefore);
});

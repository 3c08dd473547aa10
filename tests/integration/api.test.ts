/**
 * The citizen JSON API (/api/v1) through the real route modules with real Request objects, on a
 * private copy of the seeded database: every endpoint, bad input, missing and wrong secrets,
 * unknown codes, repeated and reused idempotency keys, rate limits; then follows and the web
 * forms' friendly 429s, which share the same rules.
 */
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, count, desc, eq, inArray, like } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  events,
  follows,
  idempotencyKeys,
  notifications,
  satisfactions,
  suggestionContacts,
  suggestions,
  supports,
} from "../../db/schema";
import { SEEDED_AT } from "../setup/paths";

// The routes use the app's own connection and environment: point them at a private copy first.
const dir = mkdtempSync(join(tmpdir(), "minyi-api-"));
const file = join(dir, "db.sqlite");
copyFileSync(inject("templateDb"), file);
process.env.DATABASE_PATH = file;
process.env.SESSION_SECRET = "api-test-session-secret-0123456789abcdef";
process.env.LOG_LEVEL = "silent";
process.env.RATE_LIMIT = "on";
process.env.RATE_LIMIT_SUBMIT_PER_HOUR = "3";
process.env.RATE_LIMIT_SUPPORT_PER_HOUR = "5";
process.env.RATE_LIMIT_SATISFACTION_PER_HOUR = "3";
process.env.RATE_LIMIT_FOLLOW_PER_ADDRESS_PER_HOUR = "3";

const { db } = await import("../../app/utils/db.server");
const { clockOffset, setClockOffset } = await import("../../app/utils/clock.server");
const { textIndex } = await import("../../app/domain/suggestions/text-index.server");
const { intelligence } = await import("../../app/domain/intelligence/intelligence.server");
const { hashSecret } = await import("../../app/domain/suggestions/tracking");
const { getCsrfToken } = await import("../../app/utils/csrf.server");
const followsDomain = await import("../../app/domain/suggestions/follows.server");
const publicView = await import("../../app/domain/suggestions/public.server");
const collection = await import("../../app/routes/api.v1.suggestions");
const one = await import("../../app/routes/api.v1.suggestions.$code");
const supportsRoute = await import("../../app/routes/api.v1.suggestions.$code.supports");
const satisfactionRoute = await import("../../app/routes/api.v1.suggestions.$code.satisfaction");
const searchRoute = await import("../../app/routes/api.v1.search");
const suggestionPage = await import("../../app/routes/suggestions.$code");
const supportForm = await import("../../app/routes/suggestions.$code.support");
const submitPage = await import("../../app/routes/submit");
const trackPage = await import("../../app/routes/track");

const BASE = "http://minyi.test";
const PHONE = /1[3-9]\d{9}/;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.]+/;
let ipCounter = 0;
/** Each test uses its own client address so the rate limits of one do not touch another. */
const freshIp = () => `10.1.0.${++ipCounter}`;

const args = (request: Request, params: Record<string, string> = {}) => ({
  request,
  params,
  context: {},
});

async function call(
  method: "GET" | "POST",
  path: string,
  opts: { body?: unknown; headers?: Record<string, string>; raw?: string; ip?: string } = {},
) {
  const headers: Record<string, string> = {
    "x-minyi-client-ip": opts.ip ?? freshIp(),
    ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
    ...opts.headers,
  };
  const request = new Request(`${BASE}${path}`, {
    method,
    headers,
    body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
  });
  const { pathname } = new URL(request.url);
  const m = pathname.match(/^\/api\/v1\/suggestions(?:\/([^/]+))?(?:\/(supports|satisfaction))?$/);
  let response: Response;
  if (pathname === "/api/v1/search") response = await searchRoute.loader(args(request));
  else if (m && !m[1])
    response = await (method === "GET" ? collection.loader : collection.action)(args(request));
  else if (m?.[2] === "supports")
    response = await supportsRoute.action(args(request, { code: m[1]! }));
  else if (m?.[2] === "satisfaction")
    response = await satisfactionRoute.action(args(request, { code: m[1]! }));
  else if (m?.[1])
    response = await (method === "GET" ? one.loader : one.action)(
      args(request, { code: decodeURIComponent(m[1]) }),
    );
  else throw new Error(`no route for ${path}`);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
    json: (text ? JSON.parse(text) : null) as Record<string, any>,
  };
}

const draft = {
  title: "建议在江滨公园增设直饮水点",
  body: "江滨公园每天晨练和散步的人很多，夏天没有地方喝水，建议在公园入口和广场各增设一处直饮水点。",
  regionUnitId: 3,
  publishConsent: true,
};

function publicRows() {
  return db()
    .select()
    .from(suggestions)
    .where(
      and(
        eq(suggestions.publishConsent, true),
        eq(suggestions.moderation, "visible"),
        inArray(suggestions.status, [
          "accepted",
          "assigned",
          "returned",
          "in_progress",
          "answered",
          "implementing",
          "completed",
          "merged",
        ]),
      ),
    )
    .all();
}

/** Gives a seeded suggestion a known secret (seeded secrets are only stored as hashes). */
function withSecret(code: string, secret: string) {
  db()
    .update(suggestions)
    .set({ secretHash: hashSecret(secret) })
    .where(eq(suggestions.trackingCode, code))
    .run();
  return secret;
}

beforeAll(() => {
  // "Now" is the moment the template was seeded, so calls and deadlines read as seeded.
  setClockOffset(SEEDED_AT.getTime() - Date.now());
  textIndex().build(db());
  intelligence().build(db());
});

describe("POST /api/v1/suggestions", () => {
  it("creates a suggestion: 201 with code, secret, status and similar public suggestions", async () => {
    const res = await call("POST", "/api/v1/suggestions", {
      body: { ...draft, contactEmail: "citizen@example.com" },
    });
    expect(res.status).toBe(201);
    expect(res.json.trackingCode).toMatch(/^JY-\d{4}-\d{6}$/);
    expect(res.json.secret).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(res.json.status).toBe("submitted");
    expect(Array.isArray(res.json.similar)).toBe(true);
    const row = db()
      .select()
      .from(suggestions)
      .where(eq(suggestions.trackingCode, res.json.trackingCode))
      .get()!;
    expect(row.channel).toBe("api");
    expect(row.secretHash).toBe(hashSecret(res.json.secret));
    const mail = db()
      .select()
      .from(notifications)
      .where(eq(notifications.suggestionId, row.id))
      .all();
    expect(mail.map((n) => n.recipientAddress)).toEqual(["citizen@example.com"]);
    expect(mail[0]!.body).toContain(res.json.secret);
  });

  it("lists a near-copy of an existing public suggestion under similar", async () => {
    const existing = publicRows().find((r) => r.status === "answered" && r.body.length > 40)!;
    const res = await call("POST", "/api/v1/suggestions", {
      body: {
        title: existing.title,
        body: `${existing.body} 希望尽快解决。`,
        regionUnitId: existing.regionUnitId,
      },
    });
    expect(res.status).toBe(201);
    const codes = res.json.similar.map((s: { trackingCode: string }) => s.trackingCode);
    expect(codes).toContain(existing.trackingCode);
    const match = res.json.similar.find(
      (s: { trackingCode: string }) => s.trackingCode === existing.trackingCode,
    );
    expect(match).toMatchObject({ status: "answered", verdict: expect.any(String) });
    expect(JSON.stringify(res.json.similar)).not.toMatch(PHONE);
  });

  it("honours Idempotency-Key: the same key and body give the same answer and one row", async () => {
    const key = "retry-key-0001";
    const body = { ...draft, title: "建议江滨公园夜间延长开放时间" };
    const first = await call("POST", "/api/v1/suggestions", {
      body,
      headers: { "Idempotency-Key": key },
    });
    // The same JSON with its keys in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const second = await call("POST", "/api/v1/suggestions", {
      body: reordered,
      headers: { "Idempotency-Key": key },
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
    expect(
      db().select({ n: count() }).from(suggestions).where(eq(suggestions.title, body.title)).get()!
        .n,
    ).toBe(1);
    // The stored response never holds the secret.
    const stored = db()
      .select()
      .from(idempotencyKeys)
      .where(like(idempotencyKeys.key, `%${key}`))
      .get()!;
    expect(stored.response).not.toContain(first.json.secret);
  });

  it("refuses a key reused with a different body (422) and creates nothing", async () => {
    const key = "retry-key-0002";
    await call("POST", "/api/v1/suggestions", {
      body: { ...draft, title: "建议在江滨公园增设母婴室" },
      headers: { "Idempotency-Key": key },
    });
    const before = db().select({ n: count() }).from(suggestions).get()!.n;
    const reused = await call("POST", "/api/v1/suggestions", {
      body: { ...draft, title: "建议在江滨公园增设儿童游乐场" },
      headers: { "Idempotency-Key": key },
    });
    expect(reused.status).toBe(422);
    expect(reused.json.error).toBe("idempotency_key_reused");
    expect(db().select({ n: count() }).from(suggestions).get()!.n).toBe(before);
  });

  it("answers bad input with 400 {error, fieldErrors} in the reader's language", async () => {
    const res = await call("POST", "/api/v1/suggestions", {
      body: { title: "Bus", body: "short", contactPhone: "12345" },
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe("invalid_input");
    expect(res.json.fieldErrors).toMatchObject({
      title: ["At least 5 characters"],
      body: ["At least 20 characters"],
      regionUnitId: ["Required"],
      contactPhone: ["Not a valid phone number"],
    });
    const zh = await call("POST", "/api/v1/suggestions", {
      body: { title: "Bus" },
      headers: { "Accept-Language": "zh-CN,zh;q=0.9" },
    });
    expect(zh.json.fieldErrors.title).toEqual(["至少 5 个字"]);
  });

  it("rejects an unknown region with a field error", async () => {
    const res = await call("POST", "/api/v1/suggestions", {
      body: { ...draft, regionUnitId: 99_999 },
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json.fieldErrors)).toEqual(["regionUnitId"]);
  });

  it("takes JSON only: a (cross-site, cookie-carrying) form post is 415; bad JSON is 400", async () => {
    const before = db().select({ n: count() }).from(suggestions).get()!.n;
    const form = await call("POST", "/api/v1/suggestions", {
      raw: new URLSearchParams({ ...draft, regionUnitId: "3" } as never).toString(),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        Cookie: "minyi_session=stolen; minyi_csrf=x",
        Origin: "https://evil.example",
      },
    });
    expect(form.status).toBe(415);
    const text = await call("POST", "/api/v1/suggestions", {
      raw: JSON.stringify(draft),
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
    const broken = await call("POST", "/api/v1/suggestions", {
      raw: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(broken.status).toBe(400);
    expect(broken.json.error).toBe("invalid_json");
    expect(db().select({ n: count() }).from(suggestions).get()!.n).toBe(before);
  });

  it("rejects a malformed Idempotency-Key", async () => {
    const res = await call("POST", "/api/v1/suggestions", {
      body: draft,
      headers: { "Idempotency-Key": "x".repeat(101) },
    });
    expect(res.status).toBe(400);
    expect(res.json.fieldErrors).toHaveProperty("body");
  });

  it("limits submissions per IP and per contact (429 with Retry-After); replays still answer", async () => {
    const ip = freshIp();
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call("POST", "/api/v1/suggestions", {
        body: { ...draft, title: `建议增设直饮水点 第${i + 1}处` },
        headers: { "Idempotency-Key": `limit-${i}` },
        ip,
      });
      expect(res.status).toBe(201);
      codes.push(res.json.trackingCode);
    }
    const over = await call("POST", "/api/v1/suggestions", {
      body: { ...draft, title: "建议增设直饮水点 第4处" },
      ip,
    });
    expect(over.status).toBe(429);
    expect(over.json.error).toBe("rate_limited");
    expect(Number(over.headers.get("Retry-After"))).toBeGreaterThan(0);
    // A retry of an earlier request is not a new submission: it gets its answer.
    const replay = await call("POST", "/api/v1/suggestions", {
      body: { ...draft, title: "建议增设直饮水点 第1处" },
      headers: { "Idempotency-Key": "limit-0" },
      ip,
    });
    expect(replay.status).toBe(201);
    expect(replay.json.trackingCode).toBe(codes[0]);
    // Per contact: the same e-mail from different addresses.
    for (let i = 0; i < 3; i++) {
      const res = await call("POST", "/api/v1/suggestions", {
        body: { ...draft, title: `联系人限流测试 ${i}`, contactEmail: "busy@example.com" },
      });
      expect(res.status).toBe(201);
    }
    const contactOver = await call("POST", "/api/v1/suggestions", {
      body: { ...draft, title: "联系人限流测试 3", contactEmail: "busy@example.com" },
    });
    expect(contactOver.status).toBe(429);
  });
});

describe("GET /api/v1/suggestions/:code", () => {
  it("gives the public view of a public suggestion, redacted and without contact details", async () => {
    const leaky = db()
      .select({
        code: suggestions.trackingCode,
        phone: suggestionContacts.phone,
        email: suggestionContacts.email,
        name: suggestionContacts.name,
        body: suggestions.body,
      })
      .from(suggestions)
      .innerJoin(suggestionContacts, eq(suggestionContacts.suggestionId, suggestions.id))
      .where(
        inArray(
          suggestions.id,
          publicRows().map((r) => r.id),
        ),
      )
      .all()
      .find((r) => PHONE.test(r.body) || EMAIL.test(r.body));
    expect(leaky, "the seed has a public suggestion with contact data in its text").toBeDefined();
    const res = await call("GET", `/api/v1/suggestions/${leaky!.code}`);
    expect(res.status).toBe(200);
    expect(res.json.view).toBe("public");
    expect(res.json).not.toHaveProperty("deadline");
    const text = JSON.stringify(res.json);
    expect(text).not.toMatch(PHONE);
    expect(text).not.toMatch(EMAIL);
    if (leaky!.name && leaky!.name.length >= 2) expect(text).not.toContain(leaky!.name);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });

  it("gives the private view with X-Tracking-Secret, and 404 without it before publication", async () => {
    const created = await call("POST", "/api/v1/suggestions", {
      body: { ...draft, title: "我的私人建议：联系13912345678", contactPhone: "13912345678" },
    });
    const code = created.json.trackingCode as string;
    const anonymous = await call("GET", `/api/v1/suggestions/${code}`);
    expect(anonymous.status).toBe(404);
    const mine = await call("GET", `/api/v1/suggestions/${code}`, {
      headers: { "X-Tracking-Secret": created.json.secret },
    });
    expect(mine.status).toBe(200);
    expect(mine.json.view).toBe("private");
    expect(mine.json.title).toContain("13912345678");
    expect(mine.json.deadline).toEqual(expect.any(String));
    expect(mine.json.timeline.map((e: { type: string }) => e.type)).toEqual(["submitted"]);
    // The secret works case-insensitively, as printed on the confirmation.
    const lower = await call("GET", `/api/v1/suggestions/${code}`, {
      headers: { "X-Tracking-Secret": created.json.secret.toLowerCase() },
    });
    expect(lower.status).toBe(200);
  });

  it("answers a wrong secret exactly like an unknown code: 404, nothing leaked", async () => {
    const created = await call("POST", "/api/v1/suggestions", { body: draft });
    const wrong = await call("GET", `/api/v1/suggestions/${created.json.trackingCode}`, {
      headers: { "X-Tracking-Secret": "AAAA-BBBB-CCCC" },
    });
    const unknown = await call("GET", "/api/v1/suggestions/JY-2099-999999");
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrong.json).toEqual(unknown.json);
    // A public suggestion with a wrong secret is not the private view either.
    const pub = publicRows()[0]!;
    const pubWrong = await call("GET", `/api/v1/suggestions/${pub.trackingCode}`, {
      headers: { "X-Tracking-Secret": "AAAA-BBBB-CCCC" },
    });
    expect(pubWrong.status).toBe(404);
  });

  it("rejects a malformed code with 400", async () => {
    const res = await call("GET", "/api/v1/suggestions/not-a-code");
    expect(res.status).toBe(400);
    expect(res.json.fieldErrors).toHaveProperty("code");
  });

  it("refuses other methods with 405", async () => {
    const pub = publicRows()[0]!;
    const res = await call("POST", `/api/v1/suggestions/${pub.trackingCode}`, { body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe("GET");
  });
});

describe("GET /api/v1/search and /api/v1/suggestions", () => {
  it("returns every public suggestion, paginated, and the list agrees with the database", async () => {
    const total = publicRows().length;
    const page1 = await call("GET", "/api/v1/search");
    expect(page1.status).toBe(200);
    expect(page1.json.total).toBe(total);
    expect(page1.json.results).toHaveLength(Math.min(20, total));
    expect(page1.json.pages).toBe(Math.ceil(total / 20));
    const page2 = await call("GET", "/api/v1/search?page=2");
    const overlap = page2.json.results.filter((r: { trackingCode: string }) =>
      page1.json.results.some((p: { trackingCode: string }) => p.trackingCode === r.trackingCode),
    );
    expect(overlap).toEqual([]);
    const list = await call("GET", "/api/v1/suggestions");
    expect(list.json.total).toBe(total);
    expect(JSON.stringify(page1.json)).not.toMatch(PHONE);
  });

  it("searches full text and applies the filters and sorting", async () => {
    const hit = await call("GET", `/api/v1/search?q=${encodeURIComponent("公交")}`);
    expect(hit.json.total).toBeGreaterThan(0);
    for (const r of hit.json.results) expect(`${r.title}${r.excerpt}`).toMatch(/公交|巴士|线路|车/);
    const answered = await call("GET", "/api/v1/search?status=answered");
    expect(answered.json.total).toBe(publicRows().filter((r) => r.status === "answered").length);
    expect(new Set(answered.json.results.map((r: { status: string }) => r.status))).toEqual(
      new Set(["answered"]),
    );
    const adopted = await call("GET", "/api/v1/search?decision=adopted");
    expect(adopted.json.results.every((r: { decision: string }) => r.decision === "adopted")).toBe(
      true,
    );
    const sorted = await call("GET", "/api/v1/search?sort=supported");
    const counts = sorted.json.results.map((r: { supportsCount: number }) => r.supportsCount);
    expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));
    const recent = await call("GET", "/api/v1/search?period=7d");
    const weekAgo = SEEDED_AT.getTime() - 7 * 86_400_000;
    for (const r of recent.json.results)
      expect(new Date(r.submittedAt).getTime()).toBeGreaterThanOrEqual(weekAgo);
    const region = await call("GET", "/api/v1/search?region=999999");
    expect(region.json.total).toBe(0);
  });

  it("rejects bad filters with 400 and names each field", async () => {
    const res = await call("GET", "/api/v1/search?status=bogus&page=0&category=abc&sort=x");
    expect(res.status).toBe(400);
    expect(Object.keys(res.json.fieldErrors).sort()).toEqual([
      "category",
      "page",
      "sort",
      "status",
    ]);
    const long = await call("GET", `/api/v1/search?q=${"a".repeat(201)}`);
    expect(long.status).toBe(400);
  });
});

describe("POST /api/v1/suggestions/:code/supports", () => {
  const supportsOf = (code: string) =>
    db()
      .select({ n: suggestions.supportsCount })
      .from(suggestions)
      .where(eq(suggestions.trackingCode, code))
      .get()!.n;

  it("counts one support per supporter: 201, then 200 alreadySupported", async () => {
    const target = publicRows().find((r) => r.status === "answered")!;
    const before = supportsOf(target.trackingCode);
    const first = await call("POST", `/api/v1/suggestions/${target.trackingCode}/supports`, {
      body: { deviceId: "device-aaaaaaaaaaaa-0001" },
    });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ supportsCount: before + 1, alreadySupported: false });
    const again = await call("POST", `/api/v1/suggestions/${target.trackingCode}/supports`, {
      body: { deviceId: "device-aaaaaaaaaaaa-0001" },
    });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ supportsCount: before + 1, alreadySupported: true });
    const byContact = await call("POST", `/api/v1/suggestions/${target.trackingCode}/supports`, {
      body: { contact: "138 1234 5678" },
    });
    expect(byContact.status).toBe(201);
    const sameContact = await call("POST", `/api/v1/suggestions/${target.trackingCode}/supports`, {
      body: { contact: "+8613812345678" },
    });
    expect(sameContact.json.alreadySupported).toBe(true);
    expect(supportsOf(target.trackingCode)).toBe(before + 2);
    // Nothing personal is stored: only hashes.
    const keys = db()
      .select({ key: supports.supporterKey })
      .from(supports)
      .where(eq(supports.suggestionId, target.id))
      .all()
      .map((k) => k.key);
    expect(keys.join()).not.toContain("13812345678");
  });

  it("counts a support of a merged suggestion on its primary", async () => {
    const merged = publicRows().find((r) => r.status === "merged" && r.primaryId)!;
    const primary = db()
      .select()
      .from(suggestions)
      .where(eq(suggestions.id, merged.primaryId!))
      .get()!;
    const res = await call("POST", `/api/v1/suggestions/${merged.trackingCode}/supports`, {
      body: { deviceId: "device-merged-000000001" },
    });
    expect(res.status).toBe(201);
    expect(supportsOf(primary.trackingCode)).toBe(primary.supportsCount + 1);
  });

  it("answers 404 for unknown and non-public codes, 400 for a bad code or body, 415 for forms", async () => {
    const hidden = db()
      .select()
      .from(suggestions)
      .where(eq(suggestions.status, "submitted"))
      .get()!;
    const device = { deviceId: "device-bbbbbbbbbbbb-0002" };
    expect(
      (await call("POST", "/api/v1/suggestions/JY-2099-999999/supports", { body: device })).status,
    ).toBe(404);
    expect(
      (await call("POST", `/api/v1/suggestions/${hidden.trackingCode}/supports`, { body: device }))
        .status,
    ).toBe(404);
    expect((await call("POST", "/api/v1/suggestions/nope/supports", { body: device })).status).toBe(
      400,
    );
    const pub = publicRows()[0]!.trackingCode;
    const empty = await call("POST", `/api/v1/suggestions/${pub}/supports`, { body: {} });
    expect(empty.status).toBe(400);
    expect(empty.json.fieldErrors.contact).toEqual(["Send contact or deviceId"]);
    const badDevice = await call("POST", `/api/v1/suggestions/${pub}/supports`, {
      body: { deviceId: "short" },
    });
    expect(badDevice.json.fieldErrors).toHaveProperty("deviceId");
    const badContact = await call("POST", `/api/v1/suggestions/${pub}/supports`, {
      body: { contact: "not an address" },
    });
    expect(badContact.json.fieldErrors).toHaveProperty("contact");
    const form = await call("POST", `/api/v1/suggestions/${pub}/supports`, {
      raw: "deviceId=device-cccccccccccc-0003",
      headers: { "content-type": "application/x-www-form-urlencoded", Cookie: "minyi_device=x" },
    });
    expect(form.status).toBe(415);
  });

  it("replays the first answer for a repeated Idempotency-Key; another body is 422", async () => {
    const target = publicRows().find((r) => r.status === "completed")!.trackingCode;
    const body = { deviceId: "device-idem-0000000001" };
    const headers = { "Idempotency-Key": "support-key-1" };
    const first = await call("POST", `/api/v1/suggestions/${target}/supports`, { body, headers });
    const second = await call("POST", `/api/v1/suggestions/${target}/supports`, { body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
    const other = await call("POST", `/api/v1/suggestions/${target}/supports`, {
      body: { deviceId: "device-idem-0000000002" },
      headers,
    });
    expect(other.status).toBe(422);
  });

  it("limits supports per IP (429)", async () => {
    const ip = freshIp();
    const rows = publicRows().slice(0, 6);
    const statuses: number[] = [];
    for (const r of rows) {
      statuses.push(
        (
          await call("POST", `/api/v1/suggestions/${r.trackingCode}/supports`, {
            body: { deviceId: "device-limit-000000001" },
            ip,
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 5).every((s) => s === 201 || s === 200)).toBe(true);
    expect(statuses[5]).toBe(429);
  });
});

describe("POST /api/v1/suggestions/:code/satisfaction", () => {
  /** Answered public suggestions nobody has rated yet. */
  const answered = () => {
    const rated = new Set(
      db()
        .select({ id: satisfactions.suggestionId })
        .from(satisfactions)
        .all()
        .map((r) => r.id),
    );
    return publicRows().filter(
      (r) => r.status === "answered" && r.rehandleCount === 0 && !rated.has(r.id),
    );
  };

  it("needs the secret: 401 without it, 404 when wrong", async () => {
    const code = answered()[0]!.trackingCode;
    const missing = await call("POST", `/api/v1/suggestions/${code}/satisfaction`, {
      body: { score: 5 },
    });
    expect(missing.status).toBe(401);
    expect(missing.json.error).toBe("tracking_secret_required");
    const wrong = await call("POST", `/api/v1/suggestions/${code}/satisfaction`, {
      body: { score: 5 },
      headers: { "X-Tracking-Secret": "AAAA-BBBB-CCCC" },
    });
    expect(wrong.status).toBe(404);
    const unknown = await call("POST", "/api/v1/suggestions/JY-2099-999999/satisfaction", {
      body: { score: 5 },
      headers: { "X-Tracking-Secret": "AAAA-BBBB-CCCC" },
    });
    expect(unknown.status).toBe(404);
  });

  it("rates once (201, then 409) and validates the score (400)", async () => {
    const code = answered()[1]!.trackingCode;
    const secret = withSecret(code, "RATE-ONCE-2345");
    const headers = { "X-Tracking-Secret": secret };
    const bad = await call("POST", `/api/v1/suggestions/${code}/satisfaction`, {
      body: { score: 9, comment: "x".repeat(1001) },
      headers,
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.fieldErrors).sort()).toEqual(["comment", "score"]);
    const ok = await call("POST", `/api/v1/suggestions/${code}/satisfaction`, {
      body: { score: 5, comment: "很满意" },
      headers,
    });
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({ score: 5, rehandling: false });
    const twice = await call("POST", `/api/v1/suggestions/${code}/satisfaction`, {
      body: { score: 4 },
      headers,
    });
    expect(twice.status).toBe(409);
  });

  it("answers 409 before the suggestion is answered", async () => {
    const created = await call("POST", "/api/v1/suggestions", { body: draft });
    const res = await call(
      "POST",
      `/api/v1/suggestions/${created.json.trackingCode}/satisfaction`,
      {
        body: { score: 3 },
        headers: { "X-Tracking-Secret": created.json.secret },
      },
    );
    expect(res.status).toBe(409);
  });

  it("a low score with rehandle reopens the item and tells its followers", async () => {
    const row = answered()[2]!;
    const secret = withSecret(row.trackingCode, "REHA-NDLE-2345");
    const followed = followsDomain.followSuggestion(row.trackingCode, "watcher@example.com");
    expect(followed.state).toBe("requested");
    followsDomain.confirmFollow(
      followed.followId,
      followsDomain.followToken("confirm", followed.followId),
    );
    const res = await call("POST", `/api/v1/suggestions/${row.trackingCode}/satisfaction`, {
      body: { score: 1, comment: "问题没有解决", rehandle: true },
      headers: { "X-Tracking-Secret": secret, "Idempotency-Key": "rate-key-1" },
    });
    expect(res.status).toBe(201);
    expect(res.json.rehandling).toBe(true);
    const after = db().select().from(suggestions).where(eq(suggestions.id, row.id)).get()!;
    expect(after.status).toBe("in_progress");
    expect(after.rehandleCount).toBe(1);
    // A new handling period from the request, not the old (passed) deadline.
    expect(after.handleDueAt!.getTime()).toBeGreaterThan(
      after.inProgressAt!.getTime() + 7 * 86_400_000,
    );
    const outbox = db()
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.suggestionId, row.id),
          eq(notifications.recipientAddress, "watcher@example.com"),
        ),
      )
      .orderBy(desc(notifications.id))
      .all();
    // The request to confirm the follow and the update, each with an unfollow link.
    expect(outbox).toHaveLength(2);
    expect(outbox[0]!.subject).toContain(row.trackingCode);
    expect(outbox[0]!.body).toContain(`/suggestions/${row.trackingCode}/unfollow?f=`);
    // The same key replays the first answer instead of a 409.
    const replay = await call("POST", `/api/v1/suggestions/${row.trackingCode}/satisfaction`, {
      body: { score: 1, comment: "问题没有解决", rehandle: true },
      headers: { "X-Tracking-Secret": secret, "Idempotency-Key": "rate-key-1" },
    });
    expect(replay.status).toBe(201);
    expect(replay.json).toEqual(res.json);
  });

  it("limits ratings per IP (429)", async () => {
    const ip = freshIp();
    const code = answered()[3]!.trackingCode;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (
          await call("POST", `/api/v1/suggestions/${code}/satisfaction`, {
            body: { score: 4 },
            headers: { "X-Tracking-Secret": "AAAA-BBBB-CCCC" },
            ip,
          })
        ).status,
      );
    }
    expect(statuses).toEqual([404, 404, 404, 429]);
  });

  it("after rating, the owner's view shows the rating instead of the form", async () => {
    const row = answered()[5]!;
    const secret = withSecret(row.trackingCode, "RATE-VIEW-2345");
    const before = publicView.getSuggestionView(row.trackingCode, { secret }).suggestion;
    expect(before).toMatchObject({ canRate: true, myRating: null });
    const res = await call("POST", `/api/v1/suggestions/${row.trackingCode}/satisfaction`, {
      body: { score: 2 },
      headers: { "X-Tracking-Secret": secret },
    });
    expect(res.status).toBe(201);
    const after = publicView.getSuggestionView(row.trackingCode, { secret }).suggestion;
    expect(after).toMatchObject({ canRate: false, canRehandle: false });
    expect(after.myRating).toMatchObject({ score: 2, rehandleRequested: false });
  });

  it("wrong secrets from elsewhere do not lock the owner out of rating", async () => {
    const row = answered()[4]!;
    const secret = `OWNR-${row.id}-SECRET`;
    db()
      .update(suggestions)
      .set({ secretHash: hashSecret(secret) })
      .where(eq(suggestions.id, row.id))
      .run();
    const attacker = freshIp();
    for (let i = 0; i < 4; i++) {
      await call("POST", `/api/v1/suggestions/${row.trackingCode}/satisfaction`, {
        body: { score: 1 },
        headers: { "X-Tracking-Secret": `WRONG-${i}` },
        ip: attacker,
      });
    }
    const owner = await call("POST", `/api/v1/suggestions/${row.trackingCode}/satisfaction`, {
      body: { score: 4 },
      headers: { "X-Tracking-Secret": secret },
    });
    expect(owner.status).toBe(201);
  });
});

describe("follows", () => {
  it("follows once per address after the address confirms, notifies and stops on unfollow", () => {
    const followed = new Set(
      db()
        .select({ id: follows.suggestionId })
        .from(follows)
        .all()
        .map((f) => f.id),
    );
    const target = publicRows().find((r) => r.status === "in_progress" && !followed.has(r.id))!;
    const count = () =>
      db().select().from(suggestions).where(eq(suggestions.id, target.id)).get()!.followersCount;
    const before = count();
    const at = new Date(SEEDED_AT.getTime() + 60_000);
    const notify = (subject: string) =>
      db().transaction((tx) => followsDomain.notifyFollowers(tx, target.id, subject, "正文", at));
    const a = followsDomain.followSuggestion(target.trackingCode, "Fan@Example.com");
    expect(a.state).toBe("requested");
    // The address is asked to confirm, with a link only its owner gets; nothing else yet.
    const request = db()
      .select()
      .from(notifications)
      .where(eq(notifications.recipientAddress, "fan@example.com"))
      .all();
    expect(request).toHaveLength(1);
    // Links in a message are whole addresses on the site's public URL.
    expect(request[0]!.body).toContain(
      `http://localhost:3000${followsDomain.confirmFollowPath(target.trackingCode, a.followId)}`,
    );
    expect(request[0]!.body).not.toMatch(/[：:] ?\/suggestions\//);
    expect(request[0]!.body).toContain(`/suggestions/${target.trackingCode}/unfollow?f=`);
    expect(notify("未确认")).toBe(0);
    expect(count()).toBe(before);
    // Asking again soon after sends nothing new; ten minutes later the link goes out again
    // (the first message may have been lost).
    const b = followsDomain.followSuggestion(target.trackingCode, "fan@example.com ");
    expect(b).toMatchObject({ followId: a.followId, state: "pending" });
    const sentTo = () =>
      db()
        .select()
        .from(notifications)
        .where(eq(notifications.recipientAddress, "fan@example.com"))
        .all().length;
    expect(sentTo()).toBe(1);
    const offset = clockOffset();
    setClockOffset(offset + 11 * 60_000);
    try {
      expect(followsDomain.followSuggestion(target.trackingCode, "fan@example.com").state).toBe(
        "requested",
      );
      expect(sentTo()).toBe(2);
    } finally {
      setClockOffset(offset);
    }
    const c = followsDomain.followSuggestion(target.trackingCode, "139-1111-2222");
    expect(() =>
      followsDomain.confirmFollow(a.followId, followsDomain.followToken("unfollow", a.followId)),
    ).toThrow();
    expect(
      followsDomain.confirmFollow(a.followId, followsDomain.followToken("confirm", a.followId)),
    ).toEqual({ confirmed: true });
    expect(
      followsDomain.confirmFollow(a.followId, followsDomain.followToken("confirm", a.followId)),
    ).toEqual({ confirmed: false });
    followsDomain.confirmFollow(c.followId, followsDomain.followToken("confirm", c.followId));
    expect(followsDomain.followSuggestion(target.trackingCode, "fan@example.com").state).toBe(
      "following",
    );
    expect(count()).toBe(before + 2);
    expect(notify("进展 / Update")).toBe(2);
    const sent = db()
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.suggestionId, target.id), eq(notifications.subject, "进展 / Update")),
      )
      .all();
    expect(sent.map((n) => [n.channel, n.recipientAddress]).sort()).toEqual([
      ["email", "fan@example.com"],
      ["sms", "13911112222"],
    ]);
    // Unfollow with the token from the link; a forged token is refused.
    expect(() => followsDomain.unfollowSuggestion(a.followId, "forged-token-000000")).toThrow();
    followsDomain.unfollowSuggestion(a.followId, followsDomain.followToken("unfollow", a.followId));
    const row = db().select().from(follows).where(eq(follows.id, a.followId)).get()!;
    expect([row.email, row.phone, row.confirmedAt]).toEqual([null, null, null]);
    expect(notify("进展2")).toBe(1);
    expect(count()).toBe(before + 1);
    // The stopped follow's confirmation link no longer starts it; following again asks again.
    expect(
      followsDomain.confirmFollow(a.followId, followsDomain.followToken("confirm", a.followId)),
    ).toEqual({ confirmed: false });
    expect(followsDomain.followSuggestion(target.trackingCode, "fan@example.com").state).toBe(
      "requested",
    );
    expect(count()).toBe(before + 1);
  });

  it("includes followers of suggestions merged into the primary, once each", () => {
    const merged = publicRows().find((r) => r.status === "merged" && r.primaryId)!;
    const existing = db()
      .select({ n: count() })
      .from(follows)
      .where(inArray(follows.suggestionId, [merged.id, merged.primaryId!]))
      .get()!.n;
    // A follower left on the duplicate (as before a merge moved it) and the same one on the primary.
    db()
      .insert(follows)
      .values([
        {
          suggestionId: merged.id,
          followerKey: "k-dup",
          email: "dup@example.com",
          createdAt: SEEDED_AT,
          confirmedAt: SEEDED_AT,
        },
        {
          suggestionId: merged.primaryId!,
          followerKey: "k-dup",
          email: "dup@example.com",
          createdAt: SEEDED_AT,
          confirmedAt: SEEDED_AT,
        },
        {
          suggestionId: merged.id,
          followerKey: "k-only",
          phone: "13700000000",
          createdAt: SEEDED_AT,
          confirmedAt: SEEDED_AT,
        },
        {
          suggestionId: merged.id,
          followerKey: "k-unconfirmed",
          phone: "13700000001",
          createdAt: SEEDED_AT,
        },
      ])
      .run();
    const n = db().transaction((tx) =>
      followsDomain.notifyFollowers(tx, merged.primaryId!, "s", "b", SEEDED_AT),
    );
    expect(n).toBe(existing + 2);
  });

  it("the suggestion page's follow form validates, follows and answers 429 when over the limit", async () => {
    const target = publicRows().find((r) => r.status === "completed")!.trackingCode;
    const csrf = await getCsrfToken(new Request(BASE));
    const cookie = csrf.setCookie!.split(";")[0]!;
    const post = (contact: string, ip: string) =>
      suggestionPage.action(
        args(
          new Request(`${BASE}/suggestions/${target}`, {
            method: "POST",
            headers: {
              Cookie: cookie,
              "content-type": "application/x-www-form-urlencoded",
              "x-minyi-client-ip": ip,
            },
            body: new URLSearchParams({ csrf: csrf.token, contact }).toString(),
          }),
          { code: target },
        ),
      ) as Promise<{ data: Record<string, unknown>; init: ResponseInit | null }>;
    const invalid = await post("nobody", freshIp());
    expect(invalid.init?.status).toBe(400);
    expect(invalid.data).toMatchObject({ fieldErrors: { contact: ["follow.invalidContact"] } });
    const ok = await post("reader@example.com", freshIp());
    expect(ok.data).toEqual({ status: "requested" });
    const ip = freshIp();
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await post(`reader${i}@example.com`, ip));
    expect(results[5]!.init?.status).toBe(429);
    expect(results[5]!.data).toMatchObject({ status: "limited" });
    // One address asked for from many places is limited too: each request may message it.
    const victim = [];
    for (let i = 0; i < 4; i++) victim.push(await post("victim@example.com", freshIp()));
    expect(victim.map((r) => r.init?.status ?? 200)).toEqual([200, 200, 200, 429]);
  });
});

describe("web forms share the limits and answer 429 in place", () => {
  async function formRequest(path: string, fields: Record<string, string>, ip: string) {
    const csrf = await getCsrfToken(new Request(BASE));
    return new Request(`${BASE}${path}`, {
      method: "POST",
      headers: {
        Cookie: csrf.setCookie!.split(";")[0]!,
        "content-type": "application/x-www-form-urlencoded",
        "x-minyi-client-ip": ip,
      },
      body: new URLSearchParams({ csrf: csrf.token, ...fields }).toString(),
    });
  }

  it("the submit form keeps the text and says when to retry", async () => {
    const ip = freshIp();
    let last: { init?: ResponseInit | null; data?: unknown; status?: number } | Response | null =
      null;
    for (let i = 0; i < 4; i++) {
      try {
        last = (await submitPage.action(
          args(
            await formRequest(
              "/submit",
              {
                title: `网页限流测试第${i}条建议`,
                body: draft.body,
                regionUnitId: "3",
                idempotencyKey: `web-limit-key-${i}`,
              },
              ip,
            ),
          ),
        )) as never;
      } catch (thrown) {
        last = thrown as Response;
      }
    }
    expect(last && "init" in last ? last.init?.status : null).toBe(429);
    expect((last as { data: { rateLimited: number } }).data.rateLimited).toBeGreaterThan(0);
  });

  it("an API submission's key sent through the submit form replays nothing of it", async () => {
    const created = await call("POST", "/api/v1/suggestions", {
      body: draft,
      headers: { "Idempotency-Key": "order-form-42" },
    });
    expect(created.status).toBe(201);
    const posted = (await submitPage.action(
      args(
        await formRequest(
          "/submit",
          {
            title: "冒用别人幂等键的标题",
            body: "这是另一个人写的内容，长度超过二十个字符，想借键拿到别人的密码。",
            regionUnitId: "3",
            idempotencyKey: "api:order-form-42",
          },
          freshIp(),
        ),
      ),
    )) as Response;
    expect(posted.status).toBe(302);
    // The form made its own suggestion under its own namespace; the API one was not touched.
    const rows = db()
      .select({ code: suggestions.trackingCode, key: suggestions.idempotencyKey })
      .from(suggestions)
      .where(like(suggestions.idempotencyKey, "%order-form-42"))
      .all();
    expect(rows.map((r) => r.key).sort()).toEqual(["api:order-form-42", "web:api:order-form-42"]);
    expect(new Set(rows.map((r) => r.code)).size).toBe(2);
  });

  it("the support form answers 429 to fetchers and redirects a plain post back", async () => {
    const target = publicRows().find((r) => r.status === "implementing")!.trackingCode;
    const ip = freshIp();
    const statuses: (number | undefined)[] = [];
    for (let i = 0; i < 6; i++) {
      const r = (await supportForm.action(
        args(await formRequest(`/suggestions/${target}/support`, {}, ip), { code: target }),
      )) as { init: ResponseInit | null } | Response;
      statuses.push(r instanceof Response ? r.status : (r.init?.status ?? 200));
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses[5]).toBe(429);
    const navigate = await formRequest(`/suggestions/${target}/support`, {}, ip);
    navigate.headers.set("sec-fetch-mode", "navigate");
    const redirected = (await supportForm.action(args(navigate, { code: target }))) as Response;
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get("Location")).toBe(`/suggestions/${target}`);
  });

  it("the rating form on the track page answers 429 with the view kept", async () => {
    const row = publicRows().find((r) => r.status === "completed" && r.rehandleCount === 0)!;
    const ratedBefore = db()
      .select({ n: count() })
      .from(events)
      .where(and(eq(events.suggestionId, row.id), eq(events.type, "satisfaction_rated")))
      .get()!.n;
    const secret = withSecret(row.trackingCode, "WEBR-ATE2-3456");
    const ip = freshIp();
    let last: { init: ResponseInit | null; data: Record<string, unknown> } | null = null;
    for (let i = 0; i < 4; i++) {
      last = (await trackPage.action(
        args(
          await formRequest(
            "/track",
            { intent: "rate", code: row.trackingCode, secret, score: "9" },
            ip,
          ),
        ),
      )) as never;
    }
    expect(last!.init?.status).toBe(429);
    expect(last!.data.rateLimited).toBeGreaterThan(0);
    expect(last!.data.view).toBeTruthy();
    // Nothing was recorded by the refused attempts.
    expect(
      db()
        .select({ n: count() })
        .from(events)
        .where(and(eq(events.suggestionId, row.id), eq(events.type, "satisfaction_rated")))
        .get()!.n,
    ).toBe(ratedBefore);
  });
});

describe("the track page", () => {
  async function track(fields: Record<string, string>) {
    const csrf = await getCsrfToken(new Request(BASE));
    const request = new Request(`${BASE}/track`, {
      method: "POST",
      headers: {
        Cookie: csrf.setCookie!.split(";")[0]!,
        "content-type": "application/x-www-form-urlencoded",
        "x-minyi-client-ip": freshIp(),
      },
      body: new URLSearchParams({ csrf: csrf.token, ...fields }).toString(),
    });
    return (await trackPage.action(args(request))) as {
      init: ResponseInit | null;
      data: { view: { isOwner: boolean } | null; fieldErrors: Record<string, string[]> };
    };
  }

  it("takes the secret in any case, with spaces or without dashes", async () => {
    const row = publicRows().find((r) => r.status === "completed")!;
    withSecret(row.trackingCode, "K8LX-U6XV-J8EA");
    for (const typed of ["k8lxu6xvj8ea", " K8LX U6XV J8EA ", "k8lx-u6xv-j8ea"]) {
      const r = await track({ code: row.trackingCode, secret: typed });
      expect(r.data.view?.isOwner, typed).toBe(true);
    }
  });

  it("says beside the secret that it does not match, and still shows the public page", async () => {
    const row = publicRows().find((r) => r.status === "completed")!;
    withSecret(row.trackingCode, "GOOD-SECR-ET23");
    const r = await track({ code: row.trackingCode, secret: "AAAA-BBBB-CCCC" });
    expect(r.data.fieldErrors).toEqual({ secret: ["track.wrongSecret"] });
    expect(r.data.view?.isOwner).toBe(false);
  });
});

describe("the public pages' queries", () => {
  it("a list page past the last one goes to the last one, filters kept", async () => {
    for (const [path, route] of [
      ["/suggestions", await import("../../app/routes/suggestions._index")],
      ["/outcomes", await import("../../app/routes/outcomes")],
      ["/topics", await import("../../app/routes/topics._index")],
    ] as const) {
      let thrown: unknown;
      try {
        await route.loader(args(new Request(`${BASE}${path}?page=9000&lang=en`)) as never);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, path).toBeInstanceOf(Response);
      const location = (thrown as Response).headers.get("Location")!;
      expect(location).toMatch(new RegExp(`^${path}\\?page=\\d+&lang=en$`));
      const last = Number(new URL(location, BASE).searchParams.get("page"));
      // The last page itself renders.
      const page = (await route.loader(
        args(new Request(`${BASE}${path}?page=${last}&lang=en`)) as never,
      )) as { result: { page: number; pages: number } };
      expect(page.result.page).toBe(page.result.pages);
    }
  });

  it("ranks hot topics in SQL exactly as the text engine's rankHotTopics does", async () => {
    const { rankHotTopics } = await import("../../app/nlp/hot-topics");
    const pub = await import("../../app/domain/suggestions/public.server");
    pub.clearTopicCache();
    const members = publicRows().filter((r) => r.clusterId !== null);
    const expected = rankHotTopics(
      members.map((m) => ({
        id: String(m.id),
        clusterId: String(m.clusterId),
        createdAt: m.submittedAt,
        supports: m.supportsCount,
      })),
      new Date(SEEDED_AT),
    );
    const listed = pub.listHotTopics({ pageSize: 1000, minSize: 1 });
    expect(listed.rows.map((r) => String(r.id))).toEqual(expected.map((h) => h.clusterId));
    // The public list leaves out lone suggestions, keeping the order.
    const shown = pub.listHotTopics({ pageSize: 1000 });
    expect(shown.rows.map((r) => String(r.id))).toEqual(
      expected.filter((h) => h.size >= 2).map((h) => h.clusterId),
    );
    for (const [i, h] of expected.entries()) {
      expect(listed.rows[i]!.size).toBe(h.size);
      expect(listed.rows[i]!.emerging).toBe(h.emerging);
      expect(listed.rows[i]!.score).toBeCloseTo(h.score, 1);
    }
    // A topic page counts only public members.
    const topic = pub.getTopic(listed.rows[0]!.id);
    expect(topic.size).toBe(members.filter((m) => m.clusterId === listed.rows[0]!.id).length);
  });

  it("counts each call's suggestions like SQL does and 404s unknown topics and calls", async () => {
    const pub = await import("../../app/domain/suggestions/public.server");
    const calls = pub.listCalls();
    const all = [...calls.open, ...calls.upcoming, ...calls.closed];
    expect(all.length).toBeGreaterThan(0);
    for (const c of all) {
      const received = db()
        .select({ n: count() })
        .from(suggestions)
        .where(eq(suggestions.callId, c.id))
        .all()[0]!.n;
      const withdrawn = db()
        .select({ n: count() })
        .from(suggestions)
        .where(and(eq(suggestions.callId, c.id), eq(suggestions.status, "withdrawn")))
        .all()[0]!.n;
      expect(c.received).toBe(received - withdrawn);
      expect(c.public).toBe(publicRows().filter((r) => r.callId === c.id).length);
      const page = pub.getCall(c.slug);
      expect(Object.values(page.statusCounts).reduce((a, b) => a + (b ?? 0), 0)).toBe(c.public);
    }
    expect(calls.open.every((c) => c.startsAt <= SEEDED_AT && c.endsAt >= SEEDED_AT)).toBe(true);
    expect(() => pub.getCall("no-such-call")).toThrow(/Unknown call/);
    expect(() => pub.getTopic(999_999)).toThrow(/Unknown topic/);
  });

  it("lists published outcomes of public suggestions only, with redacted text and progress", async () => {
    const pub = await import("../../app/domain/suggestions/public.server");
    const stories = pub.listOutcomeStories({ pageSize: 100 });
    const publicIds = new Set(publicRows().map((r) => r.trackingCode));
    expect(stories.total).toBeGreaterThan(0);
    for (const s of stories.rows) {
      expect(publicIds.has(s.trackingCode)).toBe(true);
      expect(s.outcome.progress).toBeGreaterThanOrEqual(0);
      expect(s.outcome.progress).toBeLessThanOrEqual(100);
      if (s.outcome.achievedAt) expect(s.outcome.progress).toBe(100);
    }
    expect(JSON.stringify(stories.rows)).not.toMatch(PHONE);
    const achieved = pub.listOutcomeStories({ state: "achieved", pageSize: 100 });
    expect(achieved.total).toBe(stories.summary.achieved);
    expect(achieved.rows.every((s) => s.outcome.achievedAt !== null)).toBe(true);
  });
});

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), tested from the specification
 * text through the real route modules with real Request objects on a private copy of the
 * seeded database. Each `it` names the part of the spec it checks.
 */
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, count, eq, gte, inArray, lte } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { categories, events, suggestionContacts, suggestions } from "../../db/schema";
import { SEEDED_AT } from "../setup/paths";

// The routes use the app's own database connection: point it at a private copy first.
const dir = mkdtempSync(join(tmpdir(), "minyi-open311-"));
const file = join(dir, "db.sqlite");
copyFileSync(inject("templateDb"), file);
process.env.DATABASE_PATH = file;
process.env.SESSION_SECRET ??= "open311-test-secret-0123456789abcdef";
process.env.LOG_LEVEL = "silent";
process.env.RATE_LIMIT_SUBMIT_PER_HOUR = "1000";

const { db } = await import("../../app/utils/db.server");
const { setClockOffset } = await import("../../app/utils/clock.server");
const { textIndex } = await import("../../app/domain/suggestions/text-index.server");
const { PUBLIC_STATES } = await import("../../app/domain/suggestions/suggestions-workflow");
const servicesJson = await import("../../app/routes/open311.v2.services[.]json");
const servicesXml = await import("../../app/routes/open311.v2.services[.]xml");
const requestsJson = await import("../../app/routes/open311.v2.requests[.]json");
const requestsXml = await import("../../app/routes/open311.v2.requests[.]xml");
const requestById = await import("../../app/routes/open311.v2.requests.$id");
const discovery = await import("../../app/routes/open311.discovery[.]json");

const BASE = "http://minyi.test/open311/v2";
const DAY = 86_400_000;
const args = (request: Request, params: Record<string, string> = {}) => ({
  request,
  params,
  context: {},
});

async function get(path: string, headers: Record<string, string> = {}) {
  const url = `${BASE}/${path}`;
  const request = new Request(url, { headers });
  const { pathname } = new URL(url);
  if (pathname.endsWith("/services.json")) return servicesJson.loader(args(request));
  if (pathname.endsWith("/services.xml")) return servicesXml.loader(args(request));
  if (pathname.endsWith("/requests.json")) return requestsJson.loader(args(request));
  if (pathname.endsWith("/requests.xml")) return requestsXml.loader(args(request));
  const id = pathname.split("/requests/")[1]!;
  return requestById.loader(args(request, { id }));
}

function post(body: Record<string, string>, headers: Record<string, string> = {}) {
  return requestsJson.action(
    args(
      new Request(`${BASE}/requests.json`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8", ...headers },
        body: new URLSearchParams(body).toString(),
      }),
    ),
  );
}

type Json = Record<string, unknown>;
const json = async (res: Response) => (await res.json()) as Json[];

/** The spec's error body: an array of {code, description}. */
async function expectErrors(res: Response, status: number, mention: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
  const body = await json(res);
  expect(Array.isArray(body)).toBe(true);
  expect(body.length).toBeGreaterThan(0);
  for (const e of body) {
    expect(Object.keys(e).sort()).toEqual(["code", "description"]);
    expect(typeof e.code).toBe("number");
    expect(typeof e.description).toBe("string");
  }
  expect(body.map((e) => e.description).join(" ")).toMatch(mention);
  return body;
}

const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const CLOSED = ["completed", "not_accepted", "merged", "withdrawn"];

/** Public rows, counted independently of the facade. */
function publicWhere() {
  return and(
    eq(suggestions.publishConsent, true),
    eq(suggestions.moderation, "visible"),
    inArray(suggestions.status, [...PUBLIC_STATES]),
  );
}

beforeAll(() => {
  // "Now" is the day the template was seeded, so the default 90-day window has seeded rows.
  setClockOffset(SEEDED_AT.getTime() - Date.now());
  textIndex().build(db());
});

describe("Service discovery", () => {
  it("points at the GeoReport v2 endpoint with the formats it serves", async () => {
    const res = await discovery.loader(
      args(new Request("http://minyi.test/open311/discovery.json")),
    );
    const body = (await res.json()) as { endpoints: Json[] };
    expect(body.endpoints[0]).toMatchObject({
      specification: "http://wiki.open311.org/GeoReport_v2",
      url: "http://minyi.test/open311/v2",
      formats: ["application/json", "text/xml"],
    });
  });
});

describe("GET Service List", () => {
  it("lists every active category as a service with the spec's fields", async () => {
    const res = await get("services.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    const services = await json(res);
    const active = db()
      .select({ n: count() })
      .from(categories)
      .where(eq(categories.active, true))
      .get()!.n;
    expect(services).toHaveLength(active);
    for (const s of services) {
      expect(Object.keys(s).sort()).toEqual(
        [
          "description",
          "group",
          "keywords",
          "metadata",
          "service_code",
          "service_name",
          "type",
        ].sort(),
      );
      expect(typeof s.service_code).toBe("string");
      expect(typeof s.service_name).toBe("string");
      // metadata: true/false; false means no service definition call is needed.
      expect(s.metadata).toBe(false);
      // type: realtime — the service request ID is returned immediately.
      expect(s.type).toBe("realtime");
      expect(typeof s.keywords).toBe("string");
      expect(typeof s.group).toBe("string");
    }
    expect(new Set(services.map((s) => s.service_code)).size).toBe(services.length);
    // group: the first-level category a service belongs to.
    const elevator = services.find((s) => s.service_code === "urban.housing.elevator")!;
    expect(elevator.group).toBe("城乡建设");
    expect(elevator.description).toContain("住房保障与房地产");
  });

  it("speaks English with lang=en", async () => {
    const services = await json(await get("services.json?lang=en"));
    const urban = services.find((s) => s.service_code === "urban")!;
    expect(urban.service_name).toBe("Urban and rural development");
    expect(urban.group).toBe("Urban and rural development");
  });

  it("is also served as XML with the declaration and <services><service> elements", async () => {
    const res = await get("services.xml");
    expect(res.headers.get("Content-Type")).toBe("text/xml; charset=utf-8");
    const text = await res.text();
    expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    expect(text).toMatch(/<services>\s*<service>\s*<service_code>urban<\/service_code>/);
    expect(text).toContain("<metadata>false</metadata>");
    expect(text).toContain("<type>realtime</type>");
  });
});

describe("POST Service Request", () => {
  it("creates a suggestion from a form-encoded request and returns its service_request_id", async () => {
    const res = await post({
      service_code: "transport.transit.bus",
      lat: "28.2282111",
      long: "112.9388123",
      address_string: "滨湖路与湖光路交叉口",
      email: "resident@example.com",
      first_name: "小明",
      last_name: "王",
      phone: "13812345678",
      description:
        "滨湖路公交站的站牌被撞坏了，晚上看不清线路信息，希望尽快修复。联系我13812345678。",
      media_url: "https://example.com/photo.jpg",
      device_id: "tt222111",
      account_id: "acct-42",
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toHaveLength(1);
    const created = body[0]!;
    expect(created.service_request_id).toMatch(/^JY-\d{4}-\d{6}$/);
    // "token … should not be returned if service_request_id is returned"
    expect(created).not.toHaveProperty("token");
    expect(created.account_id).toBe("acct-42");
    expect(typeof created.service_notice).toBe("string");
    const ext = created.extended_attributes as Json;
    expect(ext.tracking_secret).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    const row = db()
      .select()
      .from(suggestions)
      .where(eq(suggestions.trackingCode, String(created.service_request_id)))
      .get()!;
    expect(row.channel).toBe("open311");
    expect(row.status).toBe("submitted");
    // title: derived from the first sentence, at most 30 characters.
    expect(row.title).toBe("滨湖路公交站的站牌被撞坏了，晚上看不清线路信息，希望尽快修…");
    const cat = db().select().from(categories).where(eq(categories.id, row.categoryId!)).get()!;
    expect(cat.code).toBe("transport.transit.bus");
    const contact = db()
      .select()
      .from(suggestionContacts)
      .where(eq(suggestionContacts.suggestionId, row.id))
      .get()!;
    expect(contact).toMatchObject({
      name: "王小明",
      phone: "13812345678",
      email: "resident@example.com",
    });
    const event = db()
      .select()
      .from(events)
      .where(and(eq(events.suggestionId, row.id), eq(events.type, "submitted")))
      .get()!;
    expect(event.data).toMatchObject({
      channel: "open311",
      open311: {
        location: { lat: 28.2282111, long: 112.9388123, address_string: "滨湖路与湖光路交叉口" },
        media_url: "https://example.com/photo.jpg",
      },
    });
  });

  it("accepts a JSON body too, and honours an Idempotency-Key", async () => {
    const send = () =>
      requestsJson.action(
        args(
          new Request(`${BASE}/requests.json`, {
            method: "POST",
            headers: { "Content-Type": "application/json", "Idempotency-Key": "open311-key-0001" },
            body: JSON.stringify({
              service_code: "education",
              jurisdiction_id: "c-lj",
              description: "Please open the school library on Saturdays so pupils can read there.",
            }),
          }),
        ),
      );
    const a = await json(await send());
    const b = await json(await send());
    expect(a[0]!.service_request_id).toBe(b[0]!.service_request_id);
    const rows = db()
      .select({ unitId: suggestions.unitId, title: suggestions.title })
      .from(suggestions)
      .where(eq(suggestions.trackingCode, String(a[0]!.service_request_id)))
      .all();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.unitId).toBe(3); // jurisdiction_id c-lj is 临江市
    expect(rows[0]!.title).toBe(
      `${"Please open the school library on Saturdays so pupils can read there.".slice(0, 29)}…`,
    );
  });

  it("answers in XML at requests.xml", async () => {
    const res = await requestsXml.action(
      args(
        new Request(`${BASE}/requests.xml`, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            service_code: "urban",
            description: "小区门口的路灯已经坏了两个星期，晚上出行很不方便。",
          }).toString(),
        }),
      ),
    );
    const text = await res.text();
    expect(text).toMatch(
      /<service_requests>\s*<request>\s*<service_request_id>JY-\d{4}-\d{6}<\/service_request_id>/,
    );
  });

  it("400 when service_code was not provided", async () => {
    await expectErrors(
      await post({ description: "这是一条没有服务代码的建议，内容足够长。" }),
      400,
      /service_code/,
    );
  });

  it("404 when service_code was not found", async () => {
    await expectErrors(
      await post({
        service_code: "no-such-service",
        description: "这是一条服务代码不存在的建议，内容足够长。",
      }),
      404,
      /no-such-service/,
    );
  });

  it("404 when jurisdiction_id was not found", async () => {
    await expectErrors(
      await post({
        service_code: "urban",
        jurisdiction_id: "atlantis.gov",
        description: "这是一条辖区不存在的建议，内容也足够长了。",
      }),
      404,
      /jurisdiction_id/,
    );
  });

  it("400 without a description, and for a partial location or a bad e-mail", async () => {
    await expectErrors(await post({ service_code: "urban" }), 400, /description/);
    await expectErrors(
      await post({
        service_code: "urban",
        lat: "28.1",
        description: "只有纬度没有经度的建议内容，足够长了吧。",
      }),
      400,
      /lat and long/,
    );
    await expectErrors(
      await post({
        service_code: "urban",
        email: "not-an-email",
        description: "邮箱格式不对的建议内容，长度也足够了。",
      }),
      400,
      /email/,
    );
  });

  it("403 for a wrong api_key", async () => {
    await expectErrors(
      await post({
        service_code: "urban",
        api_key: "wrong",
        description: "带着错误的接口密钥提交的建议内容，足够长。",
      }),
      403,
      /api_key/,
    );
  });
});

describe("GET Service Request", () => {
  const publicRow = () =>
    db()
      .select()
      .from(suggestions)
      .where(and(publicWhere(), eq(suggestions.status, "completed")))
      .get()!;

  it("returns one public request with the spec's fields and our status as an extension", async () => {
    const row = publicRow();
    const res = await get(`requests/${row.trackingCode}.json?extensions=true`);
    expect(res.status).toBe(200);
    const [r] = await json(res);
    expect(r).toMatchObject({
      service_request_id: row.trackingCode,
      status: "closed", // completed: it has been resolved
    });
    for (const field of [
      "status_notes",
      "service_name",
      "service_code",
      "description",
      "agency_responsible",
      "service_notice",
      "requested_datetime",
      "updated_datetime",
      "address",
      "lat",
      "long",
      "media_url",
    ])
      expect(r).toHaveProperty(field);
    expect(r!.requested_datetime).toMatch(W3C);
    expect(r!.updated_datetime).toMatch(W3C);
    expect(new Date(String(r!.requested_datetime)).getTime()).toBe(row.submittedAt.getTime());
    expect(r!.extended_attributes).toMatchObject({
      minyi_status: "completed",
      tracking_code: row.trackingCode,
    });
  });

  it("maps statuses: anything still being handled is open", async () => {
    const row = db()
      .select()
      .from(suggestions)
      .where(and(publicWhere(), eq(suggestions.status, "in_progress")))
      .get()!;
    const [r] = await json(await get(`requests/${row.trackingCode}.json`));
    expect(r!.status).toBe("open");
    expect(r).not.toHaveProperty("extended_attributes");
  });

  it("404 in the error format for an unknown id, and for a request not yet public", async () => {
    await expectErrors(await get("requests/JY-2026-999999.json"), 404, /JY-2026-999999/);
    const [created] = await json(
      await post({
        service_code: "urban",
        description: "刚刚提交、还没有审查公开的建议内容，足够长。",
      }),
    );
    const code = String(created!.service_request_id);
    await expectErrors(await get(`requests/${code}.json`), 404, new RegExp(code));
    // The submitter sees their own request with the secret.
    const secret = String((created!.extended_attributes as Json).tracking_secret);
    const res = await get(`requests/${code}.json`, { "X-Tracking-Secret": secret });
    expect(res.status).toBe(200);
    expect((await json(res))[0]).toMatchObject({ service_request_id: code, status: "open" });
  });

  it("never returns phone numbers, e-mail addresses or names", async () => {
    const row = db()
      .select({ code: suggestions.trackingCode, body: suggestions.body })
      .from(suggestions)
      .where(publicWhere())
      .all()
      .find((r) => /1[3-9]\d{9}/.test(r.body));
    expect(row, "the seed has a public suggestion with a phone number in its text").toBeDefined();
    const text = await (await get(`requests/${row!.code}.json?extensions=true`)).text();
    expect(text).not.toMatch(/1[3-9]\d{9}/);
    expect(text).toContain("[已隐去]");
  });
});

describe("GET Service Requests", () => {
  const now = () => SEEDED_AT.getTime();

  it("defaults to the most recent 90 days of public requests, newest first", async () => {
    const body = await json(await get("requests.json"));
    const expected = db()
      .select({ n: count() })
      .from(suggestions)
      .where(
        and(
          publicWhere(),
          gte(suggestions.submittedAt, new Date(now() - 90 * DAY)),
          lte(suggestions.submittedAt, new Date(now())),
        ),
      )
      .get()!.n;
    expect(expected).toBeGreaterThan(0);
    expect(body).toHaveLength(expected);
    const times = body.map((r) => new Date(String(r.requested_datetime)).getTime());
    for (const t of times) expect(t).toBeGreaterThanOrEqual(now() - 90 * DAY);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("service_request_id: a comma list that overrides all other arguments", async () => {
    const old = db()
      .select({ code: suggestions.trackingCode })
      .from(suggestions)
      .where(and(publicWhere(), lte(suggestions.submittedAt, new Date(now() - 200 * DAY))))
      .limit(2)
      .all()
      .map((r) => r.code);
    expect(old).toHaveLength(2);
    const body = await json(
      await get(
        `requests.json?service_request_id=${old.join(",")}&status=open&start_date=2026-06-01T00:00:00Z`,
      ),
    );
    expect(body.map((r) => r.service_request_id).sort()).toEqual([...old].sort());
  });

  it("service_code: only that service (and its sub-services), comma delimited", async () => {
    const start = "2025-06-01T00:00:00Z";
    const end = "2025-08-29T00:00:00Z";
    const all = await json(await get(`requests.json?start_date=${start}&end_date=${end}`));
    const some = all.find((r) => r.service_code)!;
    const code = String(some.service_code);
    const body = await json(
      await get(`requests.json?service_code=${code}&start_date=${start}&end_date=${end}`),
    );
    expect(body.length).toBeGreaterThan(0);
    for (const r of body) expect(String(r.service_code).startsWith(code)).toBe(true);
    expect(body).toHaveLength(all.filter((r) => String(r.service_code).startsWith(code)).length);
  });

  it("start_date and end_date: requests whose requested_datetime is in the range", async () => {
    const start = new Date(now() - 60 * DAY);
    const end = new Date(now() - 30 * DAY);
    const body = await json(
      await get(`requests.json?start_date=${start.toISOString()}&end_date=${end.toISOString()}`),
    );
    const expected = db()
      .select({ n: count() })
      .from(suggestions)
      .where(
        and(publicWhere(), gte(suggestions.submittedAt, start), lte(suggestions.submittedAt, end)),
      )
      .get()!.n;
    expect(body).toHaveLength(expected);
    for (const r of body) {
      const t = new Date(String(r.requested_datetime)).getTime();
      expect(t).toBeGreaterThanOrEqual(start.getTime());
      expect(t).toBeLessThanOrEqual(end.getTime());
    }
  });

  it("status: open, closed, or both comma delimited", async () => {
    const window = `start_date=${new Date(now() - 90 * DAY).toISOString()}&end_date=${new Date(now()).toISOString()}`;
    const open = await json(await get(`requests.json?status=open&${window}&extensions=true`));
    const closed = await json(await get(`requests.json?status=closed&${window}&extensions=true`));
    const both = await json(await get(`requests.json?status=open,closed&${window}`));
    expect(open.length).toBeGreaterThan(0);
    expect(closed.length).toBeGreaterThan(0);
    for (const r of open) {
      expect(r.status).toBe("open");
      expect(CLOSED).not.toContain((r.extended_attributes as Json).minyi_status);
    }
    for (const r of closed) {
      expect(r.status).toBe("closed");
      expect(CLOSED).toContain((r.extended_attributes as Json).minyi_status);
    }
    expect(both).toHaveLength(open.length + closed.length);
  });

  it("page and page_size (the common extension) page through the results", async () => {
    const window = `start_date=${new Date(now() - 90 * DAY).toISOString()}`;
    const all = await json(await get(`requests.json?${window}`));
    const p1 = await json(await get(`requests.json?${window}&page_size=3&page=1`));
    const p2 = await json(await get(`requests.json?${window}&page_size=3&page=2`));
    expect(p1.map((r) => r.service_request_id)).toEqual(
      all.slice(0, 3).map((r) => r.service_request_id),
    );
    expect(p2.map((r) => r.service_request_id)).toEqual(
      all.slice(3, 6).map((r) => r.service_request_id),
    );
  });

  it("400 for a range over 90 days, a bad date, a bad status; 404 for an unknown service_code", async () => {
    await expectErrors(
      await get("requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z"),
      400,
      /90 days/,
    );
    await expectErrors(await get("requests.json?start_date=yesterday"), 400, /start_date/);
    await expectErrors(await get("requests.json?status=pending"), 400, /status/);
    await expectErrors(await get("requests.json?service_code=nope"), 404, /nope/);
  });

  it("is also served as XML: <service_requests><request>", async () => {
    const text = await (await get("requests.xml")).text();
    expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    expect(text).toMatch(/<service_requests>\s*<request>\s*<service_request_id>JY-/);
    const errors = await (await get("requests.xml?status=pending")).text();
    expect(errors).toMatch(/<errors>\s*<error>\s*<code>400<\/code>\s*<description>/);
  });
});

import { createHash } from "node:crypto";
import { and, asc, eq, gte, inArray, isNull, like, lte, type SQL } from "drizzle-orm";
import { z } from "zod";
import { apiClients, events, orgUnits, suggestionContacts, suggestions } from "../../../db/schema";
import { readBodyText } from "../../utils/body.server";
import { now as clockNow } from "../../utils/clock.server";
import { safeEqual } from "../../utils/cookies.server";
import { type Db, db } from "../../utils/db.server";
import {
  DomainValidationError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
} from "../../utils/errors";
import type { MessageKey } from "../../utils/i18n";
import { DEFAULT_LOCALE, type Locale, localized, parseLocale, translate } from "../../utils/i18n";
import { log } from "../../utils/logger.server";
import { clientIp, hitRateLimit } from "../../utils/rate-limit.server";
import { submitSuggestion } from "../suggestions/submit.server";
import {
  BODY_MIN,
  LANDLINE_RE,
  MOBILE_RE,
  TITLE_MAX,
  TITLE_MIN,
} from "../suggestions/suggestions.schema";
import { hashSecret } from "../suggestions/tracking";
import {
  type CategoryInfo,
  categoryIndex,
  type Enrichment,
  loadEnrichment,
  open311Status,
  type PublicRow,
  publicColumns,
  redactRow,
  selectPublicRows,
} from "./public-data.server";
import { toXml, XML_DECLARATION } from "./xml";

/**
 * The Open311 GeoReport v2 facade (http://wiki.open311.org/GeoReport_v2): categories are
 * services, suggestions are service requests, our statuses map onto open/closed and the rest
 * (status, decision, outcome, topic, satisfaction) is returned as `extended_attributes` when
 * asked for with `extensions=true` (the documented GeoReport v2 extension). JSON and XML.
 *
 * Deliberate differences, each for a reason in our own specification:
 * - `description` is required (a suggestion without text means nothing) and a location is
 *   optional (many suggestions are about a policy, not a place).
 * - Only public suggestions (consent given, past screening, not hidden) are listed, their
 *   text redacted; `address`, names, phone and e-mail are never returned. Coordinates are
 *   rounded to 3 decimals (about 100 m). The submitter can see their own unpublished request
 *   with the `X-Tracking-Secret` header.
 * - `jurisdiction_id` is an org unit code; without it a request goes to the top regional
 *   centre, which transfers it down as usual.
 * - `api_key` is optional: citizens' apps may post without one (rate-limited like the web
 *   form); a key that is given must be valid (403 otherwise).
 */

export type Open311Format = "json" | "xml";

export interface Open311ErrorItem {
  code: number;
  description: string;
}

/** An error in the spec's shape: HTTP status plus `[{code, description}]`. */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly errors: Open311ErrorItem[],
  ) {
    super(errors.map((e) => e.description).join("; "));
    this.name = "Open311Error";
  }
}

const bad = (description: string) => new Open311Error(400, [{ code: 400, description }]);
const notFound = (description: string) => new Open311Error(404, [{ code: 404, description }]);

/** The GeoReport default window and page size. */
export const MAX_SPAN_DAYS = 90;
export const MAX_PAGE_SIZE = 1000;
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// HTTP plumbing shared by the routes

/** Runs one Open311 method and renders its result or its errors in the requested format. */
export async function open311Response(
  request: Request,
  format: Open311Format,
  root: "services" | "service_requests" | "discovery",
  run: () => unknown | Promise<unknown>,
): Promise<Response> {
  const headers = new Headers({
    "Content-Type":
      format === "xml" ? "text/xml; charset=utf-8" : "application/json; charset=utf-8",
    "Access-Control-Allow-Origin": "*",
    "Cache-Control": "no-store",
  });
  let status = 200;
  let body: unknown;
  let rootName: string = root;
  try {
    body = await run();
  } catch (error) {
    const e = toOpen311Error(error, request);
    status = e.status;
    body = e.errors;
    rootName = "errors";
    if (error instanceof RateLimitedError)
      headers.set("Retry-After", String(error.retryAfterSeconds));
  }
  const text =
    format === "xml" ? XML_DECLARATION + toXml(rootName, body) : `${JSON.stringify(body)}\n`;
  return new Response(text, { status, headers });
}

function toOpen311Error(error: unknown, request: Request): Open311Error {
  if (error instanceof Open311Error) return error;
  if (error instanceof DomainValidationError) {
    return new Open311Error(
      400,
      Object.entries(error.fieldErrors).map(([field, msgs]) => ({
        code: 400,
        description: `${field}: ${msgs.join(", ")}`,
      })),
    );
  }
  if (error instanceof NotFoundError) return notFound(error.message);
  if (error instanceof ForbiddenError)
    return new Open311Error(403, [{ code: 403, description: error.message }]);
  if (error instanceof RateLimitedError)
    return new Open311Error(429, [
      {
        code: 429,
        description: `Too many requests; try again in ${error.retryAfterSeconds} seconds.`,
      },
    ]);
  log.error("open311 failure", {
    path: new URL(request.url).pathname,
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  });
  return new Open311Error(500, [{ code: 500, description: "Internal error" }]);
}

/** `.json` / `.xml` at the end of a path segment (`JY-2026-000001.json`). */
export function splitFormat(segment: string): { id: string; format: Open311Format } | null {
  const m = /^(.+)\.(json|xml)$/.exec(segment);
  return m ? { id: m[1]!, format: m[2] as Open311Format } : null;
}

export function requestLocale(request: Request): Locale {
  return parseLocale(new URL(request.url).searchParams.get("lang")) ?? DEFAULT_LOCALE;
}

/** A service request is a few fields of text: 64 KB is far above any real one. */
const MAX_POST_BYTES = 64 * 1024;

const tooLarge = () =>
  new Open311Error(413, [{ code: 413, description: "The request body is larger than 64 KB." }]);

/** POST bodies: form-encoded as the spec says (or multipart), JSON accepted too; 64 KB at most. */
export async function readPostParams(request: Request): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URL(request.url).searchParams) out[k] = v;
  const type = request.headers.get("Content-Type") ?? "";
  const isJson = type.includes("application/json");
  const isForm = type.includes("application/x-www-form-urlencoded");
  const isMultipart = type.includes("multipart/form-data");
  // A multipart body is parsed by the platform: only its declared length can be checked.
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (isMultipart && !(declared <= MAX_POST_BYTES)) throw tooLarge();
  const text = isJson || isForm ? await readBodyText(request, MAX_POST_BYTES) : "";
  if (text === null) throw tooLarge();
  if (isJson) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw bad("The request body is not valid JSON.");
    }
    if (!json || typeof json !== "object" || Array.isArray(json))
      throw bad("The JSON body must be an object.");
    for (const [k, v] of Object.entries(json as Record<string, unknown>))
      if (v !== null && v !== undefined && typeof v !== "object") out[k] = String(v);
  } else if (isForm) {
    for (const [k, v] of new URLSearchParams(text)) out[k] = v;
  } else if (isMultipart) {
    const form = await request.formData();
    for (const [k, v] of form) if (typeof v === "string") out[k] = v;
  } else if (type) {
    throw bad(
      `Unsupported Content-Type ${type.split(";")[0]}; send application/x-www-form-urlencoded.`,
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Discovery and services

export function getDiscovery(origin: string) {
  return {
    changeset: "2026-06-01T00:00:00Z",
    contact: "Minyi open interfaces / 民意开放接口",
    key_service: `${origin}/open-data`,
    endpoints: [
      {
        specification: "http://wiki.open311.org/GeoReport_v2",
        url: `${origin}/open311/v2`,
        changeset: "2026-06-01T00:00:00Z",
        type: "production",
        formats: ["application/json", "text/xml"],
      },
    ],
  };
}

/** GET services: every active category is a service; `group` is its first-level category. */
export function listServices(locale: Locale, database: Db = db()) {
  const cats = categoryIndex(database, { activeOnly: true });
  const children = new Map<number, CategoryInfo[]>();
  for (const c of cats.values())
    if (c.parentId !== null) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  const name = (c: { name: string; nameEn: string }) => localized(locale, c.name, c.nameEn);
  const other = (c: { name: string; nameEn: string }) => (locale === "en" ? c.name : c.nameEn);
  return [...cats.values()].map((c) => ({
    service_code: c.code,
    service_name: name(c),
    description: c.path.map(name).join(" / "),
    metadata: false,
    type: "realtime",
    keywords: [other(c), ...(children.get(c.id) ?? []).map(name)].join(", "),
    group: name(c.top),
  }));
}

// ---------------------------------------------------------------------------------------------
// POST requests

const optionalText = (max: number, field: string) =>
  z
    .string()
    .trim()
    .max(max, `${field} must be at most ${max} characters`)
    .optional()
    .transform((v) => (v ? v : undefined));

const coordinate = (field: string, limit: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const n = Number(v);
      if (!Number.isFinite(n) || Math.abs(n) > limit) {
        ctx.addIssue({
          code: "custom",
          message: `${field} must be a WGS84 number between -${limit} and ${limit}`,
        });
        return z.NEVER;
      }
      return n;
    });

export const PostRequestSchema = z
  .object({
    jurisdiction_id: optionalText(100, "jurisdiction_id"),
    api_key: optionalText(200, "api_key"),
    service_code: z
      .string({ error: "service_code was not provided" })
      .trim()
      .min(1, "service_code was not provided")
      .max(100, "service_code is too long"),
    description: z
      .string({ error: "description was not provided" })
      .trim()
      .min(1, "description was not provided")
      .min(BODY_MIN, `description must be at least ${BODY_MIN} characters`)
      .max(4000, "description is limited to 4,000 characters"),
    title: z
      .string()
      .trim()
      .min(TITLE_MIN, `title must be at least ${TITLE_MIN} characters`)
      .max(TITLE_MAX, `title must be at most ${TITLE_MAX} characters`)
      .optional()
      .or(z.literal("").transform(() => undefined)),
    lat: coordinate("lat", 90),
    long: coordinate("long", 180),
    address_string: optionalText(250, "address_string"),
    address_id: optionalText(100, "address_id"),
    email: optionalText(120, "email").refine(
      (v) => v === undefined || z.email().safeParse(v).success,
      "email is not a valid e-mail address",
    ),
    phone: optionalText(20, "phone").refine(
      (v) =>
        v === undefined ||
        MOBILE_RE.test(v.replace(/[\s-]/g, "")) ||
        LANDLINE_RE.test(v.replace(/\s/g, "")),
      "phone is not a valid mainland China mobile or landline number",
    ),
    first_name: optionalText(50, "first_name"),
    last_name: optionalText(50, "last_name"),
    device_id: optionalText(100, "device_id"),
    account_id: optionalText(100, "account_id"),
    media_url: optionalText(500, "media_url").refine(
      (v) => v === undefined || /^https?:\/\/\S+$/i.test(v),
      "media_url must be an http(s) URL",
    ),
    publish_consent: z
      .enum(["true", "false", "1", "0"], { error: "publish_consent must be true or false" })
      .optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.lat === undefined) !== (v.long === undefined))
      ctx.addIssue({
        code: "custom",
        path: ["lat"],
        message: "lat and long must both be sent",
      });
  });

function zodToOpen311(error: z.ZodError): Open311Error {
  const seen = new Set<string>();
  const errors: Open311ErrorItem[] = [];
  for (const issue of error.issues) {
    if (seen.has(issue.message)) continue;
    seen.add(issue.message);
    errors.push({ code: 400, description: issue.message });
  }
  return new Open311Error(400, errors);
}

/** The first sentence or line of the description, as a title of at most 30 characters. */
export function deriveTitle(description: string): string {
  const flat = description.replace(/\s+/g, " ").trim();
  const first = flat.split(/(?<=[。！？!?；;])|\n/)[0]?.trim() ?? flat;
  const base = first.length >= TITLE_MIN ? first : flat;
  const chars = [...base];
  return chars.length > 30 ? `${chars.slice(0, 29).join("")}…` : base;
}

/** Chinese names are family name first without a space; others "first last". */
export function joinName(first?: string, last?: string): string | undefined {
  if (!first && !last) return undefined;
  const cjk = /^[\u3400-\u9fff·]+$/;
  if ((!first || cjk.test(first)) && (!last || cjk.test(last)))
    return `${last ?? ""}${first ?? ""}`;
  return [first, last].filter(Boolean).join(" ");
}

function apiClientFor(key: string, database: Db): { id: number } | null {
  const hash = createHash("sha256").update(key).digest("hex");
  const row = database
    .select({ id: apiClients.id, keyHash: apiClients.keyHash })
    .from(apiClients)
    .where(and(eq(apiClients.keyHash, hash), isNull(apiClients.revokedAt)))
    .get();
  return row && safeEqual(row.keyHash, hash) ? { id: row.id } : null;
}

/** The unit a request without `jurisdiction_id` goes to: the top regional centre. */
function defaultUnit(database: Db) {
  const units = database
    .select({ id: orgUnits.id, code: orgUnits.code, level: orgUnits.level, path: orgUnits.path })
    .from(orgUnits)
    .orderBy(asc(orgUnits.path))
    .all();
  return units.find((u) => u.level !== "national") ?? units[0];
}

function unitByCode(code: string, database: Db) {
  const unit = database
    .select({ id: orgUnits.id, code: orgUnits.code, path: orgUnits.path })
    .from(orgUnits)
    .where(eq(orgUnits.code, code))
    .get();
  if (!unit) throw notFound(`jurisdiction_id ${code} was not found`);
  return unit;
}

/** POST requests: one suggestion through the same command as the web form. */
export function createServiceRequest(
  params: Record<string, string>,
  opts: { locale: Locale; idempotencyKey?: string; ip?: string; origin: string },
  database: Db = db(),
) {
  const parsed = PostRequestSchema.safeParse(params);
  if (!parsed.success) throw zodToOpen311(parsed.error);
  const p = parsed.data;
  const client = p.api_key ? apiClientFor(p.api_key, database) : null;
  if (p.api_key && !client)
    throw new Open311Error(403, [
      { code: 403, description: "Invalid api_key received -- can't proceed with create_request." },
    ]);
  // Anonymous apps are limited like the web form; every submitter is limited per contact.
  hitRateLimit("submit", [client ? null : (opts.ip ?? "unknown"), p.phone, p.email]);
  const unit = p.jurisdiction_id ? unitByCode(p.jurisdiction_id, database) : defaultUnit(database);
  if (!unit) throw bad("No jurisdiction is configured.");
  const category = [...categoryIndex(database, { activeOnly: true }).values()].find(
    (c) => c.code === p.service_code,
  );
  if (!category) throw notFound(`service_code ${p.service_code} was not found`);
  const location =
    p.lat !== undefined || p.address_string || p.address_id
      ? {
          lat: p.lat ?? null,
          long: p.long ?? null,
          address_string: p.address_string ?? null,
          address_id: p.address_id ?? null,
        }
      : null;
  const result = submitSuggestion(
    {
      title: p.title ?? deriveTitle(p.description),
      body: p.description,
      categoryId: category.id,
      regionUnitId: unit.id,
      callId: undefined,
      contactName: joinName(p.first_name, p.last_name),
      contactPhone: p.phone,
      contactEmail: p.email,
      anonymous: false,
      publishConsent:
        p.publish_consent === undefined ? true : ["true", "1"].includes(p.publish_consent),
    },
    {
      channel: "open311",
      idempotencyKey: opts.idempotencyKey ? `open311:${opts.idempotencyKey}` : undefined,
      eventData: {
        open311: {
          location,
          media_url: p.media_url ?? null,
          device_id: p.device_id ?? null,
          account_id: p.account_id ?? null,
          api_client_id: client?.id ?? null,
        },
      },
    },
    database,
  );
  return [
    {
      service_request_id: result.trackingCode,
      service_notice: translate(opts.locale, "open311.notice"),
      account_id: p.account_id ?? null,
      extended_attributes: {
        tracking_code: result.trackingCode,
        tracking_secret: result.secret,
        minyi_status: result.status,
        url: `${opts.origin}/suggestions/${result.trackingCode}`,
        track_url: `${opts.origin}/track`,
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// GET requests

const W3C_DATE =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

function parseW3cDate(name: string, value: string | null): Date | undefined {
  if (value === null || value.trim() === "") return undefined;
  const v = value.trim();
  if (!W3C_DATE.test(v))
    throw bad(`${name} must use the w3 format with a time zone, e.g. 2010-01-01T00:00:00Z`);
  const d = new Date(v.length === 10 ? `${v}T00:00:00Z` : v);
  if (Number.isNaN(d.getTime())) throw bad(`${name} is not a valid date`);
  return d;
}

function list(value: string | null): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function positiveInt(name: string, value: string | null, max: number): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw bad(`${name} must be a whole number from 1 to ${max}`);
  return n;
}

/** GET requests with the spec's filters; `page`/`page_size` is the common extension. */
export function listServiceRequests(
  search: URLSearchParams,
  opts: { locale: Locale; origin: string },
  database: Db = db(),
) {
  const extensions = search.get("extensions") === "true";
  const jurisdiction = search.get("jurisdiction_id")?.trim();
  const unit = jurisdiction ? unitByCode(jurisdiction, database) : null;
  const ids = list(search.get("service_request_id"));
  const pageSize =
    positiveInt("page_size", search.get("page_size"), MAX_PAGE_SIZE) ?? MAX_PAGE_SIZE;
  const page = positiveInt("page", search.get("page"), 100_000) ?? 1;
  const conditions: SQL[] = [];
  if (unit) conditions.push(inUnitSubtree(unit.path, database));
  if (ids.length) {
    // service_request_id overrides every other argument.
    if (ids.length > MAX_PAGE_SIZE) throw bad(`At most ${MAX_PAGE_SIZE} service_request_id values`);
    conditions.push(inArray(suggestions.trackingCode, ids));
  } else {
    const cats = categoryIndex(database);
    const codes = list(search.get("service_code"));
    if (codes.length) {
      const wanted = new Set<number>();
      for (const code of codes) {
        const cat = [...cats.values()].find((c) => c.code === code);
        if (!cat) throw notFound(`service_code ${code} was not found`);
        // A service includes its sub-services (the category subtree).
        for (const c of cats.values())
          if (c.code === code || c.code.startsWith(`${code}.`)) wanted.add(c.id);
      }
      conditions.push(inArray(suggestions.categoryId, [...wanted]));
    }
    const statuses = list(search.get("status"));
    for (const s of statuses)
      if (s !== "open" && s !== "closed") throw bad(`status must be open or closed, not ${s}`);
    const wantOpen = statuses.length === 0 || statuses.includes("open");
    const wantClosed = statuses.length === 0 || statuses.includes("closed");
    if (!(wantOpen && wantClosed)) {
      const closed = ["completed", "not_accepted", "merged", "withdrawn"] as const;
      conditions.push(wantClosed ? inArray(suggestions.status, [...closed]) : notInClosed());
    }
    let start = parseW3cDate("start_date", search.get("start_date"));
    let end = parseW3cDate("end_date", search.get("end_date"));
    if (start && end && start > end) throw bad("start_date must be before end_date");
    if (start && end && end.getTime() - start.getTime() > MAX_SPAN_DAYS * DAY)
      throw bad(`start_date and end_date may not span more than ${MAX_SPAN_DAYS} days`);
    // Without dates: the most recent 90 days; with one: 90 days from or up to it.
    if (!start && !end) end = clockNow();
    if (!start) start = new Date(end!.getTime() - MAX_SPAN_DAYS * DAY);
    if (!end) end = new Date(start.getTime() + MAX_SPAN_DAYS * DAY);
    conditions.push(gte(suggestions.submittedAt, start), lte(suggestions.submittedAt, end));
  }
  const rows = selectPublicRows(database, {
    where: conditions.length ? and(...conditions) : undefined,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return renderRequests(rows, { ...opts, extensions }, database);
}

function notInClosed(): SQL {
  return inArray(suggestions.status, [
    "submitted",
    "accepted",
    "transferred",
    "assigned",
    "returned",
    "in_progress",
    "answered",
    "implementing",
  ]);
}

function inUnitSubtree(path: string, database: Db): SQL {
  const ids = database
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(like(orgUnits.path, `${path}%`))
    .all()
    .map((u) => u.id);
  return inArray(suggestions.unitId, ids);
}

/**
 * GET one request. Public requests for everyone; the submitter's own request before it is
 * public with the `X-Tracking-Secret` header (text still redacted).
 */
export function getServiceRequest(
  code: string,
  opts: { locale: Locale; origin: string; secret?: string | null; extensions: boolean },
  database: Db = db(),
) {
  const rows = selectPublicRows(database, { where: eq(suggestions.trackingCode, code) });
  if (rows.length === 0 && opts.secret) {
    const own = database
      .select({ ...publicColumns, secretHash: suggestions.secretHash })
      .from(suggestions)
      // The contact's name is read only to redact it.
      .leftJoin(suggestionContacts, eq(suggestionContacts.suggestionId, suggestions.id))
      .where(eq(suggestions.trackingCode, code))
      .get();
    if (own && safeEqual(own.secretHash, hashSecret(opts.secret))) {
      const { secretHash: _, ...row } = own;
      rows.push(row);
    }
  }
  if (rows.length === 0) throw notFound(`service_request_id ${code} was not found`);
  return renderRequests(rows, opts, database);
}

function round3(n: unknown): number | null {
  return typeof n === "number" && Number.isFinite(n) ? Math.round(n * 1000) / 1000 : null;
}

function renderRequests(
  rows: PublicRow[],
  opts: { locale: Locale; origin: string; extensions: boolean },
  database: Db,
) {
  const { locale } = opts;
  const cats = categoryIndex(database);
  const extra = loadEnrichment(rows, database);
  const ids = rows.map((r) => r.id);
  const submitted = new Map<number, Record<string, unknown>>();
  const notes = new Map<number, { datetime: Date; type: string; description: string }[]>();
  if (ids.length) {
    const evs = database
      .select({
        suggestionId: events.suggestionId,
        type: events.type,
        toStatus: events.toStatus,
        note: events.note,
        isPublic: events.isPublic,
        data: events.data,
        createdAt: events.createdAt,
      })
      .from(events)
      .where(inArray(events.suggestionId, ids))
      .orderBy(asc(events.createdAt), asc(events.id))
      .all();
    const names = new Map(rows.map((r) => [r.id, [r.contactName]]));
    for (const e of evs) {
      if (e.type === "submitted" && e.data) submitted.set(e.suggestionId, e.data);
      if (!opts.extensions || !e.isPublic) continue;
      const label = e.toStatus ? t(locale, `status.${e.toStatus}`) : e.type;
      const list = notes.get(e.suggestionId) ?? [];
      list.push({
        datetime: e.createdAt,
        type: e.type,
        description: e.note
          ? redactRow({
              title: "",
              body: e.note,
              contactName: names.get(e.suggestionId)?.[0] ?? null,
            }).body
          : label,
      });
      notes.set(e.suggestionId, list);
    }
  }
  return rows.map((r) => {
    const x = extra.get(r.id) as Enrichment;
    const text = redactRow(r);
    const cat = r.categoryId ? cats.get(r.categoryId) : undefined;
    const status = open311Status(r.status);
    const loc = (
      submitted.get(r.id)?.open311 as { location?: { lat?: unknown; long?: unknown } } | undefined
    )?.location;
    const statusNotes = [
      t(locale, `status.${r.status}`),
      x.decision ? t(locale, `decision.${x.decision}`) : null,
      x.primaryCode ? x.primaryCode : null,
    ]
      .filter(Boolean)
      .join(" · ");
    const updated =
      status === "closed" ? (r.closedAt ?? r.completedAt ?? r.updatedAt) : r.updatedAt;
    const base = {
      service_request_id: r.trackingCode,
      status,
      status_notes: statusNotes,
      service_name: cat ? localized(locale, cat.name, cat.nameEn) : null,
      service_code: cat?.code ?? null,
      description: [...text.body].slice(0, 4000).join(""),
      agency_responsible: x.leadDepartment
        ? localized(locale, x.leadDepartment.name, x.leadDepartment.nameEn)
        : null,
      service_notice: x.reply ? [...x.reply.body].slice(0, 4000).join("") : null,
      requested_datetime: r.submittedAt.toISOString(),
      updated_datetime: (updated ?? r.submittedAt).toISOString(),
      expected_datetime: null,
      address: null,
      address_id: null,
      zipcode: null,
      lat: round3(loc?.lat),
      long: round3(loc?.long),
      media_url: null,
    };
    if (!opts.extensions) return base;
    return {
      ...base,
      extended_attributes: {
        tracking_code: r.trackingCode,
        title: text.title,
        minyi_status: r.status,
        decision: x.decision,
        outcome: x.outcome
          ? {
              type: x.outcome.type,
              title: x.outcome.title,
              achieved_at: x.outcome.achievedAt?.toISOString() ?? null,
              milestones_total: x.outcome.milestonesTotal,
              milestones_done: x.outcome.milestonesDone,
            }
          : null,
        cluster: x.cluster ? { id: x.cluster.id, label: x.cluster.label } : null,
        satisfaction: x.satisfaction
          ? { score: x.satisfaction.score, rated_at: x.satisfaction.ratedAt.toISOString() }
          : null,
        supports_count: r.supportsCount,
        merged_into: x.primaryCode,
        region: x.region ? localized(locale, x.region.name, x.region.nameEn) : null,
        channel: r.channel,
        url: `${opts.origin}/suggestions/${r.trackingCode}`,
      },
      notes: (notes.get(r.id) ?? []).map((n) => ({ ...n, datetime: n.datetime.toISOString() })),
    };
  });
}

function t(locale: Locale, key: string): string {
  return translate(locale, key as MessageKey);
}

// ---------------------------------------------------------------------------------------------
// Route handlers (routes stay one line each)

function origin(request: Request): string {
  return new URL(request.url).origin;
}

export function open311Requests(request: Request, format: Open311Format) {
  return open311Response(request, format, "service_requests", () =>
    listServiceRequests(new URL(request.url).searchParams, {
      locale: requestLocale(request),
      origin: origin(request),
    }),
  );
}

export function open311Submit(request: Request, format: Open311Format) {
  return open311Response(request, format, "service_requests", async () => {
    if (request.method !== "POST") throw bad(`${request.method} is not supported here; use POST.`);
    const params = await readPostParams(request);
    const key = request.headers.get("Idempotency-Key")?.trim();
    if (key && (key.length < 8 || key.length > 100))
      throw bad("Idempotency-Key must be 8 to 100 characters");
    return createServiceRequest(params, {
      locale: requestLocale(request),
      idempotencyKey: key || undefined,
      ip: clientIp(request),
      origin: origin(request),
    });
  });
}

export function open311Request(request: Request, segment: string) {
  const parsed = splitFormat(segment);
  return open311Response(request, parsed?.format ?? "json", "service_requests", () => {
    if (!parsed) throw notFound("Use /open311/v2/requests/{service_request_id}.json or .xml");
    return getServiceRequest(parsed.id, {
      locale: requestLocale(request),
      origin: origin(request),
      secret: request.headers.get("X-Tracking-Secret"),
      extensions: new URL(request.url).searchParams.get("extensions") === "true",
    });
  });
}

import { createHash } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { orgUnits, similarityLinks, suggestions } from "../../../db/schema";
import { now as clockNow } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { DomainValidationError, ForbiddenError } from "../../utils/errors";
import { can, type StaffUser } from "../auth/permissions";
import { cleanText } from "../suggestions/clean-text";
import { submitSuggestion } from "../suggestions/submit.server";
import { BODY_MAX, LANDLINE_RE, MOBILE_RE, TITLE_MAX } from "../suggestions/suggestions.schema";
import { textIndex } from "../suggestions/text-index.server";
import { parseCsv } from "./csv";
import {
  IMPORT_BODY_MIN,
  type ImportChannel,
  type ImportFormat,
  type ImportOptionsInput,
  type ImportReason,
  type ImportReport,
} from "./import.schema";
import { deriveTitle } from "./open311.server";
import { categoryIndex } from "./public-data.server";

/**
 * Bulk import of suggestions from other channels. Every row is validated on its own (zod); bad
 * rows are reported with their line number and reason while the good ones are imported through
 * the same `submitSuggestion` command as the web form. Each row gets a deterministic
 * idempotency key (a hash of its content and the channel, not of the file or the line), so
 * importing the same rows again adds nothing. Rows the duplicate finder scores as duplicates of
 * an existing suggestion are imported and flagged (a `similarity_links` row plus the event).
 */

export interface ImportOptions {
  format: ImportFormat;
  channel: ImportChannel;
  /** Region for rows without a `unit` column (default: the top regional centre). */
  unitId?: number;
  titleField?: string;
  bodyField?: string;
  timeField?: string;
  idField?: string;
  categoryField?: string;
  /** Publication consent of the imported rows (default: not public). */
  publish?: boolean;
  dryRun?: boolean;
  /** The staff member who imported (kept on the event). */
  importedBy?: number;
}

export interface RawRecord {
  line: number;
  data?: Record<string, unknown>;
  error?: { reason: ImportReason; params?: Record<string, string | number> };
}

/** A setup problem that stops the whole import (unknown unit, a field missing from the file). */
export class ImportSetupError extends Error {
  constructor(
    readonly reason: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${reason} ${JSON.stringify(params)}`);
    this.name = "ImportSetupError";
  }
}

/** Field names recognised without options, most specific first (original names kept). */
const CANDIDATES = {
  title: ["title", "subject", "标题", "主题", "留言主题", "来信标题"],
  body: [
    "body",
    "content",
    "description",
    "details",
    "text",
    "message",
    "内容",
    "详情",
    "留言详情",
    "来信内容",
    "来电内容",
    "短信内容",
  ],
  time: [
    "time",
    "submitted_at",
    "created_at",
    "created_date",
    "date",
    "时间",
    "留言时间",
    "来电时间",
    "来信时间",
    "提交时间",
  ],
  id: ["id", "external_id", "unique_key", "编号", "留言编号", "来电编号", "来信编号", "工单编号"],
  category: ["category", "category_code", "分类", "类别", "一级标签", "一级分类"],
  unit: ["unit", "unit_code", "region", "地区", "所属地区"],
  name: ["name", "contact_name", "姓名", "联系人"],
  phone: ["phone", "mobile", "telephone", "电话", "手机", "联系电话"],
  email: ["email", "e-mail", "邮箱", "电子邮箱"],
} as const;
type Field = keyof typeof CANDIDATES;

/** Reads CSV (first line is the header) or JSONL into records with their line numbers. */
export function parseImportText(text: string, format: ImportFormat): RawRecord[] {
  if (format === "csv") {
    const records = parseCsv(text);
    const header = records[0];
    if (!header) return [];
    if (header.error)
      return [
        {
          line: header.line,
          error: { reason: "import.reason.badCsv", params: { detail: header.error } },
        },
      ];
    const names = header.fields.map((h) => h.trim());
    return records.slice(1).map((r): RawRecord => {
      if (r.error)
        return {
          line: r.line,
          error: { reason: "import.reason.badCsv", params: { detail: r.error } },
        };
      if (r.fields.length !== names.length)
        return {
          line: r.line,
          error: {
            reason: "import.reason.columns",
            params: { expected: names.length, got: r.fields.length },
          },
        };
      return { line: r.line, data: Object.fromEntries(names.map((n, i) => [n, r.fields[i]])) };
    });
  }
  const out: RawRecord[] = [];
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    if (!line.trim()) return;
    try {
      const value = JSON.parse(line) as unknown;
      if (!value || typeof value !== "object" || Array.isArray(value))
        out.push({ line: i + 1, error: { reason: "import.reason.notObject" } });
      else out.push({ line: i + 1, data: value as Record<string, unknown> });
    } catch (e) {
      out.push({
        line: i + 1,
        error: {
          reason: "import.reason.badJson",
          params: { detail: e instanceof Error ? e.message.slice(0, 120) : "invalid" },
        },
      });
    }
  });
  return out;
}

/** Picks the column for each field: the option if given (it must exist), else a known name. */
function mapFields(records: RawRecord[], opts: ImportOptions): Record<Field, string | null> {
  const keys = new Set<string>();
  for (const r of records.slice(0, 1000))
    if (r.data) for (const k of Object.keys(r.data)) keys.add(k);
  const lower = new Map([...keys].map((k) => [k.toLowerCase(), k]));
  const explicit: Partial<Record<Field, string | undefined>> = {
    title: opts.titleField,
    body: opts.bodyField,
    time: opts.timeField,
    id: opts.idField,
    category: opts.categoryField,
  };
  const out = {} as Record<Field, string | null>;
  for (const field of Object.keys(CANDIDATES) as Field[]) {
    const want = explicit[field];
    if (want) {
      if (keys.size > 0 && !keys.has(want))
        throw new ImportSetupError("import.error.noField", {
          field: want,
          columns: [...keys].join(", "),
        });
      out[field] = want;
      continue;
    }
    out[field] =
      (CANDIDATES[field] as readonly string[])
        .map((c) => lower.get(c.toLowerCase()))
        .find((k) => k !== undefined) ?? null;
  }
  if (!out.body && keys.size > 0)
    throw new ImportSetupError("import.error.noBody", { columns: [...keys].join(", ") });
  return out;
}

/** Times without a zone are China Standard Time (UTC+8); epoch milliseconds are accepted. */
export function parseImportTime(value: string): Date | null {
  const v = value.trim();
  if (/^\d{12,13}$/.test(v)) return new Date(Number(v));
  const m =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})(?:\.\d+)?)?秒?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(
      v,
    );
  if (!m) return null;
  const [, y, mo, d, h = "0", mi = "0", s = "0", zone] = m;
  const pad = (x: string) => x.padStart(2, "0");
  const tz = zone ? (zone === "Z" ? "Z" : zone.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2")) : "+08:00";
  const date = new Date(`${y}-${pad(mo!)}-${pad(d!)}T${pad(h)}:${pad(mi)}:${pad(s)}${tz}`);
  if (Number.isNaN(date.getTime())) return null;
  // Reject dates that rolled over (2019-02-30).
  const local = new Date(date.getTime() + (tz === "Z" ? 0 : offsetMinutes(tz) * 60_000));
  if (local.getUTCDate() !== Number(d) || local.getUTCMonth() + 1 !== Number(mo)) return null;
  return date;
}

function offsetMinutes(tz: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(tz);
  if (!m) return 0;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

const text = (v: unknown) =>
  v === null || v === undefined ? undefined : typeof v === "string" ? v : String(v);

const RowSchema = z.object({
  title: z.string().trim().max(TITLE_MAX, "import.reason.tooLong").optional(),
  body: z
    .string({ error: "import.reason.missing" })
    .trim()
    .min(1, "import.reason.missing")
    .min(IMPORT_BODY_MIN, "import.reason.tooShort")
    .max(BODY_MAX, "import.reason.tooLong"),
  time: z.string().trim().optional(),
  externalId: z.string().trim().max(100, "import.reason.tooLong").optional(),
  category: z.string().trim().max(100).optional(),
  unit: z.string().trim().max(100).optional(),
  name: z.string().trim().max(50, "import.reason.tooLong").optional(),
  phone: z
    .string()
    .trim()
    .optional()
    .refine(
      (v) =>
        !v || MOBILE_RE.test(v.replace(/[\s-]/g, "")) || LANDLINE_RE.test(v.replace(/\s/g, "")),
      "import.reason.badPhone",
    ),
  email: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || z.email().safeParse(v).success, "import.reason.badEmail"),
});

const LIMITS: Record<string, Record<string, number>> = {
  title: { max: TITLE_MAX },
  body: { min: IMPORT_BODY_MIN, max: BODY_MAX },
  externalId: { max: 100 },
  name: { max: 50 },
};

/** The row's deterministic key: same content + channel ⇒ same key, whatever the file. */
export function importKey(
  channel: ImportChannel,
  row: { externalId?: string; title: string; body: string; time: Date | null },
): string {
  const canonical = JSON.stringify([
    "minyi-import-v1",
    channel,
    row.externalId ?? null,
    row.title.normalize("NFC"),
    row.body.normalize("NFC"),
    row.time?.toISOString() ?? null,
  ]);
  return `import:${createHash("sha256").update(canonical).digest("hex").slice(0, 40)}`;
}

interface Lookups {
  categoryId: (value: string) => number | undefined;
  unitId: (value: string) => number | undefined;
}

function lookups(database: Db): Lookups {
  const cats = [...categoryIndex(database, { activeOnly: true }).values()];
  const catBy = new Map<string, number>();
  for (const c of cats) {
    catBy.set(c.code.toLowerCase(), c.id);
    catBy.set(String(c.id), c.id);
  }
  // Names: prefer the highest level (a first-level label like 城乡建设 names the top category).
  for (const c of [...cats].sort((a, b) => b.level - a.level)) {
    catBy.set(c.name, c.id);
    catBy.set(c.nameEn.toLowerCase(), c.id);
  }
  const units = database
    .select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name, nameEn: orgUnits.nameEn })
    .from(orgUnits)
    .all();
  const unitBy = new Map<string, number>();
  for (const u of units)
    for (const k of [String(u.id), u.code.toLowerCase(), u.name, u.nameEn.toLowerCase()])
      unitBy.set(k, u.id);
  return {
    categoryId: (v) => catBy.get(v) ?? catBy.get(v.toLowerCase()),
    unitId: (v) => unitBy.get(v) ?? unitBy.get(v.toLowerCase()),
  };
}

function defaultUnitId(database: Db): number {
  const units = database
    .select({ id: orgUnits.id, level: orgUnits.level })
    .from(orgUnits)
    .orderBy(asc(orgUnits.path))
    .all();
  const unit = units.find((u) => u.level !== "national") ?? units[0];
  if (!unit) throw new ImportSetupError("import.error.noUnit", { unit: "-" });
  return unit.id;
}

const ALL_UNITS = { paths: ["/"] };

export interface ImportHooks {
  onProgress?: (done: number, total: number, report: ImportReport) => void;
  /** Called when the duplicate finder's index had to be built first. */
  onIndexBuilt?: (documents: number, ms: number) => void;
}

/** Rows per transaction: short enough that the site's own writes wait at most a moment. */
export const IMPORT_BATCH = 50;

/**
 * Imports parsed records in batches of {@link IMPORT_BATCH} rows, one transaction per batch,
 * yielding to the event loop between batches so a running site keeps serving. `onProgress` is
 * called after every record.
 */
export async function importRecords(
  records: RawRecord[],
  opts: ImportOptions,
  hooks: ImportHooks = {},
  database: Db = db(),
): Promise<ImportReport> {
  const started = performance.now();
  const fields = mapFields(records, opts);
  const look = lookups(database);
  let defaultUnit: number;
  if (opts.unitId !== undefined) {
    const unit = database
      .select({ id: orgUnits.id })
      .from(orgUnits)
      .where(eq(orgUnits.id, opts.unitId))
      .get();
    if (!unit) throw new ImportSetupError("import.error.noUnit", { unit: opts.unitId });
    defaultUnit = unit.id;
  } else defaultUnit = defaultUnitId(database);
  const index = textIndex();
  // Built on first need, so re-importing a file that is already in adds nothing and costs little.
  const ensureIndex = () => {
    if (index.built) return;
    const t = performance.now();
    index.build(database);
    hooks.onIndexBuilt?.(index.similar.size, Math.round(performance.now() - t));
  };

  const report: ImportReport = {
    format: opts.format,
    channel: opts.channel,
    dryRun: opts.dryRun ?? false,
    fields,
    total: records.length,
    imported: 0,
    alreadyImported: 0,
    invalid: [],
    warnings: [],
    duplicates: [],
    ms: 0,
  };
  const at = clockNow();
  const seenInRun = new Set<string>();
  const invalid = (
    line: number,
    reason: ImportReason,
    params?: Record<string, string | number>,
  ): undefined => {
    report.invalid.push({ line, reason, ...(params ? { params } : {}) });
    return undefined;
  };

  for (let start = 0; start < records.length; start += IMPORT_BATCH) {
    const batch = records.slice(start, start + IMPORT_BATCH);
    const added: number[] = [];
    try {
      database.transaction(() => {
        batch.forEach((record, i) => {
          try {
            // Each row is a savepoint inside the batch: a failing row is undone alone.
            const id = importOne(record);
            if (id !== undefined) added.push(id);
          } catch (error) {
            const detail =
              error instanceof DomainValidationError
                ? Object.keys(error.fieldErrors).join(", ")
                : error instanceof Error
                  ? error.message.slice(0, 200)
                  : String(error);
            invalid(record.line, "import.reason.failed", { detail });
          }
          hooks.onProgress?.(start + i + 1, records.length, report);
        });
      });
    } catch (error) {
      // The batch did not commit: take its rows back out of the in-memory indexes.
      index.refresh(added, database);
      throw error;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  report.ms = Math.round(performance.now() - started);
  return report;

  function importOne(record: RawRecord): number | undefined {
    if (record.error || !record.data) {
      invalid(record.line, record.error?.reason ?? "import.reason.notObject", record.error?.params);
      return;
    }
    const get = (f: Field) => (fields[f] ? text(record.data![fields[f]!]) : undefined);
    const parsed = RowSchema.safeParse({
      title: get("title"),
      body: get("body"),
      time: get("time"),
      externalId: get("id"),
      category: get("category"),
      unit: get("unit"),
      name: get("name"),
      phone: get("phone"),
      email: get("email"),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = String(issue.path[0] ?? "body");
      const reason = issue.message as ImportReason;
      invalid(record.line, reason, {
        field: fields[field as Field] ?? field,
        ...(LIMITS[field] ?? {}),
      });
      return;
    }
    const row = parsed.data;
    let time: Date | null = null;
    if (row.time) {
      time = parseImportTime(row.time);
      if (!time)
        return invalid(record.line, "import.reason.badTime", { value: row.time.slice(0, 40) });
      if (time.getTime() > at.getTime() + 60_000)
        return invalid(record.line, "import.reason.futureTime", { value: row.time.slice(0, 40) });
    }
    let categoryId: number | undefined;
    if (row.category) {
      categoryId = look.categoryId(row.category);
      if (categoryId === undefined)
        return invalid(record.line, "import.reason.unknownCategory", {
          value: row.category.slice(0, 40),
        });
    }
    let unitId = defaultUnit;
    if (row.unit) {
      const u = look.unitId(row.unit);
      if (u === undefined)
        return invalid(record.line, "import.reason.unknownUnit", { value: row.unit.slice(0, 40) });
      unitId = u;
    }
    const body = cleanText(row.body, BODY_MAX);
    let title = cleanText(row.title ?? "", TITLE_MAX).replace(/\s+/g, " ");
    // A missing or meaningless title (punctuation only) is derived from the text.
    if ((title.match(/[\p{L}\p{N}]/gu) ?? []).length < 2) {
      title = deriveTitle(body);
      report.warnings.push({ line: record.line, reason: "import.warn.titleDerived" });
    }
    const key = importKey(opts.channel, { externalId: row.externalId, title, body, time });
    const existing = database
      .select({ id: suggestions.id })
      .from(suggestions)
      .where(eq(suggestions.idempotencyKey, key))
      .get();
    if (existing || seenInRun.has(key)) {
      report.alreadyImported++;
      return;
    }
    seenInRun.add(key);
    ensureIndex();
    const match = index
      .findSimilar({ title, body }, { k: 1, scope: ALL_UNITS })
      .find((m) => m.verdict === "duplicate");
    const original = match
      ? database
          .select({ id: suggestions.id, code: suggestions.trackingCode })
          .from(suggestions)
          .where(eq(suggestions.id, Number(match.id)))
          .get()
      : undefined;
    if (opts.dryRun) {
      report.imported++;
      if (match && original)
        report.duplicates.push({
          line: record.line,
          trackingCode: null,
          suggestionId: null,
          duplicateOf: original.code,
          duplicateOfId: original.id,
          score: round(match.score),
        });
      return;
    }
    const result = submitSuggestion(
      {
        title,
        body,
        categoryId,
        regionUnitId: unitId,
        callId: undefined,
        contactName: row.name || undefined,
        contactPhone: row.phone || undefined,
        contactEmail: row.email || undefined,
        anonymous: false,
        publishConsent: opts.publish ?? false,
      },
      {
        channel: opts.channel,
        idempotencyKey: key,
        at: time ?? at,
        eventData: {
          import: {
            externalId: row.externalId ?? null,
            importedAt: at.toISOString(),
            importedBy: opts.importedBy ?? null,
            duplicateOf:
              match && original
                ? { id: original.id, code: original.code, score: round(match.score) }
                : null,
          },
        },
      },
      database,
    );
    if (result.replayed) {
      report.alreadyImported++;
      return;
    }
    report.imported++;
    if (match && original) {
      // In the running server the text engine's intake has already linked the pair.
      const linked = database
        .select({ id: similarityLinks.id })
        .from(similarityLinks)
        .where(
          and(
            eq(similarityLinks.suggestionId, result.id),
            eq(similarityLinks.otherId, original.id),
          ),
        )
        .get();
      if (!linked)
        database
          .insert(similarityLinks)
          .values({
            suggestionId: result.id,
            otherId: original.id,
            score: match.score,
            verdict: "duplicate",
            nlpVersion: match.version,
            createdAt: at,
          })
          .run();
      report.duplicates.push({
        line: record.line,
        trackingCode: result.trackingCode,
        suggestionId: result.id,
        duplicateOf: original.code,
        duplicateOfId: original.id,
        score: round(match.score),
      });
    }
    return result.id;
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Detects the format from a file name when it is not given. */
export function formatFromName(name: string): ImportFormat | null {
  if (/\.csv$/i.test(name)) return "csv";
  if (/\.(jsonl|ndjson|json)$/i.test(name)) return "jsonl";
  return null;
}

/** Parses and imports a whole file's text. */
export function importText(
  content: string,
  opts: ImportOptions,
  hooks: ImportHooks = {},
  database: Db = db(),
): Promise<ImportReport> {
  return importRecords(parseImportText(content, opts.format), opts, hooks, database);
}

// ---------------------------------------------------------------------------------------------
// The console page: staff import into a unit they review (or administer)

/** Who may import into a unit: its reviewers and administrators (subtree grants). */
export function canImportInto(user: StaffUser, unitPath: string): boolean {
  return can(user, "review:suggestion", { unitPath }) || can(user, "admin:system", { unitPath });
}

/** Units a staff member may import into, in tree order. */
export function listImportUnits(user: StaffUser, database: Db = db()) {
  return database
    .select({
      id: orgUnits.id,
      name: orgUnits.name,
      nameEn: orgUnits.nameEn,
      level: orgUnits.level,
      path: orgUnits.path,
    })
    .from(orgUnits)
    .orderBy(asc(orgUnits.path))
    .all()
    .filter((u) => canImportInto(user, u.path));
}

export type StaffImportResult =
  | { ok: true; report: ImportReport; fileName: string }
  | { ok: false; error: { reason: string; params: Record<string, string | number> } };

/** Imports an uploaded file for a staff member after the permission check on the unit. */
export async function importUpload(
  user: StaffUser,
  options: ImportOptionsInput,
  file: { name: string; content: string },
  database: Db = db(),
): Promise<StaffImportResult> {
  const unit = database
    .select({ id: orgUnits.id, path: orgUnits.path })
    .from(orgUnits)
    .where(eq(orgUnits.id, options.unitId))
    .get();
  if (!unit) throw new DomainValidationError({ unitId: ["form.invalid"] });
  if (!canImportInto(user, unit.path)) throw new ForbiddenError();
  const format = options.format === "auto" ? formatFromName(file.name) : options.format;
  if (!format) return { ok: false, error: { reason: "import.error.format", params: {} } };
  try {
    const report = await importText(
      file.content,
      {
        format,
        channel: options.channel,
        unitId: unit.id,
        titleField: options.titleField,
        bodyField: options.bodyField,
        timeField: options.timeField,
        idField: options.idField,
        categoryField: options.categoryField,
        publish: options.publish,
        dryRun: options.dryRun,
        importedBy: user.id,
      },
      {},
      database,
    );
    return { ok: true, report, fileName: file.name };
  } catch (error) {
    if (error instanceof ImportSetupError)
      return { ok: false, error: { reason: error.reason, params: error.params } };
    throw error;
  }
}

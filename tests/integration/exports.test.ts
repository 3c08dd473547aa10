/**
 * CSV and XLSX exports of staff lists through the real route modules, on a private copy of the
 * seeded database: the files parse back (CSV by a small independent RFC 4180 parser, XLSX read
 * with exceljs), hold exactly the rows of the list, neutralize formula injection, and respect
 * who may see what.
 */
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, inject, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "minyi-exports-"));
const file = join(dir, "db.sqlite");
copyFileSync(inject("templateDb"), file);
process.env.DATABASE_PATH = file;
process.env.SESSION_SECRET = "exports-test-session-secret-0123456789abcdef";
process.env.LOG_LEVEL = "silent";

const { signIn, sessionCookie } = await import("../../app/domain/auth/auth.server");
const csvRoute = await import("../../app/routes/console.list.export[.]csv");
const xlsxRoute = await import("../../app/routes/console.list.export[.]xlsx");

const BASE = "http://minyi.test";
const sql = new Database(file);

/** Titles a spreadsheet would run as formulas, and one that needs CSV quoting. */
const INJECTED = [
  '=HYPERLINK("http://evil.example","click")',
  "+SUM(1,2)",
  "-2+3",
  "@cmd|' /C calc'!A0",
  "\tTAB-led title",
];
const QUOTED = 'He said "hi", then left\nthe room';

beforeAll(() => {
  const ids = (
    sql.prepare("SELECT id FROM suggestions ORDER BY id LIMIT 6").all() as {
      id: number;
    }[]
  ).map((r) => r.id);
  INJECTED.forEach((title, i) => {
    sql.prepare("UPDATE suggestions SET title = ? WHERE id = ?").run(title, ids[i]);
  });
  sql.prepare("UPDATE suggestions SET title = ? WHERE id = ?").run(QUOTED, ids[5]);
});

async function cookieFor(username: string): Promise<string> {
  const result = await signIn(username, "minyi-demo-2026");
  if (!result.ok) throw new Error(`sign-in failed for ${username}`);
  return (await sessionCookie(result.token)).split(";")[0]!;
}

/** Calls a loader; a thrown response (redirect, 403) is returned as a plain status. */
async function get(
  route: { loader: (args: never) => Promise<unknown> },
  path: string,
  cookie?: string,
): Promise<{ status: number; response?: Response; location?: string | null }> {
  const request = new Request(`${BASE}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
  try {
    const response = (await route.loader({
      request,
      params: {},
      context: {},
    } as never)) as Response;
    return { status: response.status, response };
  } catch (thrown) {
    if (thrown instanceof Response) {
      return { status: thrown.status, location: thrown.headers.get("location") };
    }
    const init = (thrown as { init?: { status?: number } }).init;
    if (init?.status) return { status: init.status };
    throw thrown;
  }
}

/** A small RFC 4180 parser written for this test (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += ch;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const FORMULA = /^[=+\-@\t\r]/;

describe("CSV export", () => {
  it("is UTF-8 with a BOM, parses back to the list's rows and neutralizes formulas", async () => {
    const cookie = await cookieFor("analyst");
    const res = await get(
      csvRoute,
      "/console/list/export.csv?metric=received&scope=analytics",
      cookie,
    );
    expect(res.status).toBe(200);
    expect(res.response!.headers.get("content-type")).toContain("text/csv");
    expect(res.response!.headers.get("content-disposition")).toMatch(
      /attachment; filename="minyi-received\.csv"/,
    );
    const bytes = new Uint8Array(await res.response!.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // ignoreBOM keeps the mark in the decoded text (the default would drop it silently).
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith("\uFEFF")).toBe(true);
    const rows = parseCsv(text.slice(1));
    const [header, ...body] = rows;
    expect(header![0]).toBe("编号");
    expect(header).toHaveLength(15);
    const all = sql.prepare("SELECT tracking_code AS code, title FROM suggestions").all() as {
      code: string;
      title: string;
    }[];
    expect(body).toHaveLength(all.length);
    expect(Number(res.response!.headers.get("x-export-rows"))).toBe(all.length);
    expect(new Set(body.map((r) => r[0]))).toEqual(new Set(all.map((r) => r.code)));
    for (const r of body) expect(r).toHaveLength(15);
    // Every cell that would start a formula is prefixed with an apostrophe.
    for (const r of body) for (const cell of r) expect(cell, cell).not.toMatch(FORMULA);
    const titles = body.map((r) => r[1]);
    for (const t of INJECTED) expect(titles).toContain(`'${t}`);
    expect(titles).toContain(QUOTED);
  });

  it("keeps the filters: a period of answered items, in English", async () => {
    const cookie = await cookieFor("analyst");
    const res = await get(
      csvRoute,
      "/console/list/export.csv?metric=answered&from=2025-06-16&to=2026-06-15&scope=analytics&lang=en",
      cookie,
    );
    expect(res.status).toBe(200);
    const rows = parseCsv((await res.response!.text()).replace(/^\uFEFF/, ""));
    expect(rows[0]![0]).toBe("Code");
    const expected = sql
      .prepare(
        `SELECT tracking_code AS code FROM suggestions WHERE answered_at >= ? AND answered_at < ?`,
      )
      .all(Date.parse("2025-06-16T00:00:00+08:00"), Date.parse("2026-06-16T00:00:00+08:00")) as {
      code: string;
    }[];
    expect(expected.length).toBeGreaterThan(10);
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(expected.map((r) => r.code).sort());
    // Answer times are written in China time.
    const answeredCol = rows[0]!.indexOf("Answered");
    for (const r of rows.slice(1)) expect(r[answeredCol]).toMatch(/^20\d\d-\d\d-\d\d \d\d:\d\d$/);
  });

  it("exports a queue by status (any staff list can be exported)", async () => {
    const cookie = await cookieFor("reviewer");
    const res = await get(
      csvRoute,
      "/console/list/export.csv?status=submitted,transferred",
      cookie,
    );
    expect(res.status).toBe(200);
    const rows = parseCsv((await res.response!.text()).replace(/^\uFEFF/, "")).slice(1);
    const expected = sql
      .prepare(
        `SELECT s.tracking_code AS code FROM suggestions s JOIN org_units u ON u.id = s.unit_id
         WHERE s.status IN ('submitted','transferred')
           AND u.path LIKE (SELECT path FROM org_units WHERE code = 'c-lj') || '%'`,
      )
      .all() as { code: string }[];
    expect(expected.length).toBeGreaterThan(5);
    expect(rows.map((r) => r[0]).sort()).toEqual(expected.map((r) => r.code).sort());
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(["待受理", "已转办"]));
  });

  it("a handler exports only what was assigned to their department", async () => {
    const cookie = await cookieFor("handler");
    const res = await get(csvRoute, "/console/list/export.csv", cookie);
    expect(res.status).toBe(200);
    const rows = parseCsv((await res.response!.text()).replace(/^\uFEFF/, "")).slice(1);
    const expected = sql
      .prepare(
        `SELECT DISTINCT s.tracking_code AS code FROM suggestions s JOIN assignments a ON a.suggestion_id = s.id
         JOIN departments d ON d.id = a.department_id WHERE d.code = 'lj-transport'`,
      )
      .all() as { code: string }[];
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.map((r) => r[0]).sort()).toEqual(expected.map((r) => r.code).sort());
  });

  it("refuses the dashboard scope to a handler, and anonymous readers go to sign-in", async () => {
    const handler = await cookieFor("handler");
    expect((await get(csvRoute, "/console/list/export.csv?scope=analytics", handler)).status).toBe(
      403,
    );
    const anonymous = await get(csvRoute, "/console/list/export.csv");
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login\?redirectTo=/);
  });

  it("a unit outside the reader's scope is refused", async () => {
    const cookie = await cookieFor("reviewer-qs");
    const lj = sql.prepare("SELECT id FROM org_units WHERE code = 'c-lj'").get() as { id: number };
    expect((await get(csvRoute, `/console/list/export.csv?unit=${lj.id}`, cookie)).status).toBe(
      403,
    );
  });
});

describe("XLSX export", () => {
  it("reads back with exceljs: the same rows, real dates, no formulas", async () => {
    const cookie = await cookieFor("analyst");
    const res = await get(
      xlsxRoute,
      "/console/list/export.xlsx?metric=received&scope=analytics",
      cookie,
    );
    expect(res.status).toBe(200);
    expect(res.response!.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.response!.arrayBuffer());
    const sheet = book.worksheets[0]!;
    const all = sql
      .prepare("SELECT tracking_code AS code, submitted_at AS at FROM suggestions")
      .all() as {
      code: string;
      at: number;
    }[];
    expect(sheet.rowCount).toBe(all.length + 1);
    expect(sheet.getRow(1).getCell(1).value).toBe("编号");
    const codes: string[] = [];
    const titles: string[] = [];
    const byCode = new Map(all.map((r) => [r.code, r.at]));
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof cell.value === "string") expect(cell.value).not.toMatch(FORMULA);
      });
      const code = String(row.getCell(1).value);
      codes.push(code);
      titles.push(String(row.getCell(2).value));
      // Submitted (column 10) is a date cell showing China time.
      const submitted = row.getCell(10).value;
      expect(submitted).toBeInstanceOf(Date);
      expect((submitted as Date).getTime()).toBe(byCode.get(code)! + 8 * 3_600_000);
    });
    expect(new Set(codes)).toEqual(new Set(all.map((r) => r.code)));
    for (const t of INJECTED) expect(titles).toContain(`'${t}`);
    expect(titles).toContain(QUOTED);
    // The second sheet says what the file contains.
    const about = book.worksheets[1]!;
    expect(String(about.getRow(4).getCell(2).value)).toBe(String(all.length));
  });
});

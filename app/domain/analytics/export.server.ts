import ExcelJS from "exceljs";
import { type Locale, localized, type MessageKey, translator } from "../../utils/i18n";
import type { MetricListRow } from "./list.server";
import { TZ_OFFSET_MS } from "./period";

/**
 * CSV and XLSX exports of a staff list. Text that a spreadsheet would run as a formula (starting
 * with = + - @, or a tab or carriage return) is prefixed with an apostrophe, in both formats.
 * CSV is RFC 4180 with a UTF-8 byte-order mark (Excel then reads Chinese correctly) and CRLF.
 */
export const CSV_BOM = "\uFEFF";

const FORMULA_START = /^[=+\-@\t\r]/;

/** Neutralizes a text cell that would start a formula. */
export function safeText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function csvField(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const s = safeText(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** "2026-05-16 09:30" in China Standard Time. */
export function localDateTime(date: Date | null): string {
  if (!date) return "";
  return new Date(date.getTime() + TZ_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}

interface Column {
  key: MessageKey;
  width: number;
  value: (r: MetricListRow, locale: Locale) => string | number | Date | null;
}

const t = (locale: Locale) => translator(locale);

export const EXPORT_COLUMNS: Column[] = [
  { key: "export.col.code", width: 16, value: (r) => r.trackingCode },
  { key: "export.col.title", width: 40, value: (r) => r.title },
  { key: "export.col.status", width: 10, value: (r, l) => t(l)(`status.${r.status}`) },
  {
    key: "export.col.decision",
    width: 10,
    value: (r, l) => (r.decision ? t(l)(`decision.${r.decision}` as MessageKey) : null),
  },
  { key: "export.col.unit", width: 16, value: (r, l) => localized(l, r.unitName, r.unitNameEn) },
  {
    key: "export.col.region",
    width: 16,
    value: (r, l) => localized(l, r.regionName, r.regionNameEn),
  },
  {
    key: "export.col.category",
    width: 16,
    value: (r, l) => (r.categoryName ? localized(l, r.categoryName, r.categoryNameEn) : null),
  },
  {
    key: "export.col.department",
    width: 24,
    value: (r, l) => (r.departmentName ? localized(l, r.departmentName, r.departmentNameEn) : null),
  },
  {
    key: "export.col.channel",
    width: 10,
    value: (r, l) => t(l)(`export.channel.${r.channel}` as MessageKey),
  },
  { key: "export.col.submitted", width: 18, value: (r) => r.submittedAt },
  { key: "export.col.accepted", width: 18, value: (r) => r.acceptedAt },
  { key: "export.col.answered", width: 18, value: (r) => r.answeredAt },
  { key: "export.col.completed", width: 18, value: (r) => r.completedAt },
  { key: "export.col.due", width: 18, value: (r) => r.dueAt },
  { key: "export.col.supports", width: 8, value: (r) => r.supportsCount },
];

/** The list as CSV text (with the BOM). */
export function toCsv(rows: readonly MetricListRow[], locale: Locale): string {
  const tr = t(locale);
  const lines = [EXPORT_COLUMNS.map((c) => csvField(tr(c.key))).join(",")];
  for (const r of rows) {
    lines.push(
      EXPORT_COLUMNS.map((c) => {
        const v = c.value(r, locale);
        return csvField(v instanceof Date ? localDateTime(v) : v);
      }).join(","),
    );
  }
  return `${CSV_BOM}${lines.join("\r\n")}\r\n`;
}

/**
 * The list as an XLSX workbook: one sheet, a bold frozen header row, dates as real date cells
 * showing China time, and a second sheet recording what the export contains.
 */
export async function toXlsx(
  rows: readonly MetricListRow[],
  locale: Locale,
  about: { title: string; filters: string; generatedAt: Date; truncated: boolean },
): Promise<Buffer> {
  const tr = t(locale);
  const book = new ExcelJS.Workbook();
  book.creator = "Minyi";
  book.created = about.generatedAt;
  const sheet = book.addWorksheet(tr("export.sheet"), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.columns = EXPORT_COLUMNS.map((c) => ({ header: tr(c.key), width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    sheet.addRow(
      EXPORT_COLUMNS.map((c) => {
        const v = c.value(r, locale);
        if (v instanceof Date) return new Date(v.getTime() + TZ_OFFSET_MS);
        return typeof v === "string" ? safeText(v) : v;
      }),
    );
  }
  EXPORT_COLUMNS.forEach((c, i) => {
    if (
      ["export.col.submitted", "export.col.accepted", "export.col.answered"].includes(c.key) ||
      c.key === "export.col.completed" ||
      c.key === "export.col.due"
    ) {
      sheet.getColumn(i + 1).numFmt = "yyyy-mm-dd hh:mm";
    }
  });
  const info = book.addWorksheet(tr("export.aboutSheet"));
  info.columns = [{ width: 18 }, { width: 80 }];
  info.addRows([
    [tr("export.about.title"), safeText(about.title)],
    [tr("export.about.filters"), safeText(about.filters)],
    [tr("export.about.generated"), localDateTime(about.generatedAt)],
    [tr("export.about.rows"), rows.length],
    ...(about.truncated ? [[tr("export.about.truncated"), tr("export.truncated")]] : []),
  ]);
  const buffer = await book.xlsx.writeBuffer();
  return Buffer.from(buffer as ArrayBuffer);
}

/** File name for an export: minyi-<metric>-<from>-<to>.<ext> (ASCII only). */
export function exportFileName(
  q: { metric?: string; from?: string; to?: string },
  ext: "csv" | "xlsx",
): string {
  const parts = ["minyi", q.metric ?? "received", q.from, q.to].filter(Boolean);
  return `${parts.join("-")}.${ext}`.replace(/[^A-Za-z0-9._-]/g, "_");
}

/**
 * CSV for open data and imports (RFC 4180): pure, client-safe. Written files start with a
 * UTF-8 byte-order mark so Excel opens Chinese text correctly; cells that a spreadsheet would
 * run as a formula are prefixed with an apostrophe (CSV injection).
 */
export const BOM = "\uFEFF";

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  let s = value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

export interface CsvRecord {
  /** 1-based line number where the record starts in the file. */
  line: number;
  fields: string[];
  /** Set when the record could not be read (an unterminated quote). */
  error?: string;
}

/**
 * Parses CSV text into records with the line each starts on (quoted fields may span lines).
 * Blank lines are skipped. A leading byte-order mark is ignored.
 */
export function parseCsv(text: string): CsvRecord[] {
  const src = text.startsWith(BOM) ? text.slice(1) : text;
  const out: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = src.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = "";
    let quoted = false;
    let wasQuoted = false;
    let done = false;
    while (i < n && !done) {
      const ch = src[i]!;
      if (quoted) {
        if (ch === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          if (ch === "\n") line++;
          field += ch;
          i++;
        }
        continue;
      }
      if (ch === '"' && field.length === 0 && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
        i++;
      } else if (ch === ",") {
        fields.push(field);
        field = "";
        wasQuoted = false;
        i++;
      } else if (ch === "\r" || ch === "\n") {
        i += ch === "\r" && src[i + 1] === "\n" ? 2 : 1;
        line++;
        done = true;
      } else {
        field += ch;
        i++;
      }
    }
    fields.push(field);
    if (quoted) {
      out.push({ line: start, fields, error: "unterminated quoted field" });
      break;
    }
    if (fields.length === 1 && fields[0] === "" && !wasQuoted) continue; // blank line
    out.push({ line: start, fields });
  }
  return out;
}

/**
 * Periods for analytics, pure and client-safe. Every period is a half-open range of whole
 * local days [from, to) in China Standard Time (UTC+8, no daylight saving), so a day, week or
 * month means the same on the server, in the browser and in the database (where timestamps are
 * epoch milliseconds). In URLs a period is written with inclusive local dates.
 */
export const TZ_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

export type Granularity = "day" | "week" | "month";
export const GRANULARITIES = ["day", "week", "month"] as const;

export const ROLLING_PRESETS = ["7d", "30d", "90d", "365d"] as const;
export type RollingPreset = (typeof ROLLING_PRESETS)[number];

export interface Period {
  /** Inclusive start (a local midnight). */
  from: Date;
  /** Exclusive end (a local midnight). */
  to: Date;
  /** How it was asked for: "30d", "2026-05", "2026-Q2", "2026", or "custom". */
  key: string;
  kind: "rolling" | "month" | "quarter" | "year" | "custom";
}

/** Local day number (days since 1970-01-01 in UTC+8) of an instant. */
export function localDay(ms: number): number {
  return Math.floor((ms + TZ_OFFSET_MS) / DAY_MS);
}

/** The instant of local midnight starting a local day number. */
export function dayStart(day: number): Date {
  return new Date(day * DAY_MS - TZ_OFFSET_MS);
}

/** "YYYY-MM-DD" of a local day number. */
export function dayLabel(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Local day number of "YYYY-MM-DD", or null. */
export function parseDay(text: string | undefined | null): number | null {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== text) return null;
  return Math.floor(ms / DAY_MS);
}

/** Year and month (1–12) of a local day number. */
export function dayYearMonth(day: number): { year: number; month: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

/** Local day number of the first day of a month (month may overflow either way). */
export function monthStartDay(year: number, month: number): number {
  return Math.floor(Date.UTC(year, month - 1, 1) / DAY_MS);
}

/** Monday-based week: the local day number of the Monday on or before `day`. */
export function weekStartDay(day: number): number {
  // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
  return day - ((((day + 3) % 7) + 7) % 7);
}

export function monthLabel(day: number): string {
  return dayLabel(day).slice(0, 7);
}

/** Inclusive local dates of a period for URLs: { from: "2026-05-16", to: "2026-06-14" }. */
export function periodDates(p: { from: Date; to: Date }): { from: string; to: string } {
  return {
    from: dayLabel(localDay(p.from.getTime())),
    to: dayLabel(localDay(p.to.getTime()) - 1),
  };
}

/** A range from inclusive local dates (the URL form); null when invalid or reversed. */
export function rangeFromDates(
  from: string | undefined | null,
  to: string | undefined | null,
): { from: Date; to: Date } | null {
  const a = parseDay(from);
  const b = parseDay(to);
  if (a === null || b === null || b < a) return null;
  return { from: dayStart(a), to: dayStart(b + 1) };
}

function rolling(preset: RollingPreset, at: Date): Period {
  const days = Number(preset.slice(0, -1));
  const today = localDay(at.getTime());
  return {
    from: dayStart(today - days + 1),
    to: dayStart(today + 1),
    key: preset,
    kind: "rolling",
  };
}

const MAX_DAYS = 366 * 5;

/**
 * Parses a period: a rolling preset ("30d"), a month ("2026-05"), a quarter ("2026-Q2"),
 * a year ("2026"), or "custom" with inclusive `from`/`to` dates. Anything else (or a custom
 * range longer than five years) gives `fallback`.
 */
export function parsePeriod(
  input: { period?: string | null; from?: string | null; to?: string | null },
  at: Date,
  fallback: RollingPreset | "lastMonth" = "30d",
): Period {
  const key = (input.period ?? "").trim();
  if ((ROLLING_PRESETS as readonly string[]).includes(key)) {
    return rolling(key as RollingPreset, at);
  }
  let m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    if (month >= 1 && month <= 12) {
      return {
        from: dayStart(monthStartDay(year, month)),
        to: dayStart(monthStartDay(year, month + 1)),
        key,
        kind: "month",
      };
    }
  }
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) {
    const year = Number(m[1]);
    const q = Number(m[2]);
    return {
      from: dayStart(monthStartDay(year, (q - 1) * 3 + 1)),
      to: dayStart(monthStartDay(year, q * 3 + 1)),
      key,
      kind: "quarter",
    };
  }
  m = /^(\d{4})$/.exec(key);
  if (m) {
    const year = Number(m[1]);
    return {
      from: dayStart(monthStartDay(year, 1)),
      to: dayStart(monthStartDay(year + 1, 1)),
      key,
      kind: "year",
    };
  }
  if (key === "custom" || (!key && (input.from || input.to))) {
    const range = rangeFromDates(input.from, input.to);
    if (range && (range.to.getTime() - range.from.getTime()) / DAY_MS <= MAX_DAYS) {
      return { ...range, key: "custom", kind: "custom" };
    }
  }
  if (fallback === "lastMonth") return lastCompleteMonth(at);
  return rolling(fallback, at);
}

/** The last complete calendar month before `at`. */
export function lastCompleteMonth(at: Date): Period {
  const { year, month } = dayYearMonth(localDay(at.getTime()));
  const start = monthStartDay(year, month - 1);
  return {
    from: dayStart(start),
    to: dayStart(monthStartDay(year, month)),
    key: monthLabel(start),
    kind: "month",
  };
}

/**
 * The period a period is compared with: the previous calendar month, quarter or year, or the
 * same number of days just before a rolling or custom range.
 */
export function previousPeriod(p: Period): Period {
  const fromDay = localDay(p.from.getTime());
  const { year, month } = dayYearMonth(fromDay);
  if (p.kind === "month") {
    const start = monthStartDay(year, month - 1);
    return { from: dayStart(start), to: p.from, key: monthLabel(start), kind: "month" };
  }
  if (p.kind === "quarter") {
    const start = monthStartDay(year, month - 3);
    const { year: y, month: mo } = dayYearMonth(start);
    return { from: dayStart(start), to: p.from, key: `${y}-Q${(mo + 2) / 3}`, kind: "quarter" };
  }
  if (p.kind === "year") {
    return {
      from: dayStart(monthStartDay(year - 1, 1)),
      to: p.from,
      key: String(year - 1),
      kind: "year",
    };
  }
  const length = p.to.getTime() - p.from.getTime();
  return { from: new Date(p.from.getTime() - length), to: p.from, key: "custom", kind: "custom" };
}

/** A sensible bucket size for a period's trend chart. */
export function autoGranularity(p: { from: Date; to: Date }): Granularity {
  const days = (p.to.getTime() - p.from.getTime()) / DAY_MS;
  if (days <= 62) return "day";
  if (days <= 200) return "week";
  return "month";
}

export interface Bucket {
  /** First local day in the bucket (clipped to the period). */
  firstDay: number;
  /** Last local day in the bucket, inclusive (clipped to the period). */
  lastDay: number;
  label: string;
}

/** The buckets of a period at a granularity, in order, clipped to the period. */
export function buckets(p: { from: Date; to: Date }, g: Granularity): Bucket[] {
  const first = localDay(p.from.getTime());
  const last = localDay(p.to.getTime()) - 1;
  const out: Bucket[] = [];
  let day = first;
  while (day <= last) {
    let next: number;
    let label: string;
    if (g === "day") {
      next = day + 1;
      label = dayLabel(day);
    } else if (g === "week") {
      next = weekStartDay(day) + 7;
      label = dayLabel(weekStartDay(day));
    } else {
      const { year, month } = dayYearMonth(day);
      next = monthStartDay(year, month + 1);
      label = monthLabel(day);
    }
    out.push({ firstDay: day, lastDay: Math.min(next, last + 1) - 1, label });
    day = next;
  }
  return out;
}

/** Index of the bucket containing a local day (buckets sorted, contiguous), or -1. */
export function bucketIndex(list: readonly Bucket[], day: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = list[mid]!;
    if (day < b.firstDay) hi = mid - 1;
    else if (day > b.lastDay) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** The last 12 months as "YYYY-MM", newest first (for month pickers). */
export function recentMonths(at: Date, count = 12): string[] {
  const { year, month } = dayYearMonth(localDay(at.getTime()));
  return Array.from({ length: count }, (_, i) => monthLabel(monthStartDay(year, month - i)));
}

/**
 * Splits a day-aligned range into the whole calendar months it contains (as YYYYMM numbers,
 * read from the monthly rollup) and the partial edges left over (read from the base tables).
 */
export function splitByMonths(range: { from: Date; to: Date }): {
  months: number[];
  raw: { from: number; to: number }[];
} {
  const firstDay = localDay(range.from.getTime());
  const endDay = localDay(range.to.getTime());
  const months: number[] = [];
  let { year, month } = dayYearMonth(firstDay);
  let start = monthStartDay(year, month);
  if (start < firstDay) {
    month += 1;
    start = monthStartDay(year, month);
  }
  const firstFull = start;
  while (monthStartDay(year, month + 1) <= endDay) {
    const d = dayYearMonth(monthStartDay(year, month));
    months.push(d.year * 100 + d.month);
    month += 1;
  }
  if (months.length === 0) {
    return { months, raw: [{ from: range.from.getTime(), to: range.to.getTime() }] };
  }
  const lastEnd = monthStartDay(year, month);
  const raw: { from: number; to: number }[] = [];
  if (firstFull > firstDay)
    raw.push({ from: range.from.getTime(), to: dayStart(firstFull).getTime() });
  if (lastEnd < endDay) raw.push({ from: dayStart(lastEnd).getTime(), to: range.to.getTime() });
  return { months, raw };
}

/** YYYYMM of the month containing a local day. */
export function monthKey(day: number): number {
  const { year, month } = dayYearMonth(day);
  return year * 100 + month;
}

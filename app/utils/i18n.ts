import { en } from "./i18n/en";
import { zh } from "./i18n/zh";

/**
 * Message catalogs: zh-CN is the default, English complete. Every UI string is a key here;
 * `{name}` placeholders are filled by `translate`. Client-safe (no server imports).
 */
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export type MessageKey = keyof typeof zh;
export const DEFAULT_LOCALE: Locale = "zh-CN";

const catalogs: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zh, en };

export function parseLocale(value: unknown): Locale | null {
  if (value === "en" || value === "en-US") return "en";
  if (value === "zh" || value === "zh-CN") return "zh-CN";
  return null;
}

export function translate(
  locale: Locale,
  key: MessageKey,
  params?: Record<string, string | number>,
): string {
  const template = catalogs[locale][key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (_, name: string) =>
    params[name] === undefined ? `{${name}}` : String(params[name]),
  );
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

/** Picks the localized variant of a bilingual database row. */
export function localized(locale: Locale, zhValue: string, enValue: string | null | undefined) {
  return locale === "en" && enValue ? enValue : zhValue;
}

// Intl formatters are costly to build (tens of microseconds each; a list page formats dozens of
// dates) and immutable, so one per locale (and digit count) is kept and reused.
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatDate(locale: Locale, date: Date | string | number | null | undefined) {
  if (date === null || date === undefined) return "";
  const d = new Date(date);
  let format = dateFormats.get(locale);
  if (!format) {
    // The day in China Standard Time, as the deadlines and the analytics count days: the same
    // text on the server and in any browser (a browser elsewhere rendered another day than the
    // server did, and React refused to hydrate the page).
    format = new Intl.DateTimeFormat(locale, {
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      timeZone: "Asia/Shanghai",
    });
    dateFormats.set(locale, format);
  }
  return format.format(d);
}

export function formatNumber(locale: Locale, value: number, digits = 0) {
  const key = `${locale}|${digits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      maximumFractionDigits: digits,
      minimumFractionDigits: 0,
    });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

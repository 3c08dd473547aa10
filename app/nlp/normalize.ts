import { NLP_CONFIG } from "./config";

export type Language = "zh" | "en" | "mixed";

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ensp: " ",
  emsp: " ",
  thinsp: " ",
  middot: "·",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  ldquo: "“",
  rdquo: "”",
  lsquo: "‘",
  rsquo: "’",
  copy: "©",
  reg: "®",
  yen: "¥",
  times: "×",
};

function decodeEntity(_m: string, body: string): string {
  if (body[0] === "#") {
    const hex = body[1] === "x" || body[1] === "X";
    const code = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
    // Reject invalid / surrogate / control code points instead of throwing.
    if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff) return " ";
    if (code >= 0xd800 && code <= 0xdfff) return " ";
    return String.fromCodePoint(code);
  }
  return NAMED_ENTITIES[body.toLowerCase()] ?? `&${body};`;
}

/** Removes markup: script/style blocks, comments, tags (block tags become spaces), entities. */
export function stripHtml(text: string): string {
  if (!text.includes("<") && !text.includes("&")) return text;
  return text
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<\/?[a-zA-Z][^<>]*>/g, " ")
    .replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g, decodeEntity);
}

/** Cuts at `max` UTF-16 units without splitting a surrogate pair. */
function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

const SPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f-\u009f]+/g;
const NEEDS_CLEANING = /[^\S ]| {2}|[\u0000-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff\u00ad]/;
const ZERO_WIDTH_G = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

export interface NormalizeOptions {
  maxLength?: number;
}

/**
 * Canonical text for analysis: HTML stripped, NFKC (which also folds full-width
 * ASCII and the ideographic space to half-width), control and zero-width characters
 * removed, whitespace folded, length capped. Case is preserved (tokenizers lowercase).
 */
export function normalize(text: string | null | undefined, options: NormalizeOptions = {}): string {
  if (!text) return "";
  const max = options.maxLength ?? NLP_CONFIG.normalize.maxLength;
  // Pre-cap so a pathological input cannot make the regexes below expensive.
  let out = cap(text, max * 2 + 1024);
  out = stripHtml(out).normalize("NFKC");
  // Zero-width characters disappear (they join words: 加\u200b装 → 加装); runs of
  // whitespace and control characters become one space. Regexes with a string
  // replacement: a callback per match would cost more than the rest of normalize().
  // Most text needs neither replacement: one allocation-free scan decides.
  if (NEEDS_CLEANING.test(out)) {
    out = out.replace(ZERO_WIDTH_G, "").replace(SPACE_OR_CONTROL, " ");
  }
  out = out.trim();
  return cap(out, max).trimEnd();
}

const HAN = /\p{Script=Han}/u;
const HAN_G = /\p{Script=Han}/gu;
const LATIN_G = /[A-Za-z]/g;

export function isHan(ch: string): boolean {
  return HAN.test(ch);
}

/** Share of Han characters among Han + Latin letters (0 when there are none). */
export function hanShare(text: string): number {
  const han = text.match(HAN_G)?.length ?? 0;
  const latin = text.match(LATIN_G)?.length ?? 0;
  return han + latin === 0 ? 0 : han / (han + latin);
}

/** "zh" / "en" / "mixed" by the share of Han characters; text without letters is "en". */
export function detectLanguage(text: string): Language {
  const share = hanShare(text);
  if (share >= NLP_CONFIG.language.zhMinShare) return "zh";
  if (share <= NLP_CONFIG.language.enMaxShare) return "en";
  return "mixed";
}

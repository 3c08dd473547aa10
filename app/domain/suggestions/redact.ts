/**
 * Redaction of personal data from public text: Chinese mobile and landline numbers, 18-digit
 * ID numbers, e-mail addresses and the contact's own name. Pure; applied by every public query.
 *
 * The patterns run on a folded copy of the text in which full-width forms (１３８, ＠, （, －)
 * read as ASCII; folding maps one UTF-16 unit to one, so a match in the copy masks the same
 * range of the original, and the rest of the text (Chinese punctuation included) is kept as
 * written.
 */
// Spaces of any width, dots, hyphens, dashes and the minus sign, as people write numbers.
const SEP = "[^\\S\\n\\r]|[.\\-\\u2010-\\u2015\\u2212]";
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// ID numbers first (with their check letter), then long runs, then phones.
const ID_NUMBER =
  /(?<![0-9])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9])/g;
const MOBILE = new RegExp(
  `(?<![0-9])(?:(?:\\+|00)?86(?:${SEP})?)?1[3-9]\\d(?:(?:${SEP})?\\d){8}(?![0-9])`,
  "g",
);
const LANDLINE = new RegExp(
  `(?<![0-9])\\(?0\\d{2,3}\\)?(?:${SEP}){0,2}(?:\\d{7,8}|\\d{3,4}(?:${SEP})\\d{4})(?![0-9])`,
  "g",
);
// A long digit run that could be a phone or an ID (spaced, dotted, bracketed) is masked whole
// before the phone patterns run, so they never mask half of a longer run and leave the rest.
const LONG_DIGITS = new RegExp(`(?<![0-9])[(+]{0,2}\\d(?:(?:${SEP}|[()])?\\d){10,}(?![0-9])`, "g");

export const MASK = "[已隐去]";

/** Full-width ASCII (U+FF01–FF5E) to ASCII, one UTF-16 unit for one. */
function fold(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Masks every match of `pattern` in the folded copy, at the same place in both copies. */
function mask(text: { original: string; folded: string }, pattern: RegExp) {
  let original = "";
  let folded = "";
  let last = 0;
  for (const m of text.folded.matchAll(pattern)) {
    original += text.original.slice(last, m.index) + MASK;
    folded += text.folded.slice(last, m.index) + MASK;
    last = m.index + m[0].length;
  }
  if (last === 0) return text;
  return {
    original: original + text.original.slice(last),
    folded: folded + text.folded.slice(last),
  };
}

export function redact(text: string, names: readonly (string | null | undefined)[] = []): string {
  let pair = { original: text, folded: fold(text) };
  for (const pattern of [EMAIL, ID_NUMBER, LONG_DIGITS, MOBILE, LANDLINE])
    pair = mask(pair, pattern);
  let out = pair.original;
  for (const name of names) {
    const n = name?.trim();
    if (n && n.length >= 2) out = out.split(n).join(MASK);
  }
  return out;
}

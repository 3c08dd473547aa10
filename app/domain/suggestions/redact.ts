/**
 * Redaction of personal data from public text: Chinese mobile and landline numbers, 18-digit
 * ID numbers, e-mail addresses and the contact's own name. Pure; applied by every public query.
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// ID numbers first (they contain digit runs a phone pattern could half-match).
const ID_NUMBER =
  /(?<![0-9])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9])/g;
const MOBILE = /(?<![0-9])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?![0-9])/g;
const LANDLINE = /(?<![0-9])(?:\(?0\d{2,3}\)?[\s-]?)\d{7,8}(?![0-9])/g;
// A long digit run that could still be a phone or ID (spaced or dotted) is masked too.
const LONG_DIGITS = /(?<![0-9])\d(?:[\s.-]?\d){10,}(?![0-9])/g;

export const MASK = "[已隐去]";

export function redact(text: string, names: readonly (string | null | undefined)[] = []): string {
  let out = text
    .replace(EMAIL, MASK)
    .replace(ID_NUMBER, MASK)
    .replace(MOBILE, MASK)
    .replace(LANDLINE, MASK)
    .replace(LONG_DIGITS, MASK);
  for (const name of names) {
    const n = name?.trim();
    if (n && n.length >= 2) out = out.split(n).join(MASK);
  }
  return out;
}

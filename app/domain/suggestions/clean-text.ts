/**
 * Stored text is what the citizen typed, minus what cannot be read or misleads the reader:
 * control and zero-width characters, bidirectional overrides (they reverse how a title reads)
 * and lone surrogates (half an emoji, stored as bytes no page can show). Line breaks are
 * kept, three or more folded to two; the length is cut in characters, never inside one.
 * Pure: the submit schema validates the cleaned text, so text made only of invisible
 * characters is "too short", not an empty title. Output is always escaped on display.
 */
export function cleanText(text: string, max: number): string {
  const cleaned = text
    .replace(/\r\n?/g, "\n")
    .replace(
      /[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069]/g,
      "",
    )
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  const chars = Array.from(cleaned);
  return chars.length > max ? chars.slice(0, max).join("").trim() : cleaned;
}

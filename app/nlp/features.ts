import natural from "natural";
import { normalize } from "./normalize";
import { EN_STOPWORDS } from "./stopwords";

/**
 * Hashed lexical features for duplicate detection: character bigrams of Chinese
 * runs, plus stemmed English words and numbers. Hashing keeps vectors in typed
 * arrays with no vocabulary to store, and bigrams need no segmentation, so
 * extraction runs at ~100k docs/s (jieba alone manages ~10k docs/s on this data;
 * see ADR 0003). Bigrams already contain every two-character word.
 */

/** 32-bit FNV-1a over UTF-16 code units. */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3 finalizer: spreads bits so the top bits make a good bucket index. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const WORD_SEED = 0x9747b28c;

const FUNCTION_CHAR = new Uint8Array(65_536);
for (const ch of "的了是在和也就都而及与着或之于吗呢吧啊呀我们您你他她它这那个") {
  FUNCTION_CHAR[ch.charCodeAt(0)] = 1;
}

function isHanCode(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)
  );
}

function isLatinOrDigit(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

const stemCache = new Map<string, string>();
function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = natural.PorterStemmer.stem(word);
    if (stemCache.size > 50_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

/**
 * Calls `emit(hash)` for every feature occurrence of already-normalized text
 * (full 32-bit hashes; callers reduce them to their bucket width). One pass,
 * one charCodeAt per character: this is the hot loop of index building.
 */
export function forEachFeature(text: string, emit: (hash: number) => void): void {
  const n = text.length;
  let prev = -1; // previous Han code unit in the current run, -1 outside a run
  let runLen = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isHanCode(c)) {
      // A bigram with a function character (的, 了, 我们 …) says nothing about the issue.
      if (prev >= 0 && FUNCTION_CHAR[prev] === 0 && FUNCTION_CHAR[c] === 0) {
        emit(mix32((prev << 16) | c));
      }
      prev = c;
      runLen++;
      i++;
      continue;
    }
    if (runLen === 1) emit(mix32(prev));
    prev = -1;
    runLen = 0;
    if (isLatinOrDigit(c)) {
      let j = i + 1;
      while (j < n && isLatinOrDigit(text.charCodeAt(j))) j++;
      if (j - i > 1) {
        const word = text.slice(i, j).toLowerCase();
        if (word.charCodeAt(0) <= 57) emit(mix32(hashString(word, WORD_SEED)));
        else if (!EN_STOPWORDS.has(word)) emit(mix32(hashString(stem(word), WORD_SEED)));
      }
      i = j;
    } else i++;
  }
  if (runLen === 1) emit(mix32(prev));
}

/**
 * Title and body, each normalized, joined by a space, the same way for every caller;
 * `titleChars` is the length of the title part (0 without a title).
 */
export function documentParts(input: string | { title?: string | null; body?: string | null }): {
  text: string;
  titleChars: number;
} {
  if (typeof input === "string") return { text: normalize(input), titleChars: 0 };
  const title = input.title ? normalize(input.title) : "";
  const body = input.body ? normalize(input.body) : "";
  if (!title) return { text: body, titleChars: 0 };
  if (!body) return { text: title, titleChars: title.length };
  return { text: `${title} ${body}`, titleChars: title.length };
}

/** Title and body joined and normalized the same way for every caller. */
export function documentText(
  input: string | { title?: string | null; body?: string | null },
): string {
  return documentParts(input).text;
}

/** Smoothed idf (as in scikit-learn): never zero, finite for unseen terms. */
export function idf(docCount: number, df: number): number {
  return Math.log((docCount + 1) / (df + 1)) + 1;
}

/** 1 + ln(tf) for tf = 0..255, so scoring does no logarithms per posting. */
export const SUBLINEAR_TF: Float64Array = (() => {
  const t = new Float64Array(256);
  for (let i = 1; i < 256; i++) t[i] = 1 + Math.log(i);
  return t;
})();

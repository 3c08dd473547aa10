import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import natural from "natural";
import { detectLanguage, normalize } from "./normalize";
import { EN_STOPWORDS, ZH_STOPWORDS } from "./stopwords";
import { CIVIC_USER_DICT } from "./user-dict";

let jieba: Jieba | undefined;

/** Jieba with the default + civic dictionary, created on first use (loading takes ~0.3 s). */
export function getJieba(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(CIVIC_USER_DICT, "utf8"));
  }
  return jieba;
}

const HAN_CHAR = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
const LATIN_WORD = /^[a-z][a-z0-9'’-]*$/;
const NUMBER = /^[0-9]+(?:\.[0-9]+)?$/;
const PLACE_CODE = /^[A-Za-z][0-9]{0,3}$/;
const PLACE_CODE_IN_TEXT = /([A-Za-z][0-9]{0,3}[市区县镇乡州省])/g;
const ADMIN_SUFFIX = new Set(["市", "区", "县", "镇", "乡", "村", "州", "省"]);
const wordTokenizer = new natural.WordTokenizer();

export type TokenizeMode = "words" | "search";

export interface TokenizeOptions {
  /** "words": one segmentation (jieba `cut`); "search": also sub-words (`cutForSearch`). */
  mode?: TokenizeMode;
  keepStopwords?: boolean;
  /** Apply the Porter stemmer to English words (default true). */
  stem?: boolean;
  /** Input is already normalized (skip normalize()). */
  normalized?: boolean;
  /** Let jieba's HMM glue unknown character runs into words (default true). */
  hmm?: boolean;
}

/** Merges anonymised place codes split by jieba: ["A3", "区"] → "A3区". */
function mergePlaceCodes(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (next !== undefined && PLACE_CODE.test(t) && ADMIN_SUFFIX.has(next)) {
      out.push(t.toUpperCase() + next);
      i++;
    } else out.push(t);
  }
  return out;
}

function englishToken(raw: string, stem: boolean, keepStop: boolean): string | undefined {
  const w = raw.toLowerCase().replace(/’/g, "'");
  if (NUMBER.test(w)) return w;
  if (!LATIN_WORD.test(w)) return undefined;
  if (!keepStop && (EN_STOPWORDS.has(w) || w.length < 2)) return undefined;
  return stem ? natural.PorterStemmer.stem(w) : w;
}

/**
 * Language-aware tokens: Chinese by jieba (civic user dictionary, place codes
 * merged), English by natural's word tokenizer + Porter stemmer, stop words
 * removed, punctuation dropped. Works on mixed text.
 */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const norm = options.normalized ? text : normalize(text);
  if (!norm) return [];
  const stem = options.stem ?? true;
  const keepStop = options.keepStopwords ?? false;
  const out: string[] = [];
  if (detectLanguage(norm) === "en" && !HAN_CHAR.test(norm)) {
    for (const raw of wordTokenizer.tokenize(norm)) {
      const t = englishToken(raw, stem, keepStop);
      if (t) out.push(t);
    }
    return out;
  }
  const j = getJieba();
  const hmm = options.hmm ?? true;
  // Fence place codes off so the HMM cannot glue their suffix to the next name
  // (A2区丽发新城 would give 区丽发).
  const fenced = norm.replace(PLACE_CODE_IN_TEXT, " $1 ");
  const raw = options.mode === "search" ? j.cutForSearch(fenced, hmm) : j.cut(fenced, hmm);
  for (const tok of mergePlaceCodes(raw)) {
    if (HAN_CHAR.test(tok)) {
      if (keepStop || !ZH_STOPWORDS.has(tok)) out.push(tok);
    } else {
      const t = englishToken(tok, stem, keepStop);
      if (t) out.push(t);
    }
  }
  return out;
}

/** Tokens for the full-text index: search-mode segmentation (whole words + sub-words). */
export function tokenizeForSearch(text: string): string[] {
  return tokenize(text, { mode: "search" });
}

/**
 * Whole, readable words for topic labels: Chinese words of ≥ 2 characters and English
 * words of ≥ 3 letters, unstemmed, no stop words, no numbers, no place codes (A3区). HMM stays on: it finds
 * the names (丽发新城's 丽发, 车贷) that make a topic recognisable.
 */
export function labelWords(text: string): string[] {
  return tokenize(text, { stem: false }).filter(isLabelWord);
}

const dictWordCache = new Map<string, boolean>();

/**
 * Whether jieba, without its HMM, keeps `word` whole: true for dictionary and civic
 * words, false for runs the HMM glued together (丽发, 雅西), which are often pieces of
 * longer names. Cached; the cache is bounded.
 */
export function isDictionaryWord(word: string): boolean {
  let v = dictWordCache.get(word);
  if (v === undefined) {
    const parts = getJieba().cut(word, false);
    v = parts.length === 1 && parts[0] === word;
    if (dictWordCache.size > 200_000) dictWordCache.clear();
    dictWordCache.set(word, v);
  }
  return v;
}

const HAN_ONLY = /^\p{Script=Han}+$/u;
const LABEL_LATIN = /^[a-z][a-z'-]{2,}$/;

/**
 * Label material of a text: runs of adjacent Chinese jieba words (no stop words;
 * punctuation, numbers, place codes and stop words end a run; single characters
 * kept), and English words of ≥ 3 letters as runs of one. Labels are built from
 * whole words and from name phrases joined out of adjacent words (see labelTerms).
 */
export function labelSegments(text: string): string[][] {
  const norm = normalize(text);
  if (!norm) return [];
  const segments: string[][] = [];
  if (detectLanguage(norm) === "en" && !HAN_CHAR.test(norm)) {
    for (const raw of wordTokenizer.tokenize(norm)) {
      const t = englishToken(raw, false, false);
      if (t && LABEL_LATIN.test(t)) segments.push([t]);
    }
    return segments;
  }
  const fenced = norm.replace(PLACE_CODE_IN_TEXT, " $1 ");
  let run: string[] = [];
  const end = () => {
    if (run.length > 0) segments.push(run);
    run = [];
  };
  for (const tok of mergePlaceCodes(getJieba().cut(fenced, true))) {
    if (HAN_ONLY.test(tok)) {
      if (ZH_STOPWORDS.has(tok)) end();
      else run.push(tok);
      continue;
    }
    end();
    if (HAN_CHAR.test(tok)) continue; // mixed tokens such as place codes (A3区)
    const t = englishToken(tok, false, false);
    if (t && LABEL_LATIN.test(t)) segments.push([t]);
  }
  end();
  return segments;
}

/** Longest glued name (in characters) a topic label may contain. */
export const LABEL_PHRASE_MAX_CHARS = 10;

/**
 * Label material of a text in a compact form: labelSegments() with words joined by
 * " " and runs by "\n" (what TopicClusterer keeps per document for its labels).
 */
export function labelMaterial(text: string): string {
  return labelSegments(text)
    .map((run) => run.join(" "))
    .join("\n");
}

/** Inverse of labelMaterial(). */
export function parseLabelMaterial(material: string): string[][] {
  if (!material) return [];
  return material.split("\n").map((run) => run.split(" "));
}

/**
 * A piece: a single Chinese character or a word jieba only finds with its HMM. Pieces
 * are usually parts of longer names (伊|景园|滨河|苑, 丽发|新城, 国王|陵).
 */
export function isNamePiece(word: string): boolean {
  if (!HAN_ONLY.test(word)) return false;
  return [...word].length === 1 || !isDictionaryWord(word);
}

/** Whole words of a label run: Chinese of ≥ 2 characters, English of ≥ 3 letters. */
export function isLabelWord(word: string): boolean {
  return HAN_ONLY.test(word) ? [...word].length >= 2 : LABEL_LATIN.test(word);
}

/** Adjacent Han character pairs within each run of Han characters (a run of 1 yields itself). */
export function charBigrams(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(HAN_RUN)) {
    const chars = [...m[0]];
    if (chars.length === 1) out.push(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  }
  return out;
}

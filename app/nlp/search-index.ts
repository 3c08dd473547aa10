import MiniSearch, { type Options } from "minisearch";
import { tokenizeForSearch } from "./tokenize";

export interface SearchDoc {
  id: string;
  title?: string | null;
  body?: string | null;
}

export interface SearchHit {
  id: string;
  score: number;
}

export interface SearchOptions {
  limit?: number;
  filter?: (id: string) => boolean;
}

/** Title matches count double: titles are short and say what the suggestion is about. */
const TITLE_BOOST = 2;

// MiniSearch must use our tokenizer both when indexing and when searching (and after
// loadJSON), or Chinese is never split and queries silently match nothing.
const tokenize = (text: string): string[] => tokenizeForSearch(text);

function miniSearchOptions(): Options<SearchDoc> {
  return {
    fields: ["title", "body"],
    idField: "id",
    tokenize,
    processTerm: (term) => term,
    extractField: (doc, field) => {
      const v = (doc as unknown as Record<string, unknown>)[field];
      return typeof v === "string" ? v : "";
    },
    searchOptions: {
      tokenize,
      processTerm: (term) => term,
      boost: { title: TITLE_BOOST },
      combineWith: "OR",
    },
  };
}

/**
 * Full-text search for users: BM25 over jieba search-mode tokens (whole words plus
 * sub-words, so 电梯 finds 加装电梯) and stemmed English. Short queries only; the
 * duplicate finder (SimilarityIndex) handles whole drafts.
 */
export class SearchIndex {
  private ms: MiniSearch<SearchDoc>;

  constructor(ms?: MiniSearch<SearchDoc>) {
    this.ms = ms ?? new MiniSearch<SearchDoc>(miniSearchOptions());
  }

  get size(): number {
    return this.ms.documentCount;
  }

  has(id: string): boolean {
    return this.ms.has(id);
  }

  /** Adds or replaces a document. */
  add(doc: SearchDoc): void {
    if (this.ms.has(doc.id)) this.ms.discard(doc.id);
    this.ms.add({ id: doc.id, title: doc.title ?? "", body: doc.body ?? "" });
  }

  addAll(docs: Iterable<SearchDoc>): void {
    for (const d of docs) this.add(d);
  }

  remove(id: string): boolean {
    if (!this.ms.has(id)) return false;
    this.ms.discard(id);
    return true;
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const limit = options.limit ?? 20;
    const filter = options.filter;
    const results = this.ms.search(query, filter ? { filter: (r) => filter(String(r.id)) } : {});
    return results.slice(0, limit).map((r) => ({ id: String(r.id), score: r.score }));
  }

  toJSON(): unknown {
    return this.ms.toJSON();
  }

  static load(json: string): SearchIndex {
    return new SearchIndex(MiniSearch.loadJSON<SearchDoc>(json, miniSearchOptions()));
  }
}

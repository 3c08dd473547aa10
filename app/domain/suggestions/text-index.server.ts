import { eq, gt, inArray } from "drizzle-orm";
import { orgUnits, suggestions } from "../../../db/schema";
import type { SuggestionStatus } from "../../../db/schema/enums";
import { SearchIndex, SimilarityIndex, type SimilarMatch } from "../../nlp";
import { type Db, db } from "../../utils/db.server";
import { log } from "../../utils/logger.server";
import { PUBLIC_STATES } from "./suggestions-workflow";

/**
 * The in-memory text indexes of the running server: the duplicate finder and the full-text
 * search. Built from the database at start and refreshed after every committed write, so they
 * agree with the database after a restart. Withdrawn, merged and hidden items leave at once.
 */
interface Meta {
  status: SuggestionStatus;
  unitPath: string;
  isPublic: boolean;
}

const INDEXED_OUT: readonly SuggestionStatus[] = ["withdrawn", "merged", "not_accepted"];

class TextIndexService {
  readonly similar = new SimilarityIndex();
  readonly search = new SearchIndex();
  readonly meta = new Map<string, Meta>();
  built = false;
  /**
   * The highest id read by `build` or `pickUp`: the sync mark. This process's own writes do
   * not move it (they are refreshed as they happen), so a row another process stored before
   * one of ours is still above it.
   */
  private syncedUpTo = 0;

  /** Loads every suggestion (progress logged every 10,000 rows). */
  build(database: Db = db()): void {
    const started = Date.now();
    const rows = this.load(database);
    this.syncedUpTo = rows.reduce((m, r) => Math.max(m, r.id), 0);
    rows.forEach((row, i) => {
      this.apply(row);
      if ((i + 1) % 10_000 === 0)
        log.info("indexing suggestions", { done: i + 1, total: rows.length });
    });
    this.built = true;
    log.info("text indexes built", { documents: this.similar.size, ms: Date.now() - started });
  }

  /** Re-reads the given suggestions after a commit and updates the indexes. */
  refresh(ids: number[], database: Db = db()): void {
    if (!this.built || ids.length === 0) return;
    const rows = this.load(database, ids);
    const found = new Set(rows.map((r) => r.id));
    for (const row of rows) this.apply(row);
    for (const id of ids) if (!found.has(id)) this.drop(String(id));
  }

  /**
   * Ids above the sync mark, oldest first, at most `limit`: rows another process stored (the
   * import command) and this process's own since the last look (already in `meta`).
   * `markSynced` moves the mark once they are in.
   */
  idsAfterSyncMark(limit: number, database: Db = db()): number[] {
    return database
      .select({ id: suggestions.id })
      .from(suggestions)
      .where(gt(suggestions.id, this.syncedUpTo))
      .orderBy(suggestions.id)
      .limit(limit)
      .all()
      .map((r) => r.id);
  }

  markSynced(id: number): void {
    if (id > this.syncedUpTo) this.syncedUpTo = id;
  }

  private load(database: Db, ids?: number[]) {
    const q = database
      .select({
        id: suggestions.id,
        title: suggestions.title,
        body: suggestions.body,
        status: suggestions.status,
        moderation: suggestions.moderation,
        publishConsent: suggestions.publishConsent,
        unitPath: orgUnits.path,
      })
      .from(suggestions)
      .innerJoin(orgUnits, eq(orgUnits.id, suggestions.unitId));
    return ids ? q.where(inArray(suggestions.id, ids)).all() : q.all();
  }

  private apply(row: ReturnType<TextIndexService["load"]>[number]): void {
    const id = String(row.id);
    if (INDEXED_OUT.includes(row.status) || row.moderation === "hidden") {
      this.drop(id);
      return;
    }
    const isPublic = row.publishConsent && PUBLIC_STATES.includes(row.status);
    this.meta.set(id, { status: row.status, unitPath: row.unitPath, isPublic });
    this.similar.add(id, { title: row.title, body: row.body });
    this.search.add({ id, title: row.title, body: row.body });
  }

  private drop(id: string): void {
    this.meta.delete(id);
    this.similar.remove(id);
    this.search.remove(id);
  }

  /**
   * Compares the indexes with the database, by id and visibility only (no text): `missing` should
   * be indexed and is not, `extra` is indexed and should not be, `stale` has another status,
   * unit or public flag than the database. For the deep health check and the crash-safety test.
   */
  verify(database: Db = db()): {
    documents: number;
    expected: number;
    missing: number;
    extra: number;
    stale: number;
  } {
    const rows = database
      .select({
        id: suggestions.id,
        status: suggestions.status,
        moderation: suggestions.moderation,
        publishConsent: suggestions.publishConsent,
        unitPath: orgUnits.path,
      })
      .from(suggestions)
      .innerJoin(orgUnits, eq(orgUnits.id, suggestions.unitId))
      .all();
    let expected = 0;
    let missing = 0;
    let stale = 0;
    const wanted = new Set<string>();
    for (const row of rows) {
      if (INDEXED_OUT.includes(row.status) || row.moderation === "hidden") continue;
      const id = String(row.id);
      expected++;
      wanted.add(id);
      const m = this.meta.get(id);
      if (!m || !this.similar.has(id) || !this.search.has(id)) missing++;
      else if (
        m.status !== row.status ||
        m.unitPath !== row.unitPath ||
        m.isPublic !== (row.publishConsent && PUBLIC_STATES.includes(row.status))
      )
        stale++;
    }
    const extra = new Set<string>();
    for (const id of this.meta.keys()) if (!wanted.has(id)) extra.add(id);
    for (const id of this.similar.keys()) if (!wanted.has(id)) extra.add(id);
    return { documents: this.similar.size, expected, missing, extra: extra.size, stale };
  }

  /** Similar suggestions to a draft; `scope` limits to public items or to staff subtrees. */
  findSimilar(
    text: { title?: string; body: string },
    opts: { k?: number; scope: "public" | { paths: string[] }; excludeId?: number },
  ): SimilarMatch[] {
    const exclude = opts.excludeId === undefined ? null : String(opts.excludeId);
    return this.similar.query(text, {
      k: opts.k ?? 5,
      filter: (id) => id !== exclude && this.visible(id, opts.scope),
    });
  }

  /** Full-text search ids in rank order. */
  searchIds(query: string, scope: "public" | { paths: string[] }, limit = 1000): number[] {
    return this.search
      .search(query, { limit, filter: (id: string) => this.visible(id, scope) })
      .map((hit) => Number(hit.id));
  }

  private visible(id: string, scope: "public" | { paths: string[] }): boolean {
    const m = this.meta.get(id);
    if (!m) return false;
    if (scope === "public") return m.isPublic;
    return scope.paths.some((p) => m.unitPath.startsWith(p));
  }
}

let service: TextIndexService | undefined;

export function textIndex(): TextIndexService {
  service ??= new TextIndexService();
  return service;
}

/** Tests build their own service over their own database. */
export function resetTextIndex(): void {
  service = undefined;
}

/**
 * Queries that pages run on every view read an index, not the whole suggestions table
 * (full scans pass every test at demo size and crawl at a million rows). The plans are of
 * the application's own queries, as Drizzle writes them.
 */
import { describe, expect, it } from "vitest";
import { callCountsQuery } from "../../app/domain/suggestions/public.server";
import { freshDb } from "../setup/test-db";

describe("query plans", () => {
  it("an open call's answers are counted from the call index", () => {
    const db = freshDb();
    const { sql, params } = callCountsQuery(db, [1, 2]).toSQL();
    const plan = db.$client
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...(params as unknown[])) as Array<{ detail: string }>;
    const details = plan.map((r) => r.detail).join("\n");
    expect(details).toMatch(/SEARCH suggestions USING (COVERING )?INDEX suggestions_call_idx/);
  });
});

/**
 * Queries that pages run on every view read an index, not the whole suggestions table
 * (full scans pass every test at demo size and crawl at a million rows).
 */
import { describe, expect, it } from "vitest";
import { freshDb } from "../setup/test-db";

function plan(sql: string): string {
  const db = freshDb();
  const rows = db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>;
  return rows.map((r) => r.detail).join("\n");
}

describe("query plans", () => {
  it("an open call's answers are counted from the call index", () => {
    const p = plan(
      "SELECT call_id, status, count(*) FROM suggestions WHERE call_id IN (1, 2) GROUP BY call_id, status",
    );
    expect(p).toMatch(/suggestions_call_idx/);
  });
});

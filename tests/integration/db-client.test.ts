/**
 * The app's SQLite connection (db/client.ts) keeps compiled statements by SQL text. A
 * statement handed out again must behave as a freshly compiled one: drizzle switches some
 * statements to array rows and expects others to give objects.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { STATEMENT_CACHE_SIZE } from "../../db/client";
import { users } from "../../db/schema";
import { freshDb } from "../setup/test-db";

describe("statement cache", () => {
  it("hands out the compiled statement again for the same SQL", () => {
    const db = freshDb();
    const a = db.$client.prepare("select 1 as x");
    expect(db.$client.prepare("select 1 as x")).toBe(a);
    expect(db.$client.prepare("select 2 as x")).not.toBe(a);
  });

  it("a statement drizzle read as arrays gives objects to the next caller", () => {
    const db = freshDb();
    const query = db.select({ username: users.username }).from(users).where(eq(users.id, 1));
    // drizzle reads a select with named fields as array rows (stmt.raw()).
    expect(query.get()).toEqual({ username: "admin" });
    const { sql, params } = query.toSQL();
    expect(db.$client.prepare(sql).get(...(params as unknown[]))).toEqual({ username: "admin" });
    expect(db.$client.prepare(sql).all(...(params as unknown[]))).toEqual([{ username: "admin" }]);
  });

  it("keeps at most STATEMENT_CACHE_SIZE statements, least recently used out first", () => {
    const db = freshDb();
    const first = db.$client.prepare("select 0 as n");
    const kept = db.$client.prepare("select -1 as n");
    for (let i = 1; i < STATEMENT_CACHE_SIZE; i++) {
      db.$client.prepare(`select ${i} as n`);
      if (i % 100 === 0) db.$client.prepare("select -1 as n"); // recently used: stays
    }
    expect(db.$client.prepare("select -1 as n")).toBe(kept);
    expect(db.$client.prepare("select 0 as n")).not.toBe(first);
  });

  it("SQL that does not compile throws every time and is not kept", () => {
    const db = freshDb();
    expect(() => db.$client.prepare("select from nowhere")).toThrow();
    expect(() => db.$client.prepare("select from nowhere")).toThrow();
  });
});

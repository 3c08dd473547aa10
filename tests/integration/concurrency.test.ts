/**
 * Concurrency, at the domain level (real SQLite, two connections as two processes would have)
 * and over HTTP against the built server (`node server.js` on a private copy of the seeded
 * database, RATE_LIMIT=off):
 * - 1,000 parallel POST /api/v1/suggestions → 1,000 × 201, 1,000 new rows, 1,000 distinct codes;
 * - retries with one Idempotency-Key, one after another and all at once → one row, one answer;
 * - two staff acting on one item with the same version → one wins, the other gets 409
 *   (ConflictError in the domain) and changes nothing;
 * - a long write transaction in another process (an import, a CLI) makes submissions and staff
 *   commands wait, never fail with "database is locked".
 */
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadStaffUser } from "../../app/domain/auth/auth.server";
import type { StaffUser } from "../../app/domain/auth/permissions";
import { executeStaffCommand } from "../../app/domain/staff/dispatch.server";
import { ConflictError } from "../../app/utils/errors";
import type { Db } from "../../db/client";
import { suggestions, users } from "../../db/schema";
import {
  openSqlite,
  postJson,
  ROOT,
  type RunningServer,
  removeTempDirs,
  SESSION_SECRET,
  seededDbCopy,
  startServer,
  submission,
} from "../setup/server";
import { freshDb } from "../setup/test-db";

process.env.SESSION_SECRET = SESSION_SECRET;

const CATEGORY_A = 1;
const CATEGORY_B = 2;

function staffOf(db: Db, username: string): StaffUser {
  const row = db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()!;
  return loadStaffUser(row.id, db)!;
}

/** A second reviewer for 临江市: reviewer-qs gets a grant there too (two people, one queue). */
function grantSecondReviewer(sqlite: { exec(sql: string): unknown }) {
  sqlite.exec(
    `INSERT INTO role_grants (user_id, role, unit_id, created_at)
     SELECT id, 'reviewer', 3, 0 FROM users WHERE username = 'reviewer-qs'`,
  );
}

function eventCount(db: Db, id: number): number {
  return (
    db.$client.prepare("SELECT count(*) AS n FROM events WHERE suggestion_id = ?").get(id) as {
      n: number;
    }
  ).n;
}

/** A suggestion waiting for review in 临江市 (the reviewer's subtree). */
function pendingItem(sqlite: { prepare(sql: string): { get(): unknown } }) {
  return sqlite
    .prepare(
      `SELECT s.id, s.version, s.category_id AS categoryId, s.tracking_code AS code
         FROM suggestions s JOIN org_units u ON u.id = s.unit_id
        WHERE s.status = 'submitted' AND u.path LIKE '/1/2/3/%'
        ORDER BY s.id LIMIT 1`,
    )
    .get() as { id: number; version: number; categoryId: number | null; code: string };
}

describe("two staff acting on one item (domain)", () => {
  it("both saw version v: the first write wins, the second is a ConflictError and changes nothing", () => {
    const db = freshDb();
    grantSecondReviewer(db.$client);
    const item = pendingItem(db.$client);
    const eventsBefore = eventCount(db, item.id);
    const first = executeStaffCommand(
      staffOf(db, "reviewer"),
      item.id,
      {
        intent: "setCategory",
        version: item.version,
        categoryId: CATEGORY_A,
      },
      db,
    );
    expect(first.version).toBe(item.version + 1);
    expect(() =>
      executeStaffCommand(
        staffOf(db, "reviewer-qs"),
        item.id,
        { intent: "setCategory", version: item.version, categoryId: CATEGORY_B },
        db,
      ),
    ).toThrow(ConflictError);
    const row = db.select().from(suggestions).where(eq(suggestions.id, item.id)).get()!;
    expect(row.categoryId).toBe(CATEGORY_A);
    expect(row.version).toBe(item.version + 1);
    expect(eventCount(db, item.id)).toBe(eventsBefore + 1);
  });

  it("at the same moment on two connections: exactly one wins, the other gets ConflictError (never 'database is locked')", async () => {
    const db = freshDb();
    grantSecondReviewer(db.$client);
    const file = db.$client.name;
    const item = pendingItem(db.$client);
    const second = staffOf(db, "reviewer-qs");
    const eventsBefore = eventCount(db, item.id);
    // Staff B runs in a worker thread on its own connection and stops inside its transaction,
    // after it has read the item and checked the version, until staff A has started.
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(
      `
      const { parentPort, workerData } = require("node:worker_threads");
      (async () => {
        const { tsImport } = await import("tsx/esm/api");
        const root = workerData.root;
        const { openDatabase } = await tsImport(root + "/db/client.ts", root + "/");
        const { loadStaffUser } = await tsImport(root + "/app/domain/auth/auth.server.ts", root + "/");
        const { runCommand } = await tsImport(root + "/app/domain/staff/command.server.ts", root + "/");
        const db = openDatabase(workerData.file);
        const gate = new Int32Array(workerData.gate);
        try {
          const out = runCommand(
            { user: loadStaffUser(workerData.userId, db), version: workerData.version },
            {
              suggestionId: workerData.id,
              permission: "review:suggestion",
              patch: () => ({ categoryId: workerData.categoryId }),
              apply: () => {
                parentPort.postMessage({ stage: "inside" });
                Atomics.wait(gate, 0, 0, 30000);
                // A has been told to go: stay inside a little longer, so that A starts its
                // own transaction while this one is still open.
                Atomics.wait(gate, 0, 1, 300);
              },
            },
            db,
          );
          parentPort.postMessage({ stage: "done", ok: true, version: out.version });
        } catch (e) {
          parentPort.postMessage({ stage: "done", ok: false, name: e.name, code: e.code, message: e.message });
        }
        db.$client.close();
      })();
      `,
      {
        eval: true,
        workerData: {
          root: pathToFileURL(ROOT).href,
          file,
          gate: gate.buffer,
          userId: second.id,
          id: item.id,
          version: item.version,
          categoryId: CATEGORY_B,
        },
      },
    );
    let inside: () => void = () => {};
    const insideNow = new Promise<void>((ok) => {
      inside = ok;
    });
    const done = new Promise<Record<string, unknown>>((ok, fail) => {
      worker.on("message", (m: Record<string, unknown>) => {
        if (m.stage === "inside") inside();
        if (m.stage === "done") ok(m);
      });
      worker.on("error", fail);
    });
    await Promise.race([insideNow, done]);
    expect(await Promise.race([insideNow.then(() => "inside"), done])).toBe("inside");
    // B is inside its transaction. Let it go on (it stays 300 ms more) and act as A at once,
    // with the same version: whatever the timing, one must win and the other get a conflict.
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
    let a: { ok: true } | { ok: false; error: unknown };
    try {
      executeStaffCommand(
        staffOf(db, "reviewer"),
        item.id,
        { intent: "setCategory", version: item.version, categoryId: CATEGORY_A },
        db,
      );
      a = { ok: true };
    } catch (error) {
      a = { ok: false, error };
    }
    const b = await done;
    await worker.terminate();

    const outcomes = [a.ok, b.ok];
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    if (!a.ok) expect(a.error).toBeInstanceOf(ConflictError);
    else expect(b).toMatchObject({ ok: false, name: "ConflictError" });
    const row = db.select().from(suggestions).where(eq(suggestions.id, item.id)).get()!;
    expect(row.categoryId).toBe(a.ok ? CATEGORY_A : CATEGORY_B);
    expect(row.version).toBe(item.version + 1);
    expect(eventCount(db, item.id)).toBe(eventsBefore + 1);
    db.$client.close();
  });
});

describe("over HTTP against the built server", () => {
  let server: RunningServer;
  let dbPath: string;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    ({ dbPath } = seededDbCopy("minyi-concurrency-"));
    // API keys for two staff accounts, written before the server starts.
    const { openDatabase } = await import("../../db/client");
    const { createApiClient } = await import("../../app/domain/admin/api-clients.server");
    const db = openDatabase(dbPath);
    grantSecondReviewer(db.$client);
    const admin = staffOf(db, "admin");
    for (const username of ["reviewer", "reviewer-qs"]) {
      keys[username] = createApiClient(
        admin,
        { name: `concurrency ${username}`, userId: staffOf(db, username).id },
        db,
      ).key;
    }
    db.$client.close();
    server = await startServer({ dbPath });
  }, 120_000);

  afterAll(async () => {
    await server?.stop("SIGKILL");
    removeTempDirs();
  });

  it("1,000 parallel submissions → 1,000 × 201, 1,000 new rows, 1,000 distinct tracking codes", async () => {
    const sqlite = openSqlite(dbPath);
    const count = () =>
      (sqlite.prepare("SELECT count(*) AS n FROM suggestions").get() as { n: number }).n;
    const before = count();
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        postJson(`${server.url}/api/v1/suggestions`, submission(10_000 + i)),
      ),
    );
    const statuses = new Map<number, number>();
    for (const r of results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    expect(Object.fromEntries(statuses)).toEqual({ 201: 1000 });
    const codes = new Set(results.map((r) => r.body.trackingCode as string));
    expect(codes.size).toBe(1000);
    expect(count()).toBe(before + 1000);
    // Every code answered is a row with the text that was sent.
    const find = sqlite.prepare("SELECT title FROM suggestions WHERE tracking_code = ?");
    results.forEach((r, i) => {
      expect(find.get(r.body.trackingCode)).toEqual({ title: submission(10_000 + i).title });
    });
    sqlite.close();
  }, 300_000);

  it("retries with one Idempotency-Key, one after another: one row, the same answer every time", async () => {
    const key = "retry-sequential-0001";
    const body = submission(20_001);
    const answers = [];
    for (let i = 0; i < 5; i++) {
      answers.push(
        await postJson(`${server.url}/api/v1/suggestions`, body, { "Idempotency-Key": key }),
      );
    }
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(answers[0]!.headers.get("idempotent-replayed")).toBeNull();
    for (const a of answers.slice(1)) {
      expect(a.headers.get("idempotent-replayed")).toBe("true");
      expect(a.body).toEqual(answers[0]!.body);
    }
    expect(answers[0]!.body.secret).toMatch(/\S{6,}/);
    const sqlite = openSqlite(dbPath);
    expect(
      sqlite.prepare("SELECT count(*) AS n FROM suggestions WHERE title = ?").get(body.title),
    ).toEqual({ n: 1 });
    sqlite.close();
  });

  it("retries with one Idempotency-Key, all at once: one row, every answer identical", async () => {
    const key = "retry-concurrent-0001";
    const body = submission(20_002);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        postJson(`${server.url}/api/v1/suggestions`, body, { "Idempotency-Key": key }),
      ),
    );
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([201]));
    expect(answers.filter((a) => a.headers.get("idempotent-replayed") === null)).toHaveLength(1);
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body);
    const sqlite = openSqlite(dbPath);
    expect(
      sqlite.prepare("SELECT count(*) AS n FROM suggestions WHERE title = ?").get(body.title),
    ).toEqual({ n: 1 });
    expect(
      sqlite
        .prepare("SELECT count(*) AS n FROM suggestions WHERE idempotency_key = ?")
        .get(`api:${key}`),
    ).toEqual({ n: 1 });
    sqlite.close();
  });

  it("two staff post the same version at once: one 200, one 409, the loser changes nothing", async () => {
    const sqlite = openSqlite(dbPath);
    const item = pendingItem(sqlite);
    const eventCount = () =>
      (
        sqlite.prepare("SELECT count(*) AS n FROM events WHERE suggestion_id = ?").get(item.id) as {
          n: number;
        }
      ).n;
    const eventsBefore = eventCount();
    const act = (username: string, categoryId: number) =>
      postJson(
        `${server.url}/api/v1/staff/suggestions/${item.id}/actions`,
        { intent: "setCategory", version: item.version, categoryId },
        { authorization: `Bearer ${keys[username]}` },
      );
    const [first, second] = await Promise.all([
      act("reviewer", CATEGORY_A),
      act("reviewer-qs", CATEGORY_B),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    expect(loser.body).toMatchObject({ error: expect.anything() });
    const winner = first.status === 200 ? CATEGORY_A : CATEGORY_B;
    expect(
      sqlite
        .prepare("SELECT category_id AS c, version AS v FROM suggestions WHERE id = ?")
        .get(item.id),
    ).toEqual({
      c: winner,
      v: item.version + 1,
    });
    expect(eventCount()).toBe(eventsBefore + 1);
    sqlite.close();
  });

  it("a long write in another process makes submissions and staff commands wait, not fail", async () => {
    const writer = openSqlite(dbPath, false);
    const item = pendingItem(writer);
    // Another process (an import, a CLI script) holds the write lock for a while.
    writer.exec("BEGIN IMMEDIATE");
    writer.prepare("UPDATE org_units SET name = name WHERE id = 1").run();
    const pending = Promise.all([
      ...Array.from({ length: 5 }, (_, i) =>
        postJson(`${server.url}/api/v1/suggestions`, submission(30_000 + i)),
      ),
      postJson(
        `${server.url}/api/v1/staff/suggestions/${item.id}/actions`,
        { intent: "setCategory", version: item.version, categoryId: CATEGORY_B },
        { authorization: `Bearer ${keys["reviewer-qs"]}` },
      ),
    ]);
    // Give the server time to start on them while the lock is held (the outcome must not depend
    // on how long this is, as long as it is under the busy timeout).
    await new Promise((ok) => setTimeout(ok, 500));
    writer.exec("COMMIT");
    const answers = await pending;
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 200]);
    writer.close();
  }, 60_000);
});

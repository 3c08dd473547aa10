/**
 * Crash safety: the built server takes submissions from many clients at once and is killed with
 * SIGKILL in the middle (no shutdown code runs). After a restart on the same database file every
 * submission that was answered 201 is there with its text, the file passes integrity_check, the
 * in-memory text indexes agree with the database (GET /healthz?deep=1), and new submissions get
 * new tracking codes. And a failure in the work done after the commit (index refresh, text
 * engine intake) never turns a saved submission into an error (the caller would submit twice).
 */
import { afterAll, expect, it, vi } from "vitest";
import { intelligence } from "../../app/domain/intelligence/intelligence.server";
import { submitSuggestion } from "../../app/domain/suggestions/submit.server";
import { SubmitSuggestionSchema } from "../../app/domain/suggestions/suggestions.schema";
import { textIndex } from "../../app/domain/suggestions/text-index.server";
import { log } from "../../app/utils/logger.server";
import {
  type ExitStatus,
  openSqlite,
  postJson,
  type RunningServer,
  removeTempDirs,
  seededDbCopy,
  startServer,
  submission,
} from "../setup/server";
import { freshDb } from "../setup/test-db";

const CLIENTS = 16;
/** Acknowledged submissions before the kill. */
const BEFORE_KILL = 150;

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop("SIGKILL");
  removeTempDirs();
});

it("SIGKILL mid-load: every 201 survives the restart, the indexes agree with the database", async () => {
  const { dbPath } = seededDbCopy("minyi-crash-");
  const first = await startServer({ dbPath });
  servers.push(first);
  const rowsAtStart = count(dbPath);

  const acked: { code: string; title: string }[] = [];
  const unexpected: string[] = [];
  let killed: Promise<ExitStatus> | undefined;
  let lost = 0;
  let next = 0;
  const client = async () => {
    for (;;) {
      const body = submission(40_000 + next++, { publishConsent: true });
      try {
        const res = await postJson(`${first.url}/api/v1/suggestions`, body);
        if (res.status === 201)
          acked.push({ code: res.body.trackingCode as string, title: body.title });
        else unexpected.push(`${res.status} ${JSON.stringify(res.body)}`);
      } catch (error) {
        // After the kill every request fails; before it none may.
        if (killed) {
          lost++;
          return;
        }
        unexpected.push(String(error));
      }
      if (unexpected.length > 0) return;
      // Kill while the other clients' requests are in flight.
      if (!killed && acked.length >= BEFORE_KILL) killed = first.stop("SIGKILL");
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  expect(unexpected).toEqual([]);
  expect(await killed).toEqual({ code: null, signal: "SIGKILL" });
  expect(acked.length).toBeGreaterThanOrEqual(BEFORE_KILL);
  expect(lost).toBeGreaterThan(0); // some requests were cut off by the kill

  const second = await startServer({ dbPath });
  servers.push(second);

  const sqlite = openSqlite(dbPath);
  expect(sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
  const find = sqlite.prepare("SELECT title FROM suggestions WHERE tracking_code = ?");
  const missing = acked.filter(
    (a) => (find.get(a.code) as { title: string } | undefined)?.title !== a.title,
  );
  expect(missing).toEqual([]);
  // Requests cut off by the kill may or may not have committed; nothing else appeared.
  const rowsAfter = count(dbPath);
  expect(rowsAfter).toBeGreaterThanOrEqual(rowsAtStart + acked.length);
  expect(rowsAfter).toBeLessThanOrEqual(rowsAtStart + acked.length + CLIENTS);

  // The restarted server's text indexes hold exactly what the database says they should.
  const health = await (await fetch(`${second.url}/healthz?deep=1`)).json();
  expect(health).toMatchObject({
    ok: true,
    index: { ok: true, missing: 0, extra: 0, stale: 0 },
  });
  const indexable = (
    sqlite
      .prepare(
        `SELECT count(*) AS n FROM suggestions
          WHERE status NOT IN ('withdrawn', 'merged', 'not_accepted') AND moderation <> 'hidden'`,
      )
      .get() as { n: number }
  ).n;
  expect(health.index.expected).toBe(indexable);
  expect(health.index.documents).toBe(indexable);

  // Life goes on: a new submission gets a code nobody had.
  const after = await postJson(`${second.url}/api/v1/suggestions`, submission(49_999));
  expect(after.status).toBe(201);
  expect(acked.map((a) => a.code)).not.toContain(after.body.trackingCode);
  expect((await (await fetch(`${second.url}/healthz?deep=1`)).json()).index).toMatchObject({
    ok: true,
    expected: indexable + 1,
  });
  sqlite.close();
}, 180_000);

function count(dbPath: string): number {
  const sqlite = openSqlite(dbPath);
  const n = (sqlite.prepare("SELECT count(*) AS n FROM suggestions").get() as { n: number }).n;
  sqlite.close();
  return n;
}

it("a failure after the commit (index refresh, text engine intake) still answers with the saved suggestion", () => {
  process.env.SESSION_SECRET ??= "crash-test-secret-0123456789abcdefghijklmnop";
  const db = freshDb();
  const refresh = vi.spyOn(textIndex(), "refresh").mockImplementation(() => {
    throw new Error("SQLITE_BUSY: database is locked");
  });
  const intake = vi.spyOn(intelligence(), "intake").mockImplementation(() => {
    throw new Error("SQLITE_BUSY: database is locked");
  });
  const errors = vi.spyOn(log, "error").mockImplementation(() => {});
  try {
    const input = SubmitSuggestionSchema.parse(submission(48_000));
    const result = submitSuggestion(input, { channel: "api" }, db);
    expect(result.trackingCode).toMatch(/^JY-\d{4}-\d{6}$/);
    expect(refresh).toHaveBeenCalledOnce();
    expect(intake).toHaveBeenCalledOnce();
    expect(errors).toHaveBeenCalledTimes(2);
    expect(
      db.$client
        .prepare("SELECT title FROM suggestions WHERE tracking_code = ?")
        .get(result.trackingCode),
    ).toEqual({ title: submission(48_000).title });
  } finally {
    refresh.mockRestore();
    intake.mockRestore();
    errors.mockRestore();
    db.$client.close();
  }
});

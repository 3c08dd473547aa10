import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { fileEmailAdapter, fileSmsAdapter } from "../../app/domain/notifications/adapters.server";
import { digestSubject, runScheduler } from "../../app/domain/supervision/scheduler.server";
import type { Db } from "../../db/client";
import {
  assignments,
  deadlineRules,
  departments,
  events,
  notifications,
  orgUnits,
  suggestions,
  supervisionNotices,
  users,
} from "../../db/schema";
import { SEEDED_AT } from "../setup/paths";
import { freshDb } from "../setup/test-db";

const DAY = 86_400_000;
const T0 = SEEDED_AT; // 2026-06-15T00:00Z = 08:00 in China
const plus = (ms: number) => new Date(T0.getTime() + ms);
const quiet = { deliver: false, digests: false } as const;

function userId(db: Db, username: string): number {
  return db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()!.id;
}

function unitId(db: Db, code: string): number {
  return db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, code)).get()!.id;
}

/**
 * Moves every open deadline far away, so only the items a test sets up are at risk. The items a
 * test picks have no category, so the global deadline rule (3 days at risk, 7 to escalate) applies.
 */
function calm(db: Db) {
  db.update(suggestions)
    .set({ acceptDueAt: plus(200 * DAY), handleDueAt: plus(200 * DAY) })
    .run();
}

/** A seeded item waiting for screening in 临江市 (its reviewer is `reviewer`). */
function submittedInLinjiang(db: Db): number {
  const city = db.select().from(orgUnits).where(eq(orgUnits.code, "c-lj")).get()!;
  const id = db
    .select({ id: suggestions.id })
    .from(suggestions)
    .innerJoin(orgUnits, eq(orgUnits.id, suggestions.unitId))
    .where(and(eq(suggestions.status, "submitted"), sql`${orgUnits.path} like ${`${city.path}%`}`))
    .limit(1)
    .get()!.id;
  db.update(suggestions).set({ categoryId: null }).where(eq(suggestions.id, id)).run();
  return id;
}

/** A seeded item in progress at 临江市交通运输局 (its handler is `handler`). */
function inProgressAtTransport(db: Db): number {
  const dept = db
    .select({ id: departments.id })
    .from(departments)
    .where(eq(departments.code, "lj-transport"))
    .get()!.id;
  const id = db
    .select({ id: suggestions.id })
    .from(suggestions)
    .innerJoin(assignments, eq(assignments.suggestionId, suggestions.id))
    .where(
      and(
        eq(suggestions.status, "in_progress"),
        eq(assignments.departmentId, dept),
        eq(assignments.status, "accepted"),
      ),
    )
    .limit(1)
    .get()!.id;
  db.update(suggestions).set({ categoryId: null }).where(eq(suggestions.id, id)).run();
  return id;
}

function inApp(db: Db, suggestionId: number) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.suggestionId, suggestionId), eq(notifications.channel, "in_app")))
    .all();
}

function eventsOf(db: Db, suggestionId: number, type: string) {
  return db
    .select()
    .from(events)
    .where(and(eq(events.suggestionId, suggestionId), eq(events.type, type)))
    .all();
}

const countAll = (db: Db, table: "notifications" | "events") =>
  (db.$client.prepare(`select count(*) n from ${table}`).get() as { n: number }).n;

describe("deadline notifications", () => {
  it("tell the responsible people once when an item is at risk and once when it is overdue", async () => {
    const db = freshDb();
    calm(db);
    const reviewer = userId(db, "reviewer");
    const handler = userId(db, "handler");
    const supervisor = userId(db, "supervisor");
    const screening = submittedInLinjiang(db);
    const handling = inProgressAtTransport(db);
    db.update(suggestions)
      .set({ acceptDueAt: plus(2 * DAY) })
      .where(eq(suggestions.id, screening))
      .run();
    db.update(suggestions)
      .set({ handleDueAt: plus(-1 * DAY) })
      .where(eq(suggestions.id, handling))
      .run();

    const first = await runScheduler(T0, { database: db, ...quiet });
    expect(first).toMatchObject({ atRisk: 1, overdue: 1, notifiedAtRisk: 1, notifiedOverdue: 1 });

    // At risk in screening: the city's reviewer, not the supervisor yet.
    const risk = inApp(db, screening);
    expect(risk.map((n) => n.recipientUserId)).toEqual([reviewer]);
    expect(risk[0]!.subject).toBe("期限将至 / Deadline approaching");
    expect(risk[0]!.body).toContain("受理期限为 2026-06-17");
    expect(risk[0]!.body).toContain("acceptance deadline");
    expect(eventsOf(db, screening, "deadline_at_risk")).toHaveLength(1);

    // Overdue in handling: the department's handler and the unit's supervisor, not the reviewer.
    const late = inApp(db, handling);
    expect(late.map((n) => n.recipientUserId).sort()).toEqual([handler, supervisor].sort());
    expect(late[0]!.subject).toBe("已逾期 / Overdue");
    expect(late[0]!.body).toContain("已逾期 1 天");
    expect(eventsOf(db, handling, "deadline_overdue")).toHaveLength(1);

    // The same state again, an hour later or the next day: nothing new anywhere.
    const notificationsBefore = countAll(db, "notifications");
    const eventsBefore = countAll(db, "events");
    const second = await runScheduler(plus(3_600_000), { database: db, ...quiet });
    const third = await runScheduler(plus(DAY), { database: db, ...quiet });
    expect(second).toMatchObject({ notifiedAtRisk: 0, notifiedOverdue: 0 });
    expect(third).toMatchObject({ notifiedAtRisk: 0, notifiedOverdue: 0 });
    expect(countAll(db, "notifications")).toBe(notificationsBefore);
    expect(countAll(db, "events")).toBe(eventsBefore);

    // Three days on the screening deadline has passed: one overdue notice, now with the supervisor.
    const later = await runScheduler(plus(3 * DAY), { database: db, ...quiet });
    expect(later).toMatchObject({ notifiedAtRisk: 0, notifiedOverdue: 1 });
    const overdueNow = inApp(db, screening).filter((n) => n.subject.startsWith("已逾期"));
    expect(overdueNow.map((n) => n.recipientUserId).sort()).toEqual([reviewer, supervisor].sort());
    expect(inApp(db, handling)).toHaveLength(2);
  });

  it("notify again for a new deadline (an approved extension), not for the old one", async () => {
    const db = freshDb();
    calm(db);
    const handling = inProgressAtTransport(db);
    db.update(suggestions)
      .set({ handleDueAt: plus(-1 * DAY) })
      .where(eq(suggestions.id, handling))
      .run();
    await runScheduler(T0, { database: db, ...quiet });
    expect(eventsOf(db, handling, "deadline_overdue")).toHaveLength(1);

    db.update(suggestions)
      .set({ handleDueAt: plus(10 * DAY) })
      .where(eq(suggestions.id, handling))
      .run();
    expect((await runScheduler(plus(DAY), { database: db, ...quiet })).notifiedOverdue).toBe(0);
    // Eight days later the extended deadline is near, then past.
    expect((await runScheduler(plus(8 * DAY), { database: db, ...quiet })).notifiedAtRisk).toBe(1);
    expect((await runScheduler(plus(11 * DAY), { database: db, ...quiet })).notifiedOverdue).toBe(
      1,
    );
    expect(eventsOf(db, handling, "deadline_overdue")).toHaveLength(2);
  });
});

describe("escalation", () => {
  function setUpNotice(db: Db, issuedAt = T0) {
    calm(db);
    const handling = inProgressAtTransport(db);
    db.update(suggestions)
      .set({ handleDueAt: plus(-10 * DAY) })
      .where(eq(suggestions.id, handling))
      .run();
    const notice = db
      .insert(supervisionNotices)
      .values({
        suggestionId: handling,
        unitId: unitId(db, "c-lj"),
        issuedBy: userId(db, "supervisor"),
        note: "请于三日内办结并报告。",
        issuedAt,
      })
      .returning()
      .get();
    return { handling, notice };
  }

  const noticeRow = (db: Db, id: number) =>
    db.select().from(supervisionNotices).where(eq(supervisionNotices.id, id)).get()!;

  it("sends an item still overdue 7 days after a notice up to the parent unit's supervisors, once", async () => {
    const db = freshDb();
    const { handling, notice } = setUpNotice(db);
    const province = unitId(db, "p-dj");
    const provincial = userId(db, "supervisor-prov");

    // Six days after the notice: not yet.
    expect((await runScheduler(plus(6 * DAY), { database: db, ...quiet })).escalated).toBe(0);
    expect(noticeRow(db, notice.id).escalatedAt).toBeNull();

    // Seven days after: escalated to 东江省, whose supervisor hears about it.
    const at = plus(7 * DAY);
    expect((await runScheduler(at, { database: db, ...quiet })).escalated).toBe(1);
    expect(noticeRow(db, notice.id)).toMatchObject({
      escalatedAt: at,
      escalatedToUnitId: province,
    });
    const escalated = eventsOf(db, handling, "escalated");
    expect(escalated).toHaveLength(1);
    expect(escalated[0]!.data).toMatchObject({ noticeId: notice.id, toUnitId: province });
    expect(escalated[0]!.note).toContain("东江省");
    const told = inApp(db, handling).filter((n) => n.subject.startsWith("提级督办"));
    expect(told.map((n) => n.recipientUserId)).toEqual([provincial]);
    expect(told[0]!.body).toContain("临江市");

    // Later passes do not escalate the same notice again.
    expect((await runScheduler(plus(8 * DAY), { database: db, ...quiet })).escalated).toBe(0);
    expect(eventsOf(db, handling, "escalated")).toHaveLength(1);
  });

  it("follows the deadline rules: a unit's own escalate_after_days wins over the default", async () => {
    const db = freshDb();
    const { handling, notice } = setUpNotice(db);
    const item = db.select().from(suggestions).where(eq(suggestions.id, handling)).get()!;
    db.insert(deadlineRules)
      .values({
        unitId: item.unitId,
        categoryId: null,
        acceptDays: 15,
        handleDays: 60,
        maxExtensionDays: 30,
        atRiskDays: 3,
        escalateAfterDays: 3,
      })
      .run();
    expect((await runScheduler(plus(2 * DAY), { database: db, ...quiet })).escalated).toBe(0);
    expect((await runScheduler(plus(3 * DAY), { database: db, ...quiet })).escalated).toBe(1);
    expect(noticeRow(db, notice.id).escalatedAt).toEqual(plus(3 * DAY));
  });

  it("does not escalate an item that is no longer overdue", async () => {
    const db = freshDb();
    const { handling, notice } = setUpNotice(db);
    // The department asked for and got more time after the notice.
    db.update(suggestions)
      .set({ handleDueAt: plus(20 * DAY) })
      .where(eq(suggestions.id, handling))
      .run();
    expect((await runScheduler(plus(8 * DAY), { database: db, ...quiet })).escalated).toBe(0);
    expect(noticeRow(db, notice.id).escalatedAt).toBeNull();
    expect(eventsOf(db, handling, "escalated")).toHaveLength(0);
  });
});

describe("daily digest", () => {
  it("goes to every staff member with open items once a day: e-mail with an address, in-app without", async () => {
    const db = freshDb();
    const handler = userId(db, "handler");
    const reviewer = userId(db, "reviewer");
    const admin = userId(db, "admin");
    db.update(users).set({ email: "handler@example.org" }).where(eq(users.id, handler)).run();
    const digestsOf = (id: number) =>
      db
        .select()
        .from(notifications)
        .where(
          and(
            eq(notifications.recipientUserId, id),
            sql`${notifications.subject} like '每日待办摘要%'`,
          ),
        )
        .all();

    // 07:00 in China: too early for the digest.
    expect((await runScheduler(plus(-3_600_000), { database: db, deliver: false })).digests).toBe(
      0,
    );

    const first = await runScheduler(T0, { database: db, deliver: false });
    expect(first.digests).toBeGreaterThan(0);
    const mail = digestsOf(handler);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({
      channel: "email",
      recipientAddress: "handler@example.org",
      status: "pending",
      subject: digestSubject("2026-06-15"),
    });
    expect(mail[0]!.subject).toBe("每日待办摘要 2026-06-15 / Daily digest 2026-06-15");

    // The reviewer's counts equal an independent count of their queue.
    const city = db.select().from(orgUnits).where(eq(orgUnits.code, "c-lj")).get()!;
    const queue = (
      db.$client
        .prepare(
          `select count(*) n from suggestions s join org_units u on u.id = s.unit_id
           where s.status in ('submitted','transferred','accepted','returned') and u.path like ?`,
        )
        .get(`${city.path}%`) as { n: number }
    ).n;
    expect(queue).toBeGreaterThan(0);
    const inbox = digestsOf(reviewer);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.channel).toBe("in_app");
    expect(inbox[0]!.body).toContain(`您目前有 ${queue} 件待办`);
    expect(inbox[0]!.body).toContain(`you have ${queue} open items`);
    // An admin has no queue of their own: no digest.
    expect(digestsOf(admin)).toHaveLength(0);

    // Later the same day: nothing more. Next morning: one more each.
    const digestCount = () =>
      (
        db.$client
          .prepare("select count(*) n from notifications where subject like '每日待办摘要%'")
          .get() as { n: number }
      ).n;
    const total = digestCount();
    expect(total).toBe(first.digests);
    expect(
      (await runScheduler(plus(10 * 3_600_000), { database: db, deliver: false })).digests,
    ).toBe(0);
    expect(
      (await runScheduler(plus(23 * 3_600_000), { database: db, deliver: false })).digests,
    ).toBe(0);
    expect(digestCount()).toBe(total);
    const next = await runScheduler(plus(DAY), { database: db, deliver: false });
    expect(next.digests).toBe(first.digests);
    expect(digestsOf(handler).map((n) => n.subject)).toEqual([
      digestSubject("2026-06-15"),
      digestSubject("2026-06-16"),
    ]);
  });

  it("is delivered by the same pass (file adapter when SMTP is not configured)", async () => {
    const db = freshDb();
    const handler = userId(db, "handler");
    db.update(users).set({ email: "handler@example.org" }).where(eq(users.id, handler)).run();
    const dir = mkdtempSync(join(tmpdir(), "minyi-digest-"));
    const report = await runScheduler(T0, {
      database: db,
      adapters: {
        email: fileEmailAdapter(dir, "Minyi <noreply@minyi.local>"),
        sms: fileSmsAdapter(dir),
      },
    });
    expect(report.delivery?.sent).toBeGreaterThanOrEqual(1);
    const row = db
      .select()
      .from(notifications)
      .where(and(eq(notifications.recipientUserId, handler), eq(notifications.channel, "email")))
      .get()!;
    expect(row.status).toBe("sent");
    const files = readdirSync(join(dir, "email"));
    expect(files).toContain(`${String(row.id).padStart(8, "0")}.eml`);
    const eml = readFileSync(join(dir, "email", `${String(row.id).padStart(8, "0")}.eml`), "utf8");
    expect(eml).toContain("To: handler@example.org");
    // Every in-app row is already "sent"; nothing e-mail or SMS is left behind.
    expect(
      db
        .select()
        .from(notifications)
        .where(inArray(notifications.status, ["pending", "failed"]))
        .all(),
    ).toHaveLength(0);
  });
});

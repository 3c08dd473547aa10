import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { loadStaffUser } from "../../app/domain/auth/auth.server";
import type { StaffUser } from "../../app/domain/auth/permissions";
import { intelligence, resetIntelligence } from "../../app/domain/intelligence/intelligence.server";
import { executeBulkCommand, executeStaffCommand } from "../../app/domain/staff/dispatch.server";
import { ratingSummary } from "../../app/domain/staff/review.server";
import { StaffCommand } from "../../app/domain/staff/staff.schema";
import { mergeClusters, renameCluster } from "../../app/domain/staff/topics.server";
import { submitSuggestion } from "../../app/domain/suggestions/submit.server";
import { resetTextIndex, textIndex } from "../../app/domain/suggestions/text-index.server";
import type { DomainValidationError } from "../../app/utils/errors";
import type { Db } from "../../db/client";
import {
  adoptionDecisions,
  assignments,
  clusters,
  departments,
  events,
  extensions,
  follows,
  milestones,
  notifications,
  orgUnits,
  outcomes,
  suggestions,
  supervisionNotices,
  supports,
  users,
} from "../../db/schema";
import { freshDb } from "../setup/test-db";

const T0 = new Date("2026-06-20T02:00:00Z");
const day = (n: number) => new Date(T0.getTime() + n * 86_400_000);

let db: Db;
const staff = (username: string): StaffUser => {
  const row = db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()!;
  return loadStaffUser(row.id, db)!;
};
const deptId = (code: string) =>
  db.select({ id: departments.id }).from(departments).where(eq(departments.code, code)).get()!.id;
const version = (id: number) =>
  db.select({ v: suggestions.version }).from(suggestions).where(eq(suggestions.id, id)).get()!.v;
const status = (id: number) =>
  db.select({ s: suggestions.status }).from(suggestions).where(eq(suggestions.id, id)).get()!.s;
/** Parses a form exactly as the console page does, then runs it. */
const act = (user: StaffUser, id: number, form: Record<string, unknown>, at: Date) =>
  executeStaffCommand(user, id, StaffCommand.parse(form), db, at);

function submit(title: string, body: string, at = T0, regionUnitId = 3) {
  return submitSuggestion(
    {
      title,
      body,
      regionUnitId,
      contactName: undefined,
      contactPhone: undefined,
      contactEmail: "citizen@example.com",
      anonymous: false,
      publishConsent: true,
    },
    { channel: "web", at },
    db,
  );
}

beforeEach(() => {
  db = freshDb();
  resetTextIndex();
  resetIntelligence();
  textIndex().build(db);
  intelligence().build(db);
});

describe("the golden journey through the domain", () => {
  it("submit → accept → rate → assign → accept assignment → adopted reply → outcome → milestones → completed", () => {
    const s = submit(
      "建议在地铁站增设自行车停放点",
      "地铁站出口共享单车乱停乱放，建议规划自行车停放区域并安排专人管理，方便换乘。",
    );
    const row = db.select().from(suggestions).where(eq(suggestions.id, s.id)).get()!;
    // The text engine left its hints at intake.
    expect(row.predictedCategoryId).not.toBeNull();
    expect(row.clusterId).not.toBeNull();

    const reviewer = staff("reviewer");
    act(reviewer, s.id, { intent: "accept", version: String(version(s.id)) }, day(1));
    expect(status(s.id)).toBe("accepted");
    act(
      reviewer,
      s.id,
      { intent: "rate", feasibility: "4", innovation: "3", benefit: "5", urgency: "2" },
      day(1),
    );
    expect(ratingSummary(s.id, db).overall).toBe(3.5);

    act(
      reviewer,
      s.id,
      {
        intent: "assign",
        version: String(version(s.id)),
        leadDepartmentId: String(deptId("lj-transport")),
        coDepartmentIds: [String(deptId("lj-education"))],
        instructions: "请研究",
      },
      day(2),
    );
    expect(status(s.id)).toBe("assigned");
    const assigned = db.select().from(assignments).where(eq(assignments.suggestionId, s.id)).all();
    expect(assigned.map((a) => a.role).sort()).toEqual(["co", "lead"]);
    // Default due date: 60 days of the default rule.
    expect(assigned[0]!.dueAt.getTime()).toBe(day(62).getTime());
    const handlerUser = staff("handler");
    const inApp = db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.recipientUserId, handlerUser.id),
          eq(notifications.suggestionId, s.id),
        ),
      )
      .all();
    expect(inApp).toHaveLength(1);

    // The co-handling department may not accept for the lead.
    expect(() =>
      act(
        staff("handler-edu"),
        s.id,
        { intent: "acceptAssignment", version: String(version(s.id)) },
        day(3),
      ),
    ).toThrow(/lead department/);
    act(handlerUser, s.id, { intent: "acceptAssignment", version: String(version(s.id)) }, day(3));
    expect(status(s.id)).toBe("in_progress");

    act(
      handlerUser,
      s.id,
      {
        intent: "saveReply",
        version: String(version(s.id)),
        body: "草稿：我们正在研究停放点方案。",
      },
      day(4),
    );
    act(
      handlerUser,
      s.id,
      {
        intent: "publishReply",
        version: String(version(s.id)),
        body: "感谢建议。我局已决定在三个地铁站试点自行车停放区。",
        decision: "adopted",
      },
      day(5),
    );
    expect(status(s.id)).toBe("answered");
    expect(
      db.select().from(adoptionDecisions).where(eq(adoptionDecisions.suggestionId, s.id)).get()
        ?.decision,
    ).toBe("adopted");
    // The citizen is told by e-mail.
    expect(
      db
        .select()
        .from(notifications)
        .where(and(eq(notifications.suggestionId, s.id), eq(notifications.channel, "email")))
        .all()
        .some((n) => n.subject.includes("answered")),
    ).toBe(true);

    act(
      handlerUser,
      s.id,
      {
        intent: "recordOutcome",
        version: String(version(s.id)),
        type: "measure",
        title: "地铁站自行车停放区试点",
        description: "在三个地铁站出口设置自行车停放区并安排管理员。",
        link: "https://example.gov.cn/notice/1",
      },
      day(6),
    );
    expect(status(s.id)).toBe("implementing");
    for (const title of ["选址", "施工"])
      act(
        handlerUser,
        s.id,
        { intent: "addMilestone", version: String(version(s.id)), title },
        day(6),
      );
    const [m1, m2] = db
      .select()
      .from(milestones)
      .innerJoin(outcomes, eq(outcomes.id, milestones.outcomeId))
      .where(eq(outcomes.suggestionId, s.id))
      .all()
      .map((r) => r.milestones.id);
    act(
      handlerUser,
      s.id,
      {
        intent: "updateMilestone",
        version: String(version(s.id)),
        milestoneId: String(m1),
        progress: "100",
        done: "on",
      },
      day(10),
    );
    expect(status(s.id)).toBe("implementing");
    act(
      handlerUser,
      s.id,
      {
        intent: "updateMilestone",
        version: String(version(s.id)),
        milestoneId: String(m2),
        progress: "100",
        done: "on",
      },
      day(20),
    );
    expect(status(s.id)).toBe("completed");
    const types = db
      .select({ t: events.type })
      .from(events)
      .where(eq(events.suggestionId, s.id))
      .all()
      .map((e) => e.t);
    expect(types).toEqual([
      "submitted",
      "accepted",
      "rated",
      "assigned",
      "assignment_accepted",
      "reply_drafted",
      "answered",
      "implementing",
      "milestone_added",
      "milestone_added",
      "milestone_done",
      "milestone_done",
      "completed",
    ]);
  });
});

describe("followers", () => {
  it("hear about public changes made by staff, and not about internal ones", () => {
    const s = submit(
      "建议在菜市场增设公共厕所",
      "城南菜市场周边没有公共厕所，摊主和买菜的老人很不方便，建议增设一座公共厕所。",
    );
    db.insert(follows)
      .values({
        suggestionId: s.id,
        followerKey: "f1",
        email: "follower@example.com",
        createdAt: T0,
        confirmedAt: T0,
      })
      .run();
    const mail = () =>
      db
        .select()
        .from(notifications)
        .where(eq(notifications.recipientAddress, "follower@example.com"))
        .all();
    const reviewer = staff("reviewer");
    act(reviewer, s.id, { intent: "note", body: "内部备注，不通知关注者" }, day(1));
    act(
      reviewer,
      s.id,
      { intent: "rate", feasibility: "3", innovation: "3", benefit: "3", urgency: "3" },
      day(1),
    );
    expect(mail()).toHaveLength(0);
    act(reviewer, s.id, { intent: "accept", version: String(version(s.id)) }, day(1));
    expect(mail()).toHaveLength(1);
    expect(mail()[0]!.body).toContain("/unfollow");
  });
});

describe("optimistic concurrency", () => {
  it("a stale version gets a conflict and changes nothing", () => {
    const s = submit(
      "建议延长图书馆开放时间",
      "周末图书馆人多座少，建议延长开放时间到晚上十点，方便上班族学习。",
    );
    const v = version(s.id);
    const reviewer = staff("reviewer");
    act(reviewer, s.id, { intent: "accept", version: String(v) }, day(1));
    const before = db.select().from(suggestions).where(eq(suggestions.id, s.id)).get()!;
    expect(() =>
      act(reviewer, s.id, { intent: "transfer", version: String(v), toUnitId: "4" }, day(1)),
    ).toThrow(/changed by someone else/);
    expect(db.select().from(suggestions).where(eq(suggestions.id, s.id)).get()).toEqual(before);
  });

  it("bulk accept reports stale items and accepts the rest", () => {
    const a = submit(
      "建议增设社区老年食堂",
      "社区老人吃饭难，建议在每个社区增设老年食堂，提供平价午餐和送餐服务。",
    );
    const b = submit(
      "建议公园增加健身器材",
      "城东公园健身器材太少且老化，建议增加和更新健身器材，方便居民锻炼身体。",
    );
    const out = executeBulkCommand(
      staff("reviewer"),
      {
        intent: "bulkAccept",
        items: [
          { id: a.id, version: version(a.id) },
          { id: b.id, version: version(b.id) + 5 },
        ],
      },
      db,
      day(1),
    );
    expect(out.done).toEqual([a.id]);
    expect(out.failed.map((f) => f.id)).toEqual([b.id]);
    expect(status(b.id)).toBe("submitted");
  });
});

describe("permissions inside commands", () => {
  it("a reviewer of another city cannot accept, a handler cannot review", () => {
    const s = submit(
      "建议整治背街小巷照明",
      "背街小巷路灯经常不亮，夜间行走不安全，建议全面排查维修路灯设施。",
    );
    expect(() =>
      act(staff("reviewer-qs"), s.id, { intent: "accept", version: String(version(s.id)) }, day(1)),
    ).toThrow(/Forbidden|may not/i);
    expect(() =>
      act(staff("handler"), s.id, { intent: "accept", version: String(version(s.id)) }, day(1)),
    ).toThrow();
    expect(status(s.id)).toBe("submitted");
  });

  it("an item goes only to departments whose handlers can see it", () => {
    const s = submit(
      "建议整治背街小巷照明问题",
      "背街小巷路灯经常不亮，夜间行走不安全，建议全面排查维修路灯设施。",
    );
    const reviewer = staff("reviewer");
    act(reviewer, s.id, { intent: "accept", version: String(version(s.id)) }, day(1));
    const assign = (lead: string, co: string[] = []) => {
      try {
        act(
          reviewer,
          s.id,
          {
            intent: "assign",
            version: String(version(s.id)),
            leadDepartmentId: String(deptId(lead)),
            coDepartmentIds: co.map((c) => String(deptId(c))),
          },
          day(2),
        );
        return null;
      } catch (error) {
        return (error as DomainValidationError).fieldErrors;
      }
    };
    // Qingshan's transport bureau cannot see a Linjiang item: refused, lead or co.
    expect(assign("qs-transport")).toEqual({ leadDepartmentId: ["assign.outOfArea"] });
    expect(assign("lj-transport", ["qs-transport"])).toEqual({
      coDepartmentIds: ["assign.outOfArea"],
    });
    expect(status(s.id)).toBe("accepted");
    expect(db.select().from(assignments).where(eq(assignments.suggestionId, s.id)).all()).toEqual(
      [],
    );
    expect(assign("lj-transport", ["lj-education"])).toBeNull();
    expect(status(s.id)).toBe("assigned");
  });
});

describe("merge and split", () => {
  it("moves supports to the primary and back, and keeps the topic decisions", () => {
    const p = submit(
      "建议增开夜间公交",
      "下夜班的工人很多，建议在火车站到工业园之间增开夜间公交线路。",
    );
    const d = submit(
      "夜班公交太少了",
      "我们厂下夜班没有公交车回家，希望在火车站和工业园之间开通夜班公交。",
    );
    db.insert(supports).values({ suggestionId: d.id, supporterKey: "k1", createdAt: T0 }).run();
    db.insert(supports).values({ suggestionId: d.id, supporterKey: "both", createdAt: T0 }).run();
    db.insert(supports).values({ suggestionId: p.id, supporterKey: "both", createdAt: T0 }).run();
    db.update(suggestions).set({ supportsCount: 2 }).where(eq(suggestions.id, d.id)).run();
    db.update(suggestions).set({ supportsCount: 1 }).where(eq(suggestions.id, p.id)).run();
    const reviewer = staff("reviewer");
    act(
      reviewer,
      d.id,
      { intent: "merge", version: String(version(d.id)), primaryId: String(p.id) },
      day(1),
    );
    const primary = db.select().from(suggestions).where(eq(suggestions.id, p.id)).get()!;
    const dup = db.select().from(suggestions).where(eq(suggestions.id, d.id)).get()!;
    expect(dup.status).toBe("merged");
    expect(dup.primaryId).toBe(p.id);
    expect(primary.supportsCount).toBe(2);
    expect(dup.supportsCount).toBe(1);
    expect(dup.clusterId).toBe(primary.clusterId);
    // The row moved (nothing copied or deleted); a supporter of both stays counted once.
    expect(
      db
        .select()
        .from(supports)
        .all()
        .filter((r) => r.supporterKey === "k1" || r.supporterKey === "both")
        .map((r) => [r.suggestionId, r.supporterKey, r.movedFromId]),
    ).toEqual([
      [p.id, "k1", d.id],
      [d.id, "both", null],
      [p.id, "both", null],
    ]);

    act(reviewer, d.id, { intent: "split", version: String(version(d.id)) }, day(2));
    const after = db.select().from(suggestions).where(eq(suggestions.id, d.id)).get()!;
    expect(after.status).toBe("accepted");
    expect(after.primaryId).toBeNull();
    expect(after.clusterId).not.toBe(primary.clusterId);
    expect(db.select().from(suggestions).where(eq(suggestions.id, p.id)).get()!.supportsCount).toBe(
      1,
    );
    // What the merge moved came back.
    expect(after.supportsCount).toBe(2);
    expect(db.select().from(supports).where(eq(supports.suggestionId, d.id)).all()).toHaveLength(2);

    // After a restart the split still holds.
    resetIntelligence();
    intelligence().build(db);
    expect(
      intelligence().clusterer.clusterOf(String(d.id)) ===
        intelligence().clusterer.clusterOf(String(p.id)),
    ).toBe(false);
  });

  it("merges clusters and keeps a reviewer's name", () => {
    const a = submit(
      "建议治理小区噪音",
      "小区附近工地夜间施工噪音扰民，建议严格限制夜间施工时间并加强巡查。",
    );
    const b = submit(
      "关于学校周边交通拥堵",
      "每天上下学时间学校门口交通拥堵严重，建议增设临时停车位和交通协管员。",
    );
    const ca = db.select().from(suggestions).where(eq(suggestions.id, a.id)).get()!.clusterId!;
    const cb = db.select().from(suggestions).where(eq(suggestions.id, b.id)).get()!.clusterId!;
    expect(ca).not.toBe(cb);
    const reviewer = staff("reviewer");
    const sizeOf = (id: number) =>
      db.select().from(clusters).where(eq(clusters.id, id)).get()!.size;
    const expected = sizeOf(ca) + sizeOf(cb);
    const seen = db.select().from(clusters).where(eq(clusters.id, ca)).get()!.updatedAt.getTime();
    mergeClusters(reviewer, { sourceId: ca, targetId: cb, seenAt: seen }, db, day(1));
    expect(db.select().from(suggestions).where(eq(suggestions.id, a.id)).get()!.clusterId).toBe(cb);
    expect(sizeOf(cb)).toBe(expected);
    expect(sizeOf(ca)).toBe(0);
    const seenB = db.select().from(clusters).where(eq(clusters.id, cb)).get()!.updatedAt.getTime();
    renameCluster(reviewer, { clusterId: cb, label: "城市治理", seenAt: seenB }, db, day(2));
    expect(() =>
      renameCluster(reviewer, { clusterId: cb, label: "旧名", seenAt: seenB }, db, day(3)),
    ).toThrow(/changed by someone else/);
    expect(db.select().from(clusters).where(eq(clusters.id, cb)).get()!.label).toBe("城市治理");
  });
});

describe("topics across subtrees", () => {
  it("a reviewer cannot merge a topic into, or rename, a topic wholly in another city", () => {
    const qs = db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, "d-sl")).get();
    const mine = submit(
      "建议治理小区噪音",
      "小区附近工地夜间施工噪音扰民，建议严格限制夜间施工时间并加强巡查。",
    );
    const theirs = submit(
      "松林县农贸市场排水不畅",
      "松林县农贸市场下雨就积水，排水沟堵塞，建议疏通排水管道并加装雨棚。",
      T0,
      qs!.id,
    );
    const clusterOf = (id: number) =>
      db.select().from(suggestions).where(eq(suggestions.id, id)).get()!.clusterId!;
    const [ca, cb] = [clusterOf(mine.id), clusterOf(theirs.id)];
    expect(ca).not.toBe(cb);
    const seen = (id: number) =>
      db.select().from(clusters).where(eq(clusters.id, id)).get()!.updatedAt.getTime();
    const reviewer = staff("reviewer");
    expect(() =>
      mergeClusters(reviewer, { sourceId: ca, targetId: cb, seenAt: seen(ca) }, db, day(1)),
    ).toThrow(/Forbidden|may not/i);
    expect(() =>
      renameCluster(reviewer, { clusterId: cb, label: "别人的话题", seenAt: seen(cb) }, db, day(1)),
    ).toThrow(/Forbidden|may not/i);
    expect(clusterOf(mine.id)).toBe(ca);
    // The other city's reviewer may merge their own topic into it.
    const other = submit(
      "松林县城区路灯夜间不亮",
      "松林县城区几条主干道路灯夜间经常不亮，行人和车辆通行不安全，建议检修。",
      T0,
      qs!.id,
    );
    // A topic with a member in another city cannot be merged away by this reviewer either,
    // and the refusal leaves the topics in memory as they were.
    db.transaction((tx) => intelligence().mergeClusters(tx, cb, ca, staff("admin").id, day(1)));
    expect(clusterOf(theirs.id)).toBe(ca);
    const third = submit(
      "建议在公园增设儿童游乐设施",
      "城东公园没有儿童游乐设施，孩子们没有地方玩，建议增设滑梯和秋千等设施。",
    );
    const cc = clusterOf(third.id);
    expect(cc).not.toBe(ca);
    const inMemory = () => intelligence().clusterer.clusterOf(String(theirs.id));
    const before = inMemory();
    expect(() =>
      mergeClusters(reviewer, { sourceId: ca, targetId: cc, seenAt: seen(ca) }, db, day(2)),
    ).toThrow(/Forbidden|may not/i);
    expect(inMemory()).toBe(before);
    expect(clusterOf(theirs.id)).toBe(ca);
    const co = clusterOf(other.id);
    expect(co).not.toBe(ca);
    mergeClusters(
      staff("reviewer-qs"),
      { sourceId: co, targetId: ca, seenAt: seen(co) },
      db,
      day(1),
    );
    expect(clusterOf(other.id)).toBe(ca);
  });
});

describe("deadlines, extensions and supervision", () => {
  it("one extension within the rule, approved by a supervisor, moves the due dates", () => {
    const s = submit(
      "建议增加菜市场停车位",
      "菜市场周边停车难，建议利用空地增设临时停车位并规范收费管理。",
    );
    const reviewer = staff("reviewer");
    act(reviewer, s.id, { intent: "accept", version: String(version(s.id)) }, day(1));
    act(
      reviewer,
      s.id,
      {
        intent: "assign",
        version: String(version(s.id)),
        leadDepartmentId: String(deptId("lj-transport")),
      },
      day(1),
    );
    const handler = staff("handler");
    act(handler, s.id, { intent: "acceptAssignment", version: String(version(s.id)) }, day(2));
    expect(() =>
      act(
        handler,
        s.id,
        {
          intent: "requestExtension",
          version: String(version(s.id)),
          days: "45",
          reason: "需要多部门协调",
        },
        day(3),
      ),
    ).toThrow();
    act(
      handler,
      s.id,
      {
        intent: "requestExtension",
        version: String(version(s.id)),
        days: "20",
        reason: "需要多部门协调",
      },
      day(3),
    );
    expect(() =>
      act(
        handler,
        s.id,
        {
          intent: "requestExtension",
          version: String(version(s.id)),
          days: "5",
          reason: "再延一次",
        },
        day(3),
      ),
    ).toThrow();
    const due = db.select().from(suggestions).where(eq(suggestions.id, s.id)).get()!.handleDueAt!;
    const ext = db.select().from(extensions).where(eq(extensions.suggestionId, s.id)).get()!;
    act(
      staff("supervisor"),
      s.id,
      {
        intent: "decideExtension",
        version: String(version(s.id)),
        extensionId: String(ext.id),
        approve: "true",
      },
      day(4),
    );
    const after = db.select().from(suggestions).where(eq(suggestions.id, s.id)).get()!.handleDueAt!;
    expect(after.getTime() - due.getTime()).toBe(20 * 86_400_000);
    expect(
      db
        .select()
        .from(assignments)
        .where(eq(assignments.suggestionId, s.id))
        .get()!
        .dueAt.getTime(),
    ).toBe(after.getTime());

    act(
      staff("supervisor"),
      s.id,
      { intent: "superviseNotice", version: String(version(s.id)), note: "请加快办理进度" },
      day(5),
    );
    expect(
      db.select().from(supervisionNotices).where(eq(supervisionNotices.suggestionId, s.id)).all(),
    ).toHaveLength(1);
    expect(() =>
      act(
        staff("handler"),
        s.id,
        { intent: "superviseNotice", version: String(version(s.id)), note: "自己督办自己" },
        day(5),
      ),
    ).toThrow();
  });
});

import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loadStaffUser } from "../../app/domain/auth/auth.server";
import type { StaffUser } from "../../app/domain/auth/permissions";
import { executeStaffCommand } from "../../app/domain/staff/dispatch.server";
import { StaffCommand, type StaffIntent } from "../../app/domain/staff/staff.schema";
import { submitSuggestion } from "../../app/domain/suggestions/submit.server";
import { ForbiddenError } from "../../app/utils/errors";
import type { Db } from "../../db/client";
import {
  departments,
  extensions,
  milestones,
  notAcceptReasons,
  outcomes,
  suggestions,
  users,
} from "../../db/schema";
import { ACCOUNTS, type Account } from "../setup/accounts";
import { freshDb } from "../setup/test-db";

/**
 * Every staff command × every demo account: the right role in the right subtree (and, for
 * handlers, the lead department) succeeds; everyone else is refused with 403 and nothing changes.
 * Items live in Linjiang (c-lj); reviewer-qs and handler-qs work in Qingshan, a sibling city.
 */

const REVIEW: Account[] = ["reviewer"];
const LEAD: Account[] = ["handler"];
const SUPERVISE: Account[] = ["supervisor", "supervisor-prov"];

type Stage =
  | "submitted"
  | "merged"
  | "accepted"
  | "assigned"
  | "in_progress"
  | "extension"
  | "answered"
  | "implementing";

interface Case {
  intent: StaffIntent;
  stage: Stage;
  allowed: Account[];
  form: (ctx: { id: number; db: Db }) => Record<string, unknown>;
}

const T0 = new Date("2026-06-20T02:00:00Z");
const at = (days: number) => new Date(T0.getTime() + days * 86_400_000);

let db: Db;
const user = (name: string): StaffUser => {
  const row = db.select({ id: users.id }).from(users).where(eq(users.username, name)).get()!;
  return loadStaffUser(row.id, db)!;
};
const version = (id: number) =>
  db.select({ v: suggestions.version }).from(suggestions).where(eq(suggestions.id, id)).get()!.v;
const dept = (code: string) =>
  db.select({ id: departments.id }).from(departments).where(eq(departments.code, code)).get()!.id;
const run = (who: string, id: number, form: Record<string, unknown>, day = 10) =>
  executeStaffCommand(
    user(who),
    id,
    StaffCommand.parse({ version: String(version(id)), ...form }),
    db,
    at(day),
  );

let counter = 0;
/** A fresh item in Linjiang driven to `stage` by the right people. */
function itemAt(stage: Stage): number {
  counter++;
  const { id } = submitSuggestion(
    {
      title: `权限矩阵测试建议 ${counter}`,
      body: `这是第 ${counter} 条用于权限矩阵测试的建议，内容足够长以通过校验规则。`,
      regionUnitId: 3,
      contactName: undefined,
      contactPhone: undefined,
      contactEmail: undefined,
      anonymous: false,
      publishConsent: true,
    },
    { channel: "web", at: T0 },
    db,
  );
  if (stage === "submitted") return id;
  if (stage === "merged") {
    const primary = itemAt("submitted");
    run("reviewer", id, { intent: "merge", primaryId: String(primary) }, 1);
    return id;
  }
  run("reviewer", id, { intent: "accept" }, 1);
  if (stage === "accepted") return id;
  run(
    "reviewer",
    id,
    {
      intent: "assign",
      leadDepartmentId: String(dept("lj-transport")),
      coDepartmentIds: [String(dept("lj-education"))],
    },
    2,
  );
  if (stage === "assigned") return id;
  run("handler", id, { intent: "acceptAssignment" }, 3);
  if (stage === "in_progress") return id;
  if (stage === "extension") {
    run("handler", id, { intent: "requestExtension", days: "10", reason: "需要协调多个部门" }, 4);
    return id;
  }
  run(
    "handler",
    id,
    { intent: "publishReply", body: "经研究，采纳您的建议并将组织实施。", decision: "adopted" },
    5,
  );
  if (stage === "answered") return id;
  run(
    "handler",
    id,
    {
      intent: "recordOutcome",
      type: "measure",
      title: "实施方案",
      description: "制定并发布了实施方案。",
    },
    6,
  );
  run("handler", id, { intent: "addMilestone", title: "第一阶段" }, 6);
  return id;
}

const CASES: Case[] = [
  { intent: "accept", stage: "submitted", allowed: REVIEW, form: () => ({}) },
  {
    intent: "notAccept",
    stage: "submitted",
    allowed: REVIEW,
    form: ({ db }) => ({ reasonId: String(db.select().from(notAcceptReasons).get()!.id) }),
  },
  { intent: "transfer", stage: "submitted", allowed: REVIEW, form: () => ({ toUnitId: "4" }) },
  { intent: "setCategory", stage: "accepted", allowed: REVIEW, form: () => ({ categoryId: "1" }) },
  {
    intent: "moderate",
    stage: "accepted",
    allowed: REVIEW,
    form: () => ({ hidden: "true", note: "含有不当内容" }),
  },
  {
    intent: "merge",
    stage: "submitted",
    allowed: REVIEW,
    form: () => ({ primaryId: String(itemAt("submitted")) }),
  },
  { intent: "split", stage: "merged", allowed: REVIEW, form: () => ({}) },
  {
    intent: "rate",
    stage: "accepted",
    allowed: REVIEW,
    form: () => ({ feasibility: "3", innovation: "3", benefit: "3", urgency: "3" }),
  },
  {
    intent: "assign",
    stage: "accepted",
    allowed: REVIEW,
    form: () => ({ leadDepartmentId: String(dept("lj-transport")) }),
  },
  { intent: "acceptAssignment", stage: "assigned", allowed: LEAD, form: () => ({}) },
  {
    intent: "returnAssignment",
    stage: "assigned",
    allowed: LEAD,
    form: () => ({ reason: "不属于本部门职责" }),
  },
  {
    intent: "saveReply",
    stage: "in_progress",
    allowed: LEAD,
    form: () => ({ body: "答复草稿：正在研究之中。" }),
  },
  {
    intent: "publishReply",
    stage: "in_progress",
    allowed: LEAD,
    form: () => ({ body: "经研究，留作参考，感谢您的建议。", decision: "for_reference" }),
  },
  {
    intent: "requestExtension",
    stage: "in_progress",
    allowed: LEAD,
    form: () => ({ days: "10", reason: "需要协调多个部门" }),
  },
  { intent: "complete", stage: "answered", allowed: LEAD, form: () => ({}) },
  {
    intent: "recordOutcome",
    stage: "answered",
    allowed: LEAD,
    form: () => ({ type: "policy", title: "政策文件", description: "出台了相关政策文件。" }),
  },
  {
    intent: "addMilestone",
    stage: "implementing",
    allowed: LEAD,
    form: () => ({ title: "第二阶段" }),
  },
  {
    intent: "updateMilestone",
    stage: "implementing",
    allowed: LEAD,
    form: ({ id, db }) => ({
      milestoneId: String(
        db
          .select({ id: milestones.id })
          .from(milestones)
          .innerJoin(outcomes, eq(outcomes.id, milestones.outcomeId))
          .where(eq(outcomes.suggestionId, id))
          .get()!.id,
      ),
      progress: "50",
    }),
  },
  {
    intent: "decideExtension",
    stage: "extension",
    allowed: SUPERVISE,
    form: ({ id, db }) => ({
      extensionId: String(
        db.select().from(extensions).where(eq(extensions.suggestionId, id)).get()!.id,
      ),
      approve: "true",
    }),
  },
  {
    intent: "superviseNotice",
    stage: "in_progress",
    allowed: SUPERVISE,
    form: () => ({ note: "请加快办理进度。" }),
  },
];

beforeAll(() => {
  db = freshDb();
});

describe("staff permission matrix (every command × every account)", () => {
  it("covers every staff command but notes", () => {
    const covered = new Set(CASES.map((c) => c.intent));
    const all = StaffCommand.options.map((o) => o.shape.intent.value);
    expect(all.filter((i) => !covered.has(i))).toEqual(["note"]);
  });

  for (const c of CASES) {
    describe(c.intent, () => {
      for (const account of ACCOUNTS) {
        const allowed = c.allowed.includes(account);
        it(`${allowed ? "allows" : "refuses"} ${account}`, () => {
          const id = itemAt(c.stage);
          const before = db.select().from(suggestions).where(eq(suggestions.id, id)).get();
          const form = { intent: c.intent, ...c.form({ id, db }) };
          if (allowed) {
            expect(() => run(account, id, form, 20)).not.toThrow();
          } else {
            expect(() => run(account, id, form, 20)).toThrow(ForbiddenError);
            expect(db.select().from(suggestions).where(eq(suggestions.id, id)).get()).toEqual(
              before,
            );
          }
        });
      }
    });
  }

  it("internal notes: staff who can see the item may add one; other subtrees and unassigned departments may not", () => {
    const id = itemAt("assigned");
    for (const account of [
      "reviewer",
      "handler",
      "handler-edu",
      "supervisor",
      "supervisor-prov",
      "analyst",
      "admin",
    ])
      expect(() => run(account, id, { intent: "note", body: "内部备注" })).not.toThrow();
    const outside = itemAt("submitted");
    for (const account of ["reviewer-qs", "handler-qs", "handler-edu"])
      expect(() => run(account, outside, { intent: "note", body: "内部备注" })).toThrow(
        ForbiddenError,
      );
  });
});

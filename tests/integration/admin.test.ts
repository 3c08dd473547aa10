import { verify } from "@node-rs/argon2";
import { and, count, eq, getTableName, is, isNull } from "drizzle-orm";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import {
  apiKeyPrefix,
  createApiClient,
  hashApiKey,
  listApiClients,
  revokeApiClient,
} from "../../app/domain/admin/api-clients.server";
import {
  createCategory,
  listAdminCategories,
  setCategoryActive,
  updateCategory,
} from "../../app/domain/admin/categories.server";
import { retireDeadlineRule, setDeadlineRule } from "../../app/domain/admin/deadlines.server";
import {
  createDepartment,
  listAdminDepartments,
  setDepartmentActive,
  updateDepartment,
} from "../../app/domain/admin/departments.server";
import { retrainCategoryModelAsAdmin } from "../../app/domain/admin/overview.server";
import {
  createReason,
  listActiveNotAcceptReasons,
  listAdminReasons,
  setReasonActive,
  updateReason,
} from "../../app/domain/admin/reasons.server";
import {
  resolveCategoryDepartment,
  retireCategoryRoute,
  setCategoryRoute,
} from "../../app/domain/admin/routing.server";
import {
  createUnit,
  listAdminUnits,
  renameUnit,
  setUnitActive,
} from "../../app/domain/admin/units.server";
import {
  addGrant,
  createUser,
  getAdminUser,
  listAdminUsers,
  removeGrant,
  resetPassword,
  setUserActive,
  updateUser,
} from "../../app/domain/admin/users.server";
import { loadStaffUser, signIn } from "../../app/domain/auth/auth.server";
import type { StaffUser } from "../../app/domain/auth/permissions";
import { resolveDeadlineRule } from "../../app/domain/supervision/deadline-rules.server";
import { ConflictError, DomainValidationError, ForbiddenError } from "../../app/utils/errors";
import type { Db } from "../../db/client";
import * as schema from "../../db/schema";
import {
  apiClients,
  auditLog,
  categories,
  categoryRoutes,
  deadlineRules,
  departments,
  notAcceptReasons,
  orgUnits,
  roleGrants,
  sessions,
  users,
} from "../../db/schema";
import { freshDb } from "../setup/test-db";

const PASSWORD = "a-long-enough-password";

function setup() {
  const db = freshDb();
  const userId = (username: string) =>
    db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()!.id;
  const actor = (username: string): StaffUser => loadStaffUser(userId(username), db)!;
  const unit = (code: string) => db.select().from(orgUnits).where(eq(orgUnits.code, code)).get()!;
  const dept = (code: string) =>
    db.select().from(departments).where(eq(departments.code, code)).get()!;
  const category = (code: string) =>
    db.select().from(categories).where(eq(categories.code, code)).get()!;
  const auditCount = () => db.select({ n: count() }).from(auditLog).get()!.n;
  const lastAudit = () => db.select().from(auditLog).orderBy(auditLog.id).all().at(-1)!;
  return { db, userId, actor, unit, dept, category, auditCount, lastAudit };
}

type Ctx = ReturnType<typeof setup>;

/** Row counts of every table: admin commands may only ever add rows. */
function tableCounts(db: Db): Record<string, number> {
  const out: Record<string, number> = {};
  for (const value of Object.values(schema)) {
    if (is(value, SQLiteTable)) {
      out[getTableName(value)] = db.select({ n: count() }).from(value).get()!.n;
    }
  }
  return out;
}

function fieldErrorsOf(fn: () => unknown): Record<string, string[]> {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainValidationError) return error.fieldErrors;
    throw error;
  }
  throw new Error("expected a DomainValidationError");
}

async function fieldErrorsOfAsync(fn: () => Promise<unknown>): Promise<Record<string, string[]>> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof DomainValidationError) return error.fieldErrors;
    throw error;
  }
  throw new Error("expected a DomainValidationError");
}

interface CommandCase {
  name: string;
  action: string;
  happy: (c: Ctx, a: StaffUser) => unknown;
  invalid: (c: Ctx, a: StaffUser) => unknown;
  invalidField: string;
  /** Runs the command as someone else (the reviewer) with otherwise valid input. */
  asOther: (c: Ctx, a: StaffUser) => unknown;
  check: (c: Ctx) => void;
}

const newUnit = { code: "c-new", name: "新市", nameEn: "New City" };

/** Every admin command: a happy path, a validation error, and refusal for a non-admin. */
const COMMANDS: CommandCase[] = [
  {
    name: "createUnit",
    action: "unit.create",
    happy: (c, a) => createUnit(a, { parentId: c.unit("p-dj").id, ...newUnit }, c.db),
    invalid: (c, a) =>
      createUnit(a, { parentId: c.unit("p-dj").id, ...newUnit, code: "Bad Code!" }, c.db),
    invalidField: "code",
    asOther: (c, a) => createUnit(a, { parentId: c.unit("p-dj").id, ...newUnit }, c.db),
    check: (c) => {
      const u = c.unit("c-new");
      expect(u.level).toBe("city");
      expect(u.path).toBe(`${c.unit("p-dj").path}${u.id}/`);
    },
  },
  {
    name: "renameUnit",
    action: "unit.rename",
    happy: (c, a) =>
      renameUnit(a, { unitId: c.unit("d-yx").id, name: "云溪区", nameEn: "Yunxi District" }, c.db),
    invalid: (c, a) => renameUnit(a, { unitId: c.unit("d-yx").id, name: "", nameEn: "x" }, c.db),
    invalidField: "name",
    asOther: (c, a) =>
      renameUnit(a, { unitId: c.unit("d-yx").id, name: "云溪区", nameEn: "Yunxi District" }, c.db),
    check: (c) => expect(c.unit("d-yx").name).toBe("云溪区"),
  },
  {
    name: "setUnitActive",
    action: "unit.deactivate",
    happy: (c, a) => setUnitActive(a, { unitId: c.unit("d-yx").id, active: "false" }, c.db),
    invalid: (c, a) => setUnitActive(a, { unitId: c.unit("d-yx").id, active: "maybe" }, c.db),
    invalidField: "active",
    asOther: (c, a) => setUnitActive(a, { unitId: c.unit("d-yx").id, active: "false" }, c.db),
    check: (c) => expect(c.unit("d-yx").active).toBe(false),
  },
  {
    name: "createDepartment",
    action: "department.create",
    happy: (c, a) =>
      createDepartment(
        a,
        {
          unitId: c.unit("d-jb").id,
          code: "jb-urban",
          name: "江北区城市管理局",
          nameEn: "Jiangbei City Management",
        },
        c.db,
      ),
    invalid: (c, a) =>
      createDepartment(
        a,
        { unitId: c.unit("d-jb").id, code: "jb-urban", name: "x".repeat(81), nameEn: "ok" },
        c.db,
      ),
    invalidField: "name",
    asOther: (c, a) =>
      createDepartment(
        a,
        {
          unitId: c.unit("d-jb").id,
          code: "jb-urban",
          name: "江北区城市管理局",
          nameEn: "Jiangbei City Management",
        },
        c.db,
      ),
    check: (c) => expect(c.dept("jb-urban").unitId).toBe(c.unit("d-jb").id),
  },
  {
    name: "updateDepartment (link to another unit)",
    action: "department.move",
    happy: (c, a) =>
      updateDepartment(
        a,
        {
          departmentId: c.dept("bh-urban").id,
          unitId: c.unit("d-jb").id,
          name: "江北区城市管理局",
          nameEn: "Jiangbei City Management",
        },
        c.db,
      ),
    invalid: (c, a) =>
      updateDepartment(
        a,
        { departmentId: c.dept("bh-urban").id, unitId: "", name: "n", nameEn: "n" },
        c.db,
      ),
    invalidField: "unitId",
    asOther: (c, a) =>
      updateDepartment(
        a,
        { departmentId: c.dept("bh-urban").id, unitId: c.unit("d-jb").id, name: "x", nameEn: "x" },
        c.db,
      ),
    check: (c) => expect(c.dept("bh-urban").unitId).toBe(c.unit("d-jb").id),
  },
  {
    name: "setDepartmentActive",
    action: "department.deactivate",
    happy: (c, a) =>
      setDepartmentActive(a, { departmentId: c.dept("bh-urban").id, active: "false" }, c.db),
    invalid: (c, a) => setDepartmentActive(a, { departmentId: "abc", active: "false" }, c.db),
    invalidField: "departmentId",
    asOther: (c, a) =>
      setDepartmentActive(a, { departmentId: c.dept("bh-urban").id, active: "false" }, c.db),
    check: (c) => expect(c.dept("bh-urban").active).toBe(false),
  },
  {
    name: "setCategoryRoute",
    action: "route.set",
    happy: (c, a) =>
      setCategoryRoute(
        a,
        {
          categoryId: c.category("urban.city").id,
          unitId: c.unit("d-bh").id,
          departmentId: c.dept("bh-urban").id,
        },
        c.db,
      ),
    invalid: (c, a) =>
      setCategoryRoute(
        a,
        { categoryId: c.category("urban.city").id, unitId: c.unit("d-bh").id },
        c.db,
      ),
    invalidField: "departmentId",
    asOther: (c, a) =>
      setCategoryRoute(
        a,
        {
          categoryId: c.category("urban.city").id,
          unitId: c.unit("d-bh").id,
          departmentId: c.dept("bh-urban").id,
        },
        c.db,
      ),
    check: (c) =>
      expect(
        resolveCategoryDepartment(c.db, c.unit("d-bh").id, c.category("urban.city.roads").id),
      ).toBe(c.dept("bh-urban").id),
  },
  {
    name: "createUser",
    action: "grant.add",
    happy: (c, a) =>
      createUser(
        a,
        {
          username: "new.reviewer",
          displayName: "新审核员",
          email: "r@example.org",
          password: PASSWORD,
          role: "reviewer",
          unitId: c.unit("c-lj").id,
        },
        c.db,
      ),
    invalid: (c, a) =>
      createUser(a, { username: "new.reviewer", displayName: "x", password: "short" }, c.db),
    invalidField: "password",
    asOther: (c, a) =>
      createUser(
        a,
        { username: "new.reviewer", displayName: "新审核员", password: PASSWORD },
        c.db,
      ),
    check: (c) => {
      const u = c.actor("new.reviewer");
      expect(u.grants.map((g) => g.role)).toEqual(["reviewer"]);
    },
  },
  {
    name: "updateUser",
    action: "user.update",
    happy: (c, a) =>
      updateUser(
        a,
        { userId: c.userId("reviewer"), displayName: "审核员 李静（新）", email: "li@example.org" },
        c.db,
      ),
    invalid: (c, a) =>
      updateUser(
        a,
        { userId: c.userId("reviewer"), displayName: "ok", email: "not-an-email" },
        c.db,
      ),
    invalidField: "email",
    asOther: (c, a) => updateUser(a, { userId: c.userId("analyst"), displayName: "x" }, c.db),
    check: (c) => expect(c.actor("reviewer").displayName).toBe("审核员 李静（新）"),
  },
  {
    name: "resetPassword",
    action: "user.resetPassword",
    happy: (c, a) => resetPassword(a, { userId: c.userId("analyst"), password: PASSWORD }, c.db),
    invalid: (c, a) => resetPassword(a, { userId: c.userId("analyst"), password: "short" }, c.db),
    invalidField: "password",
    asOther: (c, a) => resetPassword(a, { userId: c.userId("analyst"), password: PASSWORD }, c.db),
    check: () => {},
  },
  {
    name: "setUserActive",
    action: "user.deactivate",
    happy: (c, a) => setUserActive(a, { userId: c.userId("analyst"), active: "false" }, c.db),
    invalid: (c, a) => setUserActive(a, { userId: c.userId("analyst") }, c.db),
    invalidField: "active",
    asOther: (c, a) => setUserActive(a, { userId: c.userId("analyst"), active: "false" }, c.db),
    check: (c) => expect(loadStaffUser(c.userId("analyst"), c.db)).toBeNull(),
  },
  {
    name: "addGrant",
    action: "grant.add",
    happy: (c, a) =>
      addGrant(
        a,
        { userId: c.userId("analyst"), role: "supervisor", unitId: c.unit("c-qs").id },
        c.db,
      ),
    invalid: (c, a) =>
      addGrant(a, { userId: c.userId("analyst"), role: "king", unitId: c.unit("c-qs").id }, c.db),
    invalidField: "role",
    asOther: (c, a) =>
      addGrant(
        a,
        { userId: c.userId("analyst"), role: "supervisor", unitId: c.unit("c-qs").id },
        c.db,
      ),
    check: (c) =>
      expect(
        c
          .actor("analyst")
          .grants.map((g) => g.role)
          .sort(),
      ).toEqual(["analyst", "supervisor"]),
  },
  {
    name: "removeGrant",
    action: "grant.remove",
    happy: (c, a) => removeGrant(a, { grantId: grantOf(c, "reviewer-qs") }, c.db),
    invalid: (c, a) => removeGrant(a, { grantId: -3 }, c.db),
    invalidField: "grantId",
    asOther: (c, a) => removeGrant(a, { grantId: grantOf(c, "reviewer-qs") }, c.db),
    check: (c) => expect(c.actor("reviewer-qs").grants).toEqual([]),
  },
  {
    name: "createCategory",
    action: "category.create",
    happy: (c, a) =>
      createCategory(
        a,
        {
          parentId: c.category("urban.housing").id,
          code: "urban.housing.rental",
          name: "租赁住房",
          nameEn: "Rental housing",
        },
        c.db,
      ),
    invalid: (c, a) =>
      createCategory(
        a,
        {
          parentId: c.category("urban.housing").id,
          code: "housing.rental",
          name: "租赁住房",
          nameEn: "Rental housing",
        },
        c.db,
      ),
    invalidField: "code",
    asOther: (c, a) =>
      createCategory(
        a,
        {
          parentId: c.category("urban.housing").id,
          code: "urban.housing.rental",
          name: "租赁住房",
          nameEn: "Rental",
        },
        c.db,
      ),
    check: (c) => expect(c.category("urban.housing.rental").level).toBe(3),
  },
  {
    name: "updateCategory",
    action: "category.update",
    happy: (c, a) =>
      updateCategory(
        a,
        {
          categoryId: c.category("urban.housing").id,
          name: "住房保障",
          nameEn: "Housing security",
          defaultDepartmentId: c.dept("lj-housing").id,
        },
        c.db,
      ),
    invalid: (c, a) =>
      updateCategory(
        a,
        { categoryId: c.category("urban.housing").id, name: "住房保障", nameEn: "" },
        c.db,
      ),
    invalidField: "nameEn",
    asOther: (c, a) =>
      updateCategory(
        a,
        { categoryId: c.category("urban.housing").id, name: "住房保障", nameEn: "Housing" },
        c.db,
      ),
    check: (c) => expect(c.category("urban.housing").nameEn).toBe("Housing security"),
  },
  {
    name: "setCategoryActive",
    action: "category.deactivate",
    happy: (c, a) =>
      setCategoryActive(a, { categoryId: c.category("urban.housing").id, active: "false" }, c.db),
    invalid: (c, a) => setCategoryActive(a, { categoryId: 0, active: "false" }, c.db),
    invalidField: "categoryId",
    asOther: (c, a) =>
      setCategoryActive(a, { categoryId: c.category("urban.housing").id, active: "false" }, c.db),
    check: (c) => {
      expect(c.category("urban.housing").active).toBe(false);
      // Its sub-categories close with it.
      expect(c.category("urban.housing.old").active).toBe(false);
    },
  },
  {
    name: "setDeadlineRule",
    action: "deadlineRule.create",
    happy: (c, a) => setDeadlineRule(a, ruleInput(c, { acceptDays: 10 }), c.db),
    invalid: (c, a) => setDeadlineRule(a, ruleInput(c, { acceptDays: 0 }), c.db),
    invalidField: "acceptDays",
    asOther: (c, a) => setDeadlineRule(a, ruleInput(c, { acceptDays: 10 }), c.db),
    check: (c) =>
      expect(
        resolveDeadlineRule(c.db, c.unit("d-bh").id, c.category("education").id).acceptDays,
      ).toBe(10),
  },
  {
    name: "retireDeadlineRule",
    action: "deadlineRule.retire",
    happy: (c, a) => retireDeadlineRule(a, { ruleId: safetyRule(c) }, c.db),
    invalid: (c, a) => retireDeadlineRule(a, { ruleId: "x" }, c.db),
    invalidField: "ruleId",
    asOther: (c, a) => retireDeadlineRule(a, { ruleId: safetyRule(c) }, c.db),
    check: (c) =>
      expect(
        resolveDeadlineRule(c.db, c.unit("c-lj").id, c.category("urban.safety.hazard").id)
          .acceptDays,
      ).toBe(15),
  },
  {
    name: "createReason",
    action: "reason.create",
    happy: (c, a) =>
      createReason(
        a,
        {
          code: "petition",
          text: "属于信访事项，请按信访渠道反映",
          textEn: "A petition matter; use the petition channel",
          sortOrder: "5",
        },
        c.db,
      ),
    invalid: (c, a) =>
      createReason(
        a,
        { code: "petition", text: "属于信访事项", textEn: "Petition", sortOrder: "-1" },
        c.db,
      ),
    invalidField: "sortOrder",
    asOther: (c, a) =>
      createReason(
        a,
        { code: "petition", text: "属于信访事项", textEn: "Petition", sortOrder: "5" },
        c.db,
      ),
    check: (c) => expect(listActiveNotAcceptReasons(c.db)[0]!.code).toBe("petition"),
  },
  {
    name: "updateReason",
    action: "reason.update",
    happy: (c, a) =>
      updateReason(
        a,
        { reasonId: reasonOf(c, "unclear"), text: "内容不明确", textEn: "Unclear", sortOrder: "1" },
        c.db,
      ),
    invalid: (c, a) =>
      updateReason(
        a,
        { reasonId: reasonOf(c, "unclear"), text: "x", textEn: "Unclear", sortOrder: "1" },
        c.db,
      ),
    invalidField: "text",
    asOther: (c, a) =>
      updateReason(
        a,
        { reasonId: reasonOf(c, "unclear"), text: "内容不明确", textEn: "Unclear", sortOrder: "1" },
        c.db,
      ),
    check: (c) => expect(listActiveNotAcceptReasons(c.db).map((r) => r.code)).toContain("unclear"),
  },
  {
    name: "setReasonActive",
    action: "reason.deactivate",
    happy: (c, a) =>
      setReasonActive(a, { reasonId: reasonOf(c, "litigation"), active: false }, c.db),
    invalid: (c, a) =>
      setReasonActive(a, { reasonId: reasonOf(c, "litigation"), active: "no" }, c.db),
    invalidField: "active",
    asOther: (c, a) =>
      setReasonActive(a, { reasonId: reasonOf(c, "litigation"), active: false }, c.db),
    check: (c) =>
      expect(listActiveNotAcceptReasons(c.db).map((r) => r.code)).not.toContain("litigation"),
  },
  {
    name: "createApiClient",
    action: "apiClient.create",
    happy: (c, a) =>
      createApiClient(a, { name: "12345 热线系统", userId: c.userId("reviewer") }, c.db),
    invalid: (c, a) => createApiClient(a, { name: "", userId: c.userId("reviewer") }, c.db),
    invalidField: "name",
    asOther: (c, a) =>
      createApiClient(a, { name: "12345 热线系统", userId: c.userId("reviewer") }, c.db),
    check: (c) => expect(c.db.select().from(apiClients).all()).toHaveLength(1),
  },
];

function grantOf(c: Ctx, username: string) {
  return c.db
    .select()
    .from(roleGrants)
    .where(eq(roleGrants.userId, c.userId(username)))
    .get()!.id;
}
function reasonOf(c: Ctx, code: string) {
  return c.db.select().from(notAcceptReasons).where(eq(notAcceptReasons.code, code)).get()!.id;
}
function safetyRule(c: Ctx) {
  return c.db
    .select()
    .from(deadlineRules)
    .where(eq(deadlineRules.categoryId, c.category("urban.safety").id))
    .get()!.id;
}
function ruleInput(c: Ctx, over: Record<string, unknown>) {
  return {
    unitId: c.unit("d-bh").id,
    categoryId: c.category("education").id,
    acceptDays: 15,
    handleDays: 60,
    maxExtensionDays: 30,
    atRiskDays: 3,
    escalateAfterDays: 7,
    ...over,
  };
}

describe("admin commands", () => {
  for (const cmd of COMMANDS) {
    describe(cmd.name, () => {
      it("works for an admin, writes one audit row (who, when) and deletes nothing", async () => {
        const c = setup();
        const admin = c.actor("admin");
        const before = tableCounts(c.db);
        const auditBefore = c.auditCount();
        await cmd.happy(c, admin);
        cmd.check(c);
        const audit = c.db.select().from(auditLog).where(eq(auditLog.action, cmd.action)).all();
        expect(audit.length).toBeGreaterThanOrEqual(1);
        expect(audit.at(-1)!.actorUserId).toBe(admin.id);
        expect(audit.at(-1)!.createdAt).toBeInstanceOf(Date);
        expect(c.auditCount()).toBeGreaterThan(auditBefore);
        const after = tableCounts(c.db);
        for (const [table, n] of Object.entries(before))
          expect(after[table], table).toBeGreaterThanOrEqual(n);
      });

      it("rejects bad input with field errors and changes nothing", async () => {
        const c = setup();
        const before = tableCounts(c.db);
        const errors = await fieldErrorsOfAsync(async () => cmd.invalid(c, c.actor("admin")));
        expect(Object.keys(errors)).toContain(cmd.invalidField);
        expect(tableCounts(c.db)).toEqual(before);
      });

      it("is refused for a non-admin", async () => {
        const c = setup();
        const before = tableCounts(c.db);
        await expect(async () => cmd.asOther(c, c.actor("reviewer"))).rejects.toBeInstanceOf(
          ForbiddenError,
        );
        expect(tableCounts(c.db)).toEqual(before);
      });
    });
  }
});

describe("subtree scope", () => {
  it("a city admin manages only their city", async () => {
    const c = setup();
    await createUser(
      c.actor("admin"),
      {
        username: "lj-admin",
        displayName: "临江管理员",
        password: PASSWORD,
        role: "admin",
        unitId: c.unit("c-lj").id,
      },
      c.db,
    );
    const cityAdmin = c.actor("lj-admin");
    // Inside: a district of Linjiang.
    createUnit(
      cityAdmin,
      { parentId: c.unit("c-lj").id, code: "d-new", name: "新区", nameEn: "New District" },
      c.db,
    );
    // Outside: Qingshan, the province, and Qingshan's accounts.
    expect(() =>
      createUnit(
        cityAdmin,
        { parentId: c.unit("c-qs").id, code: "d-x", name: "某区", nameEn: "X" },
        c.db,
      ),
    ).toThrow(ForbiddenError);
    expect(() =>
      renameUnit(cityAdmin, { unitId: c.unit("p-dj").id, name: "x", nameEn: "x" }, c.db),
    ).toThrow(ForbiddenError);
    await expect(
      resetPassword(cityAdmin, { userId: c.userId("handler-qs"), password: PASSWORD }, c.db),
    ).rejects.toBeInstanceOf(ForbiddenError);
    // The province admin's account is not theirs to reset either.
    await expect(
      resetPassword(cityAdmin, { userId: c.userId("admin"), password: PASSWORD }, c.db),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const listed = listAdminUsers(cityAdmin, { page: 1 }, c.db).rows.map((u) => u.username);
    expect(listed).toContain("handler");
    expect(listed).not.toContain("handler-qs");
    expect(() =>
      addGrant(
        cityAdmin,
        { userId: c.userId("handler"), role: "supervisor", unitId: c.unit("c-qs").id },
        c.db,
      ),
    ).toThrow(ForbiddenError);
  });
});

describe("org units", () => {
  it("keeps the materialized path and level right down the tree", () => {
    const c = setup();
    const admin = c.actor("admin");
    const city = createUnit(
      admin,
      { parentId: c.unit("p-dj").id, code: "c-hs", name: "湖山市", nameEn: "Hushan City" },
      c.db,
    );
    const county = createUnit(
      admin,
      { parentId: city.id, code: "d-hs1", name: "湖东区", nameEn: "Hudong District" },
      c.db,
    );
    expect(county.path).toBe(`${c.unit("p-dj").path}${city.id}/${county.id}/`);
    expect(county.level).toBe("county");
    const errors = fieldErrorsOf(() =>
      createUnit(admin, { parentId: county.id, code: "d-hs2", name: "x", nameEn: "x" }, c.db),
    );
    expect(errors.parentId).toEqual(["admin.error.noChildLevel"]);
    expect(
      fieldErrorsOf(() =>
        createUnit(admin, { parentId: city.id, code: "c-lj", name: "x", nameEn: "x" }, c.db),
      ).code,
    ).toEqual(["admin.error.codeTaken"]);
  });

  it("refuses to deactivate a unit still in use, and reactivates only under an active parent", () => {
    const c = setup();
    const admin = c.actor("admin");
    const errors = fieldErrorsOf(() =>
      setUnitActive(admin, { unitId: c.unit("c-lj").id, active: "false" }, c.db),
    );
    expect(errors.unitId).toEqual(
      expect.arrayContaining([
        "admin.error.unitHasChildren",
        "admin.error.unitHasDepartments",
        "admin.error.unitHasGrants",
      ]),
    );
    expect(c.unit("c-lj").active).toBe(true);
    const city = createUnit(
      admin,
      { parentId: c.unit("p-dj").id, code: "c-hs", name: "湖山市", nameEn: "Hushan" },
      c.db,
    );
    const county = createUnit(
      admin,
      { parentId: city.id, code: "d-hs1", name: "湖东区", nameEn: "Hudong" },
      c.db,
    );
    setUnitActive(admin, { unitId: county.id, active: "false" }, c.db);
    setUnitActive(admin, { unitId: city.id, active: "false" }, c.db);
    expect(
      fieldErrorsOf(() => setUnitActive(admin, { unitId: county.id, active: "true" }, c.db)).unitId,
    ).toEqual(["admin.error.parentInactive"]);
    expect(
      fieldErrorsOf(() =>
        createUnit(admin, { parentId: city.id, code: "d-hs3", name: "x", nameEn: "x" }, c.db),
      ).parentId,
    ).toEqual(["admin.error.inactive"]);
  });
});

describe("users and grants", () => {
  it("an admin cannot remove their own last admin grant", () => {
    const c = setup();
    const admin = c.actor("admin");
    const own = grantOf(c, "admin");
    expect(fieldErrorsOf(() => removeGrant(admin, { grantId: own }, c.db)).grantId).toEqual([
      "admin.error.lastAdminGrant",
    ]);
    expect(c.actor("admin").grants).toHaveLength(1);
    // With a second admin grant, the first one can go (and the row stays, revoked).
    addGrant(admin, { userId: admin.id, role: "admin", unitId: c.unit("c-lj").id }, c.db);
    removeGrant(c.actor("admin"), { grantId: own }, c.db);
    const after = c.actor("admin");
    expect(after.grants.map((g) => g.unitId)).toEqual([c.unit("c-lj").id]);
    expect(
      c.db.select().from(roleGrants).where(eq(roleGrants.id, own)).get()!.revokedAt,
    ).toBeInstanceOf(Date);
    // And now the remaining one is the last.
    const second = c.db
      .select()
      .from(roleGrants)
      .where(and(eq(roleGrants.userId, admin.id), isNull(roleGrants.revokedAt)))
      .get()!.id;
    expect(fieldErrorsOf(() => removeGrant(after, { grantId: second }, c.db)).grantId).toEqual([
      "admin.error.lastAdminGrant",
    ]);
  });

  it("an admin cannot deactivate their own account", () => {
    const c = setup();
    const admin = c.actor("admin");
    expect(
      fieldErrorsOf(() => setUserActive(admin, { userId: admin.id, active: "false" }, c.db)).userId,
    ).toEqual(["admin.error.notYourself"]);
  });

  it("creates an account whose argon2 password works for sign-in, and refuses a taken username", async () => {
    const c = setup();
    const admin = c.actor("admin");
    const { id } = await createUser(
      admin,
      {
        username: "New.Handler",
        displayName: "新承办人",
        email: "",
        departmentId: c.dept("lj-transport").id,
        password: PASSWORD,
        role: "handler",
        unitId: c.unit("c-lj").id,
      },
      c.db,
    );
    const row = c.db.select().from(users).where(eq(users.id, id)).get()!;
    expect(row.username).toBe("new.handler");
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(PASSWORD);
    expect(await verify(row.passwordHash, PASSWORD)).toBe(true);
    expect((await signIn("new.handler", PASSWORD, c.db)).ok).toBe(true);
    // The audit row never holds the password.
    expect(JSON.stringify(c.db.select().from(auditLog).all())).not.toContain(PASSWORD);
    const taken = await fieldErrorsOfAsync(() =>
      createUser(admin, { username: "reviewer", displayName: "x", password: PASSWORD }, c.db),
    );
    expect(taken.username).toEqual(["admin.error.usernameTaken"]);
    // A handler needs a department.
    const noDept = await fieldErrorsOfAsync(() =>
      createUser(
        admin,
        {
          username: "handler2",
          displayName: "x",
          password: PASSWORD,
          role: "handler",
          unitId: c.unit("c-lj").id,
        },
        c.db,
      ),
    );
    expect(noDept.departmentId).toEqual(["admin.error.handlerNeedsDepartment"]);
  });

  it("reset password: the old one stops working, sessions end, a lockout is cleared", async () => {
    const c = setup();
    const first = await signIn("analyst", "minyi-demo-2026", c.db);
    expect(first.ok).toBe(true);
    for (let i = 0; i < 5; i++) await signIn("analyst", "wrong", c.db);
    expect((await signIn("analyst", "minyi-demo-2026", c.db)).ok).toBe(false);
    await resetPassword(
      c.actor("admin"),
      { userId: c.userId("analyst"), password: PASSWORD },
      c.db,
    );
    const open = c.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, c.userId("analyst")), isNull(sessions.revokedAt)))
      .all();
    expect(open).toEqual([]);
    expect((await signIn("analyst", "minyi-demo-2026", c.db)).ok).toBe(false);
    expect((await signIn("analyst", PASSWORD, c.db)).ok).toBe(true);
  });

  it("deactivate stops sign-in; reactivate restores it; removed grants stop applying", async () => {
    const c = setup();
    const admin = c.actor("admin");
    setUserActive(admin, { userId: c.userId("analyst"), active: "false" }, c.db);
    expect((await signIn("analyst", "minyi-demo-2026", c.db)).ok).toBe(false);
    setUserActive(admin, { userId: c.userId("analyst"), active: "true" }, c.db);
    expect((await signIn("analyst", "minyi-demo-2026", c.db)).ok).toBe(true);
    removeGrant(admin, { grantId: grantOf(c, "analyst") }, c.db);
    expect(c.actor("analyst").grants).toEqual([]);
    // Re-granting revives the same row.
    addGrant(
      admin,
      { userId: c.userId("analyst"), role: "analyst", unitId: c.unit("p-dj").id },
      c.db,
    );
    expect(
      c.db
        .select()
        .from(roleGrants)
        .where(eq(roleGrants.userId, c.userId("analyst")))
        .all(),
    ).toHaveLength(1);
    expect(c.actor("analyst").grants.map((g) => g.role)).toEqual(["analyst"]);
    expect(
      fieldErrorsOf(() =>
        addGrant(
          admin,
          { userId: c.userId("analyst"), role: "analyst", unitId: c.unit("p-dj").id },
          c.db,
        ),
      ).role,
    ).toEqual(["admin.error.grantExists"]);
  });
});

describe("API clients", () => {
  it("shows the key once and stores only its SHA-256", () => {
    const c = setup();
    const admin = c.actor("admin");
    const created = createApiClient(
      admin,
      { name: "12345 热线系统", userId: c.userId("reviewer") },
      c.db,
    );
    expect(created.key).toMatch(/^mny_[A-Za-z0-9_-]{43}$/);
    const row = c.db.select().from(apiClients).where(eq(apiClients.id, created.id)).get()!;
    expect(row.keyHash).toBe(hashApiKey(created.key));
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.keyPrefix).toBe(apiKeyPrefix(created.key));
    expect(row.createdBy).toBe(admin.id);
    // The key itself is nowhere in the database: not in the row, the list or the audit trail.
    const dump = JSON.stringify([
      c.db.select().from(apiClients).all(),
      c.db.select().from(auditLog).all(),
      listApiClients(admin, { page: 1 }, c.db),
    ]);
    expect(dump).not.toContain(created.key);
    expect(dump).not.toContain(created.key.slice(apiKeyPrefix(created.key).length));
    // A second client gets a different key.
    const other = createApiClient(admin, { name: "政务 App", userId: c.userId("reviewer") }, c.db);
    expect(other.key).not.toBe(created.key);
  });

  it("revoke sets revokedAt and keeps the row", () => {
    const c = setup();
    const admin = c.actor("admin");
    const created = createApiClient(
      admin,
      { name: "x-system", userId: c.userId("reviewer") },
      c.db,
    );
    revokeApiClient(admin, { clientId: created.id }, c.db);
    const row = c.db.select().from(apiClients).where(eq(apiClients.id, created.id)).get()!;
    expect(row.revokedAt).toBeInstanceOf(Date);
    expect(c.lastAudit().action).toBe("apiClient.revoke");
    expect(() => revokeApiClient(c.actor("reviewer"), { clientId: created.id }, c.db)).toThrow(
      ForbiddenError,
    );
  });

  it("cannot act as an account outside the admin's units", async () => {
    const c = setup();
    await createUser(
      c.actor("admin"),
      {
        username: "qs-admin",
        displayName: "青山管理员",
        password: PASSWORD,
        role: "admin",
        unitId: c.unit("c-qs").id,
      },
      c.db,
    );
    expect(() =>
      createApiClient(c.actor("qs-admin"), { name: "x", userId: c.userId("reviewer") }, c.db),
    ).toThrow(ForbiddenError);
  });
});

describe("taxonomy, routing, deadlines, reasons", () => {
  it("routes by the most specific route, falls back to the category default, skips retired ones", () => {
    const c = setup();
    const admin = c.actor("admin");
    const roads = c.category("urban.city.roads").id;
    const bh = c.unit("d-bh").id;
    expect(resolveCategoryDepartment(c.db, bh, roads)).toBe(c.dept("lj-housing").id);
    const routeId = setCategoryRoute(
      admin,
      { categoryId: c.category("urban").id, unitId: bh, departmentId: c.dept("bh-urban").id },
      c.db,
    );
    expect(resolveCategoryDepartment(c.db, bh, roads)).toBe(c.dept("bh-urban").id);
    // Other districts are unaffected.
    expect(resolveCategoryDepartment(c.db, c.unit("d-jb").id, roads)).toBe(c.dept("lj-housing").id);
    retireCategoryRoute(admin, { routeId }, c.db);
    expect(resolveCategoryDepartment(c.db, bh, roads)).toBe(c.dept("lj-housing").id);
    expect(c.db.select().from(categoryRoutes).all()).toHaveLength(1);
    // A Qingshan department does not serve Binhu.
    const errors = fieldErrorsOf(() =>
      setCategoryRoute(
        admin,
        { categoryId: roads, unitId: bh, departmentId: c.dept("qs-transport").id },
        c.db,
      ),
    );
    expect(errors.departmentId).toEqual(["admin.error.departmentNotInUnit"]);
  });

  it("a department still routed to cannot be deactivated", () => {
    const c = setup();
    const errors = fieldErrorsOf(() =>
      setDepartmentActive(
        c.actor("admin"),
        { departmentId: c.dept("lj-housing").id, active: "false" },
        c.db,
      ),
    );
    expect(errors.departmentId).toEqual(["admin.error.departmentRouted"]);
  });

  it("deadline rules validate their ranges, update in place, and keep the global rule", () => {
    const c = setup();
    const admin = c.actor("admin");
    const errors = fieldErrorsOf(() =>
      setDeadlineRule(
        admin,
        ruleInput(c, { handleDays: 400, maxExtensionDays: 91, atRiskDays: 20, acceptDays: 15 }),
        c.db,
      ),
    );
    expect(errors.handleDays).toEqual(["admin.error.range"]);
    expect(errors.maxExtensionDays).toEqual(["admin.error.range"]);
    expect(
      fieldErrorsOf(() => setDeadlineRule(admin, ruleInput(c, { atRiskDays: 20 }), c.db))
        .atRiskDays,
    ).toEqual(["admin.error.atRiskTooLong"]);
    const a = setDeadlineRule(admin, ruleInput(c, { acceptDays: 10 }), c.db);
    const b = setDeadlineRule(admin, ruleInput(c, { acceptDays: 12 }), c.db);
    expect(b.id).toBe(a.id);
    expect(c.lastAudit().action).toBe("deadlineRule.update");
    const global = c.db
      .select()
      .from(deadlineRules)
      .where(and(isNull(deadlineRules.unitId), isNull(deadlineRules.categoryId)))
      .get()!;
    expect(
      fieldErrorsOf(() => retireDeadlineRule(admin, { ruleId: global.id }, c.db)).ruleId,
    ).toEqual(["admin.error.globalRuleStays"]);
    // A unit rule needs an admin of that unit.
    expect(() => setDeadlineRule(c.actor("reviewer"), ruleInput(c, {}), c.db)).toThrow(
      ForbiddenError,
    );
  });

  it("categories stay three levels deep; reactivation needs an active parent", () => {
    const c = setup();
    const admin = c.actor("admin");
    expect(
      fieldErrorsOf(() =>
        createCategory(
          admin,
          {
            parentId: c.category("urban.housing.old").id,
            code: "urban.housing.old.x",
            name: "x",
            nameEn: "x",
          },
          c.db,
        ),
      ).parentId,
    ).toEqual(["admin.error.categoryTooDeep"]);
    setCategoryActive(admin, { categoryId: c.category("urban.housing").id, active: "false" }, c.db);
    expect(
      fieldErrorsOf(() =>
        setCategoryActive(
          admin,
          { categoryId: c.category("urban.housing.old").id, active: "true" },
          c.db,
        ),
      ).categoryId,
    ).toEqual(["admin.error.parentInactive"]);
    setCategoryActive(admin, { categoryId: c.category("urban.housing").id, active: "true" }, c.db);
    setCategoryActive(
      admin,
      { categoryId: c.category("urban.housing.old").id, active: "true" },
      c.db,
    );
    expect(c.category("urban.housing.old").active).toBe(true);
    const inactive = listAdminCategories(admin, { status: "inactive", page: 1 }, c.db);
    expect(inactive.rows.map((r) => r.code)).toEqual([
      "urban.housing.elevator",
      "urban.housing.property",
    ]);
  });

  it("reasons keep their order and at least one stays active", () => {
    const c = setup();
    const admin = c.actor("admin");
    updateReason(
      admin,
      {
        reasonId: reasonOf(c, "inappropriate"),
        text: "含有违法或不文明内容",
        textEn: "Unlawful or abusive content",
        sortOrder: "5",
      },
      c.db,
    );
    updateReason(
      admin,
      {
        reasonId: reasonOf(c, "out-of-scope"),
        text: "不属于受理范围",
        textEn: "Out of scope",
        sortOrder: "90",
      },
      c.db,
    );
    const codes = listActiveNotAcceptReasons(c.db).map((r) => r.code);
    expect(codes[0]).toBe("inappropriate");
    expect(codes.at(-1)).toBe("out-of-scope");
    for (const code of ["out-of-scope", "litigation", "unclear", "duplicate-answered"])
      setReasonActive(admin, { reasonId: reasonOf(c, code), active: "false" }, c.db);
    expect(
      fieldErrorsOf(() =>
        setReasonActive(admin, { reasonId: reasonOf(c, "inappropriate"), active: "false" }, c.db),
      ).reasonId,
    ).toEqual(["admin.error.lastReason"]);
    expect(c.db.select({ n: count() }).from(notAcceptReasons).get()!.n).toBe(5);
  });
});

describe("category model", () => {
  it("retrain is admin-only and audited", () => {
    const c = setup();
    expect(() => retrainCategoryModelAsAdmin(c.actor("reviewer"), c.db)).toThrow(ForbiddenError);
    const result = retrainCategoryModelAsAdmin(c.actor("admin"), c.db);
    expect(result?.trainedOn ?? 0).toBeGreaterThan(0);
    const audit = c.lastAudit();
    expect(audit.action).toBe("model.retrain");
    expect(audit.actorUserId).toBe(c.userId("admin"));
    expect(audit.data).toMatchObject({ trained: true, trainedOn: result!.trainedOn });
  });
});

describe("long lists", () => {
  it("filter and page hundreds of rows", () => {
    const c = setup();
    const admin = c.actor("admin");
    const at = new Date("2026-06-15T00:00:00Z");
    c.db
      .insert(departments)
      .values(
        Array.from({ length: 230 }, (_, i) => ({
          unitId: c.unit("d-jb").id,
          code: `jb-dept-${String(i).padStart(3, "0")}`,
          name: `江北区第${i}科`,
          nameEn: `Jiangbei office ${i}`,
          createdAt: at,
        })),
      )
      .run();
    const first = listAdminDepartments(admin, { page: 1 }, c.db);
    expect(first.total).toBe(243);
    expect(first.rows).toHaveLength(50);
    expect(first.pages).toBe(5);
    const last = listAdminDepartments(admin, { page: 5 }, c.db);
    expect(last.rows).toHaveLength(43);
    // A page past the end shows the last page rather than nothing.
    expect(listAdminDepartments(admin, { page: 99 }, c.db).page).toBe(5);
    const filtered = listAdminDepartments(admin, { q: "OFFICE 12", page: 1 }, c.db);
    expect(filtered.rows.map((d) => d.code)).toEqual([
      "jb-dept-012",
      "jb-dept-120",
      "jb-dept-121",
      "jb-dept-122",
      "jb-dept-123",
      "jb-dept-124",
      "jb-dept-125",
      "jb-dept-126",
      "jb-dept-127",
      "jb-dept-128",
      "jb-dept-129",
    ]);
    const byUnit = listAdminDepartments(admin, { unitId: c.unit("c-qs").id, page: 1 }, c.db);
    expect(byUnit.rows.map((d) => d.code).sort()).toEqual(["qs-housing", "qs-transport"]);
  });
});

describe("edits made on a page that has gone stale", () => {
  it("an edit form's fingerprint refuses a save over someone else's (409), for every entity", () => {
    const c = setup();
    const admin = c.actor("admin");
    const urban = c.category("urban.housing");
    const dept = c.dept("lj-housing");
    const reason = listAdminReasons(admin, {}, c.db).rows[0]!;
    const unit = listAdminUnits(admin, {}, c.db).rows.find((u) => u.code === "c-lj")!;
    const cases = [
      {
        seen: listAdminCategories(admin, {}, c.db).rows.find((r) => r.id === urban.id)!.seen,
        save: (seen: string, name: string) =>
          updateCategory(admin, { categoryId: urban.id, name, nameEn: "Housing", seen }, c.db),
        name: () => c.category("urban.housing").name,
      },
      {
        seen: listAdminDepartments(admin, {}, c.db).rows.find((r) => r.id === dept.id)!.seen,
        save: (seen: string, name: string) =>
          updateDepartment(
            admin,
            { departmentId: dept.id, unitId: dept.unitId, name, nameEn: "Housing", seen },
            c.db,
          ),
        name: () => c.dept("lj-housing").name,
      },
      {
        seen: reason.seen,
        save: (seen: string, name: string) =>
          updateReason(
            admin,
            { reasonId: reason.id, text: name, textEn: "A reason", sortOrder: "5", seen },
            c.db,
          ),
        name: () => listAdminReasons(admin, {}, c.db).rows.find((r) => r.id === reason.id)!.text,
      },
      {
        seen: unit.seen,
        save: (seen: string, name: string) =>
          renameUnit(admin, { unitId: unit.id, name, nameEn: "Linjiang", seen }, c.db),
        name: () => c.unit("c-lj").name,
      },
      {
        seen: getAdminUser(admin, c.userId("handler"), c.db).user.seen,
        save: (seen: string, name: string) =>
          updateUser(
            admin,
            {
              userId: c.userId("handler"),
              displayName: name,
              departmentId: String(c.dept("lj-transport").id),
              seen,
            },
            c.db,
          ),
        name: () => getAdminUser(admin, c.userId("handler"), c.db).user.displayName,
      },
    ];
    for (const [i, e] of cases.entries()) {
      // Two admins opened the same page; the first saves, the second saves later.
      e.save(e.seen, `第一位管理员的名称${i}`);
      const audits = c.auditCount();
      expect(() => e.save(e.seen, `第二位管理员的名称${i}`)).toThrow(ConflictError);
      expect(e.name()).toBe(`第一位管理员的名称${i}`);
      expect(c.auditCount()).toBe(audits);
    }
  });
});

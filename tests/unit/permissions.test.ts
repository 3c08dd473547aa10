import { describe, expect, it } from "vitest";
import {
  can,
  homePathFor,
  PERMISSIONS,
  type Permission,
  type StaffUser,
} from "../../app/domain/auth/permissions";
import { STAFF_ROLES, type StaffRole } from "../../db/schema/enums";

const CITY = "/1/2/3/";
const COUNTY = "/1/2/3/5/";
const OTHER_CITY = "/1/2/4/";

function user(role: StaffRole, unitPath = CITY, departmentId: number | null = null): StaffUser {
  return {
    id: 1,
    username: role,
    displayName: role,
    departmentId,
    grants: [{ role, unitId: 3, unitPath }],
  };
}

describe("can", () => {
  it("nobody signed in can do nothing", () => {
    for (const p of Object.keys(PERMISSIONS) as Permission[]) expect(can(null, p)).toBe(false);
  });

  for (const role of STAFF_ROLES) {
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
      const granted = (PERMISSIONS[permission] as readonly StaffRole[]).includes(role);
      it(`${role} ${granted ? "has" : "lacks"} ${permission} in own subtree, never in another`, () => {
        const u = user(role, CITY, role === "handler" ? 7 : null);
        const scope = { unitPath: COUNTY, departmentIds: [7] };
        expect(can(u, permission, scope)).toBe(granted);
        expect(can(u, permission, { unitPath: OTHER_CITY, departmentIds: [7] })).toBe(false);
      });
    }
  }

  it("a grant at a county does not reach its parent city", () => {
    expect(can(user("reviewer", COUNTY), "review:suggestion", { unitPath: CITY })).toBe(false);
  });

  it("a handler acts only on items assigned to their department", () => {
    const h = user("handler", CITY, 7);
    expect(can(h, "handle:suggestion", { unitPath: CITY, departmentIds: [7, 9] })).toBe(true);
    expect(can(h, "handle:suggestion", { unitPath: CITY, departmentIds: [9] })).toBe(false);
    expect(can(h, "view:suggestion", { unitPath: CITY, departmentIds: [] })).toBe(false);
  });

  it("path prefixes do not confuse /1/2/3/ with /1/2/33/", () => {
    expect(can(user("reviewer", CITY), "review:suggestion", { unitPath: "/1/2/33/" })).toBe(false);
  });

  it("lands each role on its own console", () => {
    expect(homePathFor(user("reviewer"))).toBe("/console/review");
    expect(homePathFor(user("handler"))).toBe("/console/inbox");
    expect(homePathFor(user("supervisor"))).toBe("/console/supervision");
    expect(homePathFor(user("analyst"))).toBe("/console/analytics");
    expect(homePathFor(user("admin"))).toBe("/console/admin");
  });
});

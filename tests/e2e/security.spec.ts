/**
 * Security over real HTTP against the built server (no browser needed, so these use request
 * contexts): the permission matrix generated from the route list (every console and staff-API
 * route × every demo account × an item in their own and in another subtree), every staff action
 * posted by every account, CSRF on every form route, sessions (new id at sign-in, sign-out
 * kills it, lockout after failed sign-ins, cookie flags) and security headers.
 *
 * Expected outcomes come from the route table below (each route's required permission) and
 * `can()` with the demo accounts' documented grants; a route file missing from the table fails
 * the test, so a new route cannot slip through unchecked.
 */
import { expect, test } from "@playwright/test";
import type Database from "better-sqlite3";
import { can, type Permission, type StaffUser } from "../../app/domain/auth/permissions";
import { StaffCommand } from "../../app/domain/staff/staff.schema";
import {
  ACCOUNTS,
  type Account,
  GRANTS,
  readDb,
  routeFiles,
  routePath,
  signedIn,
  snapshot,
  WebClient,
} from "../setup/security-http";

test.describe.configure({ mode: "serial" });

// ---------------------------------------------------------------------------------------------
// The route table: what each console page and staff-API route requires.
// ---------------------------------------------------------------------------------------------

type Rule =
  /** A console page: 200 when `can(user, perm[, scope])` for any listed permission, else 403. */
  | { kind: "page"; perms: Permission[]; scoped?: "suggestion" }
  /** A console redirect: 302 to the user's home. */
  | { kind: "home" }
  /** A staff-API route (bearer key): 200 when allowed, else 403 (401 without a key). */
  | { kind: "api"; perms: Permission[]; scoped?: "suggestion" | "assignment" | "assignments" }
  /** A POST-only staff-API route: GET is 405 for everyone. */
  | { kind: "api-post-only" };

const page = (...perms: Permission[]): Rule => ({ kind: "page", perms });
const ADMIN = page("admin:system");

const ROUTES: Record<string, Rule> = {
  // The layout shares its URL with the index, which sends each account to its home page.
  "console.tsx": { kind: "home" },
  "console._index.tsx": { kind: "home" },
  "console.admin.tsx": ADMIN,
  "console.admin._index.tsx": ADMIN,
  "console.admin.api-clients.tsx": ADMIN,
  "console.admin.categories.tsx": ADMIN,
  "console.admin.deadlines.tsx": ADMIN,
  "console.admin.departments.tsx": ADMIN,
  "console.admin.reasons.tsx": ADMIN,
  "console.admin.routing.tsx": ADMIN,
  "console.admin.units.tsx": ADMIN,
  "console.admin.users.tsx": ADMIN,
  "console.admin.users_.$userId.tsx": ADMIN,
  "console.analytics.tsx": page("view:analytics"),
  "console.report.tsx": page("view:analytics"),
  "console.clusters.tsx": page("cluster:suggestion"),
  // Import: reviewers and admins (into a unit of their subtree).
  "console.import.tsx": page("review:suggestion", "admin:system"),
  // The department inbox: handlers (of a department) only.
  "console.inbox.tsx": page("handle:suggestion"),
  "console.notifications.tsx": page("view:console"),
  "console.list.tsx": page("view:suggestion"),
  "console.list.export[.]csv.ts": page("view:suggestion"),
  "console.list.export[.]xlsx.ts": page("view:suggestion"),
  "console.review.tsx": page("review:suggestion"),
  "console.supervision.tsx": page("supervise:suggestion"),
  "console.suggestions.$suggestionId.tsx": {
    kind: "page",
    perms: ["view:suggestion"],
    scoped: "suggestion",
  },
  "api.v1.staff.assignments.ts": { kind: "api", perms: ["view:console"], scoped: "assignments" },
  "api.v1.staff.assignments.$assignmentId.ts": {
    kind: "api",
    perms: ["view:suggestion"],
    scoped: "assignment",
  },
  "api.v1.staff.suggestions.$suggestionId.ts": {
    kind: "api",
    perms: ["view:suggestion"],
    scoped: "suggestion",
  },
  "api.v1.staff.suggestions.$suggestionId.$action.ts": { kind: "api-post-only" },
  "api.v1.staff.suggestions.$suggestionId.milestones.$milestoneId.ts": {
    kind: "api-post-only",
  },
};

const STAFF_ROUTE = (f: string) => f.startsWith("console") || f.startsWith("api.v1.staff");

// ---------------------------------------------------------------------------------------------
// The world: unit and department ids, two target items, a signed-in client and an API key each.
// ---------------------------------------------------------------------------------------------

interface Target {
  subtree: "c-lj" | "c-qs";
  suggestionId: number;
  unitPath: string;
  departmentIds: number[];
  assignmentId: number;
  milestoneId: number;
  userId: number;
}

let db: Database.Database;
const units = new Map<string, { id: number; path: string }>();
const departments = new Map<string, number>();
const users = new Map<string, number>();
const clients = new Map<Account, WebClient>();
const apiKeys = new Map<Account, string>();
let anonymous: WebClient;
const targets: Target[] = [];

function staffUser(account: Account): StaffUser {
  const g = GRANTS[account];
  const unit = units.get(g.unit)!;
  return {
    id: users.get(account)!,
    username: account,
    displayName: account,
    departmentId: g.department ? departments.get(g.department)! : null,
    grants: [
      { role: g.role as StaffUser["grants"][number]["role"], unitId: unit.id, unitPath: unit.path },
    ],
  };
}

function homePath(account: Account): string {
  const role = GRANTS[account].role;
  return {
    admin: "/console/admin",
    reviewer: "/console/review",
    handler: "/console/inbox",
    supervisor: "/console/supervision",
    analyst: "/console/analytics",
  }[role]!;
}

/** A seeded item in `unit` whose only assignment is a lead to `department`, with a milestone. */
function pickTarget(subtree: Target["subtree"], department: string): Target {
  const row = db
    .prepare(
      `SELECT s.id AS suggestionId, u.path AS unitPath, a.id AS assignmentId, m.id AS milestoneId
       FROM suggestions s
       JOIN org_units u ON u.id = s.unit_id
       JOIN assignments a ON a.suggestion_id = s.id
       JOIN departments d ON d.id = a.department_id
       JOIN outcomes o ON o.suggestion_id = s.id
       JOIN milestones m ON m.outcome_id = o.id
       WHERE u.code = ? AND d.code = ? AND a.role = 'lead'
         AND (SELECT count(*) FROM assignments x WHERE x.suggestion_id = s.id) = 1
       ORDER BY s.id LIMIT 1`,
    )
    .get(subtree, department) as Omit<Target, "subtree" | "departmentIds" | "userId">;
  expect(row, `a seeded item in ${subtree} handled by ${department}`).toBeTruthy();
  return {
    ...row,
    subtree,
    departmentIds: [departments.get(department)!],
    // An account in that subtree, for the admin's user page.
    userId: users.get(subtree === "c-lj" ? "handler" : "handler-qs")!,
  };
}

async function createApiKey(admin: WebClient, account: Account): Promise<string> {
  const res = await admin.post("/console/admin/api-clients", {
    intent: "createApiClient",
    formId: "createApiClient",
    name: `security matrix ${account} ${Date.now()}`,
    userId: users.get(account)!,
  });
  expect(res.status(), `API key for ${account}`).toBe(200);
  const key = /mny_[A-Za-z0-9_-]{20,}/.exec(await res.text())?.[0];
  expect(key, `the new key is shown once for ${account}`).toBeTruthy();
  return key!;
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  db = readDb();
  for (const r of db.prepare("SELECT id, code, path FROM org_units").all() as {
    id: number;
    code: string;
    path: string;
  }[])
    units.set(r.code, { id: r.id, path: r.path });
  for (const r of db.prepare("SELECT id, code FROM departments").all() as {
    id: number;
    code: string;
  }[])
    departments.set(r.code, r.id);
  for (const r of db.prepare("SELECT id, username FROM users").all() as {
    id: number;
    username: string;
  }[])
    users.set(r.username, r.id);
  targets.push(pickTarget("c-lj", "lj-transport"), pickTarget("c-qs", "qs-transport"));
  anonymous = await WebClient.open();
  for (const account of ACCOUNTS) clients.set(account, await signedIn(account));
  for (const account of ACCOUNTS)
    apiKeys.set(account, await createApiKey(clients.get("admin")!, account));
});

test.afterAll(async () => {
  for (const c of clients.values()) await c.close();
  await anonymous?.close();
  db?.close();
});

// ---------------------------------------------------------------------------------------------
// 1. The permission matrix (GET)
// ---------------------------------------------------------------------------------------------

function concretePath(file: string, t: Target): string {
  return routePath(file)
    .replace(":suggestionId", String(t.suggestionId))
    .replace(":assignmentId", String(t.assignmentId))
    .replace(":milestoneId", String(t.milestoneId))
    .replace(":userId", String(t.userId))
    .replace(":action", "actions");
}

function expectedStatus(rule: Rule, account: Account | null, t: Target): number {
  if (rule.kind === "api-post-only") return 405;
  if (account === null) return rule.kind === "api" ? 401 : 302;
  const user = staffUser(account);
  if (rule.kind === "home") return 302;
  const scope =
    rule.scoped === "suggestion" || rule.scoped === "assignment"
      ? { unitPath: t.unitPath, departmentIds: t.departmentIds }
      : undefined;
  return rule.perms.some((p) => can(user, p, scope)) ? 200 : 403;
}

test("the route table covers every console and staff-API route file", () => {
  const files = routeFiles(STAFF_ROUTE);
  expect(files.length).toBeGreaterThan(25);
  expect(
    files.filter((f) => !(f in ROUTES)),
    "route files without a rule",
  ).toEqual([]);
  expect(
    Object.keys(ROUTES).filter((f) => !files.includes(f)),
    "rules without a file",
  ).toEqual([]);
});

test("GET matrix: every staff route × every account (and nobody) × own and other subtree", async () => {
  test.setTimeout(180_000);
  const failures: string[] = [];
  let checked = 0;
  for (const file of routeFiles(STAFF_ROUTE)) {
    const rule = ROUTES[file];
    if (!rule) continue; // reported by the coverage test above
    const seen = new Set<string>();
    for (const t of targets) {
      const path = concretePath(file, t);
      if (seen.has(path)) continue; // routes without parameters: one URL for both subtrees
      seen.add(path);
      for (const account of [null, ...ACCOUNTS]) {
        const want = expectedStatus(rule, account, t);
        const isApi = rule.kind === "api" || rule.kind === "api-post-only";
        const res = isApi
          ? await anonymous.get(
              path,
              account ? { Authorization: `Bearer ${apiKeys.get(account)}` } : {},
            )
          : await (account ? clients.get(account)! : anonymous).get(path);
        checked++;
        const got = res.status();
        const who = `${account ?? "anonymous"} GET ${path} (${t.subtree})`;
        if (got !== want) {
          failures.push(`${who}: ${got}, expected ${want}`);
          continue;
        }
        if (got === 302) {
          const location = res.headers().location ?? "";
          const wantLocation = account === null ? "/login?redirectTo=" : homePath(account);
          if (!location.startsWith(wantLocation))
            failures.push(`${who}: redirected to ${location}, expected ${wantLocation}`);
        }
        if (got === 200 && !isApi && path.startsWith("/console/suggestions/")) {
          // The page is about the item asked for (not some fallback).
          const code = db
            .prepare("SELECT tracking_code AS c FROM suggestions WHERE id = ?")
            .get(t.suggestionId) as { c: string };
          if (!(await res.text()).includes(code.c)) failures.push(`${who}: page lacks ${code.c}`);
        }
      }
    }
  }
  expect(failures).toEqual([]);
  expect(checked).toBeGreaterThan(250);
});

test("staff lists and exports only hold items of the account's own subtree", async () => {
  const codes = new Map(
    targets.map((t) => [
      t,
      (
        db
          .prepare("SELECT tracking_code AS c FROM suggestions WHERE id = ?")
          .get(t.suggestionId) as {
          c: string;
        }
      ).c,
    ]),
  );
  const failures: string[] = [];
  for (const account of ACCOUNTS) {
    const res = await clients
      .get(account)!
      .get("/console/list/export.csv?from=2000-01-01&to=2099-12-31");
    expect(res.status()).toBe(200);
    const csv = await res.text();
    for (const t of targets) {
      const user = staffUser(account);
      // Non-handlers see their subtree; handlers their department's items in it.
      const visible = can(user, "view:suggestion", {
        unitPath: t.unitPath,
        departmentIds: t.departmentIds,
      });
      if (csv.includes(codes.get(t)!) !== visible)
        failures.push(`${account}: ${codes.get(t)} (${t.subtree}) listed=${!visible}`);
    }
  }
  expect(failures).toEqual([]);
});

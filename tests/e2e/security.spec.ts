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
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import type Database from "better-sqlite3";
import { can, type Permission, type StaffUser } from "../../app/domain/auth/permissions";
import { StaffCommand } from "../../app/domain/staff/staff.schema";
import {
  ACCOUNTS,
  type Account,
  GRANTS,
  type OwnServer,
  readDb,
  routeFiles,
  routePath,
  signedIn,
  snapshot,
  startOwnServer,
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

let server: OwnServer;
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
  test.setTimeout(180_000);
  // A server of our own (fresh database, debug logs kept for the log check at the end).
  server = await startOwnServer({
    LOG_LEVEL: "debug",
    RATE_LIMIT_SUBMIT_PER_HOUR: "100000",
  });
  db = readDb(server.dbPath);
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
  anonymous = await WebClient.open(server.base);
  for (const account of ACCOUNTS) clients.set(account, await signedIn(account, server.base));
  for (const account of ACCOUNTS)
    apiKeys.set(account, await createApiKey(clients.get("admin")!, account));
});

test.afterAll(async () => {
  for (const c of clients.values()) await c.close();
  await anonymous?.close();
  db?.close();
  await server?.stop();
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

// ---------------------------------------------------------------------------------------------
// 2. Every staff action, posted over HTTP by every account, on items in two subtrees
// ---------------------------------------------------------------------------------------------

type Subtree = "c-lj" | "c-qs";
const PEOPLE: Record<Subtree, { reviewer: Account; handler: Account; lead: string; co: string }> = {
  "c-lj": { reviewer: "reviewer", handler: "handler", lead: "lj-transport", co: "lj-education" },
  "c-qs": {
    reviewer: "reviewer-qs",
    handler: "handler-qs",
    lead: "qs-transport",
    co: "qs-housing",
  },
};

type Stage =
  | "submitted"
  | "merged"
  | "accepted"
  | "assigned"
  | "in_progress"
  | "extension"
  | "answered"
  | "implementing";

const version = (id: number) =>
  (db.prepare("SELECT version AS v FROM suggestions WHERE id = ?").get(id) as { v: number }).v;

let submitted = 0;
async function submitItem(subtree: Subtree): Promise<number> {
  submitted++;
  const res = await anonymous.ctx.post("/api/v1/suggestions", {
    data: {
      title: `权限矩阵 HTTP 测试 ${subtree} ${submitted}`,
      body: `这是第 ${submitted} 条通过 HTTP 提交、用于权限矩阵测试的建议，内容足够长以通过校验。`,
      regionUnitId: units.get(subtree)!.id,
      publishConsent: true,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { trackingCode, secret } = (await res.json()) as { trackingCode: string; secret: string };
  const id = (
    db.prepare("SELECT id FROM suggestions WHERE tracking_code = ?").get(trackingCode) as {
      id: number;
    }
  ).id;
  receipts.set(id, { code: trackingCode, secret });
  return id;
}
/** Tracking code and secret of every item this spec submitted. */
const receipts = new Map<number, { code: string; secret: string }>();

/** Posts a staff form to the item's console page; returns the response. */
function postAction(client: WebClient, id: number, fields: Record<string, string | string[]>) {
  return client.post(`/console/suggestions/${id}`, { version: String(version(id)), ...fields });
}

/** A step the right person takes to move an item along; it must succeed. */
async function step(who: Account, id: number, fields: Record<string, string | string[]>) {
  const res = await postAction(clients.get(who)!, id, fields);
  expect(res.status(), `${who} ${fields.intent} on ${id}: ${await res.text()}`).toBe(302);
  expect(res.headers().location).toBe(`/console/suggestions/${id}`);
}

async function itemAt(stage: Stage, subtree: Subtree): Promise<number> {
  const p = PEOPLE[subtree];
  const id = await submitItem(subtree);
  if (stage === "submitted") return id;
  if (stage === "merged") {
    const primary = await itemAt("submitted", subtree);
    await step(p.reviewer, id, { intent: "merge", primaryId: String(primary) });
    return id;
  }
  await step(p.reviewer, id, { intent: "accept" });
  if (stage === "accepted") return id;
  await step(p.reviewer, id, {
    intent: "assign",
    leadDepartmentId: String(departments.get(p.lead)),
    coDepartmentIds: [String(departments.get(p.co))],
  });
  if (stage === "assigned") return id;
  await step(p.handler, id, { intent: "acceptAssignment" });
  if (stage === "in_progress") return id;
  if (stage === "extension") {
    await step(p.handler, id, {
      intent: "requestExtension",
      days: "10",
      reason: "需要协调多个部门",
    });
    return id;
  }
  await step(p.handler, id, {
    intent: "publishReply",
    body: "经研究，采纳您的建议并将组织实施。",
    decision: "adopted",
  });
  if (stage === "answered") return id;
  await step(p.handler, id, {
    intent: "recordOutcome",
    type: "measure",
    title: "实施方案",
    description: "制定并发布了实施方案。",
  });
  await step(p.handler, id, { intent: "addMilestone", title: "第一阶段" });
  return id;
}

type Who = "review" | "lead" | "supervise" | "view";

/** Who may take an action on an item of `subtree`, from the grants and can(). */
function allowed(who: Who, subtree: Subtree, id: number): Account[] {
  const unitPath = units.get(subtree)!.path;
  const departmentIds = (
    db.prepare("SELECT department_id AS d FROM assignments WHERE suggestion_id = ?").all(id) as {
      d: number;
    }[]
  ).map((r) => r.d);
  return ACCOUNTS.filter((a) => {
    const user = staffUser(a);
    if (who === "review") return can(user, "review:suggestion", { unitPath });
    if (who === "supervise") return can(user, "supervise:suggestion", { unitPath });
    if (who === "view") return can(user, "view:suggestion", { unitPath, departmentIds });
    // The lead department's handlers only (co-handlers may not act).
    return (
      can(user, "handle:suggestion", { unitPath, departmentIds }) &&
      GRANTS[a].department === PEOPLE[subtree].lead
    );
  });
}

interface ActionCase {
  intent: string;
  stage: Stage;
  who: Who;
  form: (id: number, subtree: Subtree) => Promise<Record<string, string | string[]>>;
}

const firstId = (sql: string, ...params: unknown[]) =>
  String((db.prepare(sql).get(...params) as { id: number }).id);

const ACTIONS: ActionCase[] = [
  { intent: "accept", stage: "submitted", who: "review", form: async () => ({}) },
  {
    intent: "notAccept",
    stage: "submitted",
    who: "review",
    form: async () => ({ reasonId: firstId("SELECT id FROM not_accept_reasons WHERE active = 1") }),
  },
  {
    intent: "transfer",
    stage: "submitted",
    who: "review",
    form: async (_id, s) => ({ toUnitId: String(units.get(s === "c-lj" ? "d-bh" : "d-sl")!.id) }),
  },
  {
    intent: "setCategory",
    stage: "accepted",
    who: "review",
    form: async () => ({ categoryId: firstId("SELECT id FROM categories WHERE active = 1") }),
  },
  {
    intent: "moderate",
    stage: "accepted",
    who: "review",
    form: async () => ({ hidden: "true", note: "含有不当内容" }),
  },
  {
    intent: "merge",
    stage: "submitted",
    who: "review",
    form: async (_id, s) => ({ primaryId: String(await itemAt("submitted", s)) }),
  },
  { intent: "split", stage: "merged", who: "review", form: async () => ({}) },
  {
    intent: "rate",
    stage: "accepted",
    who: "review",
    form: async () => ({ feasibility: "3", innovation: "4", benefit: "5", urgency: "2" }),
  },
  {
    intent: "assign",
    stage: "accepted",
    who: "review",
    form: async (_id, s) => ({ leadDepartmentId: String(departments.get(PEOPLE[s].lead)) }),
  },
  { intent: "acceptAssignment", stage: "assigned", who: "lead", form: async () => ({}) },
  {
    intent: "returnAssignment",
    stage: "assigned",
    who: "lead",
    form: async () => ({ reason: "不属于本部门职责" }),
  },
  {
    intent: "note",
    stage: "assigned",
    who: "view",
    form: async () => ({ body: "内部备注：请核实情况。" }),
  },
  {
    intent: "saveReply",
    stage: "in_progress",
    who: "lead",
    form: async () => ({ body: "答复草稿：正在研究之中。" }),
  },
  {
    intent: "publishReply",
    stage: "in_progress",
    who: "lead",
    form: async () => ({ body: "经研究，留作参考，感谢您的建议。", decision: "for_reference" }),
  },
  {
    intent: "requestExtension",
    stage: "in_progress",
    who: "lead",
    form: async () => ({ days: "10", reason: "需要协调多个部门" }),
  },
  { intent: "complete", stage: "answered", who: "lead", form: async () => ({}) },
  {
    intent: "recordOutcome",
    stage: "answered",
    who: "lead",
    form: async () => ({ type: "policy", title: "政策文件", description: "出台了相关政策文件。" }),
  },
  {
    intent: "addMilestone",
    stage: "implementing",
    who: "lead",
    form: async () => ({ title: "第二阶段" }),
  },
  {
    intent: "updateMilestone",
    stage: "implementing",
    who: "lead",
    form: async (id) => ({
      milestoneId: firstId(
        "SELECT m.id FROM milestones m JOIN outcomes o ON o.id = m.outcome_id WHERE o.suggestion_id = ?",
        id,
      ),
      progress: "50",
    }),
  },
  {
    intent: "decideExtension",
    stage: "extension",
    who: "supervise",
    form: async (id) => ({
      extensionId: firstId("SELECT id FROM extensions WHERE suggestion_id = ?", id),
      approve: "true",
    }),
  },
  {
    intent: "superviseNotice",
    stage: "in_progress",
    who: "supervise",
    form: async () => ({ note: "请加快办理进度。" }),
  },
];

test("every staff command has an HTTP case", () => {
  const all = StaffCommand.options.map((o) => o.shape.intent.value);
  expect(all.filter((i) => !ACTIONS.some((a) => a.intent === i))).toEqual([]);
});

for (const subtree of ["c-lj", "c-qs"] as const) {
  test(`POST matrix on an item in ${subtree}: every staff command × every account`, async () => {
    test.setTimeout(300_000);
    const failures: string[] = [];
    for (const c of ACTIONS) {
      const id = await itemAt(c.stage, subtree);
      const form = { intent: c.intent, ...(await c.form(id, subtree)) };
      const before = snapshot(db, id);
      const may = allowed(c.who, subtree, id);
      // Nobody signed in: sent to sign in, nothing changes.
      const anon = await postAction(anonymous, id, form);
      if (anon.status() !== 302 || !anon.headers().location?.startsWith("/login"))
        failures.push(`anonymous ${c.intent}: ${anon.status()} ${anon.headers().location}`);
      for (const account of ACCOUNTS.filter((a) => !may.includes(a))) {
        const res = await postAction(clients.get(account)!, id, form);
        if (res.status() !== 403)
          failures.push(`${account} ${c.intent} (${subtree}): ${res.status()}`);
        // The same command through the staff API with the account's key.
        const api = await anonymous.ctx.post(`/api/v1/staff/suggestions/${id}/actions`, {
          headers: { Authorization: `Bearer ${apiKeys.get(account)}` },
          data: { ...form, version: version(id) },
        });
        if (api.status() !== 403)
          failures.push(`${account} ${c.intent} via API (${subtree}): ${api.status()}`);
      }
      const noKey = await anonymous.ctx.post(`/api/v1/staff/suggestions/${id}/actions`, {
        data: { ...form, version: version(id) },
      });
      if (noKey.status() !== 401) failures.push(`no key ${c.intent}: ${noKey.status()}`);
      if (snapshot(db, id) !== before)
        failures.push(`${c.intent} (${subtree}): refused posts changed the item`);
      // Each permitted account succeeds on an item of its own.
      for (const [n, account] of may.entries()) {
        const target = n === 0 ? id : await itemAt(c.stage, subtree);
        const targetForm =
          n === 0 ? form : { intent: c.intent, ...(await c.form(target, subtree)) };
        const was = snapshot(db, target);
        const res = await postAction(clients.get(account)!, target, targetForm);
        if (res.status() !== 302 || res.headers().location !== `/console/suggestions/${target}`)
          failures.push(`${account} ${c.intent} (${subtree}) allowed but got ${res.status()}`);
        else if (snapshot(db, target) === was) failures.push(`${account} ${c.intent}: no change`);
      }
      expect(may.length, `${c.intent} in ${subtree} is allowed to someone`).toBeGreaterThan(0);
    }
    expect(failures).toEqual([]);
  });
}

/** Row counts of everything an action could add to (a refused post must add nothing). */
function counts(): string {
  const tables = [
    "users",
    "role_grants",
    "org_units",
    "departments",
    "categories",
    "category_routes",
    "deadline_rules",
    "not_accept_reasons",
    "api_clients",
    "nlp_models",
    "audit_log",
    "events",
    "suggestions",
    "clusters",
  ];
  return JSON.stringify(
    tables.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]),
  );
}

test("admin forms: every admin route's action refuses every other account (and nobody)", async () => {
  const files = routeFiles(
    (f) => f.startsWith("console.admin") && /export const action/.test(readRoute(f)),
  );
  expect(files.length).toBeGreaterThanOrEqual(9);
  const province = units.get("p-dj")!.id;
  const self = (a: Account) => String(users.get(a)!);
  // What each page would do if it let the caller in: mostly escalations.
  const forms: Record<string, (a: Account) => Record<string, string>> = {
    "console.admin._index.tsx": () => ({ intent: "retrain" }),
    "console.admin.api-clients.tsx": (a) => ({
      intent: "createApiClient",
      name: "mine",
      userId: self(a),
    }),
    "console.admin.categories.tsx": () => ({
      intent: "createCategory",
      code: "x-sec",
      name: "测试",
      nameEn: "Test",
    }),
    "console.admin.deadlines.tsx": () => ({
      intent: "setDeadlineRule",
      unitId: String(province),
      acceptDays: "1",
      handleDays: "1",
    }),
    "console.admin.departments.tsx": () => ({
      intent: "createDepartment",
      unitId: String(province),
      code: "x-sec",
      name: "测试局",
      nameEn: "Test bureau",
    }),
    "console.admin.reasons.tsx": () => ({
      intent: "createReason",
      code: "x-sec",
      label: "测试",
      labelEn: "Test",
    }),
    "console.admin.routing.tsx": () => ({
      intent: "setCategoryRoute",
      categoryId: "1",
      unitId: String(province),
      departmentId: "1",
    }),
    "console.admin.units.tsx": () => ({
      intent: "createUnit",
      parentId: String(province),
      code: "x-sec",
      name: "测试县",
      nameEn: "Test county",
    }),
    "console.admin.users.tsx": () => ({
      intent: "createUser",
      username: "x-sec",
      displayName: "X",
      password: "a-long-password-2026",
      role: "admin",
      unitId: String(province),
    }),
    "console.admin.users_.$userId.tsx": () => ({
      intent: "addGrant",
      role: "admin",
      unitId: String(province),
    }),
  };
  expect(files.filter((f) => !forms[f])).toEqual([]);
  const failures: string[] = [];
  const before = counts();
  for (const file of files) {
    for (const account of [null, ...ACCOUNTS.filter((a) => a !== "admin")]) {
      // An index route's action is addressed with ?index (else the layout answers 405).
      const path =
        routePath(file).replace(":userId", String(users.get(account ?? "reviewer"))) +
        (file.includes("._index.") ? "?index" : "");
      const client = account ? clients.get(account)! : anonymous;
      const res = await client.post(path, forms[file]!(account ?? "reviewer"));
      const want = account ? 403 : 302;
      if (res.status() !== want) failures.push(`${account} POST ${path}: ${res.status()}`);
    }
  }
  expect(failures).toEqual([]);
  expect(counts()).toBe(before);
});

function readRoute(file: string): string {
  return readFileSync(`app/routes/${file}`, "utf8");
}

test("board, bulk, topic, import and notification actions refuse the wrong people", async () => {
  const failures: string[] = [];
  const check = (what: string, got: number, want: number | number[]) => {
    if (!(Array.isArray(want) ? want : [want]).includes(got)) failures.push(`${what}: ${got}`);
  };

  // Bulk accept on the review queue: only a reviewer of the item's subtree.
  const lj = await itemAt("submitted", "c-lj");
  const before = snapshot(db, lj);
  for (const account of ACCOUNTS.filter((a) => a !== "reviewer")) {
    const res = await clients.get(account)!.post("/console/review", {
      intent: "bulkAccept",
      items: `${lj}@${version(lj)}`,
    });
    // Other roles: 403. A reviewer of another subtree: every item refused (409), none changed.
    check(`${account} bulkAccept`, res.status(), GRANTS[account].role === "reviewer" ? 409 : 403);
  }
  expect(snapshot(db, lj)).toBe(before);
  const ok = await clients.get("reviewer")!.post("/console/review", {
    intent: "bulkAccept",
    items: `${lj}@${version(lj)}`,
  });
  check("reviewer bulkAccept", ok.status(), 200);
  expect(snapshot(db, lj)).not.toBe(before);

  // The supervisor board posts any item's id: the item's subtree still decides.
  const qs = await itemAt("in_progress", "c-qs");
  const qsBefore = snapshot(db, qs);
  for (const account of ACCOUNTS.filter((a) => a !== "supervisor-prov")) {
    const res = await clients.get(account)!.post("/console/supervision", {
      intent: "superviseNotice",
      suggestionId: String(qs),
      version: String(version(qs)),
      note: "请加快办理进度。",
    });
    check(`${account} board notice on c-qs`, res.status(), 403);
  }
  expect(snapshot(db, qs)).toBe(qsBefore);

  // Topics: a reviewer of another subtree may not rename, merge or split a Linjiang topic.
  const topic = db
    .prepare(
      `SELECT c.id, c.label, c.updated_at AS seenAt FROM clusters c
       WHERE EXISTS (SELECT 1 FROM suggestions s WHERE s.cluster_id = c.id)
         AND NOT EXISTS (SELECT 1 FROM suggestions s JOIN org_units u ON u.id = s.unit_id
                         WHERE s.cluster_id = c.id AND u.path NOT LIKE ?)
       ORDER BY c.id LIMIT 1`,
    )
    .get(`${units.get("c-lj")!.path}%`) as { id: number; label: string; seenAt: number };
  const other = db
    .prepare("SELECT id FROM clusters WHERE id <> ? ORDER BY id LIMIT 1")
    .get(topic.id) as { id: number };
  const member = db
    .prepare("SELECT id FROM suggestions WHERE cluster_id = ? ORDER BY id LIMIT 1")
    .get(topic.id) as { id: number };
  const topicState = () =>
    JSON.stringify([
      db.prepare("SELECT * FROM clusters WHERE id = ?").get(topic.id),
      db.prepare("SELECT id FROM suggestions WHERE cluster_id = ?").all(topic.id),
    ]);
  const topicBefore = topicState();
  for (const account of ACCOUNTS.filter((a) => a !== "reviewer")) {
    for (const form of [
      { intent: "rename", label: "被别人改掉的名字", clusterId: String(topic.id) },
      { intent: "mergeCluster", targetId: String(other.id), clusterId: String(topic.id) },
      { intent: "removeMember", suggestionId: String(member.id), clusterId: String(topic.id) },
    ]) {
      const res = await clients
        .get(account)!
        .post("/console/clusters", { ...form, seenAt: String(topic.seenAt) });
      check(`${account} ${form.intent} on a c-lj topic`, res.status(), 403);
    }
  }
  expect(topicState()).toBe(topicBefore);

  // Import: only reviewers and admins, and only into their subtree.
  for (const account of ACCOUNTS) {
    const res = await clients.get(account)!.ctx.post("/console/import", {
      maxRedirects: 0,
      multipart: {
        csrf: await clients.get(account)!.csrf(),
        unitId: String(units.get("c-lj")!.id),
        format: "csv",
        channel: "hotline",
        file: {
          name: "x.csv",
          mimeType: "text/csv",
          buffer: Buffer.from(
            "title,body\n标题测试一下,这是导入的正文内容足够长以通过校验规则吗\n",
          ),
        },
        dryRun: "on",
      },
    });
    const mayImport = account === "admin" || account === "reviewer";
    if (mayImport) check(`${account} import`, res.status(), [200, 400]);
    else check(`${account} import into c-lj`, res.status(), 403);
  }

  // Notifications: marking another person's notification read changes nothing.
  const note = db
    .prepare(
      `SELECT n.id, n.recipient_user_id AS owner FROM notifications n
       WHERE n.channel = 'in_app' AND n.read_at IS NULL ORDER BY n.id LIMIT 1`,
    )
    .get() as { id: number; owner: number } | undefined;
  expect(note, "an unread in-app notification exists").toBeTruthy();
  for (const account of ACCOUNTS.filter((a) => users.get(a) !== note!.owner)) {
    const res = await clients
      .get(account)!
      .post("/console/notifications", { intent: "markRead", id: String(note!.id) });
    check(`${account} markRead of someone else's`, res.status(), 302);
  }
  expect(
    (
      db.prepare("SELECT read_at AS r FROM notifications WHERE id = ?").get(note!.id) as {
        r: number | null;
      }
    ).r,
  ).toBeNull();
  expect(failures).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// 3. CSRF: a cross-site form post to every form route is refused and changes nothing
// ---------------------------------------------------------------------------------------------

/**
 * Routes that take posts without a session cookie's authority (JSON/Open311 APIs, test hook),
 * and read-only routes whose action only answers 405 (open data, feeds).
 */
const NOT_FORM_ROUTES = (f: string) =>
  f.startsWith("api.") ||
  f.startsWith("open311.") ||
  f.startsWith("test-hooks.") ||
  /export const action = async \(\) => methodNotAllowed\(/.test(readRoute(f));

function formRouteFiles(): string[] {
  return routeFiles(
    (f) =>
      !NOT_FORM_ROUTES(f) && /export (const|async function|function) action\b/.test(readRoute(f)),
  );
}

interface CsrfCase {
  /** Who posts (someone the action is open to, so only the CSRF check can refuse it). */
  client: () => Promise<WebClient>;
  path: () => Promise<string>;
  fields: () => Promise<Record<string, string>>;
  multipart?: boolean;
}

/** What a successful or refused post might have touched. */
function worldState(): string {
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return JSON.stringify([
    counts(),
    n("SELECT count(*) AS n FROM supports"),
    n("SELECT count(*) AS n FROM follows"),
    n("SELECT count(*) AS n FROM follows WHERE confirmed_at IS NOT NULL"),
    n("SELECT count(*) AS n FROM satisfactions"),
    n("SELECT count(*) AS n FROM sessions"),
    n("SELECT count(*) AS n FROM sessions WHERE revoked_at IS NOT NULL"),
    n("SELECT count(*) AS n FROM internal_notes"),
    n("SELECT count(*) AS n FROM notifications WHERE read_at IS NOT NULL"),
    n("SELECT coalesce(sum(version), 0) AS n FROM suggestions"),
    n("SELECT coalesce(sum(updated_at), 0) AS n FROM clusters"),
  ]);
}

test("CSRF: a cross-site post to every form route is refused (403) and changes nothing", async () => {
  test.setTimeout(180_000);
  const admin = clients.get("admin")!;
  const reviewer = clients.get("reviewer")!;
  const citizen = await WebClient.open(server.base);
  const fresh = async () => WebClient.open(server.base);
  const answered = await itemAt("answered", "c-lj");
  const answeredCode = receipts.get(answered)!.code;
  const inProgress = await itemAt("in_progress", "c-lj");
  const publicCode = receipts.get(await itemAt("accepted", "c-lj"))!.code;
  const topic = () =>
    db
      .prepare(
        `SELECT c.id, c.updated_at AS seenAt FROM clusters c WHERE EXISTS
         (SELECT 1 FROM suggestions s JOIN org_units u ON u.id = s.unit_id
          WHERE s.cluster_id = c.id AND u.path LIKE ?) ORDER BY c.id LIMIT 1`,
      )
      .get(`${units.get("c-lj")!.path}%`) as { id: number; seenAt: number };
  // A follow to confirm and to stop: its links (id and token) are in the message sent to it.
  const followed = await citizen.post(`/suggestions/${publicCode}`, { contact: "csrf@example.cn" });
  expect(followed.status()).toBe(200);
  const message = (
    db
      .prepare("SELECT body FROM notifications WHERE recipient_address = ? ORDER BY id DESC")
      .get("csrf@example.cn") as { body: string }
  ).body;
  const unfollow = /\/unfollow\?f=(\d+)&t=([\w-]+)/.exec(message);
  const confirm = /\/confirm-follow\?f=(\d+)&t=([\w-]+)/.exec(message);
  expect(unfollow && confirm, "the follow message links to confirm and to unfollow").toBeTruthy();
  const stamp = Date.now().toString(36);
  // An account of its own for the user page's control post (a grant added to it hurts nobody).
  const made = await admin.post("/console/admin/users", {
    intent: "createUser",
    formId: "createUser",
    username: `csrf-target-${stamp}`,
    displayName: "CSRF target",
    password: "a-long-password-2026",
  });
  expect(made.status()).toBe(302);
  const targetUserId = (
    db.prepare("SELECT id FROM users WHERE username = ?").get(`csrf-target-${stamp}`) as {
      id: number;
    }
  ).id;

  const admins = (intent: string, extra: Record<string, string> = {}): CsrfCase => ({
    client: async () => admin,
    path: async () => "",
    fields: async () => ({ intent, ...extra }),
  });
  const CASES: Record<string, CsrfCase> = {
    "login.tsx": {
      client: fresh,
      path: async () => "/login",
      fields: async () => ({ username: "analyst", password: "minyi-demo-2026" }),
    },
    "logout.tsx": {
      client: async () => signedIn("analyst", server.base),
      path: async () => "/logout",
      fields: async () => ({}),
    },
    "submit.tsx": {
      client: async () => citizen,
      path: async () => "/submit",
      fields: async () => ({
        title: `跨站提交测试 ${stamp}`,
        body: "这是一条跨站请求伪造测试用的建议内容，应当被拒绝而不会保存。",
        regionUnitId: String(units.get("c-lj")!.id),
        publishConsent: "on",
      }),
    },
    "track.tsx": {
      client: async () => citizen,
      path: async () => "/track",
      fields: async () => ({
        intent: "rate",
        code: answeredCode,
        secret: receipts.get(answered)!.secret,
        score: "1",
        comment: "跨站评价",
      }),
    },
    "suggestions.$code.support.tsx": {
      client: async () => citizen,
      path: async () => `/suggestions/${publicCode}/support`,
      fields: async () => ({}),
    },
    "suggestions.$code.tsx": {
      client: async () => citizen,
      path: async () => `/suggestions/${publicCode}`,
      fields: async () => ({ contact: `csrf-${stamp}@example.cn` }),
    },
    "suggestions.$code_.confirm-follow.tsx": {
      client: async () => citizen,
      path: async () =>
        `/suggestions/${publicCode}/confirm-follow?f=${confirm![1]}&t=${confirm![2]}`,
      fields: async () => ({ f: confirm![1]!, t: confirm![2]! }),
    },
    "suggestions.$code_.unfollow.tsx": {
      client: async () => citizen,
      path: async () => `/suggestions/${publicCode}/unfollow?f=${unfollow![1]}&t=${unfollow![2]}`,
      fields: async () => ({ f: unfollow![1]!, t: unfollow![2]! }),
    },
    "console.suggestions.$suggestionId.tsx": {
      client: async () => reviewer,
      path: async () => `/console/suggestions/${inProgress}`,
      fields: async () => ({ intent: "note", body: "跨站备注" }),
    },
    "console.review.tsx": {
      client: async () => reviewer,
      path: async () => "/console/review",
      fields: async () => {
        const id = await itemAt("submitted", "c-lj");
        return { intent: "bulkAccept", items: `${id}@${version(id)}` };
      },
    },
    "console.supervision.tsx": {
      client: async () => clients.get("supervisor")!,
      path: async () => "/console/supervision",
      fields: async () => ({
        intent: "superviseNotice",
        suggestionId: String(inProgress),
        version: String(version(inProgress)),
        note: "跨站督办通知",
      }),
    },
    "console.clusters.tsx": {
      client: async () => reviewer,
      path: async () => "/console/clusters",
      fields: async () => ({
        intent: "rename",
        clusterId: String(topic().id),
        seenAt: String(topic().seenAt),
        label: `跨站改名 ${stamp}`,
      }),
    },
    "console.notifications.tsx": {
      client: async () => clients.get("handler")!,
      path: async () => "/console/notifications",
      fields: async () => ({ intent: "markAllRead" }),
    },
    "console.import.tsx": {
      client: async () => reviewer,
      path: async () => "/console/import",
      multipart: true,
      fields: async () => ({
        unitId: String(units.get("c-lj")!.id),
        format: "csv",
        channel: "hotline",
      }),
    },
    "console.admin._index.tsx": admins("retrain"),
    "console.admin.api-clients.tsx": admins("createApiClient", {
      name: `csrf ${stamp}`,
      userId: String(users.get("analyst")),
    }),
    "console.admin.categories.tsx": admins("createCategory", {
      code: `csrf-${stamp}`,
      name: "跨站分类",
      nameEn: "CSRF category",
    }),
    "console.admin.deadlines.tsx": admins("setDeadlineRule", {
      unitId: String(units.get("c-qs")!.id),
      acceptDays: "10",
      handleDays: "30",
    }),
    "console.admin.departments.tsx": admins("createDepartment", {
      unitId: String(units.get("c-qs")!.id),
      code: `csrf-${stamp}`,
      name: "跨站局",
      nameEn: "CSRF bureau",
    }),
    "console.admin.reasons.tsx": admins("createReason", {
      code: `csrf-${stamp}`,
      label: "跨站理由",
      labelEn: "CSRF reason",
    }),
    "console.admin.routing.tsx": admins("setCategoryRoute", {
      categoryId: firstId("SELECT id FROM categories WHERE active = 1"),
      unitId: String(units.get("c-qs")!.id),
      departmentId: String(departments.get("qs-transport")),
    }),
    "console.admin.units.tsx": admins("createUnit", {
      parentId: String(units.get("c-qs")!.id),
      code: `csrf-${stamp}`,
      name: "跨站县",
      nameEn: "CSRF county",
    }),
    "console.admin.users.tsx": admins("createUser", {
      username: `csrf-${stamp}`,
      displayName: "CSRF",
      password: "a-long-password-2026",
      role: "admin",
      unitId: String(units.get("p-dj")!.id),
    }),
    "console.admin.users_.$userId.tsx": admins("addGrant", {
      role: "admin",
      unitId: String(units.get("p-dj")!.id),
    }),
  };
  const files = formRouteFiles();
  expect(files.length).toBeGreaterThanOrEqual(20);
  expect(
    files.filter((f) => !CASES[f]),
    "form routes without a CSRF case",
  ).toEqual([]);

  const attacker = await WebClient.open(server.base);
  const foreignToken = await attacker.csrf();
  const VARIANTS: { name: string; csrf?: string | null; headers?: Record<string, string> }[] = [
    { name: "no csrf field", csrf: null, headers: { Origin: "https://evil.example" } },
    { name: "no csrf field, no Origin", csrf: null },
    { name: "another session's token", csrf: foreignToken },
    { name: "right token, Origin of another site", headers: { Origin: "https://evil.example" } },
    { name: "right token, Origin null (sandboxed page)", headers: { Origin: "null" } },
  ];

  const failures: string[] = [];
  for (const file of files) {
    const c = CASES[file]!;
    const client = await c.client();
    let path = await c.path();
    if (!path) {
      path = routePath(file).replace(":userId", String(targetUserId));
      if (file.includes("._index.")) path += "?index";
    }
    const fields = await c.fields();
    const send = async (variant: { csrf?: string | null; headers?: Record<string, string> }) => {
      if (!c.multipart) return client.post(path, fields, variant);
      const token = variant.csrf === undefined ? await client.csrf() : variant.csrf;
      return client.ctx.post(path, {
        maxRedirects: 0,
        headers: variant.headers,
        multipart: {
          ...fields,
          ...(token === null ? {} : { csrf: token }),
          file: {
            name: "csrf.csv",
            mimeType: "text/csv",
            buffer: Buffer.from("title,body\n跨站导入标题,跨站导入的正文内容足够长足够长足够长\n"),
          },
        },
      });
    };
    const before = worldState();
    const sessionBefore = await client.cookie("minyi_session");
    for (const variant of VARIANTS) {
      const res = await send(variant);
      if (res.status() !== 403) failures.push(`${file} (${variant.name}): ${res.status()}`);
      if (/minyi_session=[^;]/.test(res.headers()["set-cookie"] ?? ""))
        failures.push(`${file} (${variant.name}): set a session cookie`);
    }
    if (worldState() !== before) failures.push(`${file}: a refused post changed something`);
    if ((await client.cookie("minyi_session")) !== sessionBefore)
      failures.push(`${file}: the session cookie changed`);
    if (file === "logout.tsx") {
      // Still signed in after the forged sign-outs.
      const still = await client.get("/console");
      if (still.headers().location?.startsWith("/login")) failures.push("logout: session ended");
    }
    // The same post from the site itself goes through the CSRF check (so the 403s were CSRF).
    const own = await send({ headers: { Origin: server.base } });
    if (own.status() === 403) failures.push(`${file}: refused from its own origin too`);
  }
  await attacker.close();
  await citizen.close();
  expect(failures).toEqual([]);
});

test("CSRF in a real browser: a page on another site auto-posts forms to Minyi, nothing happens", async ({
  browser,
}) => {
  const id = await itemAt("in_progress", "c-lj");
  const reviewer = clients.get("reviewer")!;
  const context = await browser.newContext({ storageState: await reviewer.ctx.storageState() });
  const before = worldState();
  const forms = [
    {
      action: `/console/suggestions/${id}`,
      fields: { intent: "note", body: "来自恶意网站的备注", version: String(version(id)) },
    },
    { action: "/logout", fields: {} },
    {
      action: "/submit",
      fields: {
        title: "恶意网站代交的建议",
        body: "这是恶意网站在用户不知情时提交的建议内容。",
        regionUnitId: String(units.get("c-lj")!.id),
      },
    },
  ];
  const statuses: number[] = [];
  for (const form of forms) {
    const inputs = Object.entries(form.fields)
      .map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`)
      .join("");
    await context.route("https://evil.example/**", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><form id="f" method="post" action="${server.base}${form.action}">${inputs}</form><script>document.getElementById("f").submit()</script>`,
      }),
    );
    const page = await context.newPage();
    const posted = page.waitForResponse(
      (r) => r.request().method() === "POST" && r.url().startsWith(server.base),
    );
    await page.goto("https://evil.example/attack");
    statuses.push((await posted).status());
    await page.close();
    await context.unroute("https://evil.example/**");
  }
  expect(statuses).toEqual([403, 403, 403]);
  expect(worldState()).toBe(before);
  // The reviewer is still signed in (the forged sign-out did nothing).
  const check = await context.request.get(`${server.base}/console/review`, { maxRedirects: 0 });
  expect(check.status()).toBe(200);
  await context.close();
});

// ---------------------------------------------------------------------------------------------
// 4. Sessions: a new id at sign-in, dead after sign-out, lockout after failed sign-ins
// ---------------------------------------------------------------------------------------------

/** The raw session token inside the signed cookie value (base64 JSON + "." + signature). */
function tokenOf(cookieValue: string): string {
  const encoded = decodeURIComponent(cookieValue);
  const json = Buffer.from(encoded.slice(0, encoded.lastIndexOf(".")), "base64").toString("utf8");
  return JSON.parse(json) as string;
}

/** What a client presenting exactly this session cookie (an old copy, say) gets. */
async function consoleStatus(cookieValue: string): Promise<string> {
  const c = await WebClient.open(server.base);
  const res = await c.ctx.get("/console/notifications", {
    maxRedirects: 0,
    headers: { Cookie: `minyi_session=${cookieValue}` },
  });
  await c.close();
  return res.status() === 302 ? `302 ${res.headers().location}` : String(res.status());
}

test("sign-in issues a new session id every time; sign-out ends it for every copy", async () => {
  const browser = await WebClient.open(server.base);
  // A session cookie planted before sign-in (someone else's, still valid) is not kept.
  const planted = (await clients.get("handler-qs")!.cookie("minyi_session"))!;
  await browser.ctx.addCookies([
    { name: "minyi_session", value: planted, domain: "127.0.0.1", path: "/" },
  ]);
  const first = await browser.signIn("analyst");
  expect(first.status()).toBe(302);
  const s1 = (await browser.cookie("minyi_session"))!;
  expect(s1).toBeTruthy();
  expect(s1).not.toBe(planted);
  const setCookie = first.headers()["set-cookie"] ?? "";
  expect(setCookie).toMatch(/minyi_session=[^;]+;/);
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Lax/i);
  expect(setCookie).toMatch(/Path=\//);
  // COOKIE_SECURE is off on this http server (the Secure flag is checked with it on in
  // tests/integration/security-session.test.ts).
  expect(setCookie).not.toMatch(/;\s*Secure/i);
  // The database keeps only a hash of the token.
  const token = tokenOf(s1);
  expect(token.length).toBeGreaterThanOrEqual(40);
  const ids = (db.prepare("SELECT id FROM sessions").all() as { id: string }[]).map((r) => r.id);
  expect(ids.some((id) => id.includes(token))).toBe(false);
  expect(await consoleStatus(s1)).toBe("200");

  // Signing in again (without signing out) gives another id.
  expect((await browser.signIn("analyst")).status()).toBe(302);
  const s2 = (await browser.cookie("minyi_session"))!;
  expect(s2).not.toBe(s1);
  expect(tokenOf(s2)).not.toBe(token);

  // Sign-out clears the cookie and kills the session server-side: a copy no longer works.
  const out = await browser.post("/logout", {});
  expect(out.status()).toBe(302);
  expect(out.headers()["set-cookie"]).toMatch(/minyi_session=;.*Max-Age=0/i);
  expect(await consoleStatus(s2)).toMatch(/^302 \/login/);
  // The planted session of the other account was never touched (it is theirs, still valid).
  expect(await consoleStatus(planted)).toBe("200");
  // A forged cookie (right shape, unsigned or wrongly signed) is nobody.
  const forged = `${Buffer.from(JSON.stringify(token)).toString("base64")}.forged`;
  expect(await consoleStatus(encodeURIComponent(forged))).toMatch(/^302 \/login/);
  await browser.close();
});

test("sign-in lockout: five wrong passwords lock the account for 15 minutes, over HTTP", async () => {
  const admin = clients.get("admin")!;
  const username = `lockout-${Date.now().toString(36)}`;
  const password = "lockout-password-2026";
  const created = await admin.post("/console/admin/users", {
    intent: "createUser",
    formId: "createUser",
    username,
    displayName: "Lockout test",
    password,
    role: "analyst",
    unitId: String(units.get("c-lj")!.id),
  });
  expect(created.status(), await created.text()).toBe(302);
  const attempt = async (pw: string) => {
    const c = await WebClient.open(server.base);
    const res = await c.signIn(username, pw);
    const cookie = await c.cookie("minyi_session");
    const body = await res.text();
    await c.close();
    return { status: res.status(), cookie, body };
  };
  const unknown = await attempt("whatever-password");
  // Four failures: refused, not yet locked; the right password still works before the fifth.
  for (let i = 0; i < 4; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401);
  const fifth = await attempt("wrong-4");
  expect(fifth.status).toBe(401);
  const row = () =>
    db
      .prepare("SELECT locked_until AS lockedUntil FROM users WHERE username = ?")
      .get(username) as {
      lockedUntil: number | null;
    };
  expect(row().lockedUntil).not.toBeNull();
  // Locked: the right password is refused too, and no session is issued.
  const locked = await attempt(password);
  expect(locked.status).toBe(401);
  expect(locked.cookie).toBeUndefined();
  // Still locked 14 minutes later; open again after 15 (the server's clock is moved).
  const move = async (minutes: number) => {
    const res = await anonymous.ctx.post("/test-hooks/clock", {
      data: { advanceDays: minutes / 1440 },
    });
    expect(res.status()).toBe(200);
  };
  try {
    await move(14);
    expect((await attempt(password)).status).toBe(401);
    await move(2);
    const open = await attempt(password);
    expect(open.status).toBe(302);
    expect(open.cookie).toBeTruthy();
  } finally {
    await anonymous.ctx.post("/test-hooks/clock", { data: { reset: true } });
  }
  // An unknown user name is refused the same way (no hint which names exist).
  expect(unknown.status).toBe(401);
});

// ---------------------------------------------------------------------------------------------
// 5. Security headers on pages, API responses, feeds, redirects and errors
// ---------------------------------------------------------------------------------------------

test("security headers on pages, API, feeds, static files, redirects and errors", async () => {
  const reviewer = clients.get("reviewer")!;
  const analyst = clients.get("analyst")!;
  const key = apiKeys.get("handler")!;
  const checks: { name: string; res: Awaited<ReturnType<WebClient["get"]>>; status: number }[] = [];
  const add = async (
    name: string,
    status: number,
    p: Promise<Awaited<ReturnType<WebClient["get"]>>>,
  ) => checks.push({ name, res: await p, status });
  await add("home page", 200, anonymous.get("/"));
  await add("public list", 200, anonymous.get("/suggestions?q=%3Cscript%3E"));
  await add("login page", 200, anonymous.get("/login"));
  await add("console page", 200, reviewer.get("/console/review"));
  await add("forbidden console page", 403, analyst.get("/console/admin"));
  await add("redirect to sign-in", 302, anonymous.get("/console/review"));
  await add("not found page", 404, anonymous.get("/no-such-page"));
  await add("unknown suggestion page", 404, anonymous.get("/suggestions/JY-2000-000000"));
  await add("public API", 200, anonymous.get("/api/v1/search?q=x"));
  await add("API validation error", 400, anonymous.get("/api/v1/search?page=0"));
  await add("API not found", 404, anonymous.get("/api/v1/suggestions/JY-2000-000000"));
  await add(
    "staff API",
    200,
    anonymous.get("/api/v1/staff/assignments", { Authorization: `Bearer ${key}` }),
  );
  await add("staff API without key", 401, anonymous.get("/api/v1/staff/assignments"));
  await add("Open311", 200, anonymous.get("/open311/v2/services.json"));
  await add("feed", 200, anonymous.get("/feeds/outcomes.xml"));
  await add("CSV export", 200, reviewer.get("/console/list/export.csv"));
  await add("static file", 200, anonymous.get("/favicon.svg"));
  await add(
    "refused cross-site post",
    403,
    anonymous.post("/logout", {}, { headers: { Origin: "https://evil.example" } }),
  );
  await add("refused CSRF post", 403, anonymous.post("/submit", {}, { csrf: null }));
  const failures: string[] = [];
  for (const { name, res, status } of checks) {
    const h = res.headers();
    const problems: string[] = [];
    if (res.status() !== status) problems.push(`status ${res.status()}`);
    const csp = h["content-security-policy"] ?? "";
    if (!/frame-ancestors 'none'/.test(csp)) problems.push("CSP frame-ancestors");
    if (!/default-src 'self'/.test(csp)) problems.push("CSP default-src");
    if (/script-src[^;]*\*/.test(csp)) problems.push("CSP script-src wildcard");
    if (!/base-uri 'self'/.test(csp)) problems.push("CSP base-uri");
    if (!/form-action 'self'/.test(csp)) problems.push("CSP form-action");
    if ((h["x-frame-options"] ?? "").toUpperCase() !== "DENY") problems.push("X-Frame-Options");
    // The API sets nosniff itself too; a repeated value is fine (browsers read the first).
    const nosniff = (h["x-content-type-options"] ?? "")
      .split(",")
      .map((v) => v.trim().toLowerCase());
    if (nosniff[0] !== "nosniff" || nosniff.some((v) => v !== "nosniff")) problems.push("nosniff");
    if (
      !/^(strict-origin-when-cross-origin|no-referrer|same-origin|strict-origin)$/.test(
        h["referrer-policy"] ?? "",
      )
    )
      problems.push("Referrer-Policy");
    if (h["x-powered-by"]) problems.push("X-Powered-By");
    if (problems.length) failures.push(`${name}: ${problems.join(", ")}`);
  }
  expect(failures).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// 6. No secret or personal data in the logs (LOG_LEVEL=debug, everything this spec did)
// ---------------------------------------------------------------------------------------------

test("logs at debug level hold no personal data, passwords, session tokens, CSRF tokens, API keys or tracking secrets", async () => {
  const personal = {
    name: "欧阳隐私",
    phone: "13987654321",
    email: "private.person@example.cn",
    idNumber: "110101199003071234",
    landline: "0571-87654321",
  };
  const wrongPassword = "Wrong-Password-Should-Not-Be-Logged-2026";
  const citizen = await WebClient.open(server.base);
  // A web submission with contact details and personal data in the text.
  const submittedRes = await citizen.post("/submit", {
    title: `日志隐私测试 ${personal.phone}`,
    body: `我的身份证号是 ${personal.idNumber}，电话 ${personal.phone}，座机 ${personal.landline}，邮箱 ${personal.email}。`,
    regionUnitId: String(units.get("c-lj")!.id),
    contactName: personal.name,
    contactPhone: personal.phone,
    contactEmail: personal.email,
    publishConsent: "on",
  });
  expect(submittedRes.status()).toBe(302);
  const done = await (await citizen.get("/submit/done")).text();
  const code = /JY-\d{4}-\d{6}/.exec(done)?.[0];
  const secret = /data-testid="tracking-secret">([^<]+)</.exec(done)?.[1];
  expect(code && secret, "the confirmation shows code and secret").toBeTruthy();
  // Tracking with the secret in a form, in a query string and in the API's header.
  expect((await citizen.post("/track", { code: code!, secret: secret! })).status()).toBe(200);
  expect((await citizen.get(`/track?code=${code}&secret=${secret}`)).status()).toBe(200);
  const api = await citizen.get(`/api/v1/suggestions/${code}`, { "X-Tracking-Secret": secret! });
  expect(api.status()).toBe(200);
  // An API submission with contact details, and a follow with an e-mail address.
  const apiSubmit = await citizen.ctx.post("/api/v1/suggestions", {
    data: {
      title: "日志隐私测试 API",
      body: `联系我 ${personal.phone} 或 ${personal.email}，身份证 ${personal.idNumber}。`,
      regionUnitId: units.get("c-lj")!.id,
      contactPhone: personal.phone,
      contactEmail: personal.email,
      publishConsent: true,
    },
  });
  expect(apiSubmit.status()).toBe(201);
  const apiSecret = ((await apiSubmit.json()) as { secret: string }).secret;
  // Sign-in attempts, right and wrong.
  const staff = await WebClient.open(server.base);
  expect((await staff.signIn("reviewer", wrongPassword)).status()).toBe(401);
  expect((await staff.signIn("reviewer")).status()).toBe(302);
  // A staff page showing the contact details (the reviewer may see them).
  const id = (
    db.prepare("SELECT id FROM suggestions WHERE tracking_code = ?").get(code!) as { id: number }
  ).id;
  expect(await (await staff.get(`/console/suggestions/${id}`)).text()).toContain(personal.phone);

  // Everything secret this spec has handled.
  const secrets: Record<string, string> = {
    ...personal,
    password: "minyi-demo-2026",
    wrongPassword,
    trackingSecret: secret!,
    apiTrackingSecret: apiSecret,
  };
  for (const [account, client] of [...clients.entries(), ["staff", staff] as const]) {
    const cookie = await client.cookie("minyi_session");
    if (cookie) {
      secrets[`${account} session cookie`] = decodeURIComponent(cookie);
      secrets[`${account} session token`] = tokenOf(cookie);
    }
    secrets[`${account} csrf token`] = await client.csrf();
  }
  for (const [account, key] of apiKeys) secrets[`${account} API key`] = key;
  for (const [rid, r] of receipts) secrets[`secret of ${rid}`] = r.secret;

  // Give the server a moment to flush what it wrote for the last requests.
  await anonymous.get("/healthz");
  const output = server.output();
  expect(output, "the capture works (request lines are there)").toContain('"path":"/submit"');
  expect(output).toContain('"path":"/login"');
  const leaked = Object.entries(secrets)
    .filter(([, value]) => value.length >= 6 && output.includes(value))
    .map(([name]) => name);
  expect(leaked).toEqual([]);
  // Query strings are never logged (they may carry the tracking secret).
  expect(output).not.toMatch(/"path":"[^"]*\?/);
  await citizen.close();
  await staff.close();
});

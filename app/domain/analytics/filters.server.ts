import { type Db, db } from "../../utils/db.server";
import { ForbiddenError } from "../../utils/errors";
import { assertCan } from "../auth/auth.server";
import type { StaffUser } from "../auth/permissions";
import { OPEN_STATES } from "../suggestions/suggestions-workflow";

/**
 * Shared pieces of the analytics SQL: who may see which suggestions (scope), and the WHERE
 * fragments of the filters. Queries are plain SQL with bound parameters on the better-sqlite3
 * handle: aggregates over up to millions of rows stay readable and their plans predictable.
 *
 * Alias conventions in every query: `s` suggestions, `d` adoption_decisions, `o` outcomes,
 * `r` satisfactions, `a` assignments.
 */

/** Whose suggestions a reader sees: units under `paths`, and for handlers only their department's. */
export interface AnalyticsScope {
  paths: string[];
  /** Set for handler-only users: only suggestions assigned to this department. */
  departmentId?: number | null;
}

const ANALYTICS_ROLES = ["analyst", "supervisor", "admin"] as const;
const LIST_ROLES = ["reviewer", "supervisor", "analyst", "admin"] as const;

/** The dashboard's scope: subtrees of the analyst, supervisor and admin grants. */
export function analyticsScope(user: StaffUser): AnalyticsScope {
  return {
    paths: user.grants
      .filter((g) => (ANALYTICS_ROLES as readonly string[]).includes(g.role))
      .map((g) => g.unitPath),
  };
}

/**
 * The staff list's scope: subtrees of every non-handler grant; a person who is only a handler
 * sees what was assigned to their department (as in their inbox).
 */
export function listScope(user: StaffUser): AnalyticsScope {
  const paths = user.grants
    .filter((g) => (LIST_ROLES as readonly string[]).includes(g.role))
    .map((g) => g.unitPath);
  if (paths.length > 0) return { paths };
  const handler = user.grants.filter((g) => g.role === "handler").map((g) => g.unitPath);
  if (handler.length === 0 || user.departmentId === null) throw new ForbiddenError();
  return { paths: handler, departmentId: user.departmentId };
}

/**
 * The scope of a staff list request: the dashboard's scope when the list was opened from a
 * dashboard number (`scope=analytics`, which needs view:analytics), else the list scope.
 */
export function staffListScope(user: StaffUser, which?: "analytics"): AnalyticsScope {
  if (which === "analytics") {
    assertCan(user, "view:analytics");
    return analyticsScope(user);
  }
  return listScope(user);
}

/** Removes paths inside another path of the list (they add nothing). */
export function normalizePaths(paths: readonly string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const out: string[] = [];
  for (const p of sorted) if (!out.some((q) => p.startsWith(q))) out.push(p);
  return out.sort();
}

/**
 * Narrows a scope to a unit's subtree. A unit inside the scope narrows to it; a unit above
 * the scope keeps the parts of the scope under it; a unit outside it is forbidden.
 */
export function narrowToUnit(scope: AnalyticsScope, unitPath: string | null): AnalyticsScope {
  if (unitPath === null) return { ...scope, paths: normalizePaths(scope.paths) };
  if (scope.paths.some((p) => unitPath.startsWith(p))) return { ...scope, paths: [unitPath] };
  const below = scope.paths.filter((p) => p.startsWith(unitPath));
  if (below.length === 0) throw new ForbiddenError("Unit outside your scope");
  return { ...scope, paths: normalizePaths(below) };
}

/** A WHERE fragment with its parameters. */
export interface Fragment {
  sql: string;
  params: unknown[];
}

export class Where {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];
  add(sql: string, ...params: unknown[]): this {
    this.parts.push(sql);
    this.params.push(...params);
    return this;
  }
  addFragment(f: Fragment | null): this {
    if (f) this.add(f.sql, ...f.params);
    return this;
  }
  toString(): string {
    return this.parts.length ? this.parts.join(" AND ") : "1";
  }
}

/** `s.unit_id` inside the scope (left out when it would filter nothing). */
export function scopeFragment(scope: AnalyticsScope, database: Db): Fragment | null {
  const paths = normalizePaths(scope.paths);
  const parts: Fragment[] = [];
  if (scope.departmentId !== undefined && scope.departmentId !== null) {
    parts.push({
      sql: "EXISTS (SELECT 1 FROM assignments sa WHERE sa.suggestion_id = s.id AND sa.department_id = ?)",
      params: [scope.departmentId],
    });
  }
  if (paths.length === 0) {
    parts.push({ sql: "0", params: [] });
  } else {
    const like = paths.map(() => "path LIKE ?").join(" OR ");
    // When no unit outside the scope holds a suggestion, the test filters nothing: leave it out
    // (a province-wide reader then reads the covering indexes alone). One indexed probe per
    // outside unit, stopping at the first suggestion found.
    const outside = database.$client
      .prepare(
        `SELECT 1 AS found FROM suggestions x
         WHERE x.unit_id IN (SELECT id FROM org_units WHERE NOT (${like})) LIMIT 1`,
      )
      .get(...paths.map((p) => `${p}%`)) as { found: number } | undefined;
    if (outside) {
      parts.push({
        sql: `s.unit_id IN (SELECT id FROM org_units WHERE ${like})`,
        params: paths.map((p) => `${p}%`),
      });
    }
  }
  if (parts.length === 0) return null;
  return { sql: parts.map((p) => p.sql).join(" AND "), params: parts.flatMap((p) => p.params) };
}

/** A category and all of its descendants (the tree is small: read it whole). */
export function categoryWithDescendants(categoryId: number, database: Db): number[] {
  const rows = database.$client
    .prepare("SELECT id, parent_id AS parentId FROM categories")
    .all() as {
    id: number;
    parentId: number | null;
  }[];
  const children = new Map<number, number[]>();
  for (const r of rows) {
    if (r.parentId === null) continue;
    children.set(r.parentId, [...(children.get(r.parentId) ?? []), r.id]);
  }
  const out: number[] = [];
  const stack = [categoryId];
  while (stack.length) {
    const id = stack.pop()!;
    out.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/** `rollup`: the filter on analytics_monthly, where "not categorized" is stored as 0. */
export function categoryFragment(
  category: number | "none" | undefined,
  database: Db,
  rollup = false,
): Fragment | null {
  if (category === undefined) return null;
  if (category === "none") {
    return { sql: rollup ? "s.category_id = 0" : "s.category_id IS NULL", params: [] };
  }
  const ids = categoryWithDescendants(category, database);
  return { sql: `s.category_id IN (${ids.map(() => "?").join(",")})`, params: ids };
}

export function unitPathOf(unitId: number, database: Db = db()): string | null {
  const row = database.$client.prepare("SELECT path FROM org_units WHERE id = ?").get(unitId) as
    | { path: string }
    | undefined;
  return row?.path ?? null;
}

/** States still waiting on someone: the backlog. */
export const OPEN_STATES_SQL = `(${OPEN_STATES.map((s) => `'${s}'`).join(",")})`;

/** The deadline that applies in a suggestion's current state (see supervision/deadlines.ts). */
export const CURRENT_DEADLINE_SQL =
  "CASE WHEN s.status IN ('submitted','transferred') THEN s.accept_due_at ELSE coalesce(s.handle_due_at, s.accept_due_at) END";

/** Answered by the handling deadline (items without one are left out of the on-time rate). */
export const ON_TIME_SQL = "s.handle_due_at IS NOT NULL AND s.answered_at <= s.handle_due_at";
export const LATE_SQL = "s.handle_due_at IS NOT NULL AND s.answered_at > s.handle_due_at";
export const ADOPTED_DECISIONS_SQL = "('adopted','partly_adopted')";

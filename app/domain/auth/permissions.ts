import type { StaffRole } from "../../../db/schema/enums";

/**
 * Permissions as one pure function shared by UI (hide buttons) and server (throw 403).
 * A grant at a unit covers that unit's subtree; subtree membership is a path-prefix test.
 */
export const PERMISSIONS = {
  "view:console": ["reviewer", "handler", "supervisor", "analyst", "admin"],
  "review:suggestion": ["reviewer"],
  "assign:suggestion": ["reviewer"],
  "cluster:suggestion": ["reviewer"],
  "rate:suggestion": ["reviewer"],
  "moderate:suggestion": ["reviewer"],
  "handle:suggestion": ["handler"],
  "supervise:suggestion": ["supervisor"],
  "view:suggestion": ["reviewer", "handler", "supervisor", "analyst", "admin"],
  "view:analytics": ["analyst", "supervisor", "admin"],
  "admin:system": ["admin"],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export interface Grant {
  role: StaffRole;
  unitId: number;
  unitPath: string;
}

export interface StaffUser {
  id: number;
  username: string;
  displayName: string;
  departmentId: number | null;
  grants: Grant[];
}

/** The target of a check: a unit's path, and for handlers the departments assigned. */
export interface Scope {
  unitPath: string;
  departmentIds?: readonly number[];
}

export function inSubtree(grantPath: string, targetPath: string): boolean {
  return targetPath.startsWith(grantPath);
}

export function can(user: StaffUser | null, permission: Permission, scope?: Scope): boolean {
  if (!user) return false;
  const roles = PERMISSIONS[permission] as readonly StaffRole[];
  return user.grants.some((g) => {
    if (!roles.includes(g.role)) return false;
    if (!scope) return true;
    if (!inSubtree(g.unitPath, scope.unitPath)) return false;
    // A handler acts only on items assigned to their own department.
    if (g.role === "handler" && permission !== "view:console") {
      return user.departmentId !== null && (scope.departmentIds ?? []).includes(user.departmentId);
    }
    return true;
  });
}

export function hasRole(user: StaffUser | null, role: StaffRole): boolean {
  return !!user?.grants.some((g) => g.role === role);
}

/** The landing page of a user's console: the first role that has one. */
export function homePathFor(user: StaffUser): string {
  const order: [StaffRole, string][] = [
    ["admin", "/console/admin"],
    ["reviewer", "/console/review"],
    ["handler", "/console/inbox"],
    ["supervisor", "/console/supervision"],
    ["analyst", "/console/analytics"],
  ];
  for (const [role, path] of order) if (hasRole(user, role)) return path;
  return "/";
}

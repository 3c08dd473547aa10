import { createHash } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { and, eq, gt, isNull } from "drizzle-orm";
import { orgUnits, roleGrants, sessions, users } from "../../../db/schema";
import { now } from "../../utils/clock.server";
import { appCookies, randomToken } from "../../utils/cookies.server";
import { type Db, db } from "../../utils/db.server";
import { ForbiddenError, UnauthorizedError } from "../../utils/errors";
import { can, type Permission, type Scope, type StaffUser } from "./permissions";

const SESSION_HOURS = 12;
const MAX_FAILED_LOGINS = 5;
const LOCKOUT_MINUTES = 15;

/** argon2id with library defaults (m=19 MiB, t=2): ~22 ms here. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2 });
}

function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export type SignInResult =
  | { ok: true; token: string; user: StaffUser }
  | { ok: false; reason: "invalid" | "locked" };

/**
 * Verifies a password. Failed attempts are counted; after 5 the account is locked for
 * 15 minutes. A new random session id is issued at every sign-in.
 */
export async function signIn(
  username: string,
  password: string,
  database: Db = db(),
): Promise<SignInResult> {
  const user = database.select().from(users).where(eq(users.username, username)).get();
  const at = now();
  if (!user?.active) {
    // Spend the same time as a real check so timing does not reveal which usernames exist.
    await verify(DUMMY_HASH, password).catch(() => false);
    return { ok: false, reason: "invalid" };
  }
  if (user.lockedUntil && user.lockedUntil > at) return { ok: false, reason: "locked" };
  const valid = await verify(user.passwordHash, password).catch(() => false);
  if (!valid) {
    const failed = user.failedLogins + 1;
    database
      .update(users)
      .set({
        failedLogins: failed >= MAX_FAILED_LOGINS ? 0 : failed,
        lockedUntil:
          failed >= MAX_FAILED_LOGINS ? new Date(at.getTime() + LOCKOUT_MINUTES * 60_000) : null,
      })
      .where(eq(users.id, user.id))
      .run();
    return { ok: false, reason: failed >= MAX_FAILED_LOGINS ? "locked" : "invalid" };
  }
  const token = randomToken();
  database.transaction((tx) => {
    tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id)).run();
    tx.insert(sessions)
      .values({
        id: sha256(token),
        userId: user.id,
        createdAt: at,
        expiresAt: new Date(at.getTime() + SESSION_HOURS * 3_600_000),
      })
      .run();
  });
  const staff = loadStaffUser(user.id, database);
  if (!staff) return { ok: false, reason: "invalid" };
  return { ok: true, token, user: staff };
}

// A valid argon2id hash of a random string, used only to equalize timing.
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$MXVXszBHbHEcthGQ2F32RA$Mds1p88rmeBP+gCpu6AwYrykr9hUk6yXWFcLrjUdYXA";

export function loadStaffUser(userId: number, database: Db = db()): StaffUser | null {
  const user = database.select().from(users).where(eq(users.id, userId)).get();
  if (!user?.active) return null;
  const grants = database
    .select({ role: roleGrants.role, unitId: roleGrants.unitId, unitPath: orgUnits.path })
    .from(roleGrants)
    .innerJoin(orgUnits, eq(orgUnits.id, roleGrants.unitId))
    .where(and(eq(roleGrants.userId, userId), isNull(roleGrants.revokedAt)))
    .all();
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    departmentId: user.departmentId,
    grants,
  };
}

export async function sessionCookie(token: string): Promise<string> {
  return appCookies().session.serialize(token);
}

export async function clearSessionCookie(): Promise<string> {
  return appCookies().session.serialize("", { maxAge: 0 });
}

/** The signed-in staff user of a request, or null. */
export async function getStaffUser(request: Request): Promise<StaffUser | null> {
  const token = await appCookies().session.parse(request.headers.get("Cookie"));
  if (typeof token !== "string" || token.length === 0) return null;
  const row = db()
    .select({ userId: sessions.userId })
    .from(sessions)
    .where(
      and(
        eq(sessions.id, sha256(token)),
        gt(sessions.expiresAt, now()),
        isNull(sessions.revokedAt),
      ),
    )
    .get();
  return row ? loadStaffUser(row.userId) : null;
}

export async function signOut(request: Request): Promise<void> {
  const token = await appCookies().session.parse(request.headers.get("Cookie"));
  if (typeof token !== "string" || !token) return;
  db()
    .update(sessions)
    .set({ revokedAt: now() })
    .where(eq(sessions.id, sha256(token)))
    .run();
}

/** Throws 401 (as a redirect to sign-in, handled by the caller) when nobody is signed in. */
export async function requireStaff(request: Request): Promise<StaffUser> {
  const user = await getStaffUser(request);
  if (!user) throw new UnauthorizedError();
  return user;
}

/** The server twin of `can`: throws 403 when the permission is missing. */
export async function requirePermission(
  request: Request,
  permission: Permission,
  scope?: Scope,
): Promise<StaffUser> {
  const user = await requireStaff(request);
  assertCan(user, permission, scope);
  return user;
}

export function assertCan(user: StaffUser, permission: Permission, scope?: Scope): void {
  if (!can(user, permission, scope)) throw new ForbiddenError();
}

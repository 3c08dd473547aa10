import { timingSafeEqual } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { apiClients } from "../../../db/schema";
import { ApiError } from "../../utils/api.server";
import { now } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { API_KEY_PREFIX, apiKeyPrefix, hashApiKey } from "../admin/api-clients.server";
import { loadStaffUser } from "./auth.server";
import type { StaffUser } from "./permissions";

/**
 * Bearer API keys for staff clients (`Authorization: Bearer mny_…`). A client is created by an
 * admin (app/domain/admin/api-clients.server.ts) and acts as one staff account: that account's
 * roles and unit subtrees are the client's scope, so every API call goes through the same
 * permission checks (`can`/`assertCan`) and domain commands as the console.
 *
 * Only the SHA-256 of a key is stored. The key's non-secret prefix selects the candidate rows
 * and the hashes are compared with `timingSafeEqual`, so the comparison time does not depend
 * on how much of a guessed key is right.
 */
export interface ApiPrincipal {
  clientId: number;
  clientName: string;
  user: StaffUser;
}

const AUTH_HEADER = { "WWW-Authenticate": 'Bearer realm="minyi-staff-api"' };

/** Last-used timestamps are written at most this often per client (reads stay reads). */
const TOUCH_INTERVAL_MS = 60_000;

function unauthorized(code: "missing_api_key" | "invalid_api_key", message: string): ApiError {
  return new ApiError(401, code, message, {}, AUTH_HEADER);
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** The bearer key of a request, or null when there is none. */
export function bearerKey(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : "";
}

/**
 * The API client and the staff account it acts as. Throws 401 (with WWW-Authenticate) when the
 * key is missing, malformed, unknown, revoked, or its account is inactive or has no roles left.
 */
export function authenticateApiRequest(request: Request, database: Db = db()): ApiPrincipal {
  const key = bearerKey(request);
  if (key === null) {
    throw unauthorized("missing_api_key", "Send an API key: Authorization: Bearer <key>.");
  }
  if (!key.startsWith(API_KEY_PREFIX) || key.length < API_KEY_PREFIX.length + 20) {
    throw unauthorized("invalid_api_key", "The API key is not valid.");
  }
  const presented = hashApiKey(key);
  const candidates = database
    .select()
    .from(apiClients)
    .where(and(eq(apiClients.keyPrefix, apiKeyPrefix(key)), isNull(apiClients.revokedAt)))
    .all();
  let match: (typeof candidates)[number] | undefined;
  for (const c of candidates) if (sameHash(c.keyHash, presented)) match = c;
  if (!match) throw unauthorized("invalid_api_key", "The API key is not valid.");
  const user = loadStaffUser(match.userId, database);
  if (!user || user.grants.length === 0) {
    throw unauthorized("invalid_api_key", "The API key's account is inactive.");
  }
  const at = now();
  if (!match.lastUsedAt || at.getTime() - match.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    database.update(apiClients).set({ lastUsedAt: at }).where(eq(apiClients.id, match.id)).run();
  }
  return { clientId: match.id, clientName: match.name, user };
}

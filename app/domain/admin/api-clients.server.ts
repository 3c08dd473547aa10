import { createHash, randomBytes } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { apiClients, users } from "../../../db/schema";
import { now } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { DomainValidationError, NotFoundError } from "../../utils/errors";
import type { StaffUser } from "../auth/permissions";
import { CreateApiClientSchema, type ListQuery, RevokeApiClientSchema } from "./admin.schema";
import { assertAdmin, matches, paginate, parseInput, recordAudit } from "./admin.server";
import { requireManagedUser } from "./users.server";

/**
 * API clients authenticate with a bearer key. The key is 32 random bytes, shown once when the
 * client is created; only its SHA-256 is stored (a slow password hash buys nothing for a random
 * 256-bit secret, and lookups stay one indexed equality). The client acts as a staff account:
 * that account's roles and unit subtree are the client's scope, so API calls go through the same
 * permission checks as the console.
 */
export const API_KEY_PREFIX = "mny_";

/** SHA-256 (hex) of a presented key: what `api_clients.key_hash` holds. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** A new random key: "mny_" + 43 base64url characters (32 bytes). */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** The part of a key shown in lists so people can tell keys apart (never enough to use). */
export function apiKeyPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 6);
}

const actingUser = alias(users, "acting_user");
const creator = alias(users, "creator");

export function listApiClients(
  actor: StaffUser,
  query?: ListQuery & { status?: "active" | "revoked" },
  database: Db = db(),
) {
  assertAdmin(actor);
  const rows = database
    .select({
      id: apiClients.id,
      name: apiClients.name,
      keyPrefix: apiClients.keyPrefix,
      userId: apiClients.userId,
      username: actingUser.username,
      userDisplayName: actingUser.displayName,
      createdBy: creator.username,
      createdAt: apiClients.createdAt,
      lastUsedAt: apiClients.lastUsedAt,
      revokedAt: apiClients.revokedAt,
    })
    .from(apiClients)
    .innerJoin(actingUser, eq(actingUser.id, apiClients.userId))
    .leftJoin(creator, eq(creator.id, apiClients.createdBy))
    .orderBy(desc(apiClients.id))
    .all();
  // Only clients acting as an account the actor manages (its scope is inside theirs).
  const visible = rows.filter((r) => {
    try {
      requireManagedUser(database, actor, r.userId);
      return true;
    } catch {
      return false;
    }
  });
  const filtered = visible
    .filter(
      (r) =>
        !query?.status || (query.status === "active" ? r.revokedAt === null : r.revokedAt !== null),
    )
    .filter((r) => matches(query?.q, r.name, r.keyPrefix, r.username, r.userDisplayName));
  return paginate(filtered, query?.page ?? 1);
}

/**
 * Creates a client and returns its key. This is the only time the key exists outside the
 * caller: it is not stored, logged or audited, only its hash.
 */
export function createApiClient(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(CreateApiClientSchema, input);
  return database.transaction((tx) => {
    const user = requireManagedUser(tx, actor, values.userId);
    if (!user.active) throw new DomainValidationError({ userId: ["admin.error.inactive"] });
    const key = generateApiKey();
    const at = now();
    const row = tx
      .insert(apiClients)
      .values({
        name: values.name,
        keyPrefix: apiKeyPrefix(key),
        keyHash: hashApiKey(key),
        userId: user.id,
        createdBy: actor.id,
        createdAt: at,
      })
      .returning({ id: apiClients.id, keyPrefix: apiClients.keyPrefix })
      .get();
    recordAudit(
      tx,
      actor,
      {
        action: "apiClient.create",
        entityType: "api_client",
        entityId: row.id,
        unitId: null,
        data: { name: values.name, userId: user.id, keyPrefix: row.keyPrefix },
      },
      at,
    );
    return { id: row.id, name: values.name, keyPrefix: row.keyPrefix, key };
  });
}

/** Revokes a client: its key stops working at once; the row stays for the record. */
export function revokeApiClient(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(RevokeApiClientSchema, input);
  database.transaction((tx) => {
    const client = tx.select().from(apiClients).where(eq(apiClients.id, values.clientId)).get();
    if (!client) throw new NotFoundError("Unknown API client");
    requireManagedUser(tx, actor, client.userId);
    if (client.revokedAt !== null) return;
    const at = now();
    tx.update(apiClients).set({ revokedAt: at }).where(eq(apiClients.id, client.id)).run();
    recordAudit(
      tx,
      actor,
      {
        action: "apiClient.revoke",
        entityType: "api_client",
        entityId: client.id,
        unitId: null,
        data: { name: client.name, keyPrefix: client.keyPrefix },
      },
      at,
    );
  });
}

import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { idempotencyKeys } from "../../../db/schema";
import { now as clockNow } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { ConflictError } from "../../utils/errors";

/**
 * `Idempotency-Key` for API POSTs. The first successful (2xx) response is stored under the key
 * with a hash of the request; the same key with the same request returns the stored response,
 * and the same key with a different request is refused. Secrets are never stored: a caller that
 * needs one in the replay re-derives it (`restore`).
 */
export class IdempotencyMismatchError extends ConflictError {
  constructor() {
    super("This Idempotency-Key was used with a different request.");
    this.name = "IdempotencyMismatchError";
  }
}

export interface StoredResponse {
  status: number;
  body: Record<string, unknown>;
}

/** A stable hash of a request: keys are sorted so JSON key order does not matter. */
export function requestHash(parts: unknown): string {
  return createHash("sha256").update(canonical(parts)).digest("hex");
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Runs `execute` once per (scope, key). `execute` returns the response and, optionally, what to
 * store instead of the body (to keep secrets out of the table); `restore` rebuilds the body on a
 * replay. Everything between the look-up and the insert is synchronous, so two requests with
 * one key in this process cannot both execute.
 */
export function withIdempotency(
  opts: {
    scope: string;
    key: string | undefined;
    hash: string;
    execute: () => StoredResponse & { stored?: Record<string, unknown> };
    restore?: (stored: Record<string, unknown>) => Record<string, unknown>;
  },
  database: Db = db(),
): StoredResponse & { replayed: boolean } {
  if (!opts.key) return { ...opts.execute(), replayed: false };
  const id = `${opts.scope}:${opts.key}`;
  const previous = database.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, id)).get();
  if (previous) {
    const saved = JSON.parse(previous.response) as { hash: string; body: Record<string, unknown> };
    if (saved.hash !== opts.hash) throw new IdempotencyMismatchError();
    const body = opts.restore ? opts.restore(saved.body) : saved.body;
    return { status: previous.status, body, replayed: true };
  }
  const result = opts.execute();
  if (result.status >= 200 && result.status < 300) {
    database
      .insert(idempotencyKeys)
      .values({
        key: id,
        scope: opts.scope,
        status: result.status,
        response: JSON.stringify({ hash: opts.hash, body: result.stored ?? result.body }),
        createdAt: clockNow(),
      })
      .onConflictDoNothing()
      .run();
  }
  return { status: result.status, body: result.body, replayed: false };
}

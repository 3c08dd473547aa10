/**
 * API keys: only a hash is stored (the plaintext is nowhere in the database file or its WAL),
 * the presented key's hash is compared with crypto.timingSafeEqual on equal-length buffers, and
 * wrong keys of any length or shape are refused with 401.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import fc from "fast-check";
import { beforeAll, describe, expect, inject, it, vi } from "vitest";

// Every timingSafeEqual call, with the lengths of its two buffers.
const spy = vi.hoisted(() => ({ calls: [] as Array<[number, number]> }));
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  const timingSafeEqual = (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
    spy.calls.push([a.byteLength, b.byteLength]);
    return actual.timingSafeEqual(a, b);
  };
  return { ...actual, default: { ...actual, timingSafeEqual }, timingSafeEqual };
});

const dir = mkdtempSync(join(tmpdir(), "minyi-security-keys-"));
const file = join(dir, "db.sqlite");
copyFileSync(inject("templateDb"), file);
process.env.DATABASE_PATH = file;
process.env.SESSION_SECRET = "security-keys-test-session-secret-0123456789abcdef";
process.env.LOG_LEVEL = "silent";

const { loadStaffUser } = await import("../../app/domain/auth/auth.server");
const { createApiClient, revokeApiClient } = await import(
  "../../app/domain/admin/api-clients.server"
);
const { authenticateApiRequest } = await import("../../app/domain/auth/api-keys.server");
const { ApiError } = await import("../../app/utils/api.server");
const { db } = await import("../../app/utils/db.server");

const sql = new Database(file);
const userId = (username: string) =>
  (sql.prepare("SELECT id FROM users WHERE username = ?").get(username) as { id: number }).id;

const keys: string[] = [];
let revokedKey = "";

beforeAll(() => {
  const admin = loadStaffUser(userId("admin"))!;
  for (const username of ["handler", "reviewer", "analyst"])
    keys.push(createApiClient(admin, { name: `keys ${username}`, userId: userId(username) }).key);
  const revoked = createApiClient(admin, { name: "keys revoked", userId: userId("handler") });
  revokeApiClient(admin, { clientId: String(revoked.id) });
  revokedKey = revoked.key;
});

function request(authorization?: string) {
  const headers = new Headers();
  if (authorization !== undefined) headers.set("Authorization", authorization);
  return new Request("http://minyi.test/api/v1/staff/assignments", { headers });
}

function refusal(authorization?: string): number | "accepted" {
  try {
    authenticateApiRequest(request(authorization), db());
    return "accepted";
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
}

describe("API keys at rest", () => {
  it("stores the SHA-256 of each key and a short prefix, never the key", () => {
    for (const key of keys) {
      const row = sql
        .prepare(
          "SELECT key_hash AS keyHash, key_prefix AS keyPrefix FROM api_clients WHERE key_prefix = ?",
        )
        .get(key.slice(0, 10)) as { keyHash: string; keyPrefix: string };
      expect(row.keyHash).toBe(createHash("sha256").update(key).digest("hex"));
      expect(row.keyPrefix.length).toBeLessThanOrEqual(10);
      expect(key.length).toBeGreaterThan(40);
    }
  });

  it("the plaintext key is nowhere in the database file, its WAL or the audit log", () => {
    sql.pragma("wal_checkpoint(PASSIVE)");
    const bytes = [file, `${file}-wal`, `${file}-shm`]
      .filter(existsSync)
      .map((f) => readFileSync(f).toString("latin1"))
      .join("\n");
    expect(bytes.length).toBeGreaterThan(100_000);
    for (const key of [...keys, revokedKey]) {
      const secretPart = key.slice(10);
      expect(bytes.includes(key)).toBe(false);
      expect(bytes.includes(secretPart)).toBe(false);
      // Not even half of the secret part appears anywhere.
      expect(bytes.includes(secretPart.slice(0, 20))).toBe(false);
    }
    const audit = JSON.stringify(sql.prepare("SELECT * FROM audit_log").all());
    for (const key of keys) expect(audit.includes(key.slice(10))).toBe(false);
  });
});

describe("API keys in use", () => {
  it("compares hashes with crypto.timingSafeEqual on equal-length buffers", () => {
    spy.calls.length = 0;
    expect(refusal(`Bearer ${keys[0]}`)).toBe("accepted");
    expect(spy.calls.length).toBeGreaterThan(0);
    for (const [a, b] of spy.calls) {
      expect(a).toBe(b);
      expect(a).toBe(32); // two SHA-256 digests
    }
    // A wrong key with the right prefix is also compared in constant time, then refused.
    spy.calls.length = 0;
    const wrong = `${keys[0]!.slice(0, -1)}${keys[0]!.endsWith("A") ? "B" : "A"}`;
    expect(refusal(`Bearer ${wrong}`)).toBe(401);
    expect(spy.calls.length).toBeGreaterThan(0);
    for (const [a, b] of spy.calls) expect(a).toBe(b);
  });

  it("the module never compares key material with === or in SQL", () => {
    const source = readFileSync("app/domain/auth/api-keys.server.ts", "utf8");
    expect(source).toMatch(/timingSafeEqual\(/);
    expect(source).toMatch(/x\.length === y\.length/);
    expect(source).not.toMatch(/keyHash\s*[!=]==|[!=]==\s*\w*\.keyHash/);
    expect(source).not.toMatch(/eq\(apiClients\.keyHash/);
  });

  it("each valid key works; revoked and missing keys do not", () => {
    for (const key of keys) expect(refusal(`Bearer ${key}`)).toBe("accepted");
    expect(refusal(`Bearer ${revokedKey}`)).toBe(401);
    expect(refusal()).toBe(401);
    expect(refusal("")).toBe(401);
    expect(refusal("Bearer")).toBe(401);
    expect(refusal(`Basic ${Buffer.from(`x:${keys[0]}`).toString("base64")}`)).toBe(401);
  });

  it("refuses wrong keys of any length: random, truncated, extended, one character changed", () => {
    const key = keys[1]!;
    const base64url = fc.constantFrom(
      ..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
    );
    const wrongKey = fc.oneof(
      // Anything a header can carry (visible Latin-1).
      fc.string({
        unit: fc.integer({ min: 0x21, max: 0xff }).map((c) => String.fromCharCode(c)),
        maxLength: 200,
      }),
      fc.string({ unit: base64url, maxLength: 300 }).map((s) => `mny_${s}`),
      fc.integer({ min: 0, max: key.length - 1 }).map((n) => key.slice(0, n)),
      fc.string({ unit: base64url, minLength: 1, maxLength: 100 }).map((s) => key + s),
      fc
        .tuple(fc.integer({ min: 4, max: key.length - 1 }), base64url)
        .filter(([at, ch]) => key[at] !== ch)
        .map(([at, ch]) => key.slice(0, at) + ch + key.slice(at + 1)),
      fc.constant(key.toUpperCase()),
      fc.constant(key.slice(0, 10) + "A".repeat(key.length - 10)),
    );
    fc.assert(
      fc.property(wrongKey, (candidate) => {
        fc.pre(candidate !== key);
        expect(refusal(`Bearer ${candidate}`)).toBe(401);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

import { createHash, createHmac, randomBytes } from "node:crypto";

/** Tracking codes (JY-2026-000123) and their secrets. Only a SHA-256 of a secret is stored. */
export function trackingCode(id: number, at: Date): string {
  return `JY-${at.getUTCFullYear()}-${String(id).padStart(6, "0")}`;
}

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I

function encode(bytes: Buffer, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! % ALPHABET.length];
  return out;
}

/**
 * A new secret. With an idempotency key it is derived (HMAC) from it, so a retried submission
 * returns the same secret without the secret ever being stored.
 */
export function newSecret(serverKey: string, idempotencyKey?: string): string {
  const bytes = idempotencyKey
    ? createHmac("sha256", serverKey).update(`secret:${idempotencyKey}`).digest()
    : randomBytes(16);
  const raw = encode(bytes, 12);
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret.trim().toUpperCase()).digest("hex");
}

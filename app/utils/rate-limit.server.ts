import { env } from "./env.server";
import { RateLimitedError } from "./errors";

/**
 * A fixed-window, in-memory rate limiter per key (IP, contact). Good for one process; a
 * multi-instance deployment would move it to a shared store.
 */
const windows = new Map<string, { start: number; count: number }>();
const HOUR = 3_600_000;

/**
 * `login` counts failed sign-ins per IP (password spraying across accounts); `follow` counts
 * follow requests per address (each may send that address a message).
 */
export type LimitName = "submit" | "support" | "satisfaction" | "login" | "follow";

function limitFor(name: LimitName): number {
  const e = env();
  switch (name) {
    case "submit":
      return e.RATE_LIMIT_SUBMIT_PER_HOUR;
    case "support":
      return e.RATE_LIMIT_SUPPORT_PER_HOUR;
    case "satisfaction":
      return e.RATE_LIMIT_SATISFACTION_PER_HOUR;
    case "login":
      return e.RATE_LIMIT_LOGIN_FAILURES_PER_HOUR;
    case "follow":
      return e.RATE_LIMIT_FOLLOW_PER_ADDRESS_PER_HOUR;
  }
}

type Keys = readonly (string | null | undefined)[];

/** This hour's window of a key (a new one when the last has run out). */
function windowOf(name: LimitName, key: string, now: number) {
  const id = `${name}:${key}`;
  let w = windows.get(id);
  if (!w || now - w.start >= HOUR) {
    w = { start: now, count: 0 };
    windows.set(id, w);
  }
  return w;
}

/** Seconds until every key may act again under `name`; 0 when none has used up its hour. */
export function rateLimitWait(name: LimitName, keys: Keys): number {
  if (env().RATE_LIMIT === "off") return 0;
  const limit = limitFor(name);
  const now = Date.now();
  let wait = 0;
  for (const key of keys) {
    if (!key) continue;
    const w = windowOf(name, key, now);
    if (w.count >= limit) wait = Math.max(wait, Math.ceil((w.start + HOUR - now) / 1000));
  }
  return wait;
}

/** Counts one hit for each key. */
export function recordRateLimitHit(name: LimitName, keys: Keys): void {
  if (env().RATE_LIMIT === "off") return;
  const now = Date.now();
  for (const key of keys) if (key) windowOf(name, key, now).count++;
  if (windows.size > 100_000)
    for (const [k, w] of windows) if (now - w.start >= HOUR) windows.delete(k);
}

/** Takes back a hit counted by `recordRateLimitHit` (an attempt that turned out fine). */
export function forgiveRateLimitHit(name: LimitName, keys: Keys): void {
  if (env().RATE_LIMIT === "off") return;
  const now = Date.now();
  for (const key of keys) {
    if (!key) continue;
    const w = windowOf(name, key, now);
    w.count = Math.max(0, w.count - 1);
  }
}

/** Counts one hit for each key; throws 429 when a key had already used up its hour. */
export function hitRateLimit(name: LimitName, keys: Keys): void {
  const wait = rateLimitWait(name, keys);
  recordRateLimitHit(name, keys);
  if (wait > 0) throw new RateLimitedError(wait);
}

export function clientIp(request: Request): string {
  // server.js overwrites this header with Express's req.ip on every request.
  return request.headers.get("x-minyi-client-ip") || "unknown";
}

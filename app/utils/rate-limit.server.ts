import { env } from "./env.server";
import { RateLimitedError } from "./errors";

/**
 * A fixed-window, in-memory rate limiter per key (IP, contact). Good for one process; a
 * multi-instance deployment would move it to a shared store.
 */
const windows = new Map<string, { start: number; count: number }>();
const HOUR = 3_600_000;

export type LimitName = "submit" | "support" | "satisfaction";

function limitFor(name: LimitName): number {
  const e = env();
  return name === "submit"
    ? e.RATE_LIMIT_SUBMIT_PER_HOUR
    : name === "support"
      ? e.RATE_LIMIT_SUPPORT_PER_HOUR
      : e.RATE_LIMIT_SATISFACTION_PER_HOUR;
}

/** Counts one hit for each key; throws 429 when any key is over the limit. */
export function hitRateLimit(name: LimitName, keys: (string | null | undefined)[]): void {
  if (env().RATE_LIMIT === "off") return;
  const limit = limitFor(name);
  const now = Date.now();
  for (const key of keys) {
    if (!key) continue;
    const id = `${name}:${key}`;
    let w = windows.get(id);
    if (!w || now - w.start >= HOUR) {
      w = { start: now, count: 0 };
      windows.set(id, w);
    }
    w.count++;
    if (w.count > limit) throw new RateLimitedError(Math.ceil((w.start + HOUR - now) / 1000));
  }
  if (windows.size > 100_000)
    for (const [k, w] of windows) if (now - w.start >= HOUR) windows.delete(k);
}

export function clientIp(request: Request): string {
  // server.js overwrites this header with Express's req.ip on every request.
  return request.headers.get("x-minyi-client-ip") || "unknown";
}

/**
 * An injectable clock: deadlines, at-risk and overdue are computed from `now()`. Tests (and the
 * e2e test hook, when ALLOW_CLOCK_OVERRIDE=true) move it with `setClockOffset`.
 */
let offsetMs = 0;

export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

export function setClockOffset(ms: number): void {
  offsetMs = ms;
}

export function clockOffset(): number {
  return offsetMs;
}

export const DAY_MS = 86_400_000;

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

import type { SuggestionStatus } from "../../../db/schema/enums";

/**
 * Deadline state of an item, pure: which deadline applies in its state, and whether it is
 * on time, at risk (within `atRiskDays`) or overdue, as of `now`.
 */
export type DeadlineState = "none" | "on_time" | "at_risk" | "overdue";

const ACCEPT_PHASE: readonly SuggestionStatus[] = ["submitted", "transferred"];
const HANDLE_PHASE: readonly SuggestionStatus[] = [
  "accepted",
  "assigned",
  "returned",
  "in_progress",
];

export function currentDeadline(item: {
  status: SuggestionStatus;
  acceptDueAt: Date | null;
  handleDueAt: Date | null;
}): Date | null {
  if (ACCEPT_PHASE.includes(item.status)) return item.acceptDueAt;
  if (HANDLE_PHASE.includes(item.status)) return item.handleDueAt ?? item.acceptDueAt;
  return null;
}

export function deadlineState(due: Date | null, now: Date, atRiskDays = 3): DeadlineState {
  if (!due) return "none";
  const left = due.getTime() - now.getTime();
  if (left < 0) return "overdue";
  if (left <= atRiskDays * 86_400_000) return "at_risk";
  return "on_time";
}

/** Whole days past the deadline (0 when not overdue). */
export function daysOverdue(due: Date | null, now: Date): number {
  if (!due) return 0;
  return Math.max(0, Math.floor((now.getTime() - due.getTime()) / 86_400_000));
}

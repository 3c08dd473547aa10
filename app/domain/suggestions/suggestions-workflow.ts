import type { SuggestionStatus } from "../../../db/schema/enums";

/**
 * The suggestion state machine of SPEC §3 as data: each action lists the states it may start
 * from, the state it leads to and who may perform it. `assertTransition` is the only gate.
 */
export type Actor = "citizen" | "reviewer" | "handler" | "supervisor" | "system";

export const ACTIONS = {
  accept: { from: ["submitted", "transferred"], to: "accepted", by: ["reviewer"] },
  notAccept: { from: ["submitted", "transferred"], to: "not_accepted", by: ["reviewer"] },
  merge: {
    from: ["submitted", "transferred", "accepted", "returned"],
    to: "merged",
    by: ["reviewer"],
  },
  split: { from: ["merged"], to: "accepted", by: ["reviewer"] },
  transfer: {
    from: ["submitted", "transferred", "accepted", "returned"],
    to: "transferred",
    by: ["reviewer"],
  },
  assign: { from: ["accepted", "returned"], to: "assigned", by: ["reviewer"] },
  acceptAssignment: { from: ["assigned"], to: "in_progress", by: ["handler"] },
  returnAssignment: { from: ["assigned"], to: "returned", by: ["handler"] },
  answer: { from: ["in_progress"], to: "answered", by: ["handler"] },
  startImplementing: { from: ["answered"], to: "implementing", by: ["handler"] },
  complete: { from: ["answered", "implementing"], to: "completed", by: ["handler", "system"] },
  requestRehandling: { from: ["answered", "completed"], to: "in_progress", by: ["citizen"] },
  withdraw: { from: ["submitted", "transferred", "accepted"], to: "withdrawn", by: ["citizen"] },
} as const satisfies Record<
  string,
  { from: readonly SuggestionStatus[]; to: SuggestionStatus; by: readonly Actor[] }
>;

export type Action = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as Action[];

export class InvalidTransitionError extends Error {
  constructor(
    readonly action: Action,
    readonly from: SuggestionStatus,
    readonly actor: Actor,
    readonly reason: "state" | "actor",
  ) {
    super(
      reason === "state"
        ? `Cannot ${action} a suggestion that is ${from}`
        : `A ${actor} may not ${action} a suggestion`,
    );
    this.name = "InvalidTransitionError";
  }
}

/** Whether `actor` may perform `action` on a suggestion in state `from`. */
export function canTransition(action: Action, from: SuggestionStatus, actor: Actor): boolean {
  const rule = ACTIONS[action];
  return (
    (rule.from as readonly SuggestionStatus[]).includes(from) &&
    (rule.by as readonly Actor[]).includes(actor)
  );
}

/** Returns the next state, or throws InvalidTransitionError. */
export function assertTransition(
  action: Action,
  from: SuggestionStatus,
  actor: Actor,
): SuggestionStatus {
  const rule = ACTIONS[action];
  if (!(rule.by as readonly Actor[]).includes(actor)) {
    throw new InvalidTransitionError(action, from, actor, "actor");
  }
  if (!(rule.from as readonly SuggestionStatus[]).includes(from)) {
    throw new InvalidTransitionError(action, from, actor, "state");
  }
  return rule.to;
}

/** Actions available from a state for an actor (drives buttons in the UI). */
export function availableActions(from: SuggestionStatus, actor: Actor): Action[] {
  return ACTION_NAMES.filter((a) => canTransition(a, from, actor));
}

/** States that count as "answered" for the public figures. */
export const ANSWERED_STATES: readonly SuggestionStatus[] = [
  "answered",
  "implementing",
  "completed",
];
/** States still waiting on someone (used by deadlines). */
export const OPEN_STATES: readonly SuggestionStatus[] = [
  "submitted",
  "transferred",
  "accepted",
  "assigned",
  "returned",
  "in_progress",
];
/** States whose text may appear on public pages (consent and moderation permitting). */
export const PUBLIC_STATES: readonly SuggestionStatus[] = [
  "accepted",
  "assigned",
  "returned",
  "in_progress",
  "answered",
  "implementing",
  "completed",
  "merged",
];

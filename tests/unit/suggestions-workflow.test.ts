import { describe, expect, it } from "vitest";
import {
  ACTION_NAMES,
  ACTIONS,
  type Actor,
  assertTransition,
  availableActions,
  canTransition,
  InvalidTransitionError,
} from "../../app/domain/suggestions/suggestions-workflow";
import { SUGGESTION_STATUSES } from "../../db/schema/enums";

const ACTORS: Actor[] = ["citizen", "reviewer", "handler", "supervisor", "system"];

/** The expected table, written out independently of ACTIONS so a change to either is caught. */
const EXPECTED: Record<string, [string[], string, Actor[]]> = {
  accept: [["submitted", "transferred"], "accepted", ["reviewer"]],
  notAccept: [["submitted", "transferred"], "not_accepted", ["reviewer"]],
  merge: [["submitted", "transferred", "accepted", "returned"], "merged", ["reviewer"]],
  split: [["merged"], "accepted", ["reviewer"]],
  transfer: [["submitted", "transferred", "accepted", "returned"], "transferred", ["reviewer"]],
  assign: [["accepted", "returned"], "assigned", ["reviewer"]],
  acceptAssignment: [["assigned"], "in_progress", ["handler"]],
  returnAssignment: [["assigned"], "returned", ["handler"]],
  answer: [["in_progress"], "answered", ["handler"]],
  startImplementing: [["answered"], "implementing", ["handler"]],
  complete: [["answered", "implementing"], "completed", ["handler", "system"]],
  requestRehandling: [["answered", "completed"], "in_progress", ["citizen"]],
  withdraw: [["submitted", "transferred", "accepted"], "withdrawn", ["citizen"]],
};

describe("suggestion workflow", () => {
  it("has exactly the expected actions", () => {
    expect(ACTION_NAMES.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  // Walk every action × every state × every actor.
  for (const action of ACTION_NAMES) {
    const [from, to, by] = EXPECTED[action]!;
    for (const state of SUGGESTION_STATUSES) {
      for (const actor of ACTORS) {
        const allowed = from.includes(state) && by.includes(actor);
        it(`${action} from ${state} by ${actor} is ${allowed ? "allowed" : "refused"}`, () => {
          expect(canTransition(action, state, actor)).toBe(allowed);
          if (allowed) {
            expect(assertTransition(action, state, actor)).toBe(to);
          } else {
            expect(() => assertTransition(action, state, actor)).toThrow(InvalidTransitionError);
          }
        });
      }
    }
  }

  it("explains whether the state or the actor was wrong", () => {
    try {
      assertTransition("assign", "submitted", "reviewer");
      expect.unreachable();
    } catch (e) {
      expect((e as InvalidTransitionError).reason).toBe("state");
    }
    try {
      assertTransition("assign", "accepted", "handler");
      expect.unreachable();
    } catch (e) {
      expect((e as InvalidTransitionError).reason).toBe("actor");
    }
  });

  it("terminal states offer nothing to anyone", () => {
    for (const state of ["not_accepted", "withdrawn"] as const) {
      for (const actor of ACTORS) expect(availableActions(state, actor)).toEqual([]);
    }
  });

  it("every target state is a known status", () => {
    for (const rule of Object.values(ACTIONS)) expect(SUGGESTION_STATUSES).toContain(rule.to);
  });
});

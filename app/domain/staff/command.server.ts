import { and, eq } from "drizzle-orm";
import { assignments, orgUnits, suggestions } from "../../../db/schema";
import type { SuggestionStatus } from "../../../db/schema/enums";
import { now as clockNow } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { ConflictError, NotFoundError } from "../../utils/errors";
import { appendEvent, type Tx } from "../audit/audit.server";
import { assertCan } from "../auth/auth.server";
import type { Permission, Scope, StaffUser } from "../auth/permissions";
import { followerUpdate, notifyFollowers } from "../suggestions/follows.server";
import {
  type Action,
  type Actor,
  assertTransition,
  PUBLIC_STATES,
} from "../suggestions/suggestions-workflow";
import { textIndex } from "../suggestions/text-index.server";

/**
 * The one gate every staff command goes through: inside a transaction it loads the
 * suggestion, checks the version the user saw (a stale write gets 409 and changes nothing),
 * the permission in the item's scope and, for state changes, the workflow table; then the
 * command's own writes run, the version is bumped, an event is appended (followers hear of public
 * ones), and after the commit the text indexes are refreshed.
 */
export interface CommandContext {
  user: StaffUser;
  /** The version of the suggestion the user saw. */
  version: number;
  at?: Date;
}

export type LoadedSuggestion = typeof suggestions.$inferSelect & { unitPath: string };

export interface CommandSpec<R> {
  suggestionId: number;
  permission: Permission;
  /** A workflow action, when the command changes the status. */
  action?: Action;
  actor?: Actor;
  /** The event recorded (defaults to the action name). */
  event?: {
    type?: string;
    note?: string | null;
    isPublic?: boolean;
    citizenVisible?: boolean;
    data?: Record<string, unknown>;
  };
  /** Extra column changes on the suggestion row. */
  patch?: (row: LoadedSuggestion, to: SuggestionStatus) => Partial<typeof suggestions.$inferInsert>;
  /** The command's other writes, inside the same transaction. */
  apply?: (tx: Tx, row: LoadedSuggestion, at: Date, to: SuggestionStatus) => R;
  /** Ids whose index entries must be refreshed after the commit (the item itself always is). */
  alsoRefresh?: number[];
}

export interface CommandResult<R> {
  suggestionId: number;
  version: number;
  status: SuggestionStatus;
  result: R;
}

/** The timestamp column a status change sets. */
const MILESTONE_COLUMN: Partial<Record<SuggestionStatus, keyof typeof suggestions.$inferInsert>> = {
  accepted: "acceptedAt",
  assigned: "assignedAt",
  in_progress: "inProgressAt",
  answered: "answeredAt",
  implementing: "implementingAt",
  completed: "completedAt",
};
const CLOSING: readonly SuggestionStatus[] = ["not_accepted", "merged", "completed", "withdrawn"];

/** Timeline event names (they are i18n keys `event.*`): the new status, with a few exceptions. */
function eventTypeFor(action: Action | undefined, to: SuggestionStatus): string {
  if (action === "acceptAssignment") return "assignment_accepted";
  if (action === "split") return "split";
  return to;
}

export function loadSuggestion(tx: Tx, suggestionId: number): LoadedSuggestion {
  const row = tx
    .select({ s: suggestions, unitPath: orgUnits.path })
    .from(suggestions)
    .innerJoin(orgUnits, eq(orgUnits.id, suggestions.unitId))
    .where(eq(suggestions.id, suggestionId))
    .get();
  if (!row) throw new NotFoundError("Unknown suggestion");
  return { ...row.s, unitPath: row.unitPath };
}

/** The scope of a suggestion for permission checks: its unit and assigned departments. */
export function scopeOf(tx: Tx, row: LoadedSuggestion): Scope {
  const departmentIds = tx
    .select({ id: assignments.departmentId })
    .from(assignments)
    .where(eq(assignments.suggestionId, row.id))
    .all()
    .map((a) => a.id);
  return { unitPath: row.unitPath, departmentIds };
}

export function runCommand<R = void>(
  ctx: CommandContext,
  spec: CommandSpec<R>,
  database: Db = db(),
): CommandResult<R> {
  const at = ctx.at ?? clockNow();
  const out = database.transaction((tx) => {
    const row = loadSuggestion(tx, spec.suggestionId);
    assertCan(ctx.user, spec.permission, scopeOf(tx, row));
    if (row.version !== ctx.version) throw new ConflictError();
    const to = spec.action
      ? assertTransition(spec.action, row.status, spec.actor ?? "reviewer")
      : row.status;
    const result = spec.apply ? spec.apply(tx, row, at, to) : (undefined as R);
    const milestone = to !== row.status ? MILESTONE_COLUMN[to] : undefined;
    const changed = tx
      .update(suggestions)
      .set({
        ...(spec.patch?.(row, to) ?? {}),
        status: to,
        version: row.version + 1,
        updatedAt: at,
        ...(milestone ? { [milestone]: at } : {}),
        ...(CLOSING.includes(to) && to !== row.status ? { closedAt: at } : {}),
      })
      .where(and(eq(suggestions.id, row.id), eq(suggestions.version, row.version)))
      .run();
    if (changed.changes !== 1) throw new ConflictError();
    const isPublic =
      spec.event?.isPublic ?? (to !== row.status && PUBLIC_STATES.includes(to) && to !== "merged");
    appendEvent(tx, {
      suggestionId: row.id,
      type: spec.event?.type ?? (to !== row.status ? eventTypeFor(spec.action, to) : "other"),
      actorKind: "staff",
      actorUserId: ctx.user.id,
      fromStatus: to !== row.status ? row.status : null,
      toStatus: to !== row.status ? to : null,
      note: spec.event?.note ?? null,
      isPublic,
      citizenVisible: spec.event?.citizenVisible ?? (isPublic || to !== row.status),
      data: spec.event?.data ?? null,
      at,
    });
    if (isPublic) {
      const [subject, body] = followerUpdate({
        trackingCode: row.trackingCode,
        title: row.title,
        status: to,
        note: spec.event?.note,
      });
      notifyFollowers(tx, row.id, subject, body, at);
    }
    return { suggestionId: row.id, version: row.version + 1, status: to, result };
  });
  textIndex().refresh([spec.suggestionId, ...(spec.alsoRefresh ?? [])], database);
  return out;
}

import { and, eq, inArray, sql } from "drizzle-orm";
import {
  assignments,
  extensions,
  orgUnits,
  suggestions,
  supervisionNotices,
} from "../../../db/schema";
import { now as clockNow } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { DomainValidationError } from "../../utils/errors";
import { type CommandContext, runCommand } from "../staff/command.server";
import { notifyDepartment, notifyUnitRole } from "../staff/notify.server";
import { inSubtrees, listStaffSuggestions } from "../suggestions/suggestions.server";
import { OPEN_STATES } from "../suggestions/suggestions-workflow";
import { currentDeadline, daysOverdue, deadlineState } from "./deadlines";

/** At-risk and overdue items in the given subtrees, most overdue first. */
export function listSupervisionBoard(paths: string[], at = clockNow(), database: Db = db()) {
  const rows = listStaffSuggestions(
    {
      paths,
      statuses: ["submitted", "transferred", "accepted", "assigned", "returned", "in_progress"],
      limit: 5000,
    },
    database,
  );
  return rows
    .map((r) => {
      const due = currentDeadline(r);
      return { ...r, dueAt: due, state: deadlineState(due, at), daysOverdue: daysOverdue(due, at) };
    })
    .filter((r) => r.state === "overdue" || r.state === "at_risk")
    .sort((a, b) => (a.dueAt?.getTime() ?? 0) - (b.dueAt?.getTime() ?? 0));
}

/**
 * 督办: a supervisor's notice on an open item in their subtree, recorded, shown on the
 * timeline and sent to the lead department (or to the unit's reviewers before assignment).
 */
export function issueSupervisionNotice(
  ctx: CommandContext,
  suggestionId: number,
  input: { note: string },
  database: Db = db(),
) {
  return runCommand(
    ctx,
    {
      suggestionId,
      permission: "supervise:suggestion",
      apply: (tx, row, at) => {
        if (!OPEN_STATES.includes(row.status))
          throw new DomainValidationError({ note: ["supervision.notOpen"] });
        tx.insert(supervisionNotices)
          .values({
            suggestionId: row.id,
            unitId: row.unitId,
            departmentId: row.leadDepartmentId,
            issuedBy: ctx.user.id,
            note: input.note,
            issuedAt: at,
          })
          .run();
        const message = {
          subject: `督办通知 / Supervision notice: ${row.trackingCode}`,
          body: input.note,
        };
        if (row.leadDepartmentId) notifyDepartment(tx, row.leadDepartmentId, row.id, message, at);
        else notifyUnitRole(tx, [row.unitId], "reviewer", row.id, message, at);
      },
      event: { type: "supervision_notice", note: input.note, isPublic: true },
    },
    database,
  );
}

/** Approves (moving the deadlines) or refuses a pending extension request. */
export function decideExtension(
  ctx: CommandContext,
  suggestionId: number,
  input: { extensionId: number; approve: boolean },
  database: Db = db(),
) {
  let days = 0;
  return runCommand(
    ctx,
    {
      suggestionId,
      permission: "supervise:suggestion",
      apply: (tx, row, at) => {
        const ext = tx
          .select()
          .from(extensions)
          .where(
            and(
              eq(extensions.id, input.extensionId),
              eq(extensions.suggestionId, row.id),
              eq(extensions.status, "pending"),
            ),
          )
          .get();
        if (!ext) throw new DomainValidationError({ extensionId: ["extension.notPending"] });
        days = ext.days;
        tx.update(extensions)
          .set({
            status: input.approve ? "approved" : "refused",
            decidedBy: ctx.user.id,
            decidedAt: at,
          })
          .where(eq(extensions.id, ext.id))
          .run();
        if (input.approve) {
          tx.update(assignments)
            .set({ dueAt: sql`${assignments.dueAt} + ${ext.days * 86_400_000}` })
            .where(
              and(
                eq(assignments.suggestionId, row.id),
                inArray(assignments.status, ["pending", "accepted"]),
              ),
            )
            .run();
        }
        if (row.leadDepartmentId)
          notifyDepartment(
            tx,
            row.leadDepartmentId,
            row.id,
            {
              subject: `${input.approve ? "延期已批准" : "延期未批准"} / Extension ${input.approve ? "approved" : "refused"}: ${row.trackingCode}`,
              body: `${ext.days} 天 days`,
            },
            at,
          );
      },
      patch: (row) =>
        input.approve && row.handleDueAt
          ? { handleDueAt: new Date(row.handleDueAt.getTime() + days * 86_400_000) }
          : {},
      event: {
        type: input.approve ? "extension_approved" : "extension_refused",
        isPublic: input.approve,
        data: { extensionId: input.extensionId },
      },
    },
    database,
  );
}

/** Pending extension requests in the subtrees. */
export function listPendingExtensions(paths: string[], database: Db = db()) {
  return database
    .select({
      id: extensions.id,
      suggestionId: extensions.suggestionId,
      trackingCode: suggestions.trackingCode,
      title: suggestions.title,
      version: suggestions.version,
      days: extensions.days,
      reason: extensions.reason,
      createdAt: extensions.createdAt,
    })
    .from(extensions)
    .innerJoin(suggestions, eq(suggestions.id, extensions.suggestionId))
    .innerJoin(orgUnits, eq(orgUnits.id, suggestions.unitId))
    .where(and(eq(extensions.status, "pending"), inSubtrees(paths)))
    .orderBy(extensions.createdAt)
    .all();
}

import { and, asc, eq, inArray, sql } from "drizzle-orm";
import {
  adoptionDecisions,
  assignments,
  departments,
  extensions,
  milestones,
  orgUnits,
  outcomes,
  replies,
} from "../../../db/schema";
import type { Decision, OutcomeType } from "../../../db/schema/enums";
import { addDays, now as clockNow } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { DomainValidationError, ForbiddenError } from "../../utils/errors";
import type { Tx } from "../audit/audit.server";
import type { StaffUser } from "../auth/permissions";
import { resolveDeadlineRule } from "../supervision/deadline-rules.server";
import { type CommandContext, type LoadedSuggestion, runCommand } from "./command.server";
import { notifyCitizen, notifyDepartment, notifyUnitRole } from "./notify.server";

/**
 * Routing and department handling: assignment to a lead and co-handling departments with a
 * due date from the deadline rules, acceptance or return by the lead department, the reply
 * (draft, then published with the adoption decision), the conversion outcome with milestones,
 * completion and extension requests.
 */

const DAY = 86_400_000;

/** The lead department's pending or accepted assignment; only its handlers act for it. */
function leadAssignment(tx: Tx, row: LoadedSuggestion, user: StaffUser) {
  const lead = tx
    .select()
    .from(assignments)
    .where(
      and(
        eq(assignments.suggestionId, row.id),
        eq(assignments.role, "lead"),
        inArray(assignments.status, ["pending", "accepted", "done"]),
      ),
    )
    .get();
  if (!lead || lead.departmentId !== user.departmentId)
    throw new ForbiddenError("Only the lead department may do this");
  return lead;
}

/** Unit ids from the item's unit up to the root, for notifying supervisors above it. */
function unitChain(row: LoadedSuggestion): number[] {
  return row.unitPath.split("/").filter(Boolean).map(Number);
}

export function assignSuggestion(
  ctx: CommandContext,
  suggestionId: number,
  input: {
    leadDepartmentId: number;
    coDepartmentIds: number[];
    dueAt?: Date;
    instructions?: string;
  },
  database: Db = db(),
) {
  const at = ctx.at ?? clockNow();
  const wanted = [input.leadDepartmentId, ...input.coDepartmentIds];
  const found = database
    .select({ id: departments.id, name: departments.name, unitPath: orgUnits.path })
    .from(departments)
    .innerJoin(orgUnits, eq(orgUnits.id, departments.unitId))
    .where(and(inArray(departments.id, wanted), eq(departments.active, true)))
    .all();
  if (!found.some((d) => d.id === input.leadDepartmentId))
    throw new DomainValidationError({ leadDepartmentId: ["form.invalid"] });
  const co = [...new Set(input.coDepartmentIds)].filter(
    (id) => id !== input.leadDepartmentId && found.some((d) => d.id === id),
  );
  /**
   * A department can take an item of its own unit or of a unit below it: its handlers' grants
   * are on its unit, so one of another city (or of a district, for a city's item) could
   * neither see nor accept it, and the item would wait for nobody.
   */
  const assertCanHandle = (itemPath: string) => {
    const reaches = (id: number) =>
      found.some((d) => d.id === id && itemPath.startsWith(d.unitPath));
    if (!reaches(input.leadDepartmentId))
      throw new DomainValidationError({ leadDepartmentId: ["assign.outOfArea"] });
    if (!co.every(reaches))
      throw new DomainValidationError({ coDepartmentIds: ["assign.outOfArea"] });
  };
  let dueAt = input.dueAt;
  return runCommand(
    { ...ctx, at },
    {
      suggestionId,
      permission: "assign:suggestion",
      action: "assign",
      patch: () => ({ handleDueAt: dueAt, leadDepartmentId: input.leadDepartmentId }),
      apply: (tx, row) => {
        assertCanHandle(row.unitPath);
        const rule = resolveDeadlineRule(tx, row.unitId, row.categoryId);
        const latest = addDays(at, rule.handleDays);
        dueAt ??= latest;
        // Editable within the rule: at least a day, at most the statutory handling period.
        if (dueAt.getTime() < at.getTime() + DAY || dueAt.getTime() > latest.getTime() + DAY)
          throw new DomainValidationError({ dueAt: ["assign.dueOutOfRange"] });
        for (const [departmentId, role] of [
          [input.leadDepartmentId, "lead"],
          ...co.map((id) => [id, "co"] as const),
        ] as const) {
          tx.insert(assignments)
            .values({
              suggestionId: row.id,
              departmentId,
              role,
              status: "pending",
              instructions: input.instructions ?? null,
              dueAt: dueAt!,
              assignedBy: ctx.user.id,
              assignedAt: at,
            })
            .run();
          notifyDepartment(
            tx,
            departmentId,
            row.id,
            {
              subject: `${role === "lead" ? "新交办件" : "新协办件"} / New ${role === "lead" ? "assignment" : "co-handling request"}: ${row.trackingCode}`,
              body: `${row.title}\n${input.instructions ?? ""}`,
            },
            at,
          );
        }
      },
      event: {
        isPublic: true,
        data: { leadDepartmentId: input.leadDepartmentId, coDepartmentIds: co },
      },
    },
    database,
  );
}

export function acceptAssignment(ctx: CommandContext, suggestionId: number, database: Db = db()) {
  return runCommand(
    ctx,
    {
      suggestionId,
      permission: "handle:suggestion",
      action: "acceptAssignment",
      actor: "handler",
      apply: (tx, row, at) => {
        const lead = leadAssignment(tx, row, ctx.user);
        tx.update(assignments)
          .set({ status: "accepted", respondedAt: at })
          .where(eq(assignments.id, lead.id))
          .run();
      },
      event: { isPublic: true },
    },
    database,
  );
}

export function returnAssignment(
  ctx: CommandContext,
  suggestionId: number,
  input: { reason: string },
  database: Db = db(),
) {
  return runCommand(
    ctx,
    {
      suggestionId,
      permission: "handle:suggestion",
      action: "returnAssignment",
      actor: "handler",
      patch: () => ({ leadDepartmentId: null, handleDueAt: null }),
      apply: (tx, row, at) => {
        leadAssignment(tx, row, ctx.user);
        tx.update(assignments)
          .set({ status: "returned", respondedAt: at, returnReason: input.reason })
          .where(
            and(
              eq(assignments.suggestionId, row.id),
              inArray(assignments.status, ["pending", "accepted"]),
            ),
          )
          .run();
        notifyUnitRole(
          tx,
          [row.unitId],
          "reviewer",
          row.id,
          { subject: `退回件 / Returned: ${row.trackingCode}`, body: input.reason },
          at,
        );
      },
      event: { note: input.reason },
    },
    database,
  );
}

function upsertReply(tx: Tx, row: LoadedSuggestion, user: StaffUser, body: string, at: Date) {
  const lead = leadAssignment(tx, row, user);
  const draft = tx
    .select({ id: replies.id })
    .from(replies)
    .where(and(eq(replies.suggestionId, row.id), eq(replies.status, "draft")))
    .get();
  if (draft) {
    tx.update(replies)
      .set({ body, authorId: user.id, updatedAt: at })
      .where(eq(replies.id, draft.id))
      .run();
    return draft.id;
  }
  return tx
    .insert(replies)
    .values({
      suggestionId: row.id,
      departmentId: lead.departmentId,
      authorId: user.id,
      body,
      status: "draft",
      createdAt: at,
      updatedAt: at,
    })
    .returning({ id: replies.id })
    .get().id;
}

export function saveReplyDraft(
  ctx: CommandContext,
  suggestionId: number,
  input: { body: string },
  database: Db = db(),
) {
  return runCommand(
    ctx,
    {
      suggestionId,
      permission: "handle:suggestion",
      apply: (tx, row, at) => {
        if (row.status !== "in_progress")
          throw new DomainValidationError({ body: ["handling.notInProgress"] });
        upsertReply(tx, row, ctx.user, input.body, at);
      },
      event: { type: "reply_drafted" },
    },
    database,
  );
}

/** Publishes the reply with the adoption decision: the item is answered. */
export function publishReply(
  ctx: CommandContext,
  suggestionId: number,
  input: { body: string; decision: Decision; reason?: string },
  database: Db = db(),
) {
  if (input.decision === "not_adopted" && !input.reason)
    throw new DomainValidationError({ reason: ["handling.reasonRequired"] });
  return runCommand(
    ctx,
    {
      suggestionId,
      permission: "handle:suggestion",
      action: "answer",
      actor: "handler",
      patch: () => ({ decision: input.decision }),
      apply: (tx, row, at) => {
        const replyId = upsertReply(tx, row, ctx.user, input.body, at);
        tx.update(replies)
          .set({ status: "published", publishedAt: at })
          .where(eq(replies.id, replyId))
          .run();
        tx.insert(adoptionDecisions)
          .values({
            suggestionId: row.id,
            decision: input.decision,
            reason: input.reason ?? null,
            decidedBy: ctx.user.id,
            decidedAt: at,
            publishedAt: at,
          })
          .onConflictDoUpdate({
            target: adoptionDecisions.suggestionId,
            set: {
              decision: input.decision,
              reason: input.reason ?? null,
              decidedBy: ctx.user.id,
              decidedAt: at,
              publishedAt: at,
            },
          })
          .run();
        notifyCitizen(
          tx,
          row.id,
          {
            subject: `您的建议已答复 / Your suggestion was answered: ${row.trackingCode}`,
            body: `${input.body}\n\n凭查询编号和密码可查看详情并评价。Use your tracking code and secret to read the answer and rate it.`,
          },
          at,
        );
      },
      event: { isPublic: true, data: { decision: input.decision } },
    },
    database,
  );
}

/** Closes an answered item that needs no conversion (e.g. kept for reference). */
export function completeSuggestion(ctx: CommandContext, suggestionId: number, database: Db = db()) {
  return runCommand(
    ctx,
    {
      suggestionId,
      permission: "handle:suggestion",
      action: "complete",
      actor: "handler",
      apply: (tx, row) => {
        leadAssignment(tx, row, ctx.user);
        const open = tx
          .select({ n: sql<number>`count(*)` })
          .from(milestones)
          .innerJoin(outcomes, eq(outcomes.id, milestones.outcomeId))
          .where(and(eq(outcomes.suggestionId, row.id), sql`${milestones.doneAt} is null`))
          .get();
        if ((open?.n ?? 0) > 0)
          throw new DomainValidationError({ version: ["handling.milestonesOpen"] });
        tx.update(assignments)
          .set({ status: "done" })
          .where(and(eq(assignments.suggestionId, row.id), eq(assignments.status, "accepted")))
          .run();
      },
      event: { isPublic: true },
    },
    database,
  );
}

/** The conversion outcome (转化成果) of an adopted suggestion: it moves to implementing. */
export function recordOutcome(
  ctx: CommandContext,
  suggestionId: number,
  input: {
    type: OutcomeType;
    title: string;
    description: string;
    documentNo?: string;
    link?: string;
    outcomeDate?: Date;
  },
  database: Db = db(),
) {
  return runCommand(
    ctx,
    {
      suggestionId,
      permission: "handle:suggestion",
      action: "startImplementing",
      actor: "handler",
      apply: (tx, row, at) => {
        leadAssignment(tx, row, ctx.user);
        if (row.decision !== "adopted" && row.decision !== "partly_adopted")
          throw new DomainValidationError({ type: ["handling.outcomeNeedsAdoption"] });
        tx.insert(outcomes)
          .values({
            suggestionId: row.id,
            type: input.type,
            title: input.title,
            description: input.description,
            documentNo: input.documentNo ?? null,
            link: input.link ?? null,
            outcomeDate: input.outcomeDate ?? null,
            createdBy: ctx.user.id,
            createdAt: at,
            publishedAt: at,
          })
          .onConflictDoUpdate({
            target: outcomes.suggestionId,
            set: {
              type: input.type,
              title: input.title,
              description: input.description,
              documentNo: input.documentNo ?? null,
              link: input.link ?? null,
              outcomeDate: input.outcomeDate ?? null,
            },
          })
          .run();
      },
      event: { isPublic: true, note: input.title, data: { type: input.type } },
    },
    database,
  );
}

function outcomeOf(tx: Tx, suggestionId: number) {
  const o = tx.select().from(outcomes).where(eq(outcomes.suggestionId, suggestionId)).get();
  if (!o) throw new DomainValidationError({ title: ["handling.noOutcome"] });
  return o;
}

export function addMilestone(
  ctx: CommandContext,
  suggestionId: number,
  input: { title: string; dueAt?: Date },
  database: Db = db(),
) {
  return runCommand(
    ctx,
    {
      suggestionId,
      permission: "handle:suggestion",
      apply: (tx, row) => {
        leadAssignment(tx, row, ctx.user);
        if (row.status !== "implementing")
          throw new DomainValidationError({ title: ["handling.notImplementing"] });
        const o = outcomeOf(tx, row.id);
        const position =
          (tx
            .select({ n: sql<number>`max(${milestones.position})` })
            .from(milestones)
            .where(eq(milestones.outcomeId, o.id))
            .get()?.n ?? 0) + 1;
        tx.insert(milestones)
          .values({ outcomeId: o.id, position, title: input.title, dueAt: input.dueAt ?? null })
          .run();
      },
      event: { type: "milestone_added", note: input.title, isPublic: true },
    },
    database,
  );
}

/**
 * Progress on a milestone; when the last open one is done, the item is completed in the same
 * transaction (by the system, as the workflow table allows).
 */
export function updateMilestone(
  ctx: CommandContext,
  suggestionId: number,
  input: { milestoneId: number; progress: number; evidence?: string; done: boolean },
  database: Db = db(),
) {
  const at = ctx.at ?? clockNow();
  let allDone = false;
  const first = runCommand(
    { ...ctx, at },
    {
      suggestionId,
      permission: "handle:suggestion",
      apply: (tx, row) => {
        leadAssignment(tx, row, ctx.user);
        if (row.status !== "implementing")
          throw new DomainValidationError({ progress: ["handling.notImplementing"] });
        const o = outcomeOf(tx, row.id);
        const m = tx
          .select()
          .from(milestones)
          .where(and(eq(milestones.id, input.milestoneId), eq(milestones.outcomeId, o.id)))
          .get();
        if (!m) throw new DomainValidationError({ milestoneId: ["form.invalid"] });
        tx.update(milestones)
          .set({
            progress: input.done ? 100 : input.progress,
            evidence: input.evidence ?? m.evidence,
            doneAt: input.done ? (m.doneAt ?? at) : null,
          })
          .where(eq(milestones.id, m.id))
          .run();
        const all = tx.select().from(milestones).where(eq(milestones.outcomeId, o.id)).all();
        allDone = all.length > 0 && all.every((x) => x.doneAt !== null);
        if (allDone) tx.update(outcomes).set({ achievedAt: at }).where(eq(outcomes.id, o.id)).run();
        return m.title;
      },
      event: {
        type: input.done ? "milestone_done" : "milestone_progress",
        isPublic: input.done,
        data: { milestoneId: input.milestoneId, progress: input.done ? 100 : input.progress },
      },
    },
    database,
  );
  if (!allDone) return first;
  return runCommand(
    { ...ctx, version: first.version, at },
    {
      suggestionId,
      permission: "handle:suggestion",
      action: "complete",
      actor: "system",
      apply: (tx, row) => {
        tx.update(assignments)
          .set({ status: "done" })
          .where(and(eq(assignments.suggestionId, row.id), eq(assignments.status, "accepted")))
          .run();
      },
      event: { isPublic: true, note: first.result },
    },
    database,
  );
}

/** One extension per item, at most the rule's maximum; a supervisor decides. */
export function requestExtension(
  ctx: CommandContext,
  suggestionId: number,
  input: { days: number; reason: string },
  database: Db = db(),
) {
  return runCommand(
    ctx,
    {
      suggestionId,
      permission: "handle:suggestion",
      apply: (tx, row, at) => {
        leadAssignment(tx, row, ctx.user);
        if (!["assigned", "in_progress"].includes(row.status))
          throw new DomainValidationError({ days: ["extension.notOpen"] });
        const rule = resolveDeadlineRule(tx, row.unitId, row.categoryId);
        if (input.days > rule.maxExtensionDays)
          throw new DomainValidationError({ days: ["extension.tooLong"] });
        const earlier = tx
          .select({ id: extensions.id })
          .from(extensions)
          .where(
            and(
              eq(extensions.suggestionId, row.id),
              inArray(extensions.status, ["pending", "approved"]),
            ),
          )
          .get();
        if (earlier) throw new DomainValidationError({ days: ["extension.onlyOne"] });
        tx.insert(extensions)
          .values({
            suggestionId: row.id,
            requestedBy: ctx.user.id,
            days: input.days,
            reason: input.reason,
            status: "pending",
            createdAt: at,
          })
          .run();
        notifyUnitRole(
          tx,
          unitChain(row),
          "supervisor",
          row.id,
          {
            subject: `延期申请 / Extension request: ${row.trackingCode}`,
            body: `${input.days} 天 days — ${input.reason}`,
          },
          at,
        );
      },
      event: { type: "extension_requested", note: input.reason, data: { days: input.days } },
    },
    database,
  );
}

/** Assignments, replies, decision, outcome with milestones and extensions of one item. */
export function handlingDetail(suggestionId: number, database: Db = db()) {
  const outcome = database
    .select()
    .from(outcomes)
    .where(eq(outcomes.suggestionId, suggestionId))
    .get();
  return {
    replies: database
      .select()
      .from(replies)
      .where(eq(replies.suggestionId, suggestionId))
      .orderBy(asc(replies.id))
      .all(),
    decision:
      database
        .select()
        .from(adoptionDecisions)
        .where(eq(adoptionDecisions.suggestionId, suggestionId))
        .get() ?? null,
    outcome: outcome ?? null,
    milestones: outcome
      ? database
          .select()
          .from(milestones)
          .where(eq(milestones.outcomeId, outcome.id))
          .orderBy(asc(milestones.position))
          .all()
      : [],
    extensions: database
      .select()
      .from(extensions)
      .where(eq(extensions.suggestionId, suggestionId))
      .orderBy(asc(extensions.id))
      .all(),
  };
}

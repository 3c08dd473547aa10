import { and, eq } from "drizzle-orm";
import { categories, internalNotes, notAcceptReasons, orgUnits, ratings } from "../../../db/schema";
import { addDays, now as clockNow } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { DomainValidationError } from "../../utils/errors";
import { appendEvent, type Tx } from "../audit/audit.server";
import { assertCan } from "../auth/auth.server";
import { intelligence } from "../intelligence/intelligence.server";
import { resolveDeadlineRule } from "../supervision/deadline-rules.server";
import { type CommandContext, loadSuggestion, runCommand, scopeOf } from "./command.server";
import { notifyCitizen, notifyUnitRole } from "./notify.server";

/**
 * Screening (受理) by reviewers: accept with a confirmed category, not accept with a reason,
 * transfer to another unit's queue, correct the category, hide from public view; plus the
 * rating rubric and internal notes, which add rows without changing the suggestion.
 */

function assertCategory(tx: Tx, categoryId: number): void {
  if (!tx.select({ id: categories.id }).from(categories).where(eq(categories.id, categoryId)).get())
    throw new DomainValidationError({ categoryId: ["form.invalid"] });
}

export function acceptSuggestion(
  ctx: CommandContext,
  suggestionId: number,
  input: { categoryId?: number },
  database: Db = db(),
) {
  return runCommand(
    ctx,
    {
      suggestionId,
      permission: "review:suggestion",
      action: "accept",
      patch: (row) => ({
        categoryId: input.categoryId ?? row.categoryId ?? row.predictedCategoryId,
      }),
      apply: (tx, row, at) => {
        if (input.categoryId) assertCategory(tx, input.categoryId);
        notifyCitizen(
          tx,
          row.id,
          {
            subject: `您的建议已受理 / Your suggestion was accepted: ${row.trackingCode}`,
            body: `您的建议 ${row.trackingCode} 已受理，我们将尽快交有关部门办理。\nYour suggestion ${row.trackingCode} was accepted and will be routed to the responsible department.`,
          },
          at,
        );
      },
      event: {
        data: {
          categoryId: input.categoryId ?? null,
          confirmedCategory: true,
        },
      },
    },
    database,
  );
}

export function notAcceptSuggestion(
  ctx: CommandContext,
  suggestionId: number,
  input: { reasonId: number; note?: string },
  database: Db = db(),
) {
  const reason = database
    .select()
    .from(notAcceptReasons)
    .where(and(eq(notAcceptReasons.id, input.reasonId), eq(notAcceptReasons.active, true)))
    .get();
  if (!reason) throw new DomainValidationError({ reasonId: ["form.invalid"] });
  const note = [reason.text, input.note].filter(Boolean).join("：");
  return runCommand(
    ctx,
    {
      suggestionId,
      permission: "review:suggestion",
      action: "notAccept",
      apply: (tx, row, at) => {
        intelligence().remove(tx, row.id, at);
        notifyCitizen(
          tx,
          row.id,
          {
            subject: `关于您的建议 / About your suggestion: ${row.trackingCode}`,
            body: `您的建议 ${row.trackingCode} 未予受理。原因：${note}\nYour suggestion ${row.trackingCode} was not accepted. Reason: ${reason.textEn}${input.note ? ` — ${input.note}` : ""}`,
          },
          at,
        );
      },
      event: { note, citizenVisible: true, data: { reasonCode: reason.code } },
    },
    database,
  );
}

export function transferSuggestion(
  ctx: CommandContext,
  suggestionId: number,
  input: { toUnitId: number; note?: string },
  database: Db = db(),
) {
  const unit = database.select().from(orgUnits).where(eq(orgUnits.id, input.toUnitId)).get();
  if (!unit) throw new DomainValidationError({ toUnitId: ["form.invalid"] });
  return runCommand(
    ctx,
    {
      suggestionId,
      permission: "review:suggestion",
      action: "transfer",
      patch: (row) => {
        if (row.unitId === unit.id)
          throw new DomainValidationError({ toUnitId: ["review.sameUnit"] });
        return {
          unitId: unit.id,
          // The receiving unit gets its own acceptance period.
          acceptDueAt: addDays(
            ctx.at ?? clockNow(),
            resolveDeadlineRule(database, unit.id, row.categoryId).acceptDays,
          ),
        };
      },
      apply: (tx, row, at) =>
        notifyUnitRole(
          tx,
          [unit.id],
          "reviewer",
          row.id,
          {
            subject: `转办件 / Transferred: ${row.trackingCode}`,
            body: `${row.title}\n${input.note ?? ""}`,
          },
          at,
        ),
      event: {
        note: input.note ?? null,
        isPublic: true,
        data: { toUnitId: unit.id, toUnit: unit.name },
      },
    },
    database,
  );
}

export function setCategory(
  ctx: CommandContext,
  suggestionId: number,
  input: { categoryId: number },
  database: Db = db(),
) {
  return runCommand(
    ctx,
    {
      suggestionId,
      permission: "review:suggestion",
      patch: () => ({ categoryId: input.categoryId }),
      apply: (tx) => assertCategory(tx, input.categoryId),
      event: {
        type: "category_set",
        data: { categoryId: input.categoryId, confirmedCategory: true },
      },
    },
    database,
  );
}

/** Hides a suggestion from every public page, feed and API (or shows it again). */
export function moderateSuggestion(
  ctx: CommandContext,
  suggestionId: number,
  input: { hidden: boolean; note: string },
  database: Db = db(),
) {
  return runCommand(
    ctx,
    {
      suggestionId,
      permission: "moderate:suggestion",
      patch: () => ({ moderation: input.hidden ? "hidden" : "visible" }),
      event: { type: input.hidden ? "hidden" : "shown", note: input.note },
    },
    database,
  );
}

/** The rating rubric: one row per reviewer, re-rating replaces the reviewer's own row. */
export function rateSuggestion(
  ctx: Omit<CommandContext, "version">,
  suggestionId: number,
  input: {
    feasibility: number;
    innovation: number;
    benefit: number;
    urgency: number;
    note?: string;
  },
  database: Db = db(),
): void {
  const at = ctx.at ?? clockNow();
  database.transaction((tx) => {
    const row = loadSuggestion(tx, suggestionId);
    assertCan(ctx.user, "rate:suggestion", scopeOf(tx, row));
    const values = {
      feasibility: input.feasibility,
      innovation: input.innovation,
      benefit: input.benefit,
      urgency: input.urgency,
      note: input.note ?? null,
      createdAt: at,
    };
    const mine = tx
      .select({ id: ratings.id })
      .from(ratings)
      .where(and(eq(ratings.suggestionId, row.id), eq(ratings.reviewerId, ctx.user.id)))
      .get();
    if (mine) tx.update(ratings).set(values).where(eq(ratings.id, mine.id)).run();
    else
      tx.insert(ratings)
        .values({ ...values, suggestionId: row.id, reviewerId: ctx.user.id })
        .run();
    appendEvent(tx, {
      suggestionId: row.id,
      type: "rated",
      actorKind: "staff",
      actorUserId: ctx.user.id,
      data: { ...input },
      at,
    });
  });
}

/** The averaged rubric of a suggestion (internal only). */
export function ratingSummary(suggestionId: number, database: Db = db()) {
  const rows = database.select().from(ratings).where(eq(ratings.suggestionId, suggestionId)).all();
  const avg = (k: "feasibility" | "innovation" | "benefit" | "urgency") =>
    rows.length === 0 ? null : rows.reduce((s, r) => s + r[k], 0) / rows.length;
  const parts = {
    feasibility: avg("feasibility"),
    innovation: avg("innovation"),
    benefit: avg("benefit"),
    urgency: avg("urgency"),
  };
  const values = Object.values(parts).filter((v): v is number => v !== null);
  return {
    count: rows.length,
    ...parts,
    overall: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
    rows,
  };
}

export function addInternalNote(
  ctx: Omit<CommandContext, "version">,
  suggestionId: number,
  input: { body: string },
  database: Db = db(),
): void {
  const at = ctx.at ?? clockNow();
  database.transaction((tx) => {
    const row = loadSuggestion(tx, suggestionId);
    assertCan(ctx.user, "view:suggestion", scopeOf(tx, row));
    tx.insert(internalNotes)
      .values({ suggestionId: row.id, authorId: ctx.user.id, body: input.body, createdAt: at })
      .run();
  });
}

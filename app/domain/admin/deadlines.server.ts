import { and, asc, eq, isNull, or } from "drizzle-orm";
import { categories, deadlineRules, orgUnits } from "../../../db/schema";
import { type Db, db } from "../../utils/db.server";
import { DomainValidationError, NotFoundError } from "../../utils/errors";
import type { Tx } from "../audit/audit.server";
import type { StaffUser } from "../auth/permissions";
import { resolveDeadlineRule } from "../supervision/deadline-rules.server";
import { type ListQuery, RetireDeadlineRuleSchema, SetDeadlineRuleSchema } from "./admin.schema";
import {
  assertAdmin,
  changes,
  inAdminSubtree,
  matches,
  paginate,
  parseInput,
  recordAudit,
  requireAdminUnit,
} from "./admin.server";

/**
 * Deadline rules per category and unit (both optional: a rule without a unit applies
 * everywhere, one without a category to every category). The resolver in
 * supervision/deadline-rules.server.ts picks the most specific active rule. A unit rule needs
 * an admin of that unit; a rule for every unit is global configuration (any admin). At most
 * one active rule per (unit, category); setting it again updates it in place.
 */

export function listDeadlineRules(actor: StaffUser, query?: ListQuery, database: Db = db()) {
  assertAdmin(actor);
  const rows = database
    .select({
      id: deadlineRules.id,
      unitId: deadlineRules.unitId,
      categoryId: deadlineRules.categoryId,
      acceptDays: deadlineRules.acceptDays,
      handleDays: deadlineRules.handleDays,
      maxExtensionDays: deadlineRules.maxExtensionDays,
      atRiskDays: deadlineRules.atRiskDays,
      escalateAfterDays: deadlineRules.escalateAfterDays,
      unitName: orgUnits.name,
      unitNameEn: orgUnits.nameEn,
      unitPath: orgUnits.path,
      categoryCode: categories.code,
      categoryName: categories.name,
      categoryNameEn: categories.nameEn,
    })
    .from(deadlineRules)
    .leftJoin(orgUnits, eq(orgUnits.id, deadlineRules.unitId))
    .leftJoin(categories, eq(categories.id, deadlineRules.categoryId))
    .where(
      and(
        eq(deadlineRules.active, true),
        or(isNull(deadlineRules.unitId), inAdminSubtree(actor, orgUnits.path)),
      ),
    )
    .orderBy(asc(orgUnits.path), asc(categories.code))
    .all();
  const filtered = rows.filter((r) =>
    matches(query?.q, r.unitName, r.unitNameEn, r.categoryCode, r.categoryName, r.categoryNameEn),
  );
  return paginate(filtered, query?.page ?? 1);
}

function activeRuleFor(tx: Tx, unitId: number | null, categoryId: number | null) {
  return tx
    .select()
    .from(deadlineRules)
    .where(
      and(
        eq(deadlineRules.active, true),
        unitId === null ? isNull(deadlineRules.unitId) : eq(deadlineRules.unitId, unitId),
        categoryId === null
          ? isNull(deadlineRules.categoryId)
          : eq(deadlineRules.categoryId, categoryId),
      ),
    )
    .get();
}

/** Creates or updates the active rule of a (unit, category) pair. */
export function setDeadlineRule(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(SetDeadlineRuleSchema, input);
  assertAdmin(actor);
  return database.transaction((tx) => {
    const unitId = values.unitId ?? null;
    const categoryId = values.categoryId ?? null;
    if (unitId !== null) {
      const unit = requireAdminUnit(tx, actor, unitId);
      if (!unit.active) throw new DomainValidationError({ unitId: ["admin.error.inactive"] });
    }
    if (categoryId !== null) {
      const category = tx.select().from(categories).where(eq(categories.id, categoryId)).get();
      if (!category) throw new DomainValidationError({ categoryId: ["form.invalid"] });
      if (!category.active)
        throw new DomainValidationError({ categoryId: ["admin.error.inactive"] });
    }
    const next = {
      acceptDays: values.acceptDays,
      handleDays: values.handleDays,
      maxExtensionDays: values.maxExtensionDays,
      atRiskDays: values.atRiskDays,
      escalateAfterDays: values.escalateAfterDays,
    };
    const existing = activeRuleFor(tx, unitId, categoryId);
    if (existing) {
      const diff = changes(existing, next);
      if (Object.keys(diff).length === 0) return { id: existing.id };
      tx.update(deadlineRules).set(next).where(eq(deadlineRules.id, existing.id)).run();
      recordAudit(tx, actor, {
        action: "deadlineRule.update",
        entityType: "deadline_rule",
        entityId: existing.id,
        unitId,
        data: { categoryId, ...diff },
      });
      return { id: existing.id };
    }
    const row = tx
      .insert(deadlineRules)
      .values({ unitId, categoryId, ...next, active: true })
      .returning({ id: deadlineRules.id })
      .get();
    recordAudit(tx, actor, {
      action: "deadlineRule.create",
      entityType: "deadline_rule",
      entityId: row.id,
      unitId,
      data: { categoryId, ...next },
    });
    return { id: row.id };
  });
}

/** Retires a rule (kept, inactive); the next most specific rule applies again. */
export function retireDeadlineRule(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(RetireDeadlineRuleSchema, input);
  assertAdmin(actor);
  database.transaction((tx) => {
    const rule = tx.select().from(deadlineRules).where(eq(deadlineRules.id, values.ruleId)).get();
    if (!rule) throw new NotFoundError("Unknown rule");
    if (rule.unitId !== null) requireAdminUnit(tx, actor, rule.unitId);
    if (!rule.active) return;
    if (rule.unitId === null && rule.categoryId === null)
      throw new DomainValidationError({ ruleId: ["admin.error.globalRuleStays"] });
    tx.update(deadlineRules).set({ active: false }).where(eq(deadlineRules.id, rule.id)).run();
    recordAudit(tx, actor, {
      action: "deadlineRule.retire",
      entityType: "deadline_rule",
      entityId: rule.id,
      unitId: rule.unitId,
      data: { categoryId: rule.categoryId },
    });
  });
}

/** The rule that applies to a unit and category, for the "effective rule" check. */
export function effectiveDeadlineRule(
  actor: StaffUser,
  unitId: number,
  categoryId: number | null,
  database: Db = db(),
) {
  assertAdmin(actor);
  return resolveDeadlineRule(database, unitId, categoryId);
}

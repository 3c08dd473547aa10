import { asc, eq } from "drizzle-orm";
import { notAcceptReasons } from "../../../db/schema";
import { type Db, db } from "../../utils/db.server";
import { DomainValidationError, NotFoundError } from "../../utils/errors";
import type { Tx } from "../audit/audit.server";
import type { StaffUser } from "../auth/permissions";
import {
  CreateReasonSchema,
  type ListQuery,
  SetReasonActiveSchema,
  UpdateReasonSchema,
} from "./admin.schema";
import {
  assertAdmin,
  assertUnchanged,
  changes,
  fingerprint,
  matches,
  paginate,
  parseInput,
  recordAudit,
} from "./admin.server";

/**
 * The configurable list of reasons for not accepting a suggestion (global configuration).
 * Reviewers see the active ones in `sortOrder` order; retired reasons stay so past decisions
 * still show their text.
 */

/** Active reasons in display order: for the reviewer's "not accept" form. */
export function listActiveNotAcceptReasons(database: Db = db()) {
  return database
    .select()
    .from(notAcceptReasons)
    .where(eq(notAcceptReasons.active, true))
    .orderBy(asc(notAcceptReasons.sortOrder), asc(notAcceptReasons.id))
    .all();
}

/** What the edit form changes (and its `seen` fingerprint covers). */
const EDITED = ["text", "textEn", "sortOrder"] as const;

export function listAdminReasons(actor: StaffUser, query?: ListQuery, database: Db = db()) {
  assertAdmin(actor);
  const rows = database
    .select()
    .from(notAcceptReasons)
    .orderBy(asc(notAcceptReasons.sortOrder), asc(notAcceptReasons.id))
    .all()
    .filter((r) => matches(query?.q, r.code, r.text, r.textEn))
    .map((r) => ({ ...r, seen: fingerprint(r, EDITED) }));
  return paginate(rows, query?.page ?? 1);
}

function getReason(tx: Tx, reasonId: number) {
  const row = tx.select().from(notAcceptReasons).where(eq(notAcceptReasons.id, reasonId)).get();
  if (!row) throw new NotFoundError("Unknown reason");
  return row;
}

export function createReason(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(CreateReasonSchema, input);
  assertAdmin(actor);
  return database.transaction((tx) => {
    if (
      tx
        .select({ id: notAcceptReasons.id })
        .from(notAcceptReasons)
        .where(eq(notAcceptReasons.code, values.code))
        .get()
    )
      throw new DomainValidationError({ code: ["admin.error.codeTaken"] });
    const row = tx
      .insert(notAcceptReasons)
      .values({ ...values, active: true })
      .returning({ id: notAcceptReasons.id })
      .get();
    recordAudit(tx, actor, {
      action: "reason.create",
      entityType: "not_accept_reason",
      entityId: row.id,
      unitId: null,
      data: values,
    });
    return { id: row.id };
  });
}

/** Edits a reason's texts and its place in the list. */
export function updateReason(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(UpdateReasonSchema, input);
  assertAdmin(actor);
  database.transaction((tx) => {
    const reason = getReason(tx, values.reasonId);
    assertUnchanged(reason, EDITED, values.seen);
    const next = { text: values.text, textEn: values.textEn, sortOrder: values.sortOrder };
    const diff = changes(reason, next);
    if (Object.keys(diff).length === 0) return;
    tx.update(notAcceptReasons).set(next).where(eq(notAcceptReasons.id, reason.id)).run();
    recordAudit(tx, actor, {
      action: "reason.update",
      entityType: "not_accept_reason",
      entityId: reason.id,
      unitId: null,
      data: diff,
    });
  });
}

export function setReasonActive(actor: StaffUser, input: unknown, database: Db = db()) {
  const values = parseInput(SetReasonActiveSchema, input);
  assertAdmin(actor);
  database.transaction((tx) => {
    const reason = getReason(tx, values.reasonId);
    if (reason.active === values.active) return;
    if (!values.active) {
      const others = tx
        .select({ id: notAcceptReasons.id })
        .from(notAcceptReasons)
        .where(eq(notAcceptReasons.active, true))
        .all()
        .filter((r) => r.id !== reason.id);
      // Reviewers must always have at least one reason to choose from.
      if (others.length === 0)
        throw new DomainValidationError({ reasonId: ["admin.error.lastReason"] });
    }
    tx.update(notAcceptReasons)
      .set({ active: values.active })
      .where(eq(notAcceptReasons.id, reason.id))
      .run();
    recordAudit(tx, actor, {
      action: values.active ? "reason.reactivate" : "reason.deactivate",
      entityType: "not_accept_reason",
      entityId: reason.id,
      unitId: null,
    });
  });
}

import { and, eq, inArray, isNull } from "drizzle-orm";
import { roleGrants, suggestionContacts, users } from "../../../db/schema";
import type { StaffRole } from "../../../db/schema/enums";
import type { Tx } from "../audit/audit.server";
import { enqueueNotification } from "../notifications/notifications.server";

/**
 * Who hears about a staff command: the citizen (through the contact they left, never shown
 * publicly), a department's handlers, or a unit's staff in one role. Messages are bilingual
 * because the outbox does not know the reader's language.
 */
export interface Message {
  subject: string;
  body: string;
}

export function notifyCitizen(tx: Tx, suggestionId: number, message: Message, at: Date): void {
  const contact = tx
    .select()
    .from(suggestionContacts)
    .where(eq(suggestionContacts.suggestionId, suggestionId))
    .get();
  if (contact?.email)
    enqueueNotification(tx, {
      channel: "email",
      recipientAddress: contact.email,
      suggestionId,
      ...message,
      at,
    });
  if (contact?.phone)
    enqueueNotification(tx, {
      channel: "sms",
      recipientAddress: contact.phone,
      suggestionId,
      ...message,
      at,
    });
}

/** In-app notification to every active handler of the department. */
export function notifyDepartment(
  tx: Tx,
  departmentId: number,
  suggestionId: number,
  message: Message,
  at: Date,
): void {
  const handlers = tx
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(roleGrants, eq(roleGrants.userId, users.id))
    .where(
      and(
        eq(users.departmentId, departmentId),
        eq(users.active, true),
        eq(roleGrants.role, "handler"),
        isNull(roleGrants.revokedAt),
      ),
    )
    .all();
  for (const h of handlers)
    enqueueNotification(tx, {
      channel: "in_app",
      recipientUserId: h.id,
      suggestionId,
      ...message,
      at,
    });
}

/** In-app notification to the staff holding `role` exactly at one of `unitIds`. */
export function notifyUnitRole(
  tx: Tx,
  unitIds: number[],
  role: StaffRole,
  suggestionId: number,
  message: Message,
  at: Date,
): void {
  if (unitIds.length === 0) return;
  const staff = tx
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(roleGrants, eq(roleGrants.userId, users.id))
    .where(
      and(
        eq(users.active, true),
        eq(roleGrants.role, role),
        inArray(roleGrants.unitId, unitIds),
        isNull(roleGrants.revokedAt),
      ),
    )
    .all();
  for (const s of staff)
    enqueueNotification(tx, {
      channel: "in_app",
      recipientUserId: s.id,
      suggestionId,
      ...message,
      at,
    });
}

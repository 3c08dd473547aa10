import { events } from "../../../db/schema";
import type { ActorKind, SuggestionStatus } from "../../../db/schema/enums";
import type { Db } from "../../utils/db.server";

/** A transaction handle or the database: commands pass their transaction here. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0] | Db;

export interface EventInput {
  suggestionId: number;
  type: string;
  actorKind: ActorKind;
  actorUserId?: number | null;
  fromStatus?: SuggestionStatus | null;
  toStatus?: SuggestionStatus | null;
  note?: string | null;
  /** Shown on the public timeline. */
  isPublic?: boolean;
  /** Shown to the citizen on the private tracking page (public events always are). */
  citizenVisible?: boolean;
  data?: Record<string, unknown> | null;
  at: Date;
}

/** Appends one event row inside the caller's transaction. Events are never updated. */
export function appendEvent(tx: Tx, e: EventInput): void {
  tx.insert(events)
    .values({
      suggestionId: e.suggestionId,
      type: e.type,
      actorKind: e.actorKind,
      actorUserId: e.actorUserId ?? null,
      fromStatus: e.fromStatus ?? null,
      toStatus: e.toStatus ?? null,
      note: e.note ?? null,
      isPublic: e.isPublic ?? false,
      citizenVisible: e.citizenVisible ?? e.isPublic ?? false,
      data: e.data ?? null,
      createdAt: e.at,
    })
    .run();
}

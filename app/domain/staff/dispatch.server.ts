import type { Db } from "../../utils/db.server";
import { db } from "../../utils/db.server";
import type { StaffUser } from "../auth/permissions";
import { decideExtension, issueSupervisionNotice } from "../supervision/supervision.server";
import {
  acceptAssignment,
  addMilestone,
  assignSuggestion,
  completeSuggestion,
  publishReply,
  recordOutcome,
  requestExtension,
  returnAssignment,
  saveReplyDraft,
  updateMilestone,
} from "./handling.server";
import {
  acceptSuggestion,
  addInternalNote,
  moderateSuggestion,
  notAcceptSuggestion,
  rateSuggestion,
  setCategory,
  transferSuggestion,
} from "./review.server";
import type { BulkCommandInput, StaffCommandInput } from "./staff.schema";
import { mergeSuggestion, splitSuggestion } from "./topics.server";

/**
 * One entry point from a parsed staff form (console page or staff API) to its domain command,
 * so both go through the same checks. Returns the suggestion's new version when it changed.
 */
export function executeStaffCommand(
  user: StaffUser,
  suggestionId: number,
  input: StaffCommandInput,
  database: Db = db(),
  at?: Date,
): { version?: number } {
  const ctx = { user, version: "version" in input ? input.version : 0, at };
  const v = (r: { version: number }) => ({ version: r.version });
  switch (input.intent) {
    case "accept":
      return v(acceptSuggestion(ctx, suggestionId, input, database));
    case "notAccept":
      return v(notAcceptSuggestion(ctx, suggestionId, input, database));
    case "transfer":
      return v(transferSuggestion(ctx, suggestionId, input, database));
    case "setCategory":
      return v(setCategory(ctx, suggestionId, input, database));
    case "moderate":
      return v(moderateSuggestion(ctx, suggestionId, input, database));
    case "merge":
      return v(mergeSuggestion(ctx, suggestionId, input, database));
    case "split":
      splitSuggestion(ctx, suggestionId, database);
      return {};
    case "rate":
      rateSuggestion(ctx, suggestionId, input, database);
      return {};
    case "note":
      addInternalNote(ctx, suggestionId, input, database);
      return {};
    case "assign":
      return v(assignSuggestion(ctx, suggestionId, input, database));
    case "acceptAssignment":
      return v(acceptAssignment(ctx, suggestionId, database));
    case "returnAssignment":
      return v(returnAssignment(ctx, suggestionId, input, database));
    case "saveReply":
      return v(saveReplyDraft(ctx, suggestionId, input, database));
    case "publishReply":
      return v(publishReply(ctx, suggestionId, input, database));
    case "complete":
      return v(completeSuggestion(ctx, suggestionId, database));
    case "recordOutcome":
      return v(recordOutcome(ctx, suggestionId, input, database));
    case "addMilestone":
      return v(addMilestone(ctx, suggestionId, input, database));
    case "updateMilestone":
      return v(updateMilestone(ctx, suggestionId, input, database));
    case "requestExtension":
      return v(requestExtension(ctx, suggestionId, input, database));
    case "decideExtension":
      return v(decideExtension(ctx, suggestionId, input, database));
    case "superviseNotice":
      return v(issueSupervisionNotice(ctx, suggestionId, input, database));
  }
}

export interface BulkOutcome {
  done: number[];
  failed: Array<{ id: number; error: string }>;
}

/**
 * Bulk actions on the review queue: each item is its own transaction, so one stale or
 * ineligible item is reported without blocking the others.
 */
export function executeBulkCommand(
  user: StaffUser,
  input: BulkCommandInput,
  database: Db = db(),
  at?: Date,
): BulkOutcome {
  const out: BulkOutcome = { done: [], failed: [] };
  for (const item of input.items) {
    const ctx = { user, version: item.version, at };
    try {
      if (input.intent === "bulkAccept") acceptSuggestion(ctx, item.id, {}, database);
      else if (input.intent === "bulkAssign")
        assignSuggestion(
          ctx,
          item.id,
          { leadDepartmentId: input.leadDepartmentId, coDepartmentIds: [] },
          database,
        );
      else if (item.id !== input.primaryId)
        mergeSuggestion(ctx, item.id, { primaryId: input.primaryId }, database);
      else continue;
      out.done.push(item.id);
    } catch (error) {
      out.failed.push({
        id: item.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return out;
}

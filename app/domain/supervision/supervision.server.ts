import { now as clockNow } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { listStaffSuggestions } from "../suggestions/suggestions.server";
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

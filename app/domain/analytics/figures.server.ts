import { and, avg, count, inArray, isNotNull, sql } from "drizzle-orm";
import { adoptionDecisions, outcomes, satisfactions, suggestions } from "../../../db/schema";
import { type Db, db } from "../../utils/db.server";
import { ANSWERED_STATES } from "../suggestions/suggestions-workflow";

export interface PublicFigures {
  received: number;
  answered: number;
  adopted: number;
  converted: number;
  avgHandlingDays: number | null;
  satisfactionRate: number | null;
  satisfactionCount: number;
}

/** Scores 4–5 are 满意, 3 is 基本满意, 1–2 不满意; the rate counts the first two. */
export const SATISFIED_MIN_SCORE = 3;

/** The live figures on the home page, straight from the database. */
export function getPublicFigures(database: Db = db()): PublicFigures {
  const received = database.select({ n: count() }).from(suggestions).get()?.n ?? 0;
  const answeredRow = database
    .select({
      n: count(),
      days: avg(sql`(${suggestions.answeredAt} - ${suggestions.submittedAt}) / 86400000.0`),
    })
    .from(suggestions)
    .where(
      and(inArray(suggestions.status, [...ANSWERED_STATES]), isNotNull(suggestions.answeredAt)),
    )
    .get();
  const adopted =
    database
      .select({ n: count() })
      .from(adoptionDecisions)
      .where(
        and(
          inArray(adoptionDecisions.decision, ["adopted", "partly_adopted"]),
          isNotNull(adoptionDecisions.publishedAt),
        ),
      )
      .get()?.n ?? 0;
  const converted =
    database.select({ n: count() }).from(outcomes).where(isNotNull(outcomes.publishedAt)).get()
      ?.n ?? 0;
  const sat = database
    .select({
      n: count(),
      satisfied: sql<number>`sum(case when ${satisfactions.score} >= ${SATISFIED_MIN_SCORE} then 1 else 0 end)`,
    })
    .from(satisfactions)
    .get();
  const days =
    answeredRow?.days === null || answeredRow?.days === undefined ? null : Number(answeredRow.days);
  return {
    received,
    answered: answeredRow?.n ?? 0,
    adopted,
    converted,
    avgHandlingDays: days === null ? null : Math.round(days * 10) / 10,
    satisfactionRate:
      sat && sat.n > 0 ? Math.round((Number(sat.satisfied) / sat.n) * 1000) / 10 : null,
    satisfactionCount: sat?.n ?? 0,
  };
}

import { count, desc, eq } from "drizzle-orm";
import { nlpModels } from "../../../db/schema";
import { type Db, db } from "../../utils/db.server";
import type { StaffUser } from "../auth/permissions";
import { retrainCategoryModel } from "../intelligence/intelligence.server";
import { assertAdmin, listRecentAudit, recordAudit } from "./admin.server";
import { listApiClients } from "./api-clients.server";
import { listAdminCategories } from "./categories.server";
import { listDeadlineRules } from "./deadlines.server";
import { listAdminDepartments } from "./departments.server";
import { listAdminReasons } from "./reasons.server";
import { listCategoryRoutes } from "./routing.server";
import { listAdminUnits } from "./units.server";
import { listAdminUsers } from "./users.server";

/** Figures for the admin overview: how many of each thing the actor administers. */
export function getAdminOverview(actor: StaffUser, database: Db = db()) {
  assertAdmin(actor);
  const model = database
    .select({ trainedOn: nlpModels.trainedOn, createdAt: nlpModels.createdAt })
    .from(nlpModels)
    .where(eq(nlpModels.kind, "category"))
    .orderBy(desc(nlpModels.id))
    .limit(1)
    .get();
  const models =
    database.select({ n: count() }).from(nlpModels).where(eq(nlpModels.kind, "category")).get()
      ?.n ?? 0;
  return {
    counts: {
      units: listAdminUnits(actor, undefined, database).total,
      departments: listAdminDepartments(actor, undefined, database).total,
      users: listAdminUsers(actor, undefined, database).total,
      categories: listAdminCategories(actor, undefined, database).total,
      routes: listCategoryRoutes(actor, undefined, database).total,
      deadlines: listDeadlineRules(actor, undefined, database).total,
      reasons: listAdminReasons(actor, undefined, database).total,
      apiClients: listApiClients(actor, { status: "active", page: 1 }, database).total,
    },
    model: model ? { ...model, versions: models } : null,
    audit: listRecentAudit(actor, 20, database),
  };
}

/**
 * Retrains the category classifier from reviewer-confirmed categories (the intelligence module
 * persists the model) and records who asked for it. Null when there is too little data.
 */
export function retrainCategoryModelAsAdmin(actor: StaffUser, database: Db = db()) {
  assertAdmin(actor);
  const result = retrainCategoryModel(database);
  database.transaction((tx) => {
    recordAudit(tx, actor, {
      action: "model.retrain",
      entityType: "nlp_model",
      entityId:
        tx
          .select({ id: nlpModels.id })
          .from(nlpModels)
          .where(eq(nlpModels.kind, "category"))
          .orderBy(desc(nlpModels.id))
          .limit(1)
          .get()?.id ?? 0,
      unitId: null,
      data: { trainedOn: result?.trainedOn ?? 0, trained: result !== null },
    });
  });
  return result;
}

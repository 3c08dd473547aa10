import { asc, eq, like } from "drizzle-orm";
import { departments, orgUnits } from "../../../db/schema";
import { type Db, db } from "../../utils/db.server";
import { NotFoundError } from "../../utils/errors";
import type { StaffUser } from "../auth/permissions";

export function listUnits(database: Db = db()) {
  return database.select().from(orgUnits).orderBy(asc(orgUnits.path)).all();
}

export function getUnit(unitId: number, database: Db = db()) {
  const unit = database.select().from(orgUnits).where(eq(orgUnits.id, unitId)).get();
  if (!unit) throw new NotFoundError("Unknown unit");
  return unit;
}

export function listDepartments(database: Db = db()) {
  return database
    .select({
      id: departments.id,
      code: departments.code,
      name: departments.name,
      nameEn: departments.nameEn,
      unitId: departments.unitId,
      unitPath: orgUnits.path,
      active: departments.active,
    })
    .from(departments)
    .innerJoin(orgUnits, eq(orgUnits.id, departments.unitId))
    .orderBy(asc(orgUnits.path), asc(departments.id))
    .all();
}

/** Units in a subtree (the unit itself included). */
export function listSubtreeUnits(path: string, database: Db = db()) {
  return database
    .select()
    .from(orgUnits)
    .where(like(orgUnits.path, `${path}%`))
    .orderBy(asc(orgUnits.path))
    .all();
}

/** The subtree roots a user may act in for a role (or any staff role when omitted). */
export function grantPaths(user: StaffUser, role?: StaffUser["grants"][number]["role"]): string[] {
  return user.grants.filter((g) => !role || g.role === role).map((g) => g.unitPath);
}

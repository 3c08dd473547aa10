import { and, asc, eq, gte, lte } from "drizzle-orm";
import { categories, openCalls, orgUnits } from "../../../db/schema";
import { now as clockNow } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";

/** Choices for public forms: first- and second-level categories, regions, open calls. */
export function getFormChoices(database: Db = db()) {
  const cats = database
    .select({
      id: categories.id,
      parentId: categories.parentId,
      level: categories.level,
      name: categories.name,
      nameEn: categories.nameEn,
    })
    .from(categories)
    .where(eq(categories.active, true))
    .orderBy(asc(categories.id))
    .all()
    .filter((c) => c.level <= 2);
  const regions = database
    .select({
      id: orgUnits.id,
      name: orgUnits.name,
      nameEn: orgUnits.nameEn,
      level: orgUnits.level,
      path: orgUnits.path,
    })
    .from(orgUnits)
    .where(eq(orgUnits.active, true))
    .orderBy(asc(orgUnits.path))
    .all()
    .filter((u) => u.level !== "national");
  const at = clockNow();
  const calls = database
    .select({
      id: openCalls.id,
      slug: openCalls.slug,
      title: openCalls.title,
      titleEn: openCalls.titleEn,
    })
    .from(openCalls)
    .where(and(lte(openCalls.startsAt, at), gte(openCalls.endsAt, at)))
    .all();
  return { categories: cats, regions, calls };
}

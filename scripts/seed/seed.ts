import { hash } from "@node-rs/argon2";
import { desc, eq } from "drizzle-orm";
import { hashSecret, newSecret, trackingCode } from "../../app/domain/suggestions/tracking";
import type { Db } from "../../db/client";
import * as s from "../../db/schema";
import type { SuggestionStatus } from "../../db/schema/enums";
import { SEED_CALLS, SEED_SUGGESTIONS, type SeedSuggestion } from "./content";
import { DEMO_PASSWORD, DEMO_USERS, DEPARTMENTS, NOT_ACCEPT_REASONS, UNITS } from "./orgs";
import { TAXONOMY, type TaxonomyNode } from "./taxonomy";

/**
 * The demo story: org tree, departments, one account per role, the category tree, deadline
 * rules, open calls and 170+ suggestions at every stage with their events. Deterministic: the
 * same content gives the same rows (dates are relative to `now`).
 */
const DAY = 86_400_000;

/** Demo secrets are derived from the item's key so the README can list one. */
export function seedSecret(key: string): string {
  return newSecret("minyi-demo", key);
}

/** Stages a suggestion passes through to reach its seeded stage. */
const PATHS: Record<SeedSuggestion["stage"], SuggestionStatus[]> = {
  submitted: ["submitted"],
  not_accepted: ["submitted", "not_accepted"],
  accepted: ["submitted", "accepted"],
  transferred: ["submitted", "transferred"],
  merged: ["submitted", "merged"],
  withdrawn: ["submitted", "withdrawn"],
  assigned: ["submitted", "accepted", "assigned"],
  returned: ["submitted", "accepted", "assigned", "returned"],
  in_progress: ["submitted", "accepted", "assigned", "in_progress"],
  answered: ["submitted", "accepted", "assigned", "in_progress", "answered"],
  implementing: ["submitted", "accepted", "assigned", "in_progress", "answered", "implementing"],
  completed: ["submitted", "accepted", "assigned", "in_progress", "answered", "completed"],
};

export async function seedDatabase(db: Db, now = new Date()) {
  const passwordHash = await hash(DEMO_PASSWORD, { algorithm: 2 });
  const at = now;
  const result = db.transaction((tx) => {
    // Org tree.
    const unitIds = new Map<string, number>();
    const unitPaths = new Map<string, string>();
    for (const u of UNITS) {
      const parentId = u.parent ? unitIds.get(u.parent)! : null;
      const row = tx
        .insert(s.orgUnits)
        .values({
          parentId,
          level: u.level,
          code: u.key,
          name: u.name,
          nameEn: u.nameEn,
          path: "",
          createdAt: at,
        })
        .returning({ id: s.orgUnits.id })
        .get();
      const path = `${u.parent ? unitPaths.get(u.parent)! : "/"}${row.id}/`;
      tx.update(s.orgUnits).set({ path }).where(eq(s.orgUnits.id, row.id)).run();
      unitIds.set(u.key, row.id);
      unitPaths.set(u.key, path);
    }
    const deptIds = new Map<string, number>();
    for (const d of DEPARTMENTS) {
      const row = tx
        .insert(s.departments)
        .values({
          unitId: unitIds.get(d.unit)!,
          code: d.key,
          name: d.name,
          nameEn: d.nameEn,
          createdAt: at,
        })
        .returning({ id: s.departments.id })
        .get();
      deptIds.set(d.key, row.id);
    }
    // Users and grants.
    const userIds = new Map<string, number>();
    for (const u of DEMO_USERS) {
      const department = "department" in u ? deptIds.get(u.department)! : null;
      const row = tx
        .insert(s.users)
        .values({
          username: u.username,
          displayName: u.displayName,
          passwordHash,
          departmentId: department,
          createdAt: at,
        })
        .returning({ id: s.users.id })
        .get();
      tx.insert(s.roleGrants)
        .values({ userId: row.id, role: u.role, unitId: unitIds.get(u.unit)!, createdAt: at })
        .run();
      userIds.set(u.username, row.id);
    }
    // Categories.
    const categoryIds = new Map<string, number>();
    const insertCategory = (
      node: TaxonomyNode,
      parentId: number | null,
      level: number,
      dept?: string,
    ) => {
      const department = node.department ?? dept;
      const row = tx
        .insert(s.categories)
        .values({
          parentId,
          level,
          code: node.code,
          name: node.name,
          nameEn: node.nameEn,
          defaultDepartmentId: department ? (deptIds.get(department) ?? null) : null,
        })
        .returning({ id: s.categories.id })
        .get();
      categoryIds.set(node.code, row.id);
      for (const child of node.children ?? []) insertCategory(child, row.id, level + 1, department);
    };
    for (const node of TAXONOMY) insertCategory(node, null, 1);
    // Deadline rules: the global default, and a stricter rule for safety hazards.
    tx.insert(s.deadlineRules)
      .values([
        {
          unitId: null,
          categoryId: null,
          acceptDays: 15,
          handleDays: 60,
          maxExtensionDays: 30,
          atRiskDays: 3,
          escalateAfterDays: 7,
        },
        {
          unitId: null,
          categoryId: categoryIds.get("urban.safety")!,
          acceptDays: 5,
          handleDays: 20,
          maxExtensionDays: 10,
          atRiskDays: 2,
          escalateAfterDays: 3,
        },
      ])
      .run();
    tx.insert(s.notAcceptReasons)
      .values(NOT_ACCEPT_REASONS.map((r, i) => ({ ...r, sortOrder: (i + 1) * 10 })))
      .run();
    // Open calls.
    const callIds = new Map<string, number>();
    for (const c of SEED_CALLS) {
      const row = tx
        .insert(s.openCalls)
        .values({
          unitId: unitIds.get(c.unit)!,
          slug: c.key,
          title: c.title,
          titleEn: c.titleEn,
          description: c.description,
          descriptionEn: c.descriptionEn,
          startsAt: new Date(at.getTime() - c.startDaysAgo * DAY),
          endsAt: new Date(at.getTime() + c.endInDays * DAY),
          createdAt: new Date(at.getTime() - c.startDaysAgo * DAY),
        })
        .returning({ id: s.openCalls.id })
        .get();
      callIds.set(c.key, row.id);
    }

    // Suggestions, oldest first so ids and tracking codes follow submission order.
    const ordered = [...SEED_SUGGESTIONS].sort(
      (a, b) => b.daysAgo - a.daysAgo || a.key.localeCompare(b.key),
    );
    const suggestionIds = new Map<string, number>();
    const groupPrimary = new Map<string, number>();
    const reviewer = userIds.get("reviewer")!;
    let eventCount = 0;
    for (const item of ordered) {
      const submittedAt = new Date(at.getTime() - item.daysAgo * DAY + 9 * 3_600_000);
      const path = PATHS[item.stage];
      // Spread the steps over the item's age so handling days look real.
      const ageDays = Math.max(item.daysAgo, 1);
      const stepAt = (step: number) =>
        new Date(
          submittedAt.getTime() +
            Math.min(ageDays * 0.9, STEP_DAYS[step]! * Math.min(1, ageDays / 90)) * DAY,
        );
      const times: Partial<Record<SuggestionStatus, Date>> = {};
      path.forEach((st, i) => {
        times[st] = i === 0 ? submittedAt : stepAt(i);
      });
      const category = categoryIds.get(item.category)!;
      const department = item.department ? deptIds.get(item.department)! : null;
      const unitId = unitIds.get(item.unit)!;
      const assignedAt = times.assigned ?? null;
      const id =
        (tx
          .select({ id: s.suggestions.id })
          .from(s.suggestions)
          .orderBy(desc(s.suggestions.id))
          .limit(1)
          .get()?.id ?? 0) + 1;
      tx.insert(s.suggestions)
        .values({
          id,
          trackingCode: trackingCode(id, submittedAt),
          secretHash: hashSecret(seedSecret(item.key)),
          title: item.title,
          body: item.body,
          language: item.lang,
          channel: id % 9 === 0 ? "hotline" : id % 13 === 0 ? "letter" : "web",
          categoryId: item.stage === "submitted" ? null : category,
          predictedCategoryId: null,
          unitId: item.stage === "transferred" ? unitIds.get(transferTarget(item.unit))! : unitId,
          regionUnitId: unitId,
          callId: item.callKey ? (callIds.get(item.callKey) ?? null) : null,
          status: item.stage,
          decision: item.decision ?? null,
          anonymous: item.anonymous ?? false,
          publishConsent: true,
          leadDepartmentId: department,
          supportsCount: item.supports,
          submittedAt,
          acceptDueAt: new Date(submittedAt.getTime() + 15 * DAY),
          acceptedAt: times.accepted ?? null,
          assignedAt,
          handleDueAt: assignedAt ? new Date(assignedAt.getTime() + 60 * DAY) : null,
          inProgressAt: times.in_progress ?? null,
          answeredAt: times.answered ?? null,
          implementingAt: times.implementing ?? null,
          completedAt: times.completed ?? null,
          closedAt: times.completed ?? times.not_accepted ?? times.withdrawn ?? null,
          updatedAt: times[item.stage] ?? submittedAt,
          version: path.length,
        })
        .run();
      suggestionIds.set(item.key, id);
      if (item.contact) {
        tx.insert(s.suggestionContacts)
          .values({
            suggestionId: id,
            name: item.contact.name,
            phone: item.contact.phone ?? null,
            email: item.contact.email ?? null,
          })
          .run();
      }
      // Events along the path.
      let prev: SuggestionStatus | null = null;
      for (const st of path) {
        const ev = eventFor(st, item, prev);
        tx.insert(s.events)
          .values({
            suggestionId: id,
            type: ev.type,
            actorKind: st === "submitted" || st === "withdrawn" ? "citizen" : "staff",
            actorUserId:
              st === "submitted" || st === "withdrawn" ? null : staffFor(st, item, userIds),
            fromStatus: prev,
            toStatus: st,
            note: ev.note,
            isPublic: ev.isPublic,
            citizenVisible: true,
            data: department && st === "assigned" ? { departmentId: department } : null,
            createdAt: times[st]!,
          })
          .run();
        eventCount++;
        prev = st;
      }
      // Assignment, reply, decision, outcome.
      if (department && assignedAt) {
        const status =
          item.stage === "assigned"
            ? "pending"
            : item.stage === "returned"
              ? "returned"
              : "accepted";
        tx.insert(s.assignments)
          .values({
            suggestionId: id,
            departmentId: department,
            role: "lead",
            status,
            instructions: "请按期办理并答复。",
            dueAt: new Date(assignedAt.getTime() + 60 * DAY),
            assignedBy: reviewer,
            assignedAt,
            respondedAt: times.in_progress ?? times.returned ?? null,
            returnReason: item.returnReason ?? null,
          })
          .run();
      }
      if (item.reply && department && times.answered) {
        tx.insert(s.replies)
          .values({
            suggestionId: id,
            departmentId: department,
            authorId: userIds.get("handler")!,
            body: item.reply,
            status: "published",
            createdAt: times.answered,
            updatedAt: times.answered,
            publishedAt: times.answered,
          })
          .run();
      }
      if (item.decision && times.answered) {
        tx.insert(s.adoptionDecisions)
          .values({
            suggestionId: id,
            decision: item.decision,
            reason: item.notAdoptedReason ?? null,
            decidedBy: userIds.get("handler")!,
            decidedAt: times.answered,
            publishedAt: times.answered,
          })
          .run();
      }
      if (item.outcome && times.answered) {
        const outcomeAt = times.implementing ?? times.answered;
        const outcome = tx
          .insert(s.outcomes)
          .values({
            suggestionId: id,
            type: item.outcome.type,
            title: item.outcome.title,
            description: item.outcome.description,
            documentNo: item.outcome.documentNo ?? null,
            link: item.outcome.link ?? null,
            outcomeDate: outcomeAt,
            achievedAt: item.stage === "completed" ? (times.completed ?? null) : null,
            createdBy: userIds.get("handler")!,
            createdAt: outcomeAt,
            publishedAt: outcomeAt,
          })
          .returning({ id: s.outcomes.id })
          .get();
        item.outcome.milestones.forEach((m, position) => {
          const due = new Date(outcomeAt.getTime() + (position + 1) * 30 * DAY);
          tx.insert(s.milestones)
            .values({
              outcomeId: outcome.id,
              position,
              title: m.title,
              dueAt: due,
              doneAt: m.done ? new Date(Math.min(due.getTime(), at.getTime() - DAY)) : null,
              progress: m.done ? 100 : m.progress,
              evidence: m.evidence ?? null,
            })
            .run();
        });
      }
      if (item.satisfaction) {
        tx.insert(s.satisfactions)
          .values({
            suggestionId: id,
            score: item.satisfaction.score,
            comment: item.satisfaction.comment,
            createdAt: new Date((times.completed ?? times.answered ?? submittedAt).getTime() + DAY),
          })
          .run();
      }
      // Supports, each from a distinct (hashed) supporter.
      for (let i = 0; i < item.supports; i++) {
        tx.insert(s.supports)
          .values({
            suggestionId: id,
            supporterKey: hashSecret(`seed:${item.key}:${i}`),
            createdAt: new Date(
              submittedAt.getTime() + ((i * 7919) % Math.max(1, ageDays * 24)) * 3_600_000,
            ),
          })
          .run();
      }
      // A rubric rating on items past screening.
      if (times.accepted && id % 2 === 0) {
        tx.insert(s.ratings)
          .values({
            suggestionId: id,
            reviewerId: reviewer,
            feasibility: 2 + (id % 4),
            innovation: 1 + (id % 5),
            benefit: 3 + (id % 3),
            urgency: 1 + ((id * 3) % 5),
            note: "初审评分",
            createdAt: times.accepted,
          })
          .run();
      }
      if (item.group && item.stage !== "merged" && !groupPrimary.has(item.group))
        groupPrimary.set(item.group, id);
    }
    // Groups become clusters; merged members point at the group's primary and pin to its cluster.
    let clusterCount = 0;
    const groups = new Map<string, SeedSuggestion[]>();
    for (const item of SEED_SUGGESTIONS)
      if (item.group) groups.set(item.group, [...(groups.get(item.group) ?? []), item]);
    for (const [group, members] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const primaryId = groupPrimary.get(group) ?? suggestionIds.get(members[0]!.key)!;
      const primary = SEED_SUGGESTIONS.find((m) => suggestionIds.get(m.key) === primaryId)!;
      const cluster = tx
        .insert(s.clusters)
        .values({
          label: primary.title,
          primarySuggestionId: primaryId,
          size: members.length,
          nlpVersion: "seed",
          createdAt: at,
          updatedAt: at,
        })
        .returning({ id: s.clusters.id })
        .get();
      clusterCount++;
      for (const m of members) {
        const mid = suggestionIds.get(m.key)!;
        tx.update(s.suggestions)
          .set({
            clusterId: cluster.id,
            primaryId: m.stage === "merged" && mid !== primaryId ? primaryId : null,
          })
          .where(eq(s.suggestions.id, mid))
          .run();
        if (m.stage === "merged") {
          tx.insert(s.clusterConstraints)
            .values({
              suggestionId: mid,
              clusterId: cluster.id,
              kind: "pin",
              createdBy: reviewer,
              createdAt: at,
            })
            .run();
        }
      }
    }
    return {
      units: UNITS.length,
      departments: DEPARTMENTS.length,
      users: DEMO_USERS.length,
      categories: categoryIds.size,
      suggestions: suggestionIds.size,
      events: eventCount,
      clusters: clusterCount,
    };
  });
  return result;
}

/** Days after submission at which each step of a path happened (for an old enough item). */
const STEP_DAYS = [0, 3, 5, 8, 30, 34, 80];

function transferTarget(unit: string): string {
  return unit === "c-lj" ? "d-jb" : unit === "c-qs" ? "d-sm" : "c-lj";
}

function eventFor(st: SuggestionStatus, item: SeedSuggestion, prev: SuggestionStatus | null) {
  switch (st) {
    case "submitted":
      return { type: "submitted", note: null, isPublic: true };
    case "not_accepted":
      return { type: "not_accepted", note: item.notAcceptedReason ?? null, isPublic: false };
    case "accepted":
      return { type: "accepted", note: null, isPublic: true };
    case "transferred":
      return { type: "transferred", note: "转至下级单位办理", isPublic: true };
    case "merged":
      return { type: "merged", note: "与同类建议合并办理", isPublic: true };
    case "withdrawn":
      return { type: "withdrawn", note: null, isPublic: false };
    case "assigned":
      return { type: "assigned", note: null, isPublic: true };
    case "returned":
      return { type: "returned", note: item.returnReason ?? null, isPublic: false };
    case "in_progress":
      return {
        type: prev === "assigned" ? "assignment_accepted" : "rehandling",
        note: null,
        isPublic: true,
      };
    case "answered":
      return { type: "answered", note: null, isPublic: true };
    case "implementing":
      return { type: "implementing", note: item.outcome?.title ?? null, isPublic: true };
    case "completed":
      return { type: "completed", note: null, isPublic: true };
  }
}

function staffFor(st: SuggestionStatus, _item: SeedSuggestion, users: Map<string, number>) {
  return ["accepted", "not_accepted", "assigned", "merged", "transferred"].includes(st)
    ? users.get("reviewer")!
    : users.get("handler")!;
}

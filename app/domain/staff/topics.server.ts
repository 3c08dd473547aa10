import { and, eq, sql } from "drizzle-orm";
import { clusters, follows, orgUnits, suggestions, supports } from "../../../db/schema";
import { now as clockNow } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import {
  ConflictError,
  DomainValidationError,
  ForbiddenError,
  NotFoundError,
} from "../../utils/errors";
import { appendEvent, type Tx } from "../audit/audit.server";
import { assertCan } from "../auth/auth.server";
import { can, type StaffUser } from "../auth/permissions";
import { intelligence } from "../intelligence/intelligence.server";
import { confirmedFollow } from "../suggestions/follows.server";
import { inSubtrees } from "../suggestions/suggestions.server";
import { textIndex } from "../suggestions/text-index.server";
import { type CommandContext, loadSuggestion, runCommand, scopeOf } from "./command.server";

/**
 * The cluster workbench: merge a duplicate into a primary (its supports and followers move to
 * the primary, marked with where they came from), split it out again (they move back), merge
 * whole clusters, rename a cluster. Nothing is deleted.
 */

/** Follows a merge chain to the suggestion that carries the progress. */
function rootOf(tx: Tx, suggestionId: number): number {
  let id = suggestionId;
  for (let i = 0; i < 20; i++) {
    const row = tx
      .select({ primaryId: suggestions.primaryId })
      .from(suggestions)
      .where(eq(suggestions.id, id))
      .get();
    if (!row?.primaryId) return id;
    id = row.primaryId;
  }
  return id;
}

/** Recomputes the counters; `bump` when the row is not the command's own (which runCommand bumps). */
function recount(tx: Tx, suggestionId: number, at: Date, bump = true): void {
  tx.update(suggestions)
    .set({
      supportsCount: sql`(select count(*) from ${supports} where ${supports.suggestionId} = ${suggestionId})`,
      // Only confirmed follows with an address count (unfollowed rows keep none).
      followersCount: sql`(select count(*) from ${follows} where ${follows.suggestionId} = ${suggestionId} and ${confirmedFollow})`,
      ...(bump ? { version: sql`${suggestions.version} + 1`, updatedAt: at } : {}),
    })
    .where(eq(suggestions.id, suggestionId))
    .run();
}

/** Merges a suggestion into a primary (which shows the progress from now on). */
export function mergeSuggestion(
  ctx: CommandContext,
  suggestionId: number,
  input: { primaryId: number },
  database: Db = db(),
) {
  let primaryId = input.primaryId;
  return runCommand(
    ctx,
    {
      suggestionId,
      permission: "cluster:suggestion",
      action: "merge",
      patch: () => ({ primaryId }),
      apply: (tx, row, at) => {
        primaryId = rootOf(tx, input.primaryId);
        if (primaryId === row.id)
          throw new DomainValidationError({ primaryId: ["topics.selfMerge"] });
        const primary = loadSuggestion(tx, primaryId);
        assertCan(ctx.user, "cluster:suggestion", scopeOf(tx, primary));
        if (["withdrawn", "not_accepted"].includes(primary.status))
          throw new DomainValidationError({ primaryId: ["topics.primaryClosed"] });
        // Items already merged into this one now point at the new primary.
        tx.update(suggestions).set({ primaryId }).where(eq(suggestions.primaryId, row.id)).run();
        // Rows move (never copied, never deleted) and remember where they came from; a
        // supporter who backed both already counts on the primary, so that row stays put.
        for (const table of [supports, follows]) {
          const key = table === supports ? sql`supporter_key` : sql`follower_key`;
          tx.run(sql`update ${table} set suggestion_id = ${primaryId}, moved_from_id = coalesce(moved_from_id, ${row.id})
            where suggestion_id = ${row.id}
              and ${key} not in (select ${key} from ${table} where suggestion_id = ${primaryId})`);
        }
        recount(tx, row.id, at, false);
        recount(tx, primaryId, at);
        const cluster = intelligence().ensureCluster(tx, primaryId, at);
        intelligence().pin(tx, row.id, cluster, ctx.user.id, at);
        appendEvent(tx, {
          suggestionId: primaryId,
          type: "merged_in",
          actorKind: "staff",
          actorUserId: ctx.user.id,
          data: { fromId: row.id, fromCode: row.trackingCode },
          at,
        });
      },
      event: { isPublic: true, data: { primaryId: input.primaryId } },
      alsoRefresh: [input.primaryId],
    },
    database,
  );
}

/** Undoes a merge: the item is handled on its own again and leaves the primary's cluster. */
export function splitSuggestion(ctx: CommandContext, suggestionId: number, database: Db = db()) {
  let formerPrimary: number | null = null;
  return runCommand(
    ctx,
    {
      suggestionId,
      permission: "cluster:suggestion",
      action: "split",
      patch: () => ({ primaryId: null, closedAt: null }),
      apply: (tx, row, at) => {
        formerPrimary = row.primaryId;
        if (formerPrimary !== null) {
          // What the merge moved comes back.
          for (const table of [supports, follows])
            tx.run(
              sql`update ${table} set suggestion_id = ${row.id}, moved_from_id = null where suggestion_id = ${formerPrimary} and moved_from_id = ${row.id}`,
            );
          recount(tx, row.id, at, false);
          recount(tx, formerPrimary, at);
          appendEvent(tx, {
            suggestionId: formerPrimary,
            type: "split_out",
            actorKind: "staff",
            actorUserId: ctx.user.id,
            data: { id: row.id, code: row.trackingCode },
            at,
          });
        }
        intelligence().split(tx, row.id, ctx.user.id, at);
      },
      event: { isPublic: true },
    },
    database,
  ).result;
}

function loadCluster(tx: Tx, clusterId: number) {
  const row = tx.select().from(clusters).where(eq(clusters.id, clusterId)).get();
  if (!row) throw new NotFoundError("Unknown topic");
  return row;
}

/**
 * A topic is a reviewer's to name or to merge into when one of its members is in their
 * subtree (the workbench lists exactly those); a topic wholly elsewhere is not.
 */
function assertTopicInScope(tx: Tx, user: StaffUser, clusterId: number): void {
  const members = tx
    .select({ id: suggestions.id })
    .from(suggestions)
    .where(eq(suggestions.clusterId, clusterId))
    .all();
  if (!members.some((m) => can(user, "cluster:suggestion", scopeOf(tx, loadSuggestion(tx, m.id)))))
    throw new ForbiddenError();
}

/**
 * Every member of the source cluster joins the target (a topic of the reviewer's too); each
 * move is an event.
 */
export function mergeClusters(
  user: StaffUser,
  input: { sourceId: number; targetId: number; seenAt: number },
  database: Db = db(),
  at: Date = clockNow(),
): number[] {
  if (input.sourceId === input.targetId)
    throw new DomainValidationError({ targetId: ["topics.selfMerge"] });
  const moved = database.transaction((tx) => {
    const source = loadCluster(tx, input.sourceId);
    assertTopicInScope(tx, user, loadCluster(tx, input.targetId).id);
    if (source.updatedAt.getTime() !== input.seenAt) throw new ConflictError();
    // Every member that would move must be the reviewer's, checked before anything moves (the
    // topics in memory are not rolled back with the transaction).
    const sourceMembers = tx
      .select({ id: suggestions.id })
      .from(suggestions)
      .where(eq(suggestions.clusterId, source.id))
      .all();
    for (const m of sourceMembers)
      assertCan(user, "cluster:suggestion", scopeOf(tx, loadSuggestion(tx, m.id)));
    const members = intelligence().mergeClusters(tx, input.sourceId, input.targetId, user.id, at);
    for (const m of members) {
      appendEvent(tx, {
        suggestionId: m,
        type: "topic_changed",
        actorKind: "staff",
        actorUserId: user.id,
        data: { fromClusterId: input.sourceId, toClusterId: input.targetId },
        at,
      });
    }
    return members;
  });
  textIndex().refresh(moved, database);
  return moved;
}

/** A reviewer's name for a topic; later automatic labelling keeps it. */
export function renameCluster(
  user: StaffUser,
  input: { clusterId: number; label: string; seenAt: number },
  database: Db = db(),
  at: Date = clockNow(),
): void {
  assertCan(user, "cluster:suggestion");
  database.transaction((tx) => {
    const c = loadCluster(tx, input.clusterId);
    assertTopicInScope(tx, user, c.id);
    if (c.updatedAt.getTime() !== input.seenAt) throw new ConflictError();
    tx.update(clusters)
      .set({ label: input.label, labelLocked: true, updatedAt: at })
      .where(and(eq(clusters.id, c.id), eq(clusters.updatedAt, c.updatedAt)))
      .run();
    if (c.primarySuggestionId)
      appendEvent(tx, {
        suggestionId: c.primarySuggestionId,
        type: "topic_renamed",
        actorKind: "staff",
        actorUserId: user.id,
        data: { clusterId: c.id, from: c.label, to: input.label },
        at,
      });
  });
}

/** A topic-level split: the item leaves the cluster for good, without any status change. */
export function removeFromCluster(
  user: StaffUser,
  input: { suggestionId: number; seenAt: number },
  database: Db = db(),
  at: Date = clockNow(),
): number | null {
  const to = database.transaction((tx) => {
    const row = loadSuggestion(tx, input.suggestionId);
    assertCan(user, "cluster:suggestion", scopeOf(tx, row));
    if (row.clusterId === null) throw new DomainValidationError({ suggestionId: ["form.invalid"] });
    if (loadCluster(tx, row.clusterId).updatedAt.getTime() !== input.seenAt)
      throw new ConflictError();
    const moved = intelligence().split(tx, row.id, user.id, at);
    appendEvent(tx, {
      suggestionId: row.id,
      type: "topic_changed",
      actorKind: "staff",
      actorUserId: user.id,
      data: { fromClusterId: row.clusterId, toClusterId: moved },
      at,
    });
    return moved;
  });
  textIndex().refresh([input.suggestionId], database);
  return to;
}

/** Topics with members in the subtrees, biggest first, with their members for one of them. */
export function listClustersForStaff(
  opts: { paths: string[]; page: number; q?: string; selected?: number; minSize?: number },
  database: Db = db(),
) {
  const pageSize = 30;
  const subtree = sql.join(
    opts.paths.map((p) => sql`u.path like ${`${p}%`}`),
    sql` or `,
  );
  // The query is text: % and _ (and the escape character) match themselves.
  const needle = opts.q?.replace(/[\\%_]/g, "\\$&");
  const label = needle ? sql`and c.label like ${`%${needle}%`} escape '\\'` : sql``;
  const rows = database.all<{
    id: number;
    label: string;
    labelLocked: number;
    size: number;
    updatedAt: number;
    supports: number;
    open: number;
  }>(sql`
    select c.id, c.label, c.label_locked as labelLocked, c.size, c.updated_at as updatedAt,
      sum(s.supports_count) as supports,
      sum(case when s.status in ('submitted','transferred','accepted','assigned','returned','in_progress') then 1 else 0 end) as open
    from clusters c
    join suggestions s on s.cluster_id = c.id
    join org_units u on u.id = s.unit_id
    where (${subtree}) and c.size >= ${opts.minSize ?? 2} ${label}
    group by c.id
    order by c.size desc, c.updated_at desc, c.id
    limit ${pageSize} offset ${(opts.page - 1) * pageSize}`);
  const selected = opts.selected
    ? (database.select().from(clusters).where(eq(clusters.id, opts.selected)).get() ?? null)
    : null;
  const members = selected
    ? database
        .select({
          id: suggestions.id,
          trackingCode: suggestions.trackingCode,
          title: suggestions.title,
          status: suggestions.status,
          version: suggestions.version,
          primaryId: suggestions.primaryId,
          supportsCount: suggestions.supportsCount,
          submittedAt: suggestions.submittedAt,
        })
        .from(suggestions)
        .innerJoin(orgUnits, eq(orgUnits.id, suggestions.unitId))
        .where(and(eq(suggestions.clusterId, selected.id), inSubtrees(opts.paths)))
        .orderBy(sql`${suggestions.primaryId} is not null`, sql`${suggestions.supportsCount} desc`)
        .all()
    : [];
  return { rows, pageSize, selected, members };
}

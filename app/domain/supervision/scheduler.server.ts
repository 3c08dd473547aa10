import { and, eq, gte, inArray, isNull, lt, sql } from "drizzle-orm";
import {
  assignments,
  events,
  notifications,
  orgUnits,
  roleGrants,
  suggestions,
  supervisionNotices,
  users,
} from "../../../db/schema";
import type { StaffRole, SuggestionStatus } from "../../../db/schema/enums";
import { now as clockNow, DAY_MS } from "../../utils/clock.server";
import { type Db, db } from "../../utils/db.server";
import { env } from "../../utils/env.server";
import { type Locale, type MessageKey, translate } from "../../utils/i18n";
import { log } from "../../utils/logger.server";
import { appendEvent, type Tx } from "../audit/audit.server";
import type { DeliveryAdapters } from "../notifications/adapters.server";
import { type DeliveryReport, deliverOutbox } from "../notifications/delivery.server";
import { bilingualMessage, enqueueNotification } from "../notifications/notifications.server";
import { DEFAULT_RULE, type DeadlineRule, resolveDeadlineRule } from "./deadline-rules.server";
import { currentDeadline, type DeadlineState, daysOverdue, deadlineState } from "./deadlines";

/**
 * The scheduler: one pass (`runScheduler(at)`) does, in order,
 *   1. deadlines: every open item at risk or overdue notifies the people who must act, in-app,
 *      once per item, state and deadline (an event `deadline_at_risk` / `deadline_overdue`
 *      recording the deadline is the memory, so a second pass adds nothing);
 *   2. escalation: an item still overdue N days after a supervision notice is escalated to
 *      the notice unit's parent, whose supervisors are told (event `escalated`);
 *   3. digests: from 08:00 China time, once a day, each staff member with open items gets a
 *      summary (e-mail when the account has an address, in-app otherwise);
 *   4. delivery of the outbox (e-mail and SMS).
 * Each write is its own immediate transaction that re-checks before writing, so two schedulers
 * (the in-process interval and `npm run scheduler`) never notify twice.
 */

/** China has one time zone and no daylight saving: days and the digest hour are in UTC+8. */
const TZ_OFFSET_MS = 8 * 3_600_000;
export const DIGEST_HOUR = 8;
const DIGEST_LIST_LIMIT = 10;

const ACCEPT_PHASE: readonly SuggestionStatus[] = ["submitted", "transferred"];
const OPEN_STATUSES: SuggestionStatus[] = [
  "submitted",
  "transferred",
  "accepted",
  "assigned",
  "returned",
  "in_progress",
];
/** States in which the next step is the reviewers' (screen, assign, reassign). */
const REVIEWER_STATUSES: readonly SuggestionStatus[] = [
  "submitted",
  "transferred",
  "accepted",
  "returned",
];
const HANDLER_STATUSES: readonly SuggestionStatus[] = ["assigned", "in_progress"];

export const DEADLINE_EVENT = { at_risk: "deadline_at_risk", overdue: "deadline_overdue" } as const;

export interface SchedulerOptions {
  database?: Db;
  adapters?: DeliveryAdapters;
  /** Overrides the deadline rules' `escalate_after_days` (and ESCALATION_DAYS). */
  escalationDays?: number;
  /** Local (UTC+8) hour from which the daily digest goes out. */
  digestHour?: number;
  /** Skip the digest step (false) — for tests of the other steps. */
  digests?: boolean;
  /** Skip the outbox delivery step (false) — for tests of the other steps. */
  deliver?: boolean;
}

export interface SchedulerReport {
  at: string;
  openItems: number;
  atRisk: number;
  overdue: number;
  /** Items newly notified in this pass. */
  notifiedAtRisk: number;
  notifiedOverdue: number;
  escalated: number;
  digests: number;
  delivery: DeliveryReport | null;
}

interface OpenItem {
  id: number;
  trackingCode: string;
  title: string;
  status: SuggestionStatus;
  unitId: number;
  unitPath: string;
  categoryId: number | null;
  dueAt: Date | null;
  state: DeadlineState;
  rule: DeadlineRule;
}

interface Staff {
  id: number;
  displayName: string;
  email: string | null;
  departmentId: number | null;
  grants: { role: StaffRole; unitId: number; unitPath: string }[];
}

interface Unit {
  id: number;
  parentId: number | null;
  name: string;
  nameEn: string;
  path: string;
}

/** The calendar day (YYYY-MM-DD) of an instant in China time. */
export function localDay(at: Date): string {
  return new Date(at.getTime() + TZ_OFFSET_MS).toISOString().slice(0, 10);
}

function localHour(at: Date): number {
  return new Date(at.getTime() + TZ_OFFSET_MS).getUTCHours();
}

/** Ids of a unit and its ancestors, nearest first, from its materialized path. */
function unitChain(path: string): number[] {
  return path.split("/").filter(Boolean).map(Number).reverse();
}

/** Everything one pass reads, loaded once. */
class Snapshot {
  readonly items: OpenItem[];
  readonly itemsById: Map<number, OpenItem>;
  readonly staff: Staff[];
  readonly units: Map<number, Unit>;
  /** suggestionId → departments with a live (pending or accepted) assignment. */
  readonly departmentsOf: Map<number, number[]>;

  constructor(database: Db, at: Date) {
    const ruleCache = new Map<string, DeadlineRule>();
    const ruleFor = (unitId: number, categoryId: number | null) => {
      const key = `${unitId}:${categoryId}`;
      let rule = ruleCache.get(key);
      if (!rule) {
        rule = resolveDeadlineRule(database, unitId, categoryId);
        ruleCache.set(key, rule);
      }
      return rule;
    };
    this.items = database
      .select({
        id: suggestions.id,
        trackingCode: suggestions.trackingCode,
        title: suggestions.title,
        status: suggestions.status,
        unitId: suggestions.unitId,
        unitPath: orgUnits.path,
        categoryId: suggestions.categoryId,
        acceptDueAt: suggestions.acceptDueAt,
        handleDueAt: suggestions.handleDueAt,
      })
      .from(suggestions)
      .innerJoin(orgUnits, eq(orgUnits.id, suggestions.unitId))
      .where(inArray(suggestions.status, OPEN_STATUSES))
      .all()
      .map((r) => {
        const rule = ruleFor(r.unitId, r.categoryId);
        const dueAt = currentDeadline(r);
        return {
          id: r.id,
          trackingCode: r.trackingCode,
          title: r.title,
          status: r.status,
          unitId: r.unitId,
          unitPath: r.unitPath,
          categoryId: r.categoryId,
          dueAt,
          state: deadlineState(dueAt, at, rule.atRiskDays),
          rule,
        };
      });
    this.itemsById = new Map(this.items.map((i) => [i.id, i]));

    const staffById = new Map<number, Staff>();
    for (const row of database
      .select({
        id: users.id,
        displayName: users.displayName,
        email: users.email,
        departmentId: users.departmentId,
        role: roleGrants.role,
        unitId: roleGrants.unitId,
        unitPath: orgUnits.path,
      })
      .from(users)
      .innerJoin(roleGrants, eq(roleGrants.userId, users.id))
      .innerJoin(orgUnits, eq(orgUnits.id, roleGrants.unitId))
      .where(and(eq(users.active, true), isNull(roleGrants.revokedAt)))
      .all()) {
      let s = staffById.get(row.id);
      if (!s) {
        s = {
          id: row.id,
          displayName: row.displayName,
          email: row.email,
          departmentId: row.departmentId,
          grants: [],
        };
        staffById.set(row.id, s);
      }
      s.grants.push({ role: row.role, unitId: row.unitId, unitPath: row.unitPath });
    }
    this.staff = [...staffById.values()];

    this.units = new Map(
      database
        .select({
          id: orgUnits.id,
          parentId: orgUnits.parentId,
          name: orgUnits.name,
          nameEn: orgUnits.nameEn,
          path: orgUnits.path,
        })
        .from(orgUnits)
        .all()
        .map((u) => [u.id, u]),
    );

    this.departmentsOf = new Map();
    for (const a of database
      .select({ suggestionId: assignments.suggestionId, departmentId: assignments.departmentId })
      .from(assignments)
      .innerJoin(suggestions, eq(suggestions.id, assignments.suggestionId))
      .where(
        and(
          inArray(assignments.status, ["pending", "accepted"]),
          inArray(suggestions.status, [...HANDLER_STATUSES]),
        ),
      )
      .all()) {
      const list = this.departmentsOf.get(a.suggestionId) ?? [];
      if (!list.includes(a.departmentId)) list.push(a.departmentId);
      this.departmentsOf.set(a.suggestionId, list);
    }
  }

  /** Holders of `role` at the nearest unit (the given one, then up the tree) that has any. */
  nearest(unitPath: string, role: StaffRole): Staff[] {
    for (const unitId of unitChain(unitPath)) {
      const found = this.staff.filter((s) =>
        s.grants.some((g) => g.role === role && g.unitId === unitId),
      );
      if (found.length > 0) return found;
    }
    return [];
  }

  handlersOf(departmentIds: number[]): Staff[] {
    return this.staff.filter(
      (s) =>
        s.departmentId !== null &&
        departmentIds.includes(s.departmentId) &&
        s.grants.some((g) => g.role === "handler"),
    );
  }

  /** Who must act on the item now: its departments' handlers, else the reviewers. */
  responsible(item: OpenItem): Staff[] {
    if (HANDLER_STATUSES.includes(item.status)) {
      const handlers = this.handlersOf(this.departmentsOf.get(item.id) ?? []);
      if (handlers.length > 0) return handlers;
    }
    return this.nearest(item.unitPath, "reviewer");
  }

  /** A staff member's own open items: their queue as reviewer, inbox as handler, board as supervisor. */
  itemsOf(s: Staff): OpenItem[] {
    return this.items.filter((item) =>
      s.grants.some((g) => {
        if (!item.unitPath.startsWith(g.unitPath)) return false;
        if (g.role === "reviewer") return REVIEWER_STATUSES.includes(item.status);
        if (g.role === "supervisor") return true;
        if (g.role === "handler")
          return (
            s.departmentId !== null &&
            (this.departmentsOf.get(item.id) ?? []).includes(s.departmentId)
          );
        return false;
      }),
    );
  }

  unitName(unitId: number | null, locale: Locale): string {
    const u = unitId === null ? undefined : this.units.get(unitId);
    if (!u) return "";
    return locale === "en" ? u.nameEn : u.name;
  }
}

const dayString = (d: Date | null) => (d ? localDay(d) : "");
const overdueDays = (item: OpenItem, at: Date) => Math.max(1, daysOverdue(item.dueAt, at));
const phaseKey = (item: OpenItem): MessageKey =>
  ACCEPT_PHASE.includes(item.status) ? "notify.phase.accept" : "notify.phase.handle";

function hasDeadlineEvent(tx: Tx, suggestionId: number, type: string, dueMs: number) {
  return !!tx
    .select({ id: events.id })
    .from(events)
    .where(
      and(
        eq(events.suggestionId, suggestionId),
        eq(events.type, type),
        sql`json_extract(${events.data}, '$.dueAt') = ${dueMs}`,
      ),
    )
    .limit(1)
    .get();
}

/** Step 1: at-risk and overdue notifications, once per item, state and deadline. */
function notifyDeadlines(database: Db, snap: Snapshot, at: Date) {
  const result = { notifiedAtRisk: 0, notifiedOverdue: 0 };
  const flagged = snap.items.filter((i) => i.state === "at_risk" || i.state === "overdue");
  if (flagged.length === 0) return result;
  // What earlier passes already recorded, in one indexed query.
  const done = new Set(
    database
      .select({
        suggestionId: events.suggestionId,
        type: events.type,
        dueAt: sql<number>`json_extract(${events.data}, '$.dueAt')`,
      })
      .from(events)
      .where(inArray(events.type, Object.values(DEADLINE_EVENT)))
      .all()
      .map((e) => `${e.suggestionId}:${e.type}:${e.dueAt}`),
  );
  for (const item of flagged) {
    const state = item.state as "at_risk" | "overdue";
    const type = DEADLINE_EVENT[state];
    const dueMs = item.dueAt!.getTime();
    if (done.has(`${item.id}:${type}:${dueMs}`)) continue;
    const recipients = new Map(snap.responsible(item).map((s) => [s.id, s]));
    if (state === "overdue")
      for (const s of snap.nearest(item.unitPath, "supervisor")) recipients.set(s.id, s);
    const message =
      state === "overdue"
        ? bilingualMessage("notify.overdue.subject", "notify.overdue.body", (locale) => ({
            title: item.title,
            code: item.trackingCode,
            phase: translate(locale, phaseKey(item)),
            due: dayString(item.dueAt),
            days: overdueDays(item, at),
          }))
        : bilingualMessage("notify.atRisk.subject", "notify.atRisk.body", (locale) => ({
            title: item.title,
            code: item.trackingCode,
            phase: translate(locale, phaseKey(item)),
            due: dayString(item.dueAt),
            days: item.rule.atRiskDays,
          }));
    const wrote = database.transaction(
      (tx) => {
        if (hasDeadlineEvent(tx, item.id, type, dueMs)) return false;
        appendEvent(tx, {
          suggestionId: item.id,
          type,
          actorKind: "system",
          data: { dueAt: dueMs, status: item.status, recipients: [...recipients.keys()] },
          at,
        });
        for (const s of recipients.values())
          enqueueNotification(tx, {
            channel: "in_app",
            recipientUserId: s.id,
            suggestionId: item.id,
            ...message,
            at,
          });
        return true;
      },
      { behavior: "immediate" },
    );
    if (!wrote) continue;
    if (state === "overdue") result.notifiedOverdue++;
    else result.notifiedAtRisk++;
  }
  return result;
}

function escalationDaysFor(item: OpenItem, override: number | undefined): number {
  if (override !== undefined) return override;
  // The rules table is the per-unit, per-category setting; the env value is the fallback.
  return item.rule === DEFAULT_RULE ? env().ESCALATION_DAYS : item.rule.escalateAfterDays;
}

/** Step 2: notices whose item is still overdue N days later go up to the parent unit. */
function escalateNotices(database: Db, snap: Snapshot, at: Date, override?: number): number {
  let escalated = 0;
  const pending = database
    .select()
    .from(supervisionNotices)
    .where(isNull(supervisionNotices.escalatedAt))
    .all();
  for (const notice of pending) {
    const item = snap.itemsById.get(notice.suggestionId);
    if (item?.state !== "overdue") continue;
    const days = escalationDaysFor(item, override);
    if (at.getTime() < notice.issuedAt.getTime() + days * DAY_MS) continue;
    const from = snap.units.get(notice.unitId);
    const parentId = from?.parentId ?? null;
    if (!from || parentId === null) {
      log.debug("notice cannot escalate: no parent unit", { noticeId: notice.id });
      continue;
    }
    const parent = snap.units.get(parentId)!;
    const supervisors = snap.nearest(parent.path, "supervisor");
    const params = (locale: Locale) => ({
      title: item.title,
      code: item.trackingCode,
      unit: snap.unitName(from.id, locale),
      parent: snap.unitName(parent.id, locale),
      days,
    });
    const message = bilingualMessage("notify.escalated.subject", "notify.escalated.body", params);
    const wrote = database.transaction(
      (tx) => {
        const changed = tx
          .update(supervisionNotices)
          .set({ escalatedAt: at, escalatedToUnitId: parent.id })
          .where(and(eq(supervisionNotices.id, notice.id), isNull(supervisionNotices.escalatedAt)))
          .run().changes;
        if (changed === 0) return false;
        appendEvent(tx, {
          suggestionId: item.id,
          type: "escalated",
          actorKind: "system",
          note: translate("zh-CN", "notify.escalated.note", params("zh-CN")),
          data: {
            noticeId: notice.id,
            fromUnitId: from.id,
            toUnitId: parent.id,
            daysOverdue: daysOverdue(item.dueAt, at),
            recipients: supervisors.map((s) => s.id),
          },
          at,
        });
        for (const s of supervisors)
          enqueueNotification(tx, {
            channel: "in_app",
            recipientUserId: s.id,
            suggestionId: item.id,
            ...message,
            at,
          });
        return true;
      },
      { behavior: "immediate" },
    );
    if (wrote) escalated++;
  }
  return escalated;
}

function stateLabel(item: OpenItem, at: Date, locale: Locale): string {
  if (item.state === "overdue")
    return translate(locale, "notify.state.overdue", { days: overdueDays(item, at) });
  return translate(locale, `notify.state.${item.state}` as MessageKey);
}

export function digestSubject(day: string): string {
  return bilingualMessage("notify.digest.subject", "notify.digest.subject", { day }).subject;
}

/** Step 3: the daily digest, once per user and (China) day. */
function sendDigests(database: Db, snap: Snapshot, at: Date, digestHour: number): number {
  if (localHour(at) < digestHour) return 0;
  const day = localDay(at);
  const subject = digestSubject(day);
  // The China day [00:00, 24:00) that `at` falls in: a digest row of that day has its subject.
  const dayStart = new Date(Date.parse(`${day}T00:00:00Z`) - TZ_OFFSET_MS);
  const dayEnd = new Date(dayStart.getTime() + DAY_MS);
  let sent = 0;
  for (const s of snap.staff) {
    const mine = snap.itemsOf(s);
    if (mine.length === 0) continue;
    const urgency = { overdue: 0, at_risk: 1, on_time: 2, none: 3 } as const;
    const sorted = [...mine].sort(
      (a, b) =>
        urgency[a.state] - urgency[b.state] ||
        (a.dueAt?.getTime() ?? Number.MAX_SAFE_INTEGER) -
          (b.dueAt?.getTime() ?? Number.MAX_SAFE_INTEGER),
    );
    const counts = {
      open: mine.length,
      atRisk: mine.filter((i) => i.state === "at_risk").length,
      overdue: mine.filter((i) => i.state === "overdue").length,
    };
    const lines = sorted
      .slice(0, DIGEST_LIST_LIMIT)
      .map(
        (i) =>
          `· ${i.trackingCode} ${i.title}（${stateLabel(i, at, "zh-CN")} / ${stateLabel(i, at, "en")}${
            i.dueAt ? `, ${dayString(i.dueAt)}` : ""
          }）`,
      );
    if (sorted.length > DIGEST_LIST_LIMIT) {
      const n = sorted.length - DIGEST_LIST_LIMIT;
      lines.push(
        `${translate("zh-CN", "notify.digest.more", { n })} ${translate("en", "notify.digest.more", { n })}`,
      );
    }
    const message = bilingualMessage(
      "notify.digest.body",
      "notify.digest.body",
      { name: s.displayName, ...counts },
      lines.join("\n"),
    );
    const wrote = database.transaction(
      (tx) => {
        const already = tx
          .select({ id: notifications.id })
          .from(notifications)
          .where(
            and(
              eq(notifications.recipientUserId, s.id),
              inArray(notifications.channel, ["in_app", "email"]),
              gte(notifications.createdAt, dayStart),
              lt(notifications.createdAt, dayEnd),
              eq(notifications.subject, subject),
            ),
          )
          .limit(1)
          .get();
        if (already) return false;
        enqueueNotification(tx, {
          channel: s.email ? "email" : "in_app",
          recipientUserId: s.id,
          recipientAddress: s.email,
          subject,
          body: message.body,
          at,
        });
        return true;
      },
      { behavior: "immediate" },
    );
    if (wrote) sent++;
  }
  return sent;
}

/** One scheduler pass at `at` (the injectable clock's now by default). */
export async function runScheduler(
  at: Date = clockNow(),
  options: SchedulerOptions = {},
): Promise<SchedulerReport> {
  const database = options.database ?? db();
  const snap = new Snapshot(database, at);
  const deadlines = notifyDeadlines(database, snap, at);
  const escalated = escalateNotices(database, snap, at, options.escalationDays);
  const digests =
    options.digests === false
      ? 0
      : sendDigests(database, snap, at, options.digestHour ?? DIGEST_HOUR);
  const delivery =
    options.deliver === false
      ? null
      : await deliverOutbox({ at, database, adapters: options.adapters });
  return {
    at: at.toISOString(),
    openItems: snap.items.length,
    atRisk: snap.items.filter((i) => i.state === "at_risk").length,
    overdue: snap.items.filter((i) => i.state === "overdue").length,
    ...deadlines,
    escalated,
    digests,
    delivery,
  };
}

let timer: ReturnType<typeof setInterval> | undefined;
let firstRun: ReturnType<typeof setTimeout> | undefined;
let running: Promise<void> | null = null;

/** Starts the in-process interval (SCHEDULER_INTERVAL_MINUTES; 0 leaves it off). */
export function startScheduler(): void {
  const minutes = env().SCHEDULER_INTERVAL_MINUTES;
  if (!minutes || timer) {
    if (!minutes) log.info("scheduler disabled (SCHEDULER_INTERVAL_MINUTES=0)");
    return;
  }
  const tick = () => {
    if (running) return; // a slow pass is still going: skip this tick, never overlap
    running = runScheduler()
      .then((report) => {
        const busy =
          report.notifiedAtRisk + report.notifiedOverdue + report.escalated + report.digests > 0 ||
          (report.delivery?.claimed ?? 0) > 0;
        // Quiet passes only at debug level: one every few minutes would drown the log.
        (busy ? log.info : log.debug)("scheduler pass", { ...report });
      })
      .catch((error) =>
        log.error("scheduler pass failed", {
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        }),
      )
      .finally(() => {
        running = null;
      });
  };
  timer = setInterval(tick, minutes * 60_000);
  timer.unref();
  // A first pass shortly after start, not during it.
  firstRun = setTimeout(tick, 5_000);
  firstRun.unref();
  log.info("scheduler started", { intervalMinutes: minutes });
}

/** Stops the interval and waits for a pass in flight, so the database can close cleanly. */
export async function stopScheduler(): Promise<void> {
  if (timer) clearInterval(timer);
  if (firstRun) clearTimeout(firstRun);
  timer = undefined;
  firstRun = undefined;
  await running;
}

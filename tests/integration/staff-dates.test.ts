/**
 * Dates in staff commands must be real calendar days. `2026-13-01` matched the YYYY-MM-DD
 * pattern, became an Invalid Date and reached the database: an assignment's due date (NOT NULL)
 * was a 500, an outcome's date was stored as NULL with a 200, and `2026-02-30` quietly became
 * 2 March. Now each is a 400 with a field error, through the staff API (on a private copy of the
 * seeded database) and through the schema the console forms share.
 */
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, inject, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "minyi-staff-dates-"));
const file = join(dir, "db.sqlite");
copyFileSync(inject("templateDb"), file);
process.env.DATABASE_PATH = file;
process.env.SESSION_SECRET = "staff-dates-test-session-secret-0123456789abcdef";
process.env.LOG_LEVEL = "silent";

const { loadStaffUser } = await import("../../app/domain/auth/auth.server");
const { createApiClient } = await import("../../app/domain/admin/api-clients.server");
const { StaffCommand } = await import("../../app/domain/staff/staff.schema");
const actionRoute = await import("../../app/routes/api.v1.staff.suggestions.$suggestionId.$action");

const IMPOSSIBLE = ["2026-13-01", "2026-13-45", "2026-02-30", "2026-04-31", "2025-02-29"];
const sql = new Database(file);
const keys: Record<string, string> = {};

const userId = (username: string) =>
  (sql.prepare("SELECT id FROM users WHERE username = ?").get(username) as { id: number }).id;
const state = (id: number) =>
  sql.prepare("SELECT status, version FROM suggestions WHERE id = ?").get(id) as {
    status: string;
    version: number;
  };

beforeAll(() => {
  const admin = loadStaffUser(userId("admin"))!;
  for (const username of ["reviewer", "handler"]) {
    keys[username] = createApiClient(admin, {
      name: `dates ${username}`,
      userId: userId(username),
    }).key;
  }
});

async function act(who: string, suggestionId: number, action: string, body: unknown) {
  const request = new Request(
    `http://minyi.test/api/v1/staff/suggestions/${suggestionId}/${action}`,
    {
      method: "POST",
      headers: { authorization: `Bearer ${keys[who]}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    },
  );
  const response = await actionRoute.action({
    request,
    params: { suggestionId: String(suggestionId), action },
    context: {},
  } as never);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("impossible dates in staff commands", () => {
  it("assign with a due date that does not exist is a 400 on dueAt and assigns nothing", async () => {
    const item = sql
      .prepare(
        "SELECT id, version FROM suggestions WHERE status = 'accepted' AND unit_id = 3 ORDER BY id LIMIT 1",
      )
      .get() as { id: number; version: number };
    const assign = (dueAt: string, version = item.version) =>
      act("reviewer", item.id, "actions", {
        intent: "assign",
        version,
        leadDepartmentId: 1,
        dueAt,
      });
    for (const dueAt of IMPOSSIBLE) {
      const r = await assign(dueAt);
      expect(r.status, dueAt).toBe(400);
      expect(r.body.fieldErrors, dueAt).toEqual({ dueAt: ["Use a real date like 2026-12-31"] });
    }
    expect(state(item.id)).toEqual({ status: "accepted", version: item.version });

    // A real day (a week from now; it must lie within the handling period) is stored as the
    // end of that day in China time.
    const day = new Date(Date.now() + 7 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const ok = await assign(day);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const due = sql
      .prepare("SELECT due_at AS d FROM assignments WHERE suggestion_id = ? AND role = 'lead'")
      .get(item.id) as { d: number };
    expect(due.d).toBe(Date.parse(`${day}T23:59:59+08:00`));
  });

  it("recordOutcome with an outcome date that does not exist is a 400, not a NULL date", async () => {
    const item = sql
      .prepare(
        `SELECT s.id, s.version FROM suggestions s JOIN assignments a ON a.suggestion_id = s.id
         JOIN departments d ON d.id = a.department_id
         WHERE d.code = 'lj-transport' AND a.status = 'pending' AND a.role = 'lead' AND s.status = 'assigned'
         ORDER BY s.id LIMIT 1`,
      )
      .get() as { id: number; version: number };
    const accepted = await act("handler", item.id, "accept-assignment", { version: item.version });
    const replied = await act("handler", item.id, "reply", {
      version: accepted.body.version,
      body: "经研究，采纳您的建议，将在下季度调整线路并公布时刻表。",
      decision: "adopted",
    });
    expect(replied.status).toBe(200);
    const outcome = (outcomeDate: string) =>
      act("handler", item.id, "outcome", {
        version: replied.body.version,
        type: "measure",
        title: "调整公交线路",
        description: "根据市民建议调整公交线路走向并公布新时刻表。",
        outcomeDate,
      });
    for (const outcomeDate of IMPOSSIBLE) {
      const r = await outcome(outcomeDate);
      expect(r.status, outcomeDate).toBe(400);
      expect(Object.keys(r.body.fieldErrors as object), outcomeDate).toEqual(["outcomeDate"]);
    }
    const none = sql
      .prepare("SELECT count(*) AS n FROM outcomes WHERE suggestion_id = ?")
      .get(item.id);
    expect(none).toEqual({ n: 0 });

    expect((await outcome("2026-12-31")).status).toBe(200);
    const stored = sql
      .prepare("SELECT outcome_date AS d FROM outcomes WHERE suggestion_id = ?")
      .get(item.id) as { d: number | null };
    expect(stored.d).not.toBeNull();
  });

  it("every date field of the shared schema refuses impossible days and takes real ones", () => {
    const withDates = [
      { intent: "assign", version: 1, leadDepartmentId: 1, field: "dueAt" },
      {
        intent: "recordOutcome",
        version: 1,
        type: "measure",
        title: "标题",
        description: "一段足够长的成果说明。",
        field: "outcomeDate",
      },
      { intent: "addMilestone", version: 1, title: "里程碑", field: "dueAt" },
    ];
    for (const { field, ...command } of withDates) {
      for (const day of IMPOSSIBLE) {
        const parsed = StaffCommand.safeParse({ ...command, [field]: day });
        expect(parsed.success, `${command.intent} ${day}`).toBe(false);
        expect(parsed.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
          [field, "form.invalidDate"],
        ]);
      }
      const parsed = StaffCommand.safeParse({ ...command, [field]: "2028-02-29" });
      expect(parsed.success, command.intent).toBe(true);
    }
  });
});

import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getPublicFigures } from "../../app/domain/analytics/figures.server";
import { signIn } from "../../app/domain/auth/auth.server";
import { getSuggestionView } from "../../app/domain/suggestions/public.server";
import { submitSuggestion } from "../../app/domain/suggestions/submit.server";
import { DomainValidationError } from "../../app/utils/errors";
import {
  categories,
  events,
  notifications,
  orgUnits,
  suggestionContacts,
  suggestions,
} from "../../db/schema";
import { freshDb } from "../setup/test-db";

const input = {
  title: "建议增开夜间公交线路",
  body: "下夜班的工人很多，建议在火车站到工业园之间增开夜间公交，联系电话13812345678。",
  regionUnitId: 3,
  contactName: "王小明",
  contactPhone: "13812345678",
  contactEmail: undefined,
  anonymous: false,
  publishConsent: true,
};

describe("submitting a suggestion", () => {
  it("writes the row, the contact apart, the event and the outbox message in one go", () => {
    const db = freshDb();
    const before = db.select({ n: count() }).from(suggestions).get()!.n;
    const result = submitSuggestion(input, { channel: "web" }, db);
    expect(result.trackingCode).toMatch(/^JY-\d{4}-\d{6}$/);
    const row = db.select().from(suggestions).where(eq(suggestions.id, result.id)).get()!;
    expect(row.status).toBe("submitted");
    expect(row.secretHash).not.toContain(result.secret);
    expect(db.select({ n: count() }).from(suggestions).get()!.n).toBe(before + 1);
    expect(
      db
        .select()
        .from(suggestionContacts)
        .where(eq(suggestionContacts.suggestionId, result.id))
        .get()?.phone,
    ).toBe("13812345678");
    expect(
      db
        .select()
        .from(events)
        .where(eq(events.suggestionId, result.id))
        .all()
        .map((e) => e.type),
    ).toEqual(["submitted"]);
    const sms = db
      .select()
      .from(notifications)
      .where(eq(notifications.suggestionId, result.id))
      .all();
    expect(sms.map((n) => n.channel)).toEqual(["sms"]);
    expect(sms[0]!.body).toContain(result.secret);
  });

  it("is idempotent: the same key gives the same code and secret and one row", () => {
    const db = freshDb();
    const a = submitSuggestion(input, { channel: "web", idempotencyKey: "web:key-123456789" }, db);
    const b = submitSuggestion(input, { channel: "web", idempotencyKey: "web:key-123456789" }, db);
    expect(b.replayed).toBe(true);
    expect(b.trackingCode).toBe(a.trackingCode);
    expect(b.secret).toBe(a.secret);
    expect(
      db
        .select({ n: count() })
        .from(suggestions)
        .where(eq(suggestions.idempotencyKey, "web:key-123456789"))
        .get()!.n,
    ).toBe(1);
  });

  it("a known key with another text gets nothing of the first suggestion", () => {
    const db = freshDb();
    submitSuggestion(input, { channel: "api", idempotencyKey: "api:order-42" }, db);
    let error: unknown;
    try {
      submitSuggestion(
        {
          ...input,
          title: "另一个人的标题",
          body: "完全不同的内容，长度超过二十个字符，用来冒用别人的键。",
        },
        { channel: "api", idempotencyKey: "api:order-42" },
        db,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainValidationError);
    expect((error as DomainValidationError).fieldErrors).toEqual({
      idempotencyKey: ["submit.keyReused"],
    });
  });

  it("a key in the input itself is not used: the caller namespaces it", () => {
    const db = freshDb();
    const a = submitSuggestion(
      { ...input, idempotencyKey: "order-42-abc" },
      { channel: "web" },
      db,
    );
    const b = submitSuggestion(
      { ...input, idempotencyKey: "order-42-abc" },
      { channel: "web" },
      db,
    );
    expect(b.replayed).toBe(false);
    expect(b.trackingCode).not.toBe(a.trackingCode);
  });

  it("refuses the national root, inactive units and inactive categories", () => {
    const db = freshDb();
    const refused = (over: Partial<typeof input> & { categoryId?: number }) => {
      try {
        submitSuggestion({ ...input, ...over }, { channel: "api" }, db);
        return null;
      } catch (e) {
        return e instanceof DomainValidationError ? e.fieldErrors : e;
      }
    };
    const national = db.select().from(orgUnits).where(eq(orgUnits.level, "national")).get()!;
    expect(refused({ regionUnitId: national.id })).toEqual({ regionUnitId: ["form.invalid"] });
    db.update(orgUnits).set({ active: false }).where(eq(orgUnits.id, 4)).run();
    expect(refused({ regionUnitId: 4 })).toEqual({ regionUnitId: ["form.invalid"] });
    const category = db.select().from(categories).where(eq(categories.active, true)).get()!;
    expect(refused({ categoryId: category.id })).toBeNull();
    db.update(categories).set({ active: false }).where(eq(categories.id, category.id)).run();
    expect(refused({ categoryId: category.id })).toEqual({ categoryId: ["form.invalid"] });
  });

  it("the owner sees the phone number with the secret; without it nothing is shown before screening", () => {
    const db = freshDb();
    const r = submitSuggestion(input, { channel: "web" }, db);
    expect(getSuggestionView(r.trackingCode, { secret: r.secret }, db).suggestion.body).toContain(
      "13812345678",
    );
    expect(() => getSuggestionView(r.trackingCode, {}, db)).toThrow(/Not public/);
    expect(() => getSuggestionView(r.trackingCode, { secret: "WRONG-SECRET" }, db)).toThrow(
      /Not public/,
    );
  });
});

describe("home figures", () => {
  it("equal independent SQL over the seeded database", () => {
    const db = freshDb();
    const f = getPublicFigures(db);
    const one = (sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;
    expect(f.received).toBe(one("select count(*) n from suggestions"));
    expect(f.answered).toBe(
      one(
        "select count(*) n from suggestions where status in ('answered','implementing','completed')",
      ),
    );
    expect(f.adopted).toBe(
      one(
        "select count(*) n from adoption_decisions where decision in ('adopted','partly_adopted') and published_at is not null",
      ),
    );
    expect(f.converted).toBe(one("select count(*) n from outcomes where published_at is not null"));
    const sat = db.$client
      .prepare("select count(*) n, sum(score >= 3) s from satisfactions")
      .get() as { n: number; s: number };
    expect(f.satisfactionRate).toBeCloseTo((sat.s / sat.n) * 100, 0);
  });
});

describe("sign-in", () => {
  it("refuses a wrong password, locks after five failures, and accepts the right one", async () => {
    const db = freshDb();
    expect(await signIn("reviewer", "nope", db)).toEqual({ ok: false, reason: "invalid" });
    expect((await signIn("reviewer", "minyi-demo-2026", db)).ok).toBe(true);
    for (let i = 0; i < 4; i++) await signIn("analyst", "bad", db);
    expect(await signIn("analyst", "bad", db)).toEqual({ ok: false, reason: "locked" });
    expect(await signIn("analyst", "minyi-demo-2026", db)).toEqual({ ok: false, reason: "locked" });
  });
});

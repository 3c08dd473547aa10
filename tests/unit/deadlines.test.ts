import { describe, expect, it } from "vitest";
import {
  currentDeadline,
  daysOverdue,
  deadlineState,
} from "../../app/domain/supervision/deadlines";

const D = (s: string) => new Date(s);

describe("deadlines", () => {
  it("uses the acceptance deadline before acceptance and the handling one after", () => {
    const item = { acceptDueAt: D("2026-01-16"), handleDueAt: D("2026-03-20") };
    expect(currentDeadline({ ...item, status: "submitted" })).toEqual(D("2026-01-16"));
    expect(currentDeadline({ ...item, status: "in_progress" })).toEqual(D("2026-03-20"));
    expect(currentDeadline({ ...item, status: "answered" })).toBeNull();
  });

  it("is at risk within 3 days and overdue after", () => {
    const due = D("2026-01-10T00:00:00Z");
    expect(deadlineState(due, D("2026-01-01T00:00:00Z"))).toBe("on_time");
    expect(deadlineState(due, D("2026-01-07T00:00:00Z"))).toBe("at_risk");
    expect(deadlineState(due, D("2026-01-10T00:00:01Z"))).toBe("overdue");
    expect(deadlineState(null, D("2026-01-10"))).toBe("none");
  });

  it("counts whole days overdue", () => {
    expect(daysOverdue(D("2026-01-10T00:00:00Z"), D("2026-01-13T12:00:00Z"))).toBe(3);
    expect(daysOverdue(D("2026-01-10T00:00:00Z"), D("2026-01-09T00:00:00Z"))).toBe(0);
  });
});

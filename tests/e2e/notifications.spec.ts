import { execFileSync } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import Database from "better-sqlite3";
import { expect, signIn, test } from "./fixtures";

/**
 * The server under test runs with its scheduler off; the operator's command fills the outbox,
 * on the same database file the server uses (playwright.config.ts), as it would in production.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);

/** Signs in and waits until the console has loaded (the sign-in post has landed). */
async function signInAs(page: Page, username: string) {
  await signIn(page, username);
  await expect(page).toHaveURL(/\/console\//);
}
const DIR = `.cache/e2e-${PORT}`;

/** Now, or today's 08:00 in China when earlier: the daily digest goes out from 08:00. */
function digestTime(): Date {
  const hour = 3_600_000;
  const now = Date.now();
  const localHour = Math.floor((now + 8 * hour) / hour) % 24;
  return new Date(localHour >= 8 ? now : now + (8 - localHour) * hour);
}

function runSchedulerOnce(): Record<string, unknown> {
  const at = digestTime().toISOString();
  const out = execFileSync("npx", ["tsx", "scripts/scheduler.ts", "--once", "--at", at], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_PATH: `${DIR}/minyi.sqlite`,
      OUTBOX_DIR: `${DIR}/outbox`,
      SESSION_SECRET: "e2e-session-secret-e2e-session-secret-0123456789",
      LOG_LEVEL: "warn",
    },
    encoding: "utf8",
  });
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

test.describe("notification centre", () => {
  let report: Record<string, unknown> = {};
  test.beforeAll(() => {
    report = runSchedulerOnce();
  });

  test("a reviewer sees deadline notifications, opens one and marks them all read", async ({
    page,
  }) => {
    // The seeded story has items near and past their deadlines.
    expect(Number(report.notifiedAtRisk) + Number(report.notifiedOverdue)).toBeGreaterThan(0);

    await signInAs(page, "reviewer");
    await page.getByRole("link", { name: "通知" }).click();
    await expect(page).toHaveURL(/\/console\/notifications$/);
    await expect(page.getByRole("heading", { level: 1, name: "通知中心" })).toBeVisible();

    const list = page.getByRole("list", { name: "通知列表" });
    const unreadItems = list.locator("li[data-unread=true]");
    const unread = await unreadItems.count();
    expect(unread).toBeGreaterThan(0);
    await expect(page.getByTestId("unread-count")).toHaveText(`${unread} 条未读`);
    await expect(unreadItems.first().getByText("未读", { exact: true })).toBeVisible();
    await expect(list.getByRole("heading", { name: /已逾期|期限将至/ }).first()).toBeVisible();
    // The reviewer's daily digest is there too (no e-mail address on the demo account).
    await expect(list.getByRole("heading", { name: /每日待办摘要/ })).toBeVisible();

    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations).toEqual([]);

    // A notification links to its suggestion.
    const link = list.getByRole("link", { name: "查看建议" }).first();
    const href = await link.getAttribute("href");
    expect(href).toMatch(/^\/console\/suggestions\/\d+$/);
    await link.click();
    await expect(page).toHaveURL(new RegExp(`${href}$`));
    await page.goBack();

    // Mark one read, then all.
    await list.locator("li[data-unread=true]").first().getByRole("button").click();
    await expect(page.getByRole("status")).toHaveText("已将 1 条通知标为已读。");
    await expect(page.getByTestId("unread-count")).toHaveText(`${unread - 1} 条未读`);

    await page.getByRole("button", { name: "全部标为已读" }).click();
    await expect(page.getByRole("status")).toHaveText(`已将 ${unread - 1} 条通知标为已读。`);
    await expect(page.getByTestId("unread-count")).toHaveText("0 条未读");
    await expect(list.locator("li[data-unread=true]")).toHaveCount(0);
    await expect(list.locator("li")).toHaveCount(unread);
    await expect(page.getByRole("button", { name: "全部标为已读" })).toHaveCount(0);

    // Read state is kept: a reload shows nothing unread.
    await page.reload();
    await expect(page.getByTestId("unread-count")).toHaveText("0 条未读");
  });

  test("in English, with only the user's own notifications", async ({ page }) => {
    const sqlite = new Database(`${DIR}/minyi.sqlite`, { readonly: true });
    const own = sqlite
      .prepare(
        `select count(*) n from notifications n join users u on u.id = n.recipient_user_id
         where u.username = 'handler' and n.channel = 'in_app'`,
      )
      .get() as { n: number };
    sqlite.close();
    expect(own.n).toBeGreaterThan(0);
    await signInAs(page, "handler");
    await page.goto("/console/notifications?lang=en");
    await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
    const list = page.getByRole("list", { name: "Notification list" });
    await expect(list.locator("li")).toHaveCount(own.n);
    await expect(page.getByTestId("unread-count")).toHaveText(`${own.n} unread`);
    await expect(page.getByRole("button", { name: "Mark all as read" })).toBeVisible();
  });

  test("marking read without the CSRF token is refused", async ({ page }) => {
    await signInAs(page, "supervisor");
    const status = await page.evaluate(async () => {
      const body = new URLSearchParams({ intent: "markAllRead" });
      const r = await fetch("/console/notifications", { method: "POST", body });
      return r.status;
    });
    expect(status).toBe(403);
    await page.goto("/console/notifications");
    await expect(page.getByTestId("unread-count")).not.toHaveText("0 条未读");
  });
});

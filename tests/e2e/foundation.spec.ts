import AxeBuilder from "@axe-core/playwright";
import Database from "better-sqlite3";
import { expect, signIn, test } from "./fixtures";

const ROLES = [
  { username: "reviewer", path: "/console/review", heading: "审核队列" },
  { username: "handler", path: "/console/inbox", heading: "承办收件箱" },
  { username: "supervisor", path: "/console/supervision", heading: "督办看板" },
  { username: "analyst", path: "/console/analytics", heading: "统计分析" },
  { username: "admin", path: "/console/admin", heading: "系统管理" },
];

test.describe("foundation", () => {
  for (const role of ROLES) {
    test(`${role.username} signs in and lands on their console`, async ({ page }) => {
      await signIn(page, role.username);
      await expect(page).toHaveURL(new RegExp(`${role.path}$`));
      await expect(page.getByRole("heading", { level: 1, name: role.heading })).toBeVisible();
    });
  }

  test("a wrong password shows an error and creates no session", async ({ page, context }) => {
    await signIn(page, "reviewer", "wrong-password");
    await expect(page.getByRole("alert")).toHaveText("用户名或密码错误。");
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === "minyi_session")).toBeUndefined();
    await page.goto("/console/review");
    await expect(page).toHaveURL(/\/login\?redirectTo=/);
  });

  test("a reviewer opening an admin page gets 403", async ({ page }) => {
    await signIn(page, "reviewer");
    const response = await page.goto("/console/admin");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "无权访问" })).toBeVisible();
  });

  test("a handler cannot open another unit's item", async ({ page, request }) => {
    // Find an item assigned in Linjiang (the handler-qs account belongs to Qingshan).
    await signIn(page, "handler");
    await page.goto("/console/inbox");
    const link = page.getByRole("link", { name: /^JY-/ }).first();
    const href = await link.getAttribute("href");
    expect(href).toMatch(/\/console\/suggestions\/\d+/);
    const own = await page.goto(href!);
    expect(own?.status()).toBe(200);
    await page.context().clearCookies();
    await signIn(page, "handler-qs");
    const other = await page.goto(href!);
    expect(other?.status()).toBe(403);
    void request;
  });

  test("the language switch changes every visible string", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("您的建议，我们用心听");
    await page.getByRole("link", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Your ideas, heard and acted on",
    );
    // No Chinese left in the page chrome (header, nav, figures, footer).
    const chrome = await page.locator("header, nav, .figures, footer, h1, .hero").allInnerTexts();
    const leftovers = chrome.join("\n").match(/[\u4e00-\u9fff]+/g) ?? [];
    expect(leftovers.filter((s) => s !== "民" && s !== "中文")).toEqual([]);
    // The choice is remembered.
    await page.goto("/login");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Staff sign-in");
    await page.goto("/?lang=zh");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  });

  test("the home figures equal what the database says", async ({ page }) => {
    // Independent SQL against the server's own database file (read-only, WAL allows it).
    const db = new Database(`.cache/e2e-${process.env.E2E_PORT ?? 3100}/minyi.sqlite`, {
      readonly: true,
    });
    const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const expected = {
      received: one("select count(*) n from suggestions"),
      answered: one(
        "select count(*) n from suggestions where status in ('answered','implementing','completed')",
      ),
      adopted: one(
        "select count(*) n from adoption_decisions where decision in ('adopted','partly_adopted') and published_at is not null",
      ),
      converted: one("select count(*) n from outcomes where published_at is not null"),
    };
    db.close();
    expect(expected.received).toBeGreaterThanOrEqual(150);
    await page.goto("/?lang=en");
    for (const [key, value] of Object.entries(expected)) {
      await expect(page.locator(`[data-figure="${key}"] dd`)).toHaveText(
        value.toLocaleString("en"),
      );
    }
  });

  test("health check, 404 page and no serious accessibility violations on home", async ({
    page,
    request,
  }) => {
    const health = await request.get("/healthz");
    expect(health.status()).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });
    const missing = await page.goto("/no-such-page");
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
    await page.goto("/");
    const axe = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
      .analyze();
    const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => v.id)).toEqual([]);
  });
});

import AxeBuilder from "@axe-core/playwright";
import { expect, signIn, test } from "./fixtures";

/**
 * Analytics in a real browser: the dashboard's charts render with data, a KPI number opens the
 * list behind it with the same count, a heat-map cell does too, the report prints, and the
 * public scorecards sort by a column (also with JavaScript off). Run with E2E_PORT=3204.
 */

test.describe("analyst dashboard", () => {
  test("charts render with data and are labelled", async ({ page }) => {
    await signIn(page, "analyst");
    await page.goto("/console/analytics?period=365d&lang=en");
    await expect(page.getByRole("heading", { name: "Analytics", level: 1 })).toBeVisible();

    const trend = page.locator('figure[data-chart="bar"]');
    await expect(trend).toHaveCount(1);
    const svg = trend.locator("svg.chart-svg");
    await expect(svg).toHaveAccessibleName(/Received and answered per month/);
    const bars = trend.locator("rect[data-value]");
    expect(await bars.count()).toBeGreaterThan(12);
    const values = await bars.evaluateAll((els) =>
      els.map((e) => Number(e.getAttribute("data-value"))),
    );
    expect(values.some((v) => v > 0)).toBe(true);
    // The chart's total equals the received + answered KPIs.
    const total = Number(await trend.getAttribute("data-total"));
    const received = Number(
      await page.locator('[data-kpi="received"] .kpi-value').getAttribute("data-value"),
    );
    const answered = Number(
      await page.locator('[data-kpi="answered"] .kpi-value').getAttribute("data-value"),
    );
    expect(total).toBe(received + answered);
    expect(received).toBeGreaterThan(0);

    // The data table fallback holds the same numbers.
    await trend.getByText("Data table").click();
    await expect(trend.locator("table tbody tr")).toHaveCount((await bars.count()) / 2);

    const heat = page.locator('table[data-chart="heatmap"]');
    const cells = await heat
      .locator("td.heat-cell")
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-value"))));
    expect(cells.reduce((a, b) => a + b, 0)).toBe(received);

    await expect(page.locator('figure[data-chart="hbar"]')).toHaveCount(2);
    expect(await page.locator("svg.sparkline").count()).toBeGreaterThan(0);

    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(
      axe.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => v.id),
    ).toEqual([]);
  });

  test("a KPI number clicks through to its list, whose row count matches", async ({ page }) => {
    await signIn(page, "analyst");
    await page.goto("/console/analytics?period=365d");
    const kpi = page.locator('[data-kpi="received"] .kpi-value');
    const n = Number(await kpi.getAttribute("data-value"));
    expect(n).toBeGreaterThan(0);
    await kpi.click();
    await expect(page).toHaveURL(/\/console\/list\?metric=received&from=/);
    const total = page.getByTestId("list-total");
    await expect(total).toHaveAttribute("data-total", String(n));
    // Rows on the first page, and over every page.
    let rows = await page.locator("main table tbody tr").count();
    expect(rows).toBe(Math.min(n, 50));
    const pages = Math.ceil(n / 50);
    for (let k = 2; k <= pages; k++) {
      await page.getByRole("link", { name: /下一页|Next/ }).click();
      await expect(page).toHaveURL(new RegExp(`page=${k}`));
      await expect(
        page.getByText(new RegExp(`第 ${k} / ${pages} 页|page ${k} of ${pages}`)).first(),
      ).toBeVisible();
      rows += await page.locator("main table tbody tr").count();
    }
    await expect(page.getByRole("link", { name: /下一页|Next/ })).toHaveCount(0);
    expect(rows).toBe(n);
  });

  test("a heat-map cell and a hot topic open lists of the same size", async ({ page }) => {
    await signIn(page, "analyst");
    await page.goto("/console/analytics?period=365d");
    const cell = page.locator("td.heat-cell a").first();
    const n = Number(await cell.textContent());
    await cell.click();
    await expect(page).toHaveURL(/\/console\/list\?metric=received/);
    await expect(page.getByTestId("list-total")).toHaveAttribute("data-total", String(n));

    await page.goto("/console/analytics?period=365d");
    const topic = page.locator("table.topics tbody tr").first();
    const size = Number(await topic.locator("td a").first().textContent());
    await topic.locator("td a").first().click();
    await expect(page).toHaveURL(/cluster=\d+/);
    await expect(page.getByTestId("list-total")).toHaveAttribute("data-total", String(size));
  });

  test("the list exports the same rows as CSV", async ({ page }) => {
    await signIn(page, "analyst");
    await page.goto("/console/analytics?period=365d");
    await page.locator('[data-kpi="answered"] .kpi-value').click();
    await expect(page).toHaveURL(/\/console\/list\?metric=answered/);
    const n = Number(await page.getByTestId("list-total").getAttribute("data-total"));
    expect(n).toBeGreaterThan(0);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: /导出 CSV|Export CSV/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^minyi-answered-.*\.csv$/);
    const text = await (await file.createReadStream()).toArray();
    const body = Buffer.concat(text).toString("utf8");
    expect(body.startsWith("\uFEFF")).toBe(true);
    expect(body.trim().split("\r\n")).toHaveLength(n + 1);
  });

  test("the periodic report renders its sections for printing", async ({ page }) => {
    await signIn(page, "analyst");
    await page.goto("/console/report?period=365d&lang=en");
    await expect(page.getByRole("heading", { name: "Suggestion collection report" })).toBeVisible();
    await expect(page.getByTestId("report-summary")).toContainText("suggestions were received");
    await expect(page.locator('figure[data-chart="bar"] svg')).toBeVisible();
    await page.emulateMedia({ media: "print" });
    await expect(page.locator(".site-header")).toBeHidden();
    await expect(page.getByRole("button", { name: /Print/ })).toBeHidden();
  });

  test("a handler may not open the dashboard", async ({ page }) => {
    await signIn(page, "handler");
    const response = await page.goto("/console/analytics");
    expect(response?.status()).toBe(403);
  });
});

test.describe("public department scorecards", () => {
  test("sort by a column, both ways, and pass axe", async ({ page }) => {
    await page.goto("/scorecards?lang=en");
    await expect(page.getByRole("heading", { name: "Department scorecards" })).toBeVisible();
    const table = page.getByTestId("scorecards");
    await expect(table).toHaveAttribute("data-sort", "responseRate");

    const column = async (key: string) =>
      table
        .locator(`tbody td[data-col="${key}"]`)
        .evaluateAll((els) =>
          els.map((e) => e.getAttribute("data-value")).map((v) => (v === "" ? null : Number(v))),
        );
    const sorted = (values: (number | null)[], dir: "asc" | "desc") => {
      const present = values.filter((v): v is number => v !== null);
      const order = [...present].sort((a, b) => (dir === "asc" ? a - b : b - a));
      // Departments without a figure come last.
      return (
        JSON.stringify(present) === JSON.stringify(order) &&
        values.slice(present.length).every((v) => v === null)
      );
    };

    await table.getByRole("link", { name: /Average days/ }).click();
    await expect(page).toHaveURL(/sort=avgDays&dir=asc/);
    await expect(table).toHaveAttribute("data-sort", "avgDays");
    await expect(table.locator('th[aria-sort="ascending"]')).toContainText("Average days");
    const asc = await column("avgDays");
    expect(asc.filter((v) => v !== null).length).toBeGreaterThan(3);
    expect(sorted(asc, "asc")).toBe(true);

    await table.getByRole("link", { name: /Average days/ }).click();
    await expect(page).toHaveURL(/sort=avgDays&dir=desc/);
    expect(sorted(await column("avgDays"), "desc")).toBe(true);

    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(
      axe.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => v.id),
    ).toEqual([]);
  });

  test("sorting works without JavaScript", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/scorecards?lang=en");
    await page
      .getByTestId("scorecards")
      .getByRole("link", { name: /Adoption rate/ })
      .click();
    await expect(page).toHaveURL(/sort=adoptionRate&dir=desc/);
    const values = await page
      .locator('tbody td[data-col="adoptionRate"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-value")));
    const present = values.filter((v) => v !== "").map(Number);
    expect(present).toEqual([...present].sort((a, b) => b - a));
    await context.close();
  });
});

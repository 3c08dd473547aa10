import AxeBuilder from "@axe-core/playwright";
import { expect, signIn, test } from "./fixtures";

/** The open-data page and the staff import page, as people use them. */

test("the footer leads to open data, which offers the downloads and passes axe", async ({
  page,
}) => {
  await page.goto("/?lang=en");
  await page.getByRole("contentinfo").getByRole("link", { name: "Open data" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Open data" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Public suggestions" })).toBeVisible();
  const csv = page.getByRole("link", { name: "Download CSV (opens in Excel)" }).first();
  await expect(csv).toHaveAttribute("href", "/open-data/suggestions.csv");
  const download = await Promise.all([page.waitForEvent("download"), csv.click()]).then(([d]) => d);
  expect(download.suggestedFilename()).toMatch(/^minyi-suggestions-\d{4}-\d{2}-\d{2}\.csv$/);
  await expect(page.getByRole("table", { name: "Fields of Public suggestions" })).toContainText(
    "tracking_code",
  );
  const axe = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(
    axe.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => v.id),
  ).toEqual([]);
});

test("a reviewer imports hotline records: bad rows listed, good rows in, a second upload adds nothing", async ({
  page,
}) => {
  await signIn(page, "reviewer");
  await page.goto("/console/import?lang=en");
  await expect(page.getByRole("heading", { level: 1, name: "Bulk import" })).toBeVisible();
  const stamp = Date.now();
  const csv = [
    "编号,标题,内容,时间",
    `E2E-${stamp}-1,江北区路灯不亮,沿江路北段的路灯已经连续一周不亮了，夜里步行很危险。,2026-05-02 09:15`,
    `E2E-${stamp}-2,太短,短,2026-05-02 10:00`,
    `E2E-${stamp}-3,时间写错,这一条来电的时间一栏写错了，内容是完整的。,上周三`,
  ].join("\n");
  const upload = async () => {
    await page.getByLabel("File (CSV or JSONL)").setInputFiles({
      name: "hotline.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv, "utf8"),
    });
    await page.getByLabel("Channel").selectOption("hotline");
    await page.getByRole("button", { name: "Import" }).click();
    await expect(page.getByRole("heading", { name: /Import report: hotline\.csv/ })).toBeVisible();
  };
  await upload();
  const figures = page.getByRole("status");
  await expect(figures.getByText("Imported", { exact: true }).locator("xpath=..")).toContainText(
    "1",
  );
  const invalid = page.getByRole("table", { name: "Rows with problems (2)" });
  await expect(invalid.getByRole("row", { name: /^3 / })).toContainText("内容 is too short");
  await expect(invalid.getByRole("row", { name: /^4 / })).toContainText("unreadable time");

  await upload();
  await expect(
    figures.getByText("Already imported (skipped)", { exact: true }).locator("xpath=.."),
  ).toContainText("1");
  await expect(figures.getByText("Imported", { exact: true }).locator("xpath=..")).toContainText(
    "0",
  );
});

test("a handler cannot open the import page", async ({ page }) => {
  await signIn(page, "handler");
  const res = await page.goto("/console/import");
  expect(res?.status()).toBe(403);
});

import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./fixtures";

async function hydrated(page: import("@playwright/test").Page) {
  await page.waitForFunction(
    () => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined,
  );
  await page.waitForLoadState("networkidle");
}

for (const viewport of [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 900 },
]) {
  test.describe(`citizen on ${viewport.name}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test("submit → confirmation → track, in Chinese", async ({ page }) => {
      await page.goto("/submit");
      await hydrated(page);
      await page
        .getByRole("textbox", { name: /标题/ })
        .fill(`建议在江滨公园增设直饮水点 ${viewport.name}`);
      await page
        .getByRole("textbox", { name: /建议内容/ })
        .fill(
          "江滨公园每天晨练和散步的人很多，夏天没有地方喝水，建议在公园入口和广场各增设一处直饮水点，方便市民和游客。联系我：13912345678",
        );
      await page.getByLabel("所属区域").selectOption({ label: "临江市" });
      await page.getByRole("button", { name: "提交建议" }).click();
      await expect(page.getByRole("heading", { name: "提交成功" })).toBeVisible();
      const code = (await page.getByTestId("tracking-code").innerText()).trim();
      const secret = (await page.getByTestId("tracking-secret").innerText()).trim();
      expect(code).toMatch(/^JY-\d{4}-\d{6}$/);
      await page.getByRole("link", { name: "查询办理进度" }).click();
      await page.getByLabel("查询编号").fill(code);
      await page.getByRole("textbox", { name: /查询密码/ }).fill(secret);
      await page.getByRole("button", { name: "查询", exact: true }).click();
      await expect(page.getByRole("heading", { name: /直饮水点/ })).toBeVisible();
      await expect(page.getByText("待受理").first()).toBeVisible();
      // The owner sees their own text, phone number included; nobody else does (not public yet).
      await expect(page.getByText("13912345678")).toBeVisible();
      const publicPage = await page.request.get(`/suggestions/${code}`);
      expect(publicPage.status()).toBe(404);
    });

    test("invalid input shows field errors and keeps the text, in English", async ({ page }) => {
      await page.goto("/submit?lang=en");
      await hydrated(page);
      await page.getByRole("textbox", { name: /Title/ }).fill("Bus");
      await page.getByRole("textbox", { name: /Details/ }).fill("Too short");
      await page.getByRole("button", { name: "Submit", exact: true }).click();
      await expect(page.getByRole("alert")).toHaveText("Please check the fields marked in red.");
      await expect(page.getByText("At least 5 characters")).toBeVisible();
      await expect(page.getByText("At least 20 characters")).toBeVisible();
      await expect(page.getByRole("textbox", { name: /Title/ })).toHaveValue("Bus");
      await expect(page.getByRole("textbox", { name: /Details/ })).toHaveValue("Too short");
    });
  });
}

test("typing a near-copy shows it in the similar panel and supporting raises its count", async ({
  page,
}) => {
  await page.goto("/suggestions?q=%E6%90%85%E6%8B%8C%E7%AB%99");
  const first = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading") })
    .first();
  const title = await first.getByRole("heading").innerText();
  await first.getByRole("link").click();
  const body = await page.locator(".body-text").first().innerText();
  await page.goto("/submit");
  await hydrated(page);
  await page.getByRole("textbox", { name: /标题/ }).fill(title);
  await page.getByRole("textbox", { name: /建议内容/ }).fill(`${body} 希望尽快解决。`);
  const panel = page.getByRole("complementary");
  const card = panel.getByRole("listitem").filter({ hasText: title }).first();
  await expect(card).toBeVisible();
  const button = card.getByRole("button", { name: new RegExp(`附议：${title.slice(0, 5)}`) });
  const before = Number((await button.innerText()).match(/\d+/)?.[0]);
  await button.click();
  await expect(card.getByRole("status")).toHaveText(/感谢附议/);
  await expect(button).toHaveText(new RegExp(`附议 ${before + 1}`));
});

test("a phone number typed into the details never shows on the public page", async ({ page }) => {
  // Seeded suggestions include contact details inside their bodies; none may leak.
  for (const path of ["/suggestions", "/suggestions?page=2", "/suggestions?page=3"]) {
    await page.goto(path);
    const text = await page.locator("main").innerText();
    expect(text).not.toMatch(/1[3-9]\d{9}/);
    expect(text).not.toMatch(/[\w.]+@[\w.]+\.\w+/);
  }
});

test("axe finds no serious violations on public pages", async ({ page }) => {
  for (const path of ["/", "/submit", "/track", "/suggestions", "/login", "/suggestions?lang=en"]) {
    await page.goto(path);
    const axe = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
      .analyze();
    const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${path}: ${v.id}`)).toEqual([]);
  }
});

test("a support's count and thanks stay with their suggestion when a link moves on", async ({
  page,
}) => {
  const supportsShown = async () =>
    Number((await page.getByTestId("supports-count").first().innerText()).match(/(\d+)/)![1]);
  // Two suggestions of one topic (seeded): the second is linked from the first.
  await page.goto("/suggestions/JY-2026-000065?lang=en");
  await hydrated(page);
  const other = await supportsShown();
  await page.goto("/suggestions/JY-2026-000063?lang=en");
  await hydrated(page);
  await page
    .getByRole("button", { name: /^Support/ })
    .first()
    .click();
  await expect(page.getByText(/Thanks for your support|You already support this/)).toBeVisible();
  await page.locator('a[href^="/suggestions/JY-2026-000065"]').first().click();
  await expect(page).toHaveURL(/JY-2026-000065/);
  expect(await supportsShown()).toBe(other);
  await expect(page.getByText(/Thanks for your support|You already support this/)).toHaveCount(0);
});

test("supporting a merged suggestion says the support counts on its primary", async ({ page }) => {
  await page.goto("/suggestions/JY-2026-000052?lang=en");
  await hydrated(page);
  const count = page.getByTestId("supports-count").first();
  const before = await count.innerText();
  await page
    .getByRole("button", { name: /^Support/ })
    .first()
    .click();
  await expect(
    page.getByText(/merged into JY-2026-000051: your support counts there/),
  ).toBeVisible();
  // The count beside the button stays this suggestion's own.
  await expect(count).toHaveText(before);
});

test("the owner rates the answer once; afterwards the page shows the rating, not the form", async ({
  page,
}) => {
  // A seeded completed suggestion and its demo secret (seedSecret in scripts/seed).
  const lookUp = async () => {
    await page.goto("/track?lang=en");
    await hydrated(page);
    await page.getByLabel("Tracking code").fill("JY-2026-000043");
    await page.getByLabel("Secret (optional)").fill("U74W-K7P6-P4PH");
    await page.getByRole("button", { name: "Look up" }).click();
  };
  await lookUp();
  await page.getByLabel("4 · Mostly satisfied").check();
  await page.getByRole("button", { name: "Submit rating" }).click();
  await expect(page.getByText("Thank you for your rating!")).toBeVisible();
  await expect(page.getByText(/You rated this answer 4 out of 5/)).toBeVisible();
  await lookUp();
  await expect(page.getByText(/You rated this answer 4 out of 5/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Submit rating" })).toHaveCount(0);
});

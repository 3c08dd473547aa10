import type { Browser, Page } from "@playwright/test";
import { expect, signIn, test } from "./fixtures";

/**
 * The other staff flows of issue 5 in the browser: merging a duplicate moves its supports,
 * return and reassign, and an overdue item on the supervisor board that gets a notice and
 * escalates after the server's clock is moved on (test hook, ALLOW_CLOCK_OVERRIDE=true).
 */
test.describe.configure({ mode: "serial", timeout: 120_000 });

async function hydrated(page: Page) {
  await page.waitForFunction(
    () => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined,
  );
  await page.waitForLoadState("networkidle");
}

async function staffPage(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto("/?lang=en");
  await signIn(page, username);
  return page;
}

async function submit(page: Page, title: string, body: string): Promise<string> {
  const res = await page.request.post("/api/v1/suggestions", {
    data: { title, body, regionUnitId: 3, publishConsent: true, anonymous: false },
  });
  expect(res.status()).toBe(201);
  return (await res.json()).trackingCode as string;
}

async function open(page: Page, code: string) {
  await page.goto("/console/review?sort=newest&lang=en");
  await page.getByRole("link", { name: code }).first().click();
  await hydrated(page);
}

async function act(page: Page, button: string, done: string) {
  await page.getByRole("button", { name: button, exact: true }).click();
  await expect(page.getByText(done, { exact: true }).first()).toBeVisible();
}

const supportsOf = async (page: Page) =>
  Number(
    (
      await page
        .getByText(/^.*\d+ supports/)
        .first()
        .innerText()
    ).match(/(\d+) supports/)![1],
  );

test.afterAll(async ({ request }) => {
  await request.post("/test-hooks/clock", { data: { reset: true } });
});

test("merging a duplicate moves its supports to the primary", async ({ page, browser }) => {
  const primary = await submit(
    page,
    "Longer opening hours for Linjiang library",
    "The city library closes at five, before most people finish work. Please open it until nine in the evening on weekdays.",
  );
  const duplicate = await submit(
    page,
    "Library should stay open in the evening",
    "Please keep the Linjiang city library open in the evening on weekdays; it closes at five now, before people finish work.",
  );
  const reviewer = await staffPage(browser, "reviewer");
  for (const code of [primary, duplicate]) {
    await open(reviewer, code);
    await act(reviewer, "Accept", "Accepted.");
  }
  // A citizen supports the duplicate on its public page.
  await page.goto(`/suggestions/${duplicate}?lang=en`);
  await hydrated(page);
  await page
    .getByRole("button", { name: /^Support/ })
    .first()
    .click();
  await expect(page.getByText(/Thanks for your support|You already support this/)).toBeVisible();

  await open(reviewer, primary);
  const before = await supportsOf(reviewer);
  await open(reviewer, duplicate);
  // The form is already open when the text engine calls it a likely duplicate.
  await reviewer
    .locator("details")
    .filter({ has: reviewer.locator("summary", { hasText: "Merge into a primary" }) })
    .evaluate((el) => {
      (el as HTMLDetailsElement).open = true;
    });
  // A code that names nothing is refused beside the field, the typed code kept.
  await reviewer.getByLabel("Primary's tracking code").fill("JY-2026-999999");
  await act(reviewer, "Merge into a primary", "No suggestion has that tracking code.");
  await expect(reviewer.getByLabel("Primary's tracking code")).toHaveValue("JY-2026-999999");
  await reviewer.getByLabel("Primary's tracking code").fill(primary);
  await act(reviewer, "Merge into a primary", "Merged.");
  await expect(reviewer.getByText("Merged into:")).toBeVisible();
  await reviewer
    .getByRole("link", { name: new RegExp(primary) })
    .first()
    .click();
  await expect(reviewer.getByText(`${before + 1} supports`)).toBeVisible();
  await expect(reviewer.getByRole("heading", { name: "Merged into this one" })).toBeVisible();
});

test("a department returns an assignment and the reviewer reassigns it", async ({
  page,
  browser,
}) => {
  const code = await submit(
    page,
    "Traffic lights at the school gate",
    "Children cross the road at the Binhu primary school gate without traffic lights. Please install lights and a crossing guard at school times.",
  );
  const reviewer = await staffPage(browser, "reviewer");
  await open(reviewer, code);
  await act(reviewer, "Accept", "Accepted.");
  await reviewer.getByLabel("Lead department").selectOption({ label: "Linjiang Education Bureau" });
  await act(reviewer, "Assign", "Assigned.");

  const edu = await staffPage(browser, "handler-edu");
  await edu.goto("/console/inbox?lang=en");
  await edu.getByRole("link", { name: code }).click();
  await hydrated(edu);
  await edu.locator("summary", { hasText: "Return" }).click();
  await edu.getByLabel("Reason").fill("Traffic lights are the transport bureau's responsibility.");
  await act(edu, "Return", "Returned.");

  await open(reviewer, code);
  await expect(reviewer.getByText("Returned", { exact: true }).first()).toBeVisible();
  await expect(reviewer.getByText(/transport bureau's responsibility/)).toBeVisible();
  await reviewer.getByLabel("Lead department").selectOption({ label: "Linjiang Transport Bureau" });
  await act(reviewer, "Assign", "Assigned.");

  const transport = await staffPage(browser, "handler");
  await transport.goto("/console/inbox?lang=en");
  await expect(transport.getByRole("link", { name: code })).toBeVisible();
});

test("an overdue item shows on the supervisor board, gets a notice and escalates", async ({
  page,
  browser,
}) => {
  const code = await submit(
    page,
    "Broken street lamps on Riverside Road",
    "Half of the street lamps on Riverside Road have been dark for weeks. Walking home at night is unsafe; please repair them.",
  );
  const reviewer = await staffPage(browser, "reviewer");
  await open(reviewer, code);
  await act(reviewer, "Accept", "Accepted.");
  await reviewer.getByLabel("Lead department").selectOption({ label: "Linjiang Transport Bureau" });
  await act(reviewer, "Assign", "Assigned.");

  // Sixty-one days later the handling deadline has passed.
  const moved = await page.request.post("/test-hooks/clock", {
    data: { advanceDays: 61, runScheduler: true },
  });
  expect(moved.status()).toBe(200);

  const supervisor = await staffPage(browser, "supervisor");
  await supervisor.goto("/console/supervision?lang=en");
  const row = supervisor.getByRole("row").filter({ hasText: code });
  await expect(row).toBeVisible();
  await expect(row.getByRole("cell").last()).toHaveText(/^[1-9]\d*$/);
  await row.getByRole("link", { name: code }).click();
  await hydrated(supervisor);
  await supervisor
    .getByLabel("Notice")
    .fill("Please repair the lamps within a week and report back.");
  await act(supervisor, "Issue a supervision notice", "Supervision notice issued.");

  // Still overdue a week after the notice: escalated to the province's supervisors.
  await page.request.post("/test-hooks/clock", { data: { advanceDays: 8, runScheduler: true } });
  const province = await staffPage(browser, "supervisor-prov");
  await province.goto("/console/notifications?lang=en");
  await expect(
    province
      .getByRole("listitem")
      .filter({ hasText: "Escalated for supervision" })
      .filter({ hasText: code }),
  ).toBeVisible();
});

test("the review queue opens from the console menu, its script loaded", async ({ page }) => {
  await signIn(page, "reviewer");
  await page.goto("/console/notifications?lang=en");
  await page.getByRole("link", { name: "Review queue" }).first().click();
  await expect(page).toHaveURL(/\/console\/review/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/Review queue/i);
  // Client-side navigation: the queue's own module ran (the fixture fails on page errors).
  await page
    .getByRole("link", { name: /notifications/i })
    .first()
    .click();
  await expect(page).toHaveURL(/\/console\/notifications/);
});

test("a transfer out of the reviewer's city goes back to the queue; the back link fits the role", async ({
  page,
  browser,
}) => {
  const code = await submit(
    page,
    "Street lights out on Qingshan Road",
    "The street lights on Qingshan Road have been out for a week; the road is dark at night.",
  );
  const reviewer = await staffPage(browser, "reviewer");
  await open(reviewer, code);
  await reviewer
    .locator("details")
    .filter({ has: reviewer.locator("summary", { hasText: "Transfer" }) })
    .evaluate((el) => {
      (el as HTMLDetailsElement).open = true;
    });
  await reviewer.getByLabel("Transfer to").selectOption({ label: "Qingshan City" });
  await act(reviewer, "Transfer", "Transferred.");
  // The item is Qingshan's now: the reviewer is back on their queue, not on a 403.
  await expect(reviewer).toHaveURL(/\/console\/review/);
  await expect(reviewer.getByRole("heading", { level: 1 })).toContainText(/Review queue/i);

  const supervisor = await staffPage(browser, "supervisor");
  await supervisor.goto("/console/suggestions/49?lang=en");
  await supervisor.getByRole("link", { name: /Back to the list/ }).click();
  await expect(supervisor).toHaveURL(/\/console\/supervision/);
});

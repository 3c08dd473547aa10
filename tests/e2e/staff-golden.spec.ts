import type { Browser, Page } from "@playwright/test";
import { expect, signIn, test } from "./fixtures";

/**
 * The golden journey of issue 5, in English, through the real pages: a citizen submits, a
 * reviewer accepts, rates and assigns with the hints in view, the lead department handles it to
 * completion, the citizen rates it, and the public page and home figures show the result.
 */
test.describe.configure({ mode: "serial", timeout: 120_000 });

async function hydrated(page: Page) {
  await page.waitForFunction(
    () => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined,
  );
  await page.waitForLoadState("networkidle");
}

async function figure(page: Page, key: string): Promise<number> {
  await page.goto("/?lang=en");
  const text = await page.locator(`[data-figure=${key}] dd`).innerText();
  return Number(text.replace(/[^\d.]/g, ""));
}

async function staffPage(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto("/?lang=en");
  await signIn(page, username);
  return page;
}

async function submitAsCitizen(page: Page, title: string, body: string) {
  await page.goto("/submit?lang=en");
  await hydrated(page);
  await page.getByRole("textbox", { name: /Title/ }).fill(title);
  await page.getByRole("textbox", { name: /Details/ }).fill(body);
  await page.getByLabel("Region").selectOption({ label: "Linjiang City" });
  await page.getByRole("textbox", { name: "E-mail" }).fill("citizen@example.com");
  await page.getByRole("button", { name: "Submit", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Suggestion received" })).toBeVisible();
  return {
    code: (await page.getByTestId("tracking-code").innerText()).trim(),
    secret: (await page.getByTestId("tracking-secret").innerText()).trim(),
  };
}

async function openByCode(page: Page, code: string) {
  await page.goto("/console/review?sort=newest&lang=en");
  await page.getByRole("link", { name: code }).click();
  await expect(page.getByText(code).first()).toBeVisible();
  await hydrated(page);
}

const flash = (page: Page, text: string) =>
  expect(page.getByText(text, { exact: true }).first()).toBeVisible();

test("golden journey: submit → review → handle → outcome → rating → public page and figures", async ({
  page,
  browser,
}) => {
  const receivedBefore = await figure(page, "received");
  const adoptedBefore = await figure(page, "adopted");
  const convertedBefore = await figure(page, "converted");

  const { code, secret } = await submitAsCitizen(
    page,
    "Night bus between the railway station and the industrial park",
    "Many workers finish the night shift after midnight and there is no bus home. Please add a night bus line between Linjiang railway station and the industrial park.",
  );
  expect(await figure(page, "received")).toBe(receivedBefore + 1);

  // Reviewer: hints in view, accept, rate, assign.
  const reviewer = await staffPage(browser, "reviewer");
  await openByCode(reviewer, code);
  const hints = reviewer.getByRole("region", { name: "Text engine hints" });
  await expect(hints.getByRole("heading", { name: "Predicted category" })).toBeVisible();
  await expect(hints.getByText(/\d+%/).first()).toBeVisible();
  await reviewer.getByRole("button", { name: "Accept", exact: true }).click();
  await flash(reviewer, "Accepted.");
  await reviewer.getByText(/^Rating ·/).click();
  await reviewer.getByLabel("Feasibility").selectOption("4");
  await reviewer.getByLabel("Benefit").selectOption("5");
  await reviewer.getByRole("button", { name: "Submit rating" }).click();
  await flash(reviewer, "Rating saved.");
  await reviewer.getByLabel("Lead department").selectOption({ label: "Linjiang Transport Bureau" });
  await reviewer.getByRole("button", { name: "Assign", exact: true }).click();
  await flash(reviewer, "Assigned.");
  await expect(reviewer.getByText("Assigned", { exact: true }).first()).toBeVisible();

  // Handler: accept, adopted reply, outcome with two milestones, complete them.
  const handler = await staffPage(browser, "handler");
  await handler.goto("/console/inbox?lang=en");
  await handler.getByRole("link", { name: code }).click();
  await hydrated(handler);
  await handler.getByRole("button", { name: "Accept the assignment" }).click();
  await flash(handler, "Assignment accepted.");
  await handler
    .getByLabel("Reply", { exact: true })
    .fill(
      "Thank you. We will open night line N8 between the station and the park from next month.",
    );
  await handler.getByLabel("Adoption decision").selectOption("adopted");
  await handler.getByRole("button", { name: "Publish the reply" }).click();
  await flash(handler, "Reply published.");
  await handler.getByLabel("Type").selectOption("measure");
  await handler.getByLabel("Title", { exact: true }).fill("Night bus line N8");
  await handler
    .getByLabel("Description")
    .fill(
      "A night bus line from Linjiang railway station to the industrial park, every 30 minutes.",
    );
  await handler.getByRole("button", { name: "Record the outcome" }).click();
  await flash(handler, "Outcome recorded.");
  for (const title of ["Plan the route", "Start the service"]) {
    await handler.getByLabel("Milestone", { exact: true }).fill(title);
    await handler.getByRole("button", { name: "Add milestone" }).click();
    await flash(handler, "Milestone added.");
  }
  for (const title of ["Plan the route", "Start the service"]) {
    const item = handler.getByRole("listitem").filter({ hasText: title });
    await item.getByLabel("Done").check();
    await item.getByRole("button", { name: "Save" }).click();
    await flash(handler, "Progress updated.");
  }
  await expect(handler.getByText("Completed", { exact: true }).first()).toBeVisible();

  // Citizen: track and rate.
  await page.goto("/track?lang=en");
  await page.getByLabel("Tracking code").fill(code);
  await page.getByRole("textbox", { name: /Secret/ }).fill(secret);
  await page.getByRole("button", { name: "Look up" }).click();
  await expect(page.getByText(/N8/).first()).toBeVisible();
  await page.getByLabel("5 · Satisfied").check();
  await page.getByRole("button", { name: "Submit rating" }).click();
  await expect(page.getByText("Thank you for your rating!")).toBeVisible();

  // Public page: the timeline and the outcome.
  await page.goto(`/suggestions/${code}?lang=en`);
  await expect(page.getByRole("heading", { name: /Night bus between/ })).toBeVisible();
  await expect(page.getByText("Night bus line N8").first()).toBeVisible();
  await expect(page.getByText(/Plan the route/).first()).toBeVisible();
  await expect(page.getByText("citizen@example.com")).toHaveCount(0);

  expect(await figure(page, "adopted")).toBe(adoptedBefore + 1);
  expect(await figure(page, "converted")).toBe(convertedBefore + 1);
});

test("two people saving the same item: the second gets the conflict message and loses nothing", async ({
  page,
  browser,
}) => {
  const { code } = await submitAsCitizen(
    page,
    "More benches along the riverside walk",
    "Older people walking along the Linjiang riverside have nowhere to rest. Please add benches every two hundred metres along the walk.",
  );
  const a = await staffPage(browser, "reviewer");
  const b = await staffPage(browser, "reviewer");
  await openByCode(a, code);
  await openByCode(b, code);
  await a.getByRole("button", { name: "Accept", exact: true }).click();
  await flash(a, "Accepted.");
  await b.locator("summary", { hasText: "Transfer" }).click();
  await b.getByRole("button", { name: "Transfer", exact: true }).click();
  await expect(b.getByRole("alert")).toContainText("Someone else changed this item first");
  await b.getByRole("link", { name: "Reload" }).click();
  await expect(b.getByText("Accepted", { exact: true }).first()).toBeVisible();
});

test("a staff form keeps what was typed and shows the error beside the field", async ({
  browser,
  page,
}) => {
  const { code } = await submitAsCitizen(
    page,
    "Shade over the bus stop at Jiangbin Road",
    "The bus stop at Jiangbin Road has no shelter. In summer people wait in the full sun; please add a shelter with seats.",
  );
  const reviewer = await staffPage(browser, "reviewer");
  await openByCode(reviewer, code);
  await reviewer.getByRole("button", { name: "Accept", exact: true }).click();
  await flash(reviewer, "Accepted.");
  await reviewer.getByLabel("Due date").fill("2020-01-01");
  await reviewer.getByLabel("Instructions").fill("Please study a shelter design.");
  await reviewer.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(reviewer.getByText(/The due date must be between tomorrow/)).toBeVisible();
  await expect(reviewer.getByLabel("Instructions")).toHaveValue("Please study a shelter design.");
  await expect(reviewer.getByText("Accepted", { exact: true }).first()).toBeVisible();
});

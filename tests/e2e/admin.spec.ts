import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { expect, signIn, test } from "./fixtures";

/**
 * The admin console in the browser: an admin creates an account with a reviewer grant and that
 * person signs in to the review queue; an API key is shown exactly once; bad input comes back
 * beside the field with what was typed; a post without the CSRF token is refused.
 * Run with E2E_PORT=3205 (its own server and database).
 */

const NEW_PASSWORD = "e2e-reviewer-password-1";

async function english(page: Page) {
  // ?lang=en is remembered in a cookie for the rest of the session.
  await page.goto("/?lang=en");
}

/** The value of the <option> whose text contains `text`. */
async function optionValue(select: Locator, text: string): Promise<string> {
  const value = await select.locator("option", { hasText: text }).first().getAttribute("value");
  expect(value).toBeTruthy();
  return value!;
}

async function waitForHydration(page: Page) {
  await page.waitForLoadState("networkidle");
}

test.describe("admin console", () => {
  test("admin creates a reviewer; the reviewer signs in and sees the review queue", async ({
    page,
  }) => {
    await english(page);
    await signIn(page, "admin");
    await page.goto("/console/admin/users");
    await waitForHydration(page);
    await expect(page.getByRole("heading", { level: 1, name: "Users and roles" })).toBeVisible();

    await page.getByText("Create an account", { exact: true }).first().click();
    const form = page.getByRole("form", { name: "Create an account" });
    await form.getByLabel("Username").fill("e2e.reviewer");
    await form.getByLabel("Display name").fill("E2E Reviewer");
    await form.getByLabel("E-mail").fill("e2e.reviewer@example.org");
    // Too short first: the error shows beside the field and what was typed stays.
    await form.getByLabel("Initial password").fill("short");
    await form.getByLabel("Initial password").evaluate((el) => el.removeAttribute("minlength"));
    await form.getByLabel("Role").selectOption("reviewer");
    const unit = form.getByLabel("Region");
    await unit.selectOption(await optionValue(unit, "Linjiang City"));
    await form.getByRole("button", { name: "Create an account" }).click();
    await expect(form.getByText("At least 12 characters", { exact: true })).toBeVisible();
    await expect(form.getByLabel("Initial password")).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByLabel("Username")).toHaveValue("e2e.reviewer");

    await form.getByLabel("Initial password").fill(NEW_PASSWORD);
    await form.getByRole("button", { name: "Create an account" }).click();
    await expect(page).toHaveURL(/\/console\/admin\/users\/\d+$/);
    await expect(page.getByRole("status").filter({ hasText: "Account created." })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: /E2E Reviewer/ })).toBeVisible();
    await expect(page.getByRole("cell", { name: "Reviewer", exact: true })).toBeVisible();
    await expect(page.getByRole("cell", { name: "Linjiang City", exact: true })).toBeVisible();
    // The audit trail on the account says who did it.
    await expect(page.getByText(/admin · Account created/)).toBeVisible();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForLoadState("networkidle");
    await signIn(page, "e2e.reviewer", NEW_PASSWORD);
    await expect(page).toHaveURL(/\/console\/review$/);
    await expect(page.getByRole("heading", { level: 1, name: "Review queue" })).toBeVisible();
    await expect(page.getByRole("table")).toBeVisible();
    // A reviewer may not open the admin console.
    const refused = await page.goto("/console/admin/users");
    expect(refused?.status()).toBe(403);
  });

  test("admin creates an API client and sees its key exactly once", async ({ page }) => {
    await english(page);
    await signIn(page, "admin");
    await page.goto("/console/admin/api-clients");
    await waitForHydration(page);
    await page.getByText("Create an API client", { exact: true }).first().click();
    const form = page.getByRole("form", { name: "Create an API client" });
    await form.getByLabel("Name").fill("12345 hotline bridge");
    const actsAs = form.getByLabel("Acts as (scope)");
    await actsAs.selectOption(await optionValue(actsAs, "(reviewer)"));
    await form.getByRole("button", { name: "Create an API client" }).click();

    const keyBox = page.getByLabel("API key", { exact: true });
    await expect(keyBox).toBeVisible();
    const key = await keyBox.inputValue();
    expect(key).toMatch(/^mny_[A-Za-z0-9_-]{43}$/);
    await expect(page.getByText(/shown only this once/)).toBeVisible();
    const row = page.getByRole("row", { name: /12345 hotline bridge/ });
    await expect(row).toContainText(`${key.slice(0, 10)}…`);

    // Reload: the key is gone for good; only its prefix is listed.
    await page.reload();
    await expect(page.getByLabel("API key", { exact: true })).toHaveCount(0);
    await expect(page.getByRole("row", { name: /12345 hotline bridge/ })).toBeVisible();
    expect(await page.content()).not.toContain(key);

    // Revoke (confirm dialog accepted): the row stays, marked revoked.
    page.once("dialog", (dialog) => dialog.accept());
    await page.getByRole("button", { name: "Revoke the key of 12345 hotline bridge" }).click();
    await expect(page.getByRole("row", { name: /12345 hotline bridge/ })).toContainText("Revoked");
  });

  test("every admin page loads for an admin, passes axe, and refuses a post without CSRF", async ({
    page,
  }) => {
    await english(page);
    await signIn(page, "admin");
    for (const path of [
      "/console/admin",
      "/console/admin/units",
      "/console/admin/departments",
      "/console/admin/routing",
      "/console/admin/users",
      "/console/admin/categories",
      "/console/admin/deadlines",
      "/console/admin/reasons",
      "/console/admin/api-clients",
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
      expect(axe.violations.map((v) => `${path}: ${v.id}`)).toEqual([]);
    }
    // The retrain button on the overview retrains the category model and says on how much.
    await page.goto("/console/admin");
    await waitForHydration(page);
    await page.getByRole("button", { name: "Retrain category model" }).click();
    await expect(
      page.getByRole("status").filter({ hasText: /retrained on \d+ confirmed/ }),
    ).toBeVisible();
    await expect(page.getByRole("cell", { name: "Category model retrained" })).toBeVisible();

    // The filter box narrows a long list.
    await page.goto("/console/admin/categories?q=elevator");
    await expect(page.getByRole("caption")).toHaveText("1 categories");

    const forged = await page.request.post("/console/admin/units", {
      form: { intent: "renameUnit", unitId: "3", name: "Hacked", nameEn: "Hacked" },
    });
    expect(forged.status()).toBe(403);
    await page.goto("/console/admin/units");
    await expect(page.getByText("Hacked")).toHaveCount(0);
  });

  test("two admins edit the same row: the second is told, in the open form, with what was typed", async ({
    browser,
  }) => {
    const open = async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await english(page);
      await signIn(page, "admin", "minyi-demo-2026");
      await page.goto("/console/admin/reasons");
      await waitForHydration(page);
      await page.locator("table details summary").first().click();
      return { context, page, form: page.locator("table details[open] form") };
    };
    const first = await open();
    const second = await open();
    await first.form.getByLabel("English text").fill("Saved by the first admin");
    await first.form.getByRole("button", { name: "Save" }).click();
    await expect(first.page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
    await second.form.getByLabel("English text").fill("Typed by the second admin");
    await second.form.getByRole("button", { name: "Save" }).click();
    const edit = second.page.locator("table details").first();
    await expect(edit.getByRole("alert")).toHaveText(/Someone else saved this/);
    await expect(edit.getByLabel("English text")).toHaveValue("Typed by the second admin");
    // Nothing of the second save landed, and the second page now shows the first one's text.
    await first.page.reload();
    await expect(first.page.getByRole("table")).toContainText("Saved by the first admin");
    await expect(first.page.getByRole("table")).not.toContainText("Typed by the second admin");
    await expect(second.page.getByRole("table")).toContainText("Saved by the first admin");
    // Having seen it, the second admin may still save theirs: now it is a deliberate choice.
    await edit.getByRole("button", { name: "Save" }).click();
    await expect(second.page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
    await expect(second.page.getByRole("table")).toContainText("Typed by the second admin");
    await first.context.close();
    await second.context.close();
  });
});

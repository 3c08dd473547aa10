import { test as base, expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "minyi-demo-2026";

/** Signs in through the real form (the same path a person takes). */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/密码|Password/).fill(password);
  // Sign-in is a client-side form post: wait for its answer (waiting for the network to go
  // idle alone could return before the post left, and the next page met the sign-in form).
  await Promise.all([
    page.waitForResponse(
      (r) => new URL(r.url()).pathname.startsWith("/login") && r.request().method() === "POST",
    ),
    page.getByRole("button", { name: /登录|Sign in/ }).click(),
  ]);
  await page.waitForLoadState("networkidle");
}

/**
 * Every test's page fails the test on an uncaught error in the browser: a page whose script
 * does not load still shows its server HTML, so without this a broken route module (a value
 * from a .server module used in the component) passes every text assertion.
 */
export const test = base.extend<{ pageErrors: undefined }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await use(undefined);
      expect(errors, "uncaught errors in the page").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

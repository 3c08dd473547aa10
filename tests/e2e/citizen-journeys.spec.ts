/**
 * What a citizen does on Minyi, in Chinese and in English, on a phone and on a desktop: submit
 * with the similar panel, keep the code and secret, track; support once; follow and unfollow;
 * browse topics, calls and outcomes; and every public page passes axe. The rate-limit journey
 * runs against its own server with tiny limits.
 */
import { type ChildProcess, spawn } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";
import { devices, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { enCore } from "../../app/utils/i18n/core.en";
import { zhCore } from "../../app/utils/i18n/core.zh";
import { expect, test } from "./fixtures";

/** Bodies of the messages queued for an address on the shared e2e server's database. */
function outboxTo(address: string): string[] {
  const db = new Database(`.cache/e2e-${process.env.E2E_PORT ?? 3100}/minyi.sqlite`, {
    readonly: true,
  });
  try {
    return (
      db
        .prepare("SELECT body FROM notifications WHERE recipient_address = ? ORDER BY id")
        .all(address) as { body: string }[]
    ).map((r) => r.body);
  } finally {
    db.close();
  }
}

type Key = keyof typeof zhCore;
const CATALOGS = { zh: zhCore as Record<Key, string>, en: enCore };
type Lang = keyof typeof CATALOGS;

function translator(lang: Lang) {
  return (key: Key, params: Record<string, string | number> = {}) =>
    CATALOGS[lang][key].replace(/\{(\w+)\}/g, (_, n: string) => String(params[n] ?? `{${n}}`));
}

async function hydrated(page: Page) {
  await page.waitForFunction(
    () => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined,
  );
  await page.waitForLoadState("networkidle");
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const withLang = (path: string, lang: Lang) =>
  `${path}${path.includes("?") ? "&" : "?"}lang=${lang}`;

// Pixel 7 without the browser choice (that may only be set for a whole project).
const { defaultBrowserType: _ignored, ...pixel7 } = devices["Pixel 7"];
const VIEWPORTS = [
  { name: "phone", use: pixel7 },
  { name: "desktop", use: { viewport: { width: 1280, height: 900 } } },
] as const;

interface PublicItem {
  trackingCode: string;
  title: string;
  supportsCount: number;
}

/** A public suggestion with a long enough text to copy, found through the public API. */
async function publicSuggestion(page: Page, query: string, index = 0) {
  const res = await page.request.get(`/api/v1/search?${query}`);
  expect(res.status()).toBe(200);
  const list = (await res.json()) as { results: PublicItem[] };
  const item = list.results[index]!;
  const detail = await (await page.request.get(`/api/v1/suggestions/${item.trackingCode}`)).json();
  return { ...item, body: detail.body as string };
}

for (const vp of VIEWPORTS) {
  for (const lang of ["zh", "en"] as const) {
    test.describe(`citizen journeys, ${lang}, ${vp.name}`, () => {
      test.use(vp.use);
      const t = translator(lang);

      test("submit with the similar panel → confirmation → track the timeline", async ({
        page,
      }) => {
        const existing = await publicSuggestion(page, "sort=supported", lang === "zh" ? 0 : 1);
        await page.goto(withLang("/submit", lang));
        await hydrated(page);
        await page.getByLabel(t("submit.field.title")).fill(existing.title);
        await page.getByLabel(t("submit.field.body")).fill(`${existing.body} 希望尽快落实。`);
        // The near-copy shows up in the similar panel while typing.
        const panel = page.getByRole("complementary");
        await expect(panel.getByRole("link", { name: existing.title })).toBeVisible();
        await expect(panel.getByText(t("submit.similar.hint"))).toBeVisible();
        // The category is pre-filled from the text (the citizen may change it).
        await expect(page.locator("#category-hint")).toContainText(
          t("submit.categoryPredicted").split("{")[0]!,
        );
        await expect(page.getByLabel(t("submit.field.category"))).not.toHaveValue("");
        // Mine is different: carry on with my own text.
        await panel.getByRole("button", { name: t("submit.similar.different") }).click();
        await expect(panel.getByText(t("submit.similar.dismissed"))).toBeVisible();
        const title = `${vp.name} ${lang} 建议在江滨公园入口增设直饮水点`;
        await page.getByLabel(t("submit.field.title")).fill(title);
        await page
          .getByLabel(t("submit.field.region"))
          .selectOption({ label: lang === "zh" ? "临江市" : "Linjiang City" });
        await page.getByRole("button", { name: t("submit.submit"), exact: true }).click();

        await expect(page.getByRole("heading", { level: 1, name: t("done.title") })).toBeVisible();
        const code = (await page.getByTestId("tracking-code").innerText()).trim();
        const secret = (await page.getByTestId("tracking-secret").innerText()).trim();
        expect(code).toMatch(/^JY-\d{4}-\d{6}$/);
        expect(secret).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
        // The secret is shown once: reloading the confirmation does not show it again.
        await page.getByRole("link", { name: t("done.track") }).click();
        await expect(page.getByLabel(t("track.code"))).toHaveValue(code);
        await page.getByLabel(t("track.secret")).fill(secret);
        await page.getByRole("button", { name: t("track.submit"), exact: true }).click();
        await expect(page.getByRole("heading", { level: 2, name: title })).toBeVisible();
        const timeline = page.getByRole("region", { name: t("view.timeline") });
        await expect(timeline.getByRole("listitem").first()).toContainText(t("event.submitted"));
        await expect(page.getByText(t("status.submitted")).first()).toBeVisible();
        const back = await page.goto("/submit/done");
        expect(back?.url()).toContain("/track");
      });

      test("support a suggestion once; a second support is refused", async ({ page }) => {
        const item = await publicSuggestion(page, "sort=newest&status=in_progress");
        await page.goto(withLang(`/suggestions/${item.trackingCode}`, lang));
        await hydrated(page);
        await expect(page.getByRole("heading", { level: 1, name: item.title })).toBeVisible();
        const counter = page.getByTestId("supports-count");
        const before = Number((await counter.innerText()).match(/\d+/)?.[0]);
        const button = page.getByRole("button", { name: t("support.button"), exact: true });
        await button.click();
        await expect(
          page.getByRole("status").filter({ hasText: t("support.thanks") }),
        ).toBeVisible();
        await expect(counter).toHaveText(t("common.supports", { n: before + 1 }));
        await button.click();
        await expect(
          page.getByRole("status").filter({ hasText: t("support.already") }),
        ).toBeVisible();
        await expect(counter).toHaveText(t("common.supports", { n: before + 1 }));
        // The server agrees: the count went up by exactly one.
        const detail = await (
          await page.request.get(`/api/v1/suggestions/${item.trackingCode}`)
        ).json();
        expect(detail.supportsCount).toBe(before + 1);
      });

      test("follow a suggestion with an e-mail, confirm from the message, then unfollow", async ({
        page,
      }) => {
        const item = await publicSuggestion(page, "sort=answered", vp.name === "phone" ? 2 : 3);
        await page.goto(withLang(`/suggestions/${item.trackingCode}`, lang));
        await hydrated(page);
        const box = page.getByRole("region", { name: t("follow.title") });
        await box.getByRole("button", { name: t("follow.button") }).click();
        await expect(box.getByText(t("form.required"))).toBeVisible();
        await box.getByLabel(t("follow.contact")).fill("not-an-address");
        await box.getByRole("button", { name: t("follow.button") }).click();
        await expect(box.getByText(t("follow.invalidContact"))).toBeVisible();
        const address = `reader-${vp.name}-${lang}@example.com`;
        await box.getByLabel(t("follow.contact")).fill(address);
        await box.getByRole("button", { name: t("follow.button") }).click();
        await expect(box.getByText(t("follow.requested"))).toBeVisible();
        // The address is never shown on the public page.
        await page.reload();
        await expect(page.locator("main")).not.toContainText("@example.com");
        // Asking again gets the same answer (the page never tells whether an address
        // follows) and, so soon after, sends nothing new.
        await box.getByLabel(t("follow.contact")).fill(`Reader-${vp.name}-${lang}@Example.com`);
        await box.getByRole("button", { name: t("follow.button") }).click();
        await expect(box.getByText(t("follow.requested"))).toBeVisible();
        // The owner of the address opens the link in the message sent to it (the outbox).
        const messages = outboxTo(address);
        expect(messages).toHaveLength(1);
        const confirmLink = /\/suggestions\/[^\s]+\/confirm-follow\?f=\d+&t=[\w-]+/.exec(
          messages[0]!,
        )?.[0];
        expect(confirmLink).toBeTruthy();
        await page.goto(withLang(confirmLink!, lang));
        await expect(
          page.getByRole("heading", { level: 1, name: t("follow.confirmTitle") }),
        ).toBeVisible();
        await page.getByRole("button", { name: t("follow.confirmButton") }).click();
        await expect(page.getByRole("status")).toContainText(t("follow.confirmed"));
        await page.getByRole("link", { name: t("follow.unfollow") }).click();
        await expect(
          page.getByRole("heading", { level: 1, name: t("follow.unfollowTitle") }),
        ).toBeVisible();
        await page.getByRole("button", { name: t("follow.unfollowButton") }).click();
        await expect(page.getByRole("status")).toHaveText(t("follow.unfollowed"));
        // The old confirmation link does not start it again.
        await page.goto(withLang(confirmLink!, lang));
        await expect(page.getByRole("status")).toHaveText(t("follow.confirmStopped"));
      });

      test("browse topics, open calls and outcomes", async ({ page }) => {
        // Topics: the list, one topic, one of its suggestions and back through "same topic".
        await page.goto(withLang("/topics", lang));
        await expect(
          page.getByRole("heading", { level: 1, name: t("topics.title") }),
        ).toBeVisible();
        const topicLink = page.locator(".topic-list").getByRole("link").first();
        const label = (await topicLink.innerText()).trim();
        await topicLink.click();
        await expect(page.getByRole("heading", { level: 1, name: label })).toBeVisible();
        const members = page.getByRole("region", { name: /\(\d+\)|（\d+）/ });
        await expect(members.getByRole("listitem").first()).toBeVisible();
        await members.getByRole("heading", { level: 3 }).first().getByRole("link").click();
        const sameTopic = page.getByRole("heading", {
          name: new RegExp(`^${escapeRe(t("view.related"))}`),
        });
        await expect(sameTopic).toBeVisible();
        await sameTopic.getByRole("link", { name: label, exact: true }).click();
        await expect(page.getByRole("heading", { level: 1, name: label })).toBeVisible();

        // Calls: open ones first; "submit to this call" pre-selects it on the form.
        await page.goto(withLang("/calls", lang));
        await expect(page.getByRole("heading", { level: 1, name: t("calls.title") })).toBeVisible();
        const open = page.getByRole("region", { name: new RegExp(t("calls.open")) });
        const firstCall = open.getByRole("article").first();
        const callTitle = (await firstCall.getByRole("heading").innerText()).trim();
        await firstCall
          .getByRole("link", { name: t("calls.submitTo", { title: callTitle }) })
          .click();
        await expect(page).toHaveURL(/\/submit\?call=\d+/);
        const select = page.getByLabel(t("submit.field.call"));
        await expect(select.locator("option:checked")).toHaveText(callTitle);
        await page.goBack();
        await page.getByRole("link", { name: callTitle, exact: true }).click();
        await expect(page.getByRole("heading", { level: 1, name: callTitle })).toBeVisible();
        await expect(page.locator(".call-hero .badge")).toHaveText(t("calls.state.open"));
        await expect(page.getByRole("link", { name: t("calls.submit") })).toBeVisible();
        const past = await page.goto(withLang("/calls", lang));
        expect(past?.status()).toBe(200);
        await expect(
          page.getByRole("heading", { level: 2, name: new RegExp(t("calls.closed")) }),
        ).toBeVisible();

        // Outcomes: milestones with progress bars, linked to the suggestion; filter by progress.
        await page.goto(withLang("/outcomes", lang));
        await expect(
          page.getByRole("heading", { level: 1, name: t("outcomes.title") }),
        ).toBeVisible();
        const card = page.getByRole("article").first();
        await expect(card.getByRole("progressbar").first()).toBeVisible();
        await expect(card.getByText(t("outcomes.from"))).toBeVisible();
        await page.getByLabel(t("outcomes.state"), { exact: true }).selectOption("achieved");
        await page.getByRole("button", { name: t("list.apply") }).click();
        await expect(page).toHaveURL(/state=achieved/);
        const cards = page.getByRole("article");
        const n = await cards.count();
        expect(n).toBeGreaterThan(0);
        for (let i = 0; i < n; i++) {
          await expect(cards.nth(i).getByRole("progressbar").first()).toHaveAttribute(
            "aria-valuenow",
            "100",
          );
        }
        await cards.first().getByRole("link").last().click();
        await expect(page).toHaveURL(/\/suggestions\/JY-/);
        await expect(page.getByRole("heading", { name: t("view.outcome") })).toBeVisible();
      });
    });
  }

  test.describe(`accessibility on ${vp.name}`, () => {
    test.use(vp.use);

    test("axe finds no serious or critical violation on any public page", async ({ page }) => {
      test.setTimeout(180_000);
      const outcomes = await (await page.request.get("/api/v1/search?decision=adopted")).json();
      const withOutcome = outcomes.results[0].trackingCode as string;
      const topicsHtml = await (await page.request.get("/topics")).text();
      const topicId = topicsHtml.match(/href="\/topics\/(\d+)"/)?.[1];
      const callsHtml = await (await page.request.get("/calls")).text();
      const callSlug = callsHtml.match(/href="\/calls\/([a-z0-9-]+)"/)?.[1];
      expect(topicId && callSlug).toBeTruthy();
      const paths = [
        "/",
        "/submit",
        "/track",
        "/suggestions",
        `/suggestions/${withOutcome}`,
        "/topics",
        `/topics/${topicId}`,
        "/calls",
        `/calls/${callSlug}`,
        "/outcomes",
        "/no-such-page",
      ];
      const found: string[] = [];
      for (const lang of ["zh", "en"] as const) {
        for (const path of paths) {
          await page.goto(withLang(path, lang));
          const axe = await new AxeBuilder({ page })
            .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
            .analyze();
          for (const v of axe.violations) {
            if (v.impact === "serious" || v.impact === "critical") {
              found.push(`${lang} ${path}: ${v.id} (${v.nodes.map((n) => n.target).join(", ")})`);
            }
          }
        }
      }
      expect(found).toEqual([]);
    });
  });
}

test.describe("rate limits", () => {
  // A server of our own with tiny limits, so the shared one keeps its defaults.
  const port = Number(process.env.E2E_PORT ?? 3100) + 50;
  const base = `http://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;

  test.beforeAll(async () => {
    test.setTimeout(150_000);
    server = spawn(process.execPath, ["tests/e2e/start-server.js"], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        NODE_ENV: "production",
        SESSION_SECRET: "e2e-limits-secret-e2e-limits-secret-0123456789",
        DATABASE_PATH: `.cache/e2e-limits-${port}/minyi.sqlite`,
        OUTBOX_DIR: `.cache/e2e-limits-${port}/outbox`,
        LOG_LEVEL: "warn",
        SCHEDULER_INTERVAL_MINUTES: "0",
        RATE_LIMIT: "on",
        RATE_LIMIT_SUBMIT_PER_HOUR: "2",
        RATE_LIMIT_SUPPORT_PER_HOUR: "2",
        RATE_LIMIT_SATISFACTION_PER_HOUR: "1",
      },
      stdio: "ignore",
    });
    for (;;) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        // not listening yet
      }
      if (server.exitCode !== null) throw new Error("the rate-limit server exited");
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  test.afterAll(() => {
    server?.kill("SIGTERM");
  });

  test("the third submission in an hour gets a friendly 429 page that keeps the text", async ({
    browser,
  }) => {
    // Without JavaScript the form is a plain document POST, so the page itself is the 429.
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-US" });
    const page = await context.newPage();
    const t = translator("en");
    const fill = async (title: string) => {
      await page.goto(`${base}/submit?lang=en`);
      await page.getByLabel(t("submit.field.title")).fill(title);
      await page
        .getByLabel(t("submit.field.body"))
        .fill("The riverside park has no drinking water; please add fountains at both gates.");
      await page.getByLabel(t("submit.field.region")).selectOption({ label: "Linjiang City" });
      const response = page.waitForResponse(
        (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/submit",
      );
      await page.getByRole("button", { name: t("submit.submit"), exact: true }).click();
      return response;
    };
    await fill("Drinking water in the park 1");
    await expect(page.getByRole("heading", { level: 1, name: t("done.title") })).toBeVisible();
    await fill("Drinking water in the park 2");
    await expect(page.getByRole("heading", { level: 1, name: t("done.title") })).toBeVisible();
    const refused = await fill("Drinking water in the park 3");
    expect(refused.status()).toBe(429);
    expect(Number(await refused.headerValue("retry-after"))).toBeGreaterThan(0);
    await expect(page.getByRole("alert")).toContainText(t("error.tooMany"));
    await expect(page.getByRole("alert")).toContainText(t("limit.kept"));
    await expect(page.getByLabel(t("submit.field.title"))).toHaveValue(
      "Drinking water in the park 3",
    );
    await context.close();
  });

  test("supporting too often says so in place (429)", async ({ page }) => {
    const t = translator("zh");
    const list = await (await page.request.get(`${base}/api/v1/search?sort=supported`)).json();
    const code = list.results[0].trackingCode as string;
    await page.goto(`${base}/suggestions/${code}?lang=zh`);
    await hydrated(page);
    const button = page.getByRole("button", { name: t("support.button"), exact: true });
    const statuses: number[] = [];
    page.on("response", (r) => {
      if (r.request().method() === "POST" && r.url().includes("/support"))
        statuses.push(r.status());
    });
    await button.click();
    await expect(page.getByRole("status").filter({ hasText: t("support.thanks") })).toBeVisible();
    await button.click();
    await expect(page.getByRole("status").filter({ hasText: t("support.already") })).toBeVisible();
    await button.click();
    await expect(page.getByRole("alert")).toContainText(t("limit.support").split("{")[0]!.trim());
    expect(statuses).toEqual([200, 200, 429]);
  });
});

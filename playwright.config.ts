import { defineConfig, devices } from "@playwright/test";

/**
 * Browser tests drive real Chromium against the built server on a fresh database. Debian's
 * chromium by default; set CHROMIUM_PATH to use another (or Playwright's own) browser.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
const chromium = {
  ...(process.env.CHROMIUM_PATH !== ""
    ? { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" }
    : {}),
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: chromium,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    locale: "zh-CN",
  },
  projects: [{ name: "desktop", use: { ...devices["Desktop Chrome"], launchOptions: chromium } }],
  webServer: {
    command: "node tests/e2e/start-server.js",
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      PORT: String(PORT),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      SESSION_SECRET: "e2e-session-secret-e2e-session-secret-0123456789",
      DATABASE_PATH: `.cache/e2e-${PORT}/minyi.sqlite`,
      OUTBOX_DIR: `.cache/e2e-${PORT}/outbox`,
      ALLOW_CLOCK_OVERRIDE: "true",
      LOG_LEVEL: "warn",
      SCHEDULER_INTERVAL_MINUTES: "0",
    },
  },
});

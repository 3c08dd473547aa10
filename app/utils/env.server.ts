import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";

/**
 * The only module that reads `process.env`. Parsed once; every other module asks `env()`.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_PATH: z.string().default("./data/minyi.sqlite"),
  SESSION_SECRET: z.string().min(32).optional(),
  /** Secure cookies need HTTPS; off by default so http://localhost works. */
  COOKIE_SECURE: z.enum(["true", "false"]).default("false"),
  /**
   * The site's address as citizens reach it: links in e-mails and SMS start with it. Unset, it
   * is http://localhost:PORT (with a warning in production, where such links reach no one).
   */
  PUBLIC_URL: z.string().url().optional(),
  SEED_ON_EMPTY: z.enum(["true", "false"]).default("true"),
  RATE_LIMIT: z.enum(["on", "off"]).default("on"),
  RATE_LIMIT_SUBMIT_PER_HOUR: z.coerce.number().int().positive().default(20),
  RATE_LIMIT_SUPPORT_PER_HOUR: z.coerce.number().int().positive().default(120),
  RATE_LIMIT_SATISFACTION_PER_HOUR: z.coerce.number().int().positive().default(20),
  RATE_LIMIT_LOGIN_FAILURES_PER_HOUR: z.coerce.number().int().positive().default(30),
  RATE_LIMIT_FOLLOW_PER_ADDRESS_PER_HOUR: z.coerce.number().int().positive().default(10),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Minyi <noreply@minyi.local>"),
  OUTBOX_DIR: z.string().default("./data/outbox"),
  /** Minutes between scheduler runs (deadlines, escalation, outbox); 0 disables it. */
  SCHEDULER_INTERVAL_MINUTES: z.coerce.number().min(0).default(10),
  /** How often the server looks for suggestions another process stored (0: never). */
  INDEX_SYNC_SECONDS: z.coerce.number().min(0).default(30),
  /**
   * Days an item may stay overdue after a supervision notice before it escalates to the parent
   * unit's supervisors, when no deadline rule sets `escalate_after_days`.
   */
  ESCALATION_DAYS: z.coerce.number().int().min(1).default(7),
  /** Test-only: lets e2e tests move the clock (ignored in production). */
  ALLOW_CLOCK_OVERRIDE: z.enum(["true", "false"]).default("false"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});

export type Env = z.infer<typeof EnvSchema> & { SESSION_SECRET: string; PUBLIC_URL: string };

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${z.prettifyError(parsed.error)}`);
  }
  const value = parsed.data;
  if (!value.PUBLIC_URL && value.NODE_ENV === "production")
    console.warn("[minyi] PUBLIC_URL not set: links in e-mails and SMS point at localhost");
  cached = {
    ...value,
    SESSION_SECRET: value.SESSION_SECRET ?? devSessionSecret(value),
    PUBLIC_URL: value.PUBLIC_URL ?? `http://localhost:${value.PORT}`,
  };
  return cached;
}

/**
 * Outside production a missing SESSION_SECRET is generated once and kept beside the database,
 * so the quick start needs no set-up and sessions survive restarts.
 */
function devSessionSecret(value: z.infer<typeof EnvSchema>): string {
  if (value.NODE_ENV === "production") {
    throw new Error("SESSION_SECRET must be set in production (32+ characters).");
  }
  const file = join(dirname(resolve(value.DATABASE_PATH)), ".session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret, { mode: 0o600 });
  console.warn(`[minyi] SESSION_SECRET not set; generated one and stored it in ${file}`);
  return secret;
}

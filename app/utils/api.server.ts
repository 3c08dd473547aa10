import type { z } from "zod";
import { IdempotencyMismatchError } from "../domain/api/idempotency.server";
import { InvalidTransitionError } from "../domain/suggestions/suggestions-workflow";
import { readBodyText } from "./body.server";
import {
  ConflictError,
  DomainValidationError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
} from "./errors";
import { type Locale, type MessageKey, parseLocale, translate } from "./i18n";
import { log } from "./logger.server";

/**
 * The JSON API's HTTP conventions in one place: every error is `{error, message?, fieldErrors?}`
 * with the right status; nothing here reads or sets cookies, so the API has no CSRF surface, and
 * POSTs must be `application/json`, which a cross-site HTML form cannot send.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message?: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message ?? code);
    this.name = "ApiError";
  }
}

const BASE_HEADERS = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...BASE_HEADERS, ...headers } });
}

/** Public reads may be used from any origin; they carry no credentials. */
export const CORS_READ = { "Access-Control-Allow-Origin": "*", Vary: "X-Tracking-Secret" };

/** The locale of API messages: `?lang=`, else Accept-Language zh*, else English. */
export function apiLocale(request: Request): Locale {
  const fromQuery = parseLocale(new URL(request.url).searchParams.get("lang"));
  if (fromQuery) return fromQuery;
  return /^\s*zh/i.test(request.headers.get("accept-language") ?? "") ? "zh-CN" : "en";
}

function isMessageKey(value: string): value is MessageKey {
  return /^[a-z]+(\.[A-Za-z0-9_]+)+$/.test(value);
}

/** Zod issues as `{field: [readable message]}` in the API's locale (limits filled in). */
export function apiFieldErrors(error: z.ZodError, locale: Locale): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.map(String).join(".") : "body";
    const params: Record<string, string | number> = {};
    if ("minimum" in issue) params.min = Number(issue.minimum);
    if ("maximum" in issue) params.max = Number(issue.maximum);
    const missing = issue.code === "invalid_type" && /received undefined$/.test(issue.message);
    const message = missing
      ? translate(locale, "form.required")
      : isMessageKey(issue.message)
        ? translate(locale, issue.message, params)
        : issue.message;
    (out[field] ??= []).push(message);
  }
  return out;
}

export function invalidInput(fieldErrors: Record<string, string[]>): ApiError {
  return new ApiError(400, "invalid_input", "Invalid input", { fieldErrors });
}

/** Parses the schema or throws a 400 with the field errors. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  request: Request,
): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidInput(apiFieldErrors(parsed.error, apiLocale(request)));
  return parsed.data;
}

const MAX_BODY_BYTES = 64 * 1024;

/** Reads a JSON body: 415 unless `application/json`, 413 when too large, 400 when malformed. */
export async function readJson(request: Request): Promise<unknown> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiError(415, "unsupported_media_type", "Send the body as application/json.");
  }
  const text = await readBodyText(request, MAX_BODY_BYTES);
  if (text === null) {
    throw new ApiError(413, "payload_too_large", "The body is larger than 64 KB.");
  }
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON.", { fieldErrors: {} });
  }
}

/** Maps thrown errors to JSON responses; unknown errors are logged and become a bare 500. */
export function apiErrorResponse(error: unknown, request: Request): Response {
  if (error instanceof Response) return error;
  if (error instanceof ApiError) {
    return json(
      { error: error.code, message: error.message, ...error.extra },
      error.status,
      error.headers,
    );
  }
  if (error instanceof DomainValidationError) {
    const locale = apiLocale(request);
    const fieldErrors = Object.fromEntries(
      Object.entries(error.fieldErrors).map(([k, v]) => [
        k,
        v.map((m) => (isMessageKey(m) ? translate(locale, m) : m)),
      ]),
    );
    return json({ error: "invalid_input", message: error.message, fieldErrors }, 400);
  }
  if (error instanceof NotFoundError)
    return json({ error: "not_found", message: "Not found" }, 404);
  if (error instanceof IdempotencyMismatchError) {
    return json({ error: "idempotency_key_reused", message: error.message }, 422);
  }
  if (error instanceof ConflictError || error instanceof InvalidTransitionError) {
    return json({ error: "conflict", message: error.message }, 409);
  }
  if (error instanceof ForbiddenError) return json({ error: "forbidden" }, 403);
  if (error instanceof UnauthorizedError) return json({ error: "unauthorized" }, 401);
  if (error instanceof RateLimitedError) {
    return json(
      { error: "rate_limited", message: error.message, retryAfter: error.retryAfterSeconds },
      429,
      { "Retry-After": String(error.retryAfterSeconds) },
    );
  }
  log.error("unhandled API error", {
    path: new URL(request.url).pathname,
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
  return json({ error: "internal", message: "Internal error" }, 500);
}

/**
 * Wraps an API loader or action. Declare it as
 * `export const action = /* @__PURE__ *\/ apiRoute(…)` so the client build drops the call.
 */
export function apiRoute<A extends { request: Request }>(fn: (args: A) => Promise<Response>) {
  return async (args: A): Promise<Response> => {
    try {
      return await fn(args);
    } catch (error) {
      return apiErrorResponse(error, args.request);
    }
  };
}

/** A method the route does not serve. */
export function methodNotAllowed(allow: string): Response {
  return json({ error: "method_not_allowed" }, 405, { Allow: allow });
}

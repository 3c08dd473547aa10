import { data, redirect } from "@remix-run/node";
import { InvalidTransitionError } from "../domain/suggestions/suggestions-workflow";
import {
  ConflictError,
  DomainValidationError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
} from "./errors";
import { log } from "./logger.server";

/**
 * Maps domain errors to HTTP in one place. Responses pass through; anything unknown is logged
 * and becomes a 500 without internals.
 */
export function toResponse(error: unknown, request: Request): Response | ReturnType<typeof data> {
  if (error instanceof Response) return error;
  if (
    error &&
    typeof error === "object" &&
    "type" in error &&
    (error as { type: string }).type === "DataWithResponseInit"
  ) {
    return error as ReturnType<typeof data>;
  }
  if (error instanceof UnauthorizedError) {
    const url = new URL(request.url);
    return redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (error instanceof ForbiddenError) return data({ message: error.message }, { status: 403 });
  if (error instanceof NotFoundError) return data({ message: error.message }, { status: 404 });
  if (error instanceof ConflictError) return data({ message: error.message }, { status: 409 });
  if (error instanceof InvalidTransitionError)
    return data({ message: error.message }, { status: 409 });
  if (error instanceof DomainValidationError)
    return data({ message: error.message, fieldErrors: error.fieldErrors }, { status: 400 });
  if (error instanceof RateLimitedError)
    return data(
      { message: error.message, retryAfter: error.retryAfterSeconds },
      { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
    );
  log.error("unhandled error", {
    path: new URL(request.url).pathname,
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
  return data({ message: "Internal error" }, { status: 500 });
}

/**
 * Wraps a loader or action so thrown domain errors become HTTP responses. Call it as
 * `export const loader = /* @__PURE__ *\/ guarded(…)` so the client build can drop the call.
 */
export function guarded<A extends { request: Request }, R>(fn: (args: A) => Promise<R>) {
  return async (args: A): Promise<R> => {
    try {
      return await fn(args);
    } catch (error) {
      throw toResponse(error, args.request);
    }
  };
}

export function badRequest<T>(body: T) {
  return data(body, { status: 400 });
}

/**
 * A list page past the last one (a stale link, a typed URL) goes to the last page with the
 * same filters: "page 8 of 7" with an empty list helps no one.
 */
export function redirectPastLastPage(request: Request, result: { page: number; pages: number }) {
  if (result.pages < 1 || result.page <= result.pages) return;
  const url = new URL(request.url);
  url.searchParams.set("page", String(result.pages));
  throw redirect(`${url.pathname}?${url.searchParams.toString()}`);
}

/**
 * Domain errors. Routes never build HTTP errors by hand: `toResponse` in http.server.ts maps
 * these to 404/403/409/400 in one place.
 */
export class NotFoundError extends Error {
  readonly status = 404;
  constructor(what = "Not found") {
    super(what);
    this.name = "NotFoundError";
  }
}

export class ForbiddenError extends Error {
  readonly status = 403;
  constructor(what = "Forbidden") {
    super(what);
    this.name = "ForbiddenError";
  }
}

export class UnauthorizedError extends Error {
  readonly status = 401;
  constructor(what = "Sign-in required") {
    super(what);
    this.name = "UnauthorizedError";
  }
}

/** Optimistic-concurrency conflict or a duplicate action. */
export class ConflictError extends Error {
  readonly status = 409;
  constructor(what = "This item was changed by someone else. Reload and try again.") {
    super(what);
    this.name = "ConflictError";
  }
}

/** A validation failure the database found (unique name, wrong state of a related row…). */
export class DomainValidationError extends Error {
  readonly status = 400;
  constructor(
    readonly fieldErrors: Record<string, string[]>,
    what = "Invalid input",
  ) {
    super(what);
    this.name = "DomainValidationError";
  }
}

export class RateLimitedError extends Error {
  readonly status = 429;
  constructor(readonly retryAfterSeconds: number) {
    super("Too many requests");
    this.name = "RateLimitedError";
  }
}

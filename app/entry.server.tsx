import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { log } from "./utils/logger.server";

export { bootstrap, shutdown } from "./domain/bootstrap.server";

/** One JSON line for an unexpected error (the stack stays inside the line). */
function logError(msg: string, error: unknown, fields: Record<string, unknown> = {}) {
  log.error(msg, {
    ...fields,
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
}

/**
 * Remix's default prints every error it sees, stack and all over many lines, including the
 * 404s and 405s it answers itself (a POST to a GET-only route) and the 404s our loaders throw:
 * anyone could flood the log with them. A refusal (a 4xx error response) is expected and is
 * not logged; anything else is one JSON line with the request id.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  if ((isRouteErrorResponse(error) || error instanceof Response) && error.status < 500) return;
  logError("unhandled server error", error, {
    requestId: context.requestId,
    method: request.method,
    path: new URL(request.url).pathname,
  });
};

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const bot = isbot(request.headers.get("user-agent") || "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />,
      {
        [bot ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logError("render error", error, { requestId: loadContext.requestId });
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * The server's `handleError` (app/entry.server.tsx), called as Remix calls it: an expected
 * refusal (a 4xx error response from Remix or thrown by a loader) writes nothing, and an
 * unexpected error is one JSON line with the request id, the error and its stack inside it.
 * (tests/integration/http-robustness.test.ts checks the same over HTTP for the refusals.)
 */
import { afterEach, describe, expect, it, vi } from "vitest";

process.env.SESSION_SECRET = "error-logging-test-session-secret-0123456789abcdef";
process.env.LOG_LEVEL = "warn";

const { handleError } = await import("../../app/entry.server");
// The class Remix's router throws for its own 404s and 405s.
const { UNSAFE_ErrorResponseImpl: ErrorResponseImpl } = await import("@remix-run/router");

function capture() {
  const lines: string[] = [];
  const write = (chunk: unknown) => {
    lines.push(...String(chunk).split("\n").filter(Boolean));
    return true;
  };
  vi.spyOn(process.stderr, "write").mockImplementation(write as typeof process.stderr.write);
  vi.spyOn(process.stdout, "write").mockImplementation(write as typeof process.stdout.write);
  vi.spyOn(console, "error").mockImplementation((...args) => write(args.join(" ")));
  return lines;
}

const args = (method = "GET") => ({
  request: new Request("http://minyi.test/api/v1/stats", { method }),
  params: {},
  context: { requestId: "req-123" },
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("handleError", () => {
  it("logs nothing for a 405 or 404 error response, nor for a thrown 4xx Response", () => {
    const lines = capture();
    const noAction = new Error('You made a PUT request to "/api/v1/stats" but did not provide');
    handleError(new ErrorResponseImpl(405, "Method Not Allowed", noAction, true), args("PUT"));
    handleError(new ErrorResponseImpl(404, "Not Found", { message: "Unknown suggestion" }), args());
    handleError(new Response("Not found", { status: 404 }), args());
    expect(lines).toEqual([]);
  });

  it("an unexpected error is one JSON line with the request id and the stack", () => {
    const lines = capture();
    handleError(new TypeError("boom"), args("POST"));
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({
      level: "error",
      msg: "unhandled server error",
      requestId: "req-123",
      method: "POST",
      path: "/api/v1/stats",
      error: "TypeError: boom",
    });
    expect(entry.stack).toContain("TypeError: boom");
  });
});

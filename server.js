// Production entry: Express in front of the Remix build. Start-up work (migrations, seed,
// indexes) happens in the build's `bootstrap()` before the port opens.
import { randomUUID } from "node:crypto";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

// natural loads dotenv, which prints a banner unless told to be quiet.
process.env.DOTENV_CONFIG_QUIET ??= "true";
const build = await import("./build/index.js");
const { bootstrap, shutdown } = build.entry.module;
await bootstrap();

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
const LOG_THRESHOLD = LEVELS[process.env.LOG_LEVEL ?? "info"] ?? LEVELS.info;

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", "loopback");
app.use(compression());

// Security headers on every response.
app.use((req, res, next) => {
  // A caller's (or proxy's) id is kept when it is a plain token; anything else gets a new one.
  const given = req.get("x-request-id");
  req.id = given && REQUEST_ID.test(given) ? given : randomUUID();
  res.set({
    "X-Request-Id": req.id,
    "Content-Security-Policy":
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  });
  next();
});

// Request bodies have a ceiling, checked before anything is read: 1 MiB (forms and the APIs
// need a few KB), the bulk import 21 MiB (its 20 MiB file plus the multipart envelope). A body
// without a length (chunked) is refused where the app reads the whole body at once; the JSON
// API and Open311 read theirs with their own smaller ceiling (app/utils/body.server.ts).
const BODY_LIMIT = 1024 * 1024;
const IMPORT_BODY_LIMIT = 21 * 1024 * 1024;
const READS_CAPPED = /^\/(api|open311)\//;
app.use((req, res, next) => {
  const length = Number(req.get("content-length") ?? Number.NaN);
  const limit = req.path === "/console/import" ? IMPORT_BODY_LIMIT : BODY_LIMIT;
  // Node drops the unread body once the answer is sent, so the client gets to read it.
  const refuse = (status, message) => {
    if (READS_CAPPED.test(req.path))
      res
        .status(status)
        .json({ error: status === 413 ? "payload_too_large" : "length_required", message });
    else res.status(status).type("text/plain; charset=utf-8").send(message);
  };
  if (length > limit)
    return refuse(413, `The request body is larger than ${limit / 1024 / 1024} MiB.`);
  if (Number.isNaN(length) && req.get("transfer-encoding") && !READS_CAPPED.test(req.path))
    return refuse(411, "Send the request body with a Content-Length.");
  next();
});

app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));

// One JSON line per request (level info, error for 5xx, filtered by LOG_LEVEL like the app's
// logger); no query strings (they may carry personal data).
app.use((req, res, next) => {
  const start = process.hrtime.bigint();
  res.on("finish", () => {
    const level = res.statusCode >= 500 ? "error" : "info";
    if (LEVELS[level] < LOG_THRESHOLD) return;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const line = `${JSON.stringify({ time: new Date().toISOString(), level, msg: "request", requestId: req.id, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 })}\n`;
    (level === "error" ? process.stderr : process.stdout).write(line);
  });
  next();
});

// A cross-site form post (an Origin that is not this host, or "null") is refused with 403 before
// any action runs. Remix aborts such document posts itself, but as a 500 with a stack trace,
// and not for resource routes (logout, support). The JSON and Open311 APIs carry no cookie
// authority and are left to their own checks.
app.use((req, res, next) => {
  const origin = req.get("origin");
  if (origin === undefined || ["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
  if (req.path.startsWith("/api/") || req.path.startsWith("/open311/")) return next();
  const host = req.get("x-forwarded-host")?.split(",")[0]?.trim() || req.get("host");
  let originHost = null;
  try {
    originHost = origin === "null" ? null : new URL(origin).host;
  } catch {
    // not a URL: refused below
  }
  if (originHost && originHost === host) return next();
  res.status(403).type("text/plain").send("Cross-site request refused.");
});

// The client IP for rate limits, always overwritten so a client cannot choose its own.
app.use((req, _res, next) => {
  req.headers["x-minyi-client-ip"] = req.ip || "unknown";
  next();
});

app.all("*", createRequestHandler({ build, getLoadContext: (req) => ({ requestId: req.id }) }));

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";
const server = app.listen(port, host, () => {
  console.log(
    JSON.stringify({ level: "info", msg: `Minyi listening on http://localhost:${port}` }),
  );
});

// Graceful shutdown: stop accepting, drain in-flight requests, close the database.
let closing = false;
function stop(signal) {
  if (closing) return;
  closing = true;
  console.log(JSON.stringify({ level: "info", msg: "shutting down", signal }));
  server.close(async () => {
    await shutdown();
    process.exit(0);
  });
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));

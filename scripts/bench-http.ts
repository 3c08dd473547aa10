/**
 * HTTP load benchmark: `npm run bench -- http [--duration 10] [--warmup 3] [--connections 10]
 * [--data ../shared/data] [--log-level warn]`, or `benchHttp(opts)`.
 *
 * Builds nothing: it starts the built server (`node server.js`; run `npm run build` first) on a
 * free loopback port with a fresh temporary database that the server seeds itself
 * (SEED_ON_EMPTY=true), RATE_LIMIT=off and the scheduler off, then runs autocannon against, in
 * one run on the same server:
 *   bare        GET /bench/bare: a Remix resource route that does nothing (the yardstick)
 *   home        GET /
 *   list        GET /suggestions
 *   search      GET /suggestions?q=…
 *   suggestion  GET /suggestions/<a public tracking code>
 *   submit      POST /api/v1/suggestions, a different body on every request (real citizen
 *               messages from tipdm2020c when --data has them), duplicate checking on (the
 *               normal path: similar items, category hint, clustering)
 *   bare again  at the end, to see that the yardstick did not drift.
 * Requests send `Accept-Encoding: gzip` as browsers do, and page requests the CSRF cookie a
 * first visit set (a returning browser). Reports req/s, p50 and p99 latency and
 * the ratio to the bare route (the mean of its two runs); prints a table and writes
 * <out>/http.json. Targets: public pages ≥ 50% of the bare route; ≥ 300 submissions/s.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fieldString, log, readJsonl, table } from "./lib/cli";

export interface BenchHttpOptions {
  outDir: string;
  dataDir: string;
  /** Seconds measured per target. */
  duration: number;
  /** Seconds of unmeasured load per target first. */
  warmup: number;
  connections: number;
  logLevel: string;
}

interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number; average: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest;
}

type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  requests?: AutocannonRequest[];
}) => Promise<AutocannonResult>;

export interface HttpResult {
  name: string;
  method: string;
  path: string;
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  ratioToBare: number | null;
  /** Server CPU per request (ms) and the ratio of the bare route's to it (null off Linux). */
  cpuMsPerRequest: number | null;
  cpuRatioToBare: number | null;
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
}

/**
 * CPU time the server process has used, in ms (Linux /proc; null elsewhere). Its growth over a
 * run, per request, is what a request costs whatever else the machine is doing.
 */
function serverCpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after "pid (comm) ".
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

const PAGE_HEADERS = { "accept-encoding": "gzip", accept: "text/html" };

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.on("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => ok(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function startServer(
  root: string,
  dir: string,
  port: number,
  logLevel: string,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["server.js"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_PATH: join(dir, "minyi.sqlite"),
      OUTBOX_DIR: join(dir, "outbox"),
      SESSION_SECRET: "bench-http-session-secret-0123456789abcdefghijkl",
      SEED_ON_EMPTY: "true",
      RATE_LIMIT: "off",
      SCHEDULER_INTERVAL_MINUTES: "0",
      LOG_LEVEL: logLevel,
      DOTENV_CONFIG_QUIET: "true",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (c) => {
    stderr += c;
  });
  return new Promise((ok, fail) => {
    let out = "";
    child.stdout!.on("data", (c) => {
      out += c;
      if (out.includes("Minyi listening")) {
        child.stdout!.removeAllListeners("data");
        child.stdout!.resume(); // keep draining request logs
        ok(child);
      }
    });
    child.on("exit", (code) =>
      fail(new Error(`server exited (${code}) before listening:\n${stderr}`)),
    );
  });
}

/** Real citizen messages for the submit bodies, or made-up ones when the data is not there. */
function submissionTexts(dataDir: string): { title: string; body: string }[] {
  const file = join(dataDir, "tipdm2020c", "fj2_official_test_unlabeled.jsonl");
  if (existsSync(file)) {
    const texts = readJsonl(file)
      .map((r) => ({
        title: fieldString(r, "留言主题").trim().slice(0, 80),
        body: fieldString(r, "留言详情").trim().slice(0, 2000),
      }))
      .filter((t) => t.title.length >= 5 && t.body.length >= 20);
    if (texts.length > 0) return texts;
  }
  log(`bench http: ${file} not found, submitting made-up texts`);
  const topics = [
    "公交班次",
    "路灯维修",
    "学校周边交通",
    "垃圾分类",
    "老旧小区停车",
    "夜间施工噪音",
  ];
  return topics.map((t) => ({
    title: `关于${t}的建议`,
    body: `希望有关部门重视${t}问题，尽快研究解决，方便群众生活。`,
  }));
}

export async function benchHttp(opts: BenchHttpOptions): Promise<HttpResult[]> {
  const root = resolve(import.meta.dirname, "..");
  if (!existsSync(join(root, "build/index.js")))
    throw new Error("the server is not built: run `npm run build` first");
  const moduleName = "autocannon"; // untyped package: typed by the Autocannon interface above
  const autocannon = ((await import(moduleName)) as { default: Autocannon }).default;
  const dir = mkdtempSync(join(tmpdir(), "minyi-bench-http-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  log(`bench http: starting the built server on ${url} (fresh database, seeding)`);
  const server = await startServer(root, dir, port, opts.logLevel);
  try {
    // A public suggestion and a search word that finds things, from the seeded data.
    const page = (await (await fetch(`${url}/api/v1/suggestions?pageSize=1`)).json()) as {
      results: { trackingCode: string }[];
    };
    const item = page.results?.[0];
    if (!item) throw new Error("the seeded database has no public suggestion");
    const query = "公交";
    const hits = (await (
      await fetch(`${url}/api/v1/search?q=${encodeURIComponent(query)}`)
    ).json()) as { total: number };
    log(`bench http: suggestion ${item.trackingCode}; search "${query}" finds ${hits.total}`);

    // Pages are requested as a returning browser does: with the CSRF cookie the first visit set
    // (without it every page view mints and signs a new token).
    const firstVisit = await fetch(`${url}/`);
    await firstVisit.text();
    const cookie = (firstVisit.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const pageHeaders = { ...PAGE_HEADERS, ...(cookie ? { cookie } : {}) };

    const texts = submissionTexts(opts.dataDir);
    let n = 0;
    const submitRequest: AutocannonRequest = {
      method: "POST",
      path: "/api/v1/suggestions",
      headers: { "content-type": "application/json", "accept-encoding": "gzip" },
      setupRequest: (req) => {
        const i = n++;
        const t = texts[i % texts.length]!;
        req.body = JSON.stringify({
          title: t.title,
          body: `${t.body}（参考号 ${i}）`,
          regionUnitId: 3,
          publishConsent: true,
        });
        return req;
      },
    };

    const targets: { name: string; method: string; path: string; request: AutocannonRequest }[] = [
      { name: "bare", method: "GET", path: "/bench/bare" },
      { name: "home", method: "GET", path: "/" },
      { name: "list", method: "GET", path: "/suggestions" },
      { name: "search", method: "GET", path: `/suggestions?q=${encodeURIComponent(query)}` },
      { name: "suggestion", method: "GET", path: `/suggestions/${item.trackingCode}` },
      { name: "submit", method: "POST", path: "/api/v1/suggestions" },
      { name: "bare again", method: "GET", path: "/bench/bare" },
    ].map((t) => ({
      ...t,
      request:
        t.name === "submit" ? submitRequest : { method: "GET", path: t.path, headers: pageHeaders },
    }));

    const raw: {
      name: string;
      method: string;
      path: string;
      result: AutocannonResult;
      cpuMs: number | null;
    }[] = [];
    for (const t of targets) {
      if (opts.warmup > 0) {
        await autocannon({
          url,
          connections: opts.connections,
          duration: opts.warmup,
          requests: [t.request],
        });
      }
      const cpuBefore = serverCpuMs(server.pid);
      const result = await autocannon({
        url,
        connections: opts.connections,
        duration: opts.duration,
        requests: [t.request],
      });
      const cpuAfter = serverCpuMs(server.pid);
      const cpuMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
      raw.push({ name: t.name, method: t.method, path: t.path, result, cpuMs });
      log(
        `bench http: ${t.name.padEnd(10)} ${(result.requests.total / result.duration).toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
      );
    }

    const rate = (r: AutocannonResult) => r.requests.total / r.duration;
    const bareRuns = raw.filter((r) => r.name.startsWith("bare")).map((r) => rate(r.result));
    const bare = bareRuns.reduce((a, b) => a + b, 0) / bareRuns.length;
    const perRequest = (r: (typeof raw)[number]) =>
      r.cpuMs === null || r.result.requests.total === 0 ? null : r.cpuMs / r.result.requests.total;
    const bareCpu = raw.filter((r) => r.name.startsWith("bare")).map(perRequest);
    const bareCpuMean = bareCpu.every((c) => c !== null)
      ? (bareCpu as number[]).reduce((a, b) => a + b, 0) / bareCpu.length
      : null;
    const results: HttpResult[] = raw
      .map((r) => ({ ...r, cpu: perRequest(r) }))
      .map(({ name, method, path, result, cpu }) => ({
        name,
        method,
        path,
        requests: result.requests.total,
        reqPerSec: Math.round(rate(result) * 10) / 10,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        meanMs: Math.round(result.latency.average * 100) / 100,
        ratioToBare: name.startsWith("bare")
          ? null
          : Math.round((rate(result) / bare) * 1000) / 1000,
        cpuMsPerRequest: cpu === null ? null : Math.round(cpu * 100) / 100,
        cpuRatioToBare:
          cpu === null || bareCpuMean === null || name.startsWith("bare")
            ? null
            : Math.round((bareCpuMean / cpu) * 1000) / 1000,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
        statusCodes: Object.fromEntries(
          Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, Number(v.count)]),
        ),
      }));

    const pages = results.filter((r) => ["home", "list", "search", "suggestion"].includes(r.name));
    const submit = results.find((r) => r.name === "submit")!;
    const targetsMet = {
      pagesAtLeastHalfOfBare: pages.every((r) => (r.ratioToBare ?? 0) >= 0.5),
      submitAtLeast300PerSec: submit.reqPerSec >= 300 && submit.non2xx === 0 && submit.errors === 0,
    };

    const rows: (string | number)[][] = [
      [
        "target",
        "request",
        "req/s",
        "p50 ms",
        "p99 ms",
        "× bare",
        "CPU ms/req",
        "× bare (CPU)",
        "errors",
        "non-2xx",
      ],
    ];
    for (const r of results) {
      rows.push([
        r.name,
        `${r.method} ${r.path.length > 40 ? `${r.path.slice(0, 39)}…` : r.path}`,
        r.reqPerSec,
        r.p50Ms,
        r.p99Ms,
        r.ratioToBare === null ? "—" : `${(r.ratioToBare * 100).toFixed(0)}%`,
        r.cpuMsPerRequest ?? "—",
        r.cpuRatioToBare === null ? "—" : `${(r.cpuRatioToBare * 100).toFixed(0)}%`,
        r.errors,
        r.non2xx,
      ]);
    }
    process.stdout.write(`${table(rows)}\n`);
    process.stdout.write(
      `bare route (mean of ${bareRuns.length} runs): ${bare.toFixed(0)} req/s; pages ≥ 50% of bare: ${targetsMet.pagesAtLeastHalfOfBare ? "yes" : "NO"}; submissions ≥ 300/s: ${targetsMet.submitAtLeast300PerSec ? "yes" : "NO"}; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")} on ${cpus().length} CPUs\n`,
    );

    mkdirSync(opts.outDir, { recursive: true });
    const file = join(opts.outDir, "http.json");
    writeFileSync(
      file,
      `${JSON.stringify(
        {
          benchmark: "http",
          at: new Date().toISOString(),
          node: process.version,
          cpus: cpus().length,
          cpuModel: cpus()[0]?.model ?? "",
          connections: opts.connections,
          durationSeconds: opts.duration,
          warmupSeconds: opts.warmup,
          logLevel: opts.logLevel,
          bareReqPerSec: Math.round(bare * 10) / 10,
          bareCpuMsPerRequest: bareCpuMean === null ? null : Math.round(bareCpuMean * 1000) / 1000,
          loadAverage: loadavg(),
          targetsMet,
          results,
        },
        null,
        2,
      )}\n`,
    );
    log(`wrote ${file}`);
    return results;
  } finally {
    server.kill("SIGTERM");
    await new Promise((ok) => server.once("exit", ok));
    rmSync(dir, { recursive: true, force: true });
  }
}

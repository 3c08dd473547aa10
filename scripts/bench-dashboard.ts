/**
 * Dashboard benchmark: `npm run bench -- dashboard [--size 1000000] [--runs 9] [--keep]`, or
 * `npx tsx scripts/bench-dashboard.ts --size 1m`.
 *
 * Builds a temporary SQLite database: migrations, the demo seed (org tree, departments,
 * categories, accounts), then `size` generated suggestions inserted in one transaction with
 * prepared statements. The generator is deterministic (seeded PRNG) and shaped like a real
 * centre: volume growing over three years, busy cities, a long tail of categories, statuses
 * that depend on age, lead assignments to the category's department (some returned and
 * reassigned), decisions, outcomes for adopted items, satisfaction ratings skewed high, and
 * topic clusters with a few big ones. Then every dashboard query (and the list, exports count
 * and scorecards) runs `runs` times per scenario; median and p95 are printed and written to
 * bench-results/dashboard.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { argNumber, argString, log, parseArgs, percentile, progress, table } from "./lib/cli";

process.env.DOTENV_CONFIG_QUIET ??= "true";

export interface BenchDashboardOptions {
  size: number;
  runs: number;
  outDir: string;
  keep?: boolean;
  seed?: number;
  /** Time the queries on an existing database (one kept by --keep) instead of generating. */
  reuse?: string;
}

const DAY = 86_400_000;
const AT = new Date("2026-06-15T00:00:00Z");

export async function benchDashboard(opts: BenchDashboardOptions) {
  const { openDatabase, migrateDatabase } = await import("../db/client");
  const { seedDatabase } = await import("./seed/seed");
  const { mulberry32 } = await import("../app/nlp/prng");
  const dash = await import("../app/domain/analytics/dashboard.server");
  const { parsePeriod } = await import("../app/domain/analytics/period");
  const { listMetricSuggestions } = await import("../app/domain/analytics/list.server");
  const { getScorecards, scorecardPeriod } = await import(
    "../app/domain/analytics/scorecards.server"
  );

  const dir = opts.reuse ? null : mkdtempSync(join(tmpdir(), "minyi-bench-dashboard-"));
  const file = opts.reuse ?? join(dir!, "bench.sqlite");
  log(`database: ${file}`);
  const db = openDatabase(file);
  migrateDatabase(db);
  let counts: ReturnType<typeof generate> | { reused: string };
  let generateMs = 0;
  if (opts.reuse) {
    counts = { reused: file };
  } else {
    await seedDatabase(db, AT);
    const t0 = performance.now();
    counts = generate(db.$client, opts.size, mulberry32(opts.seed ?? 20260615));
    generateMs = performance.now() - t0;
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    const t1 = performance.now();
    db.$client.exec("ANALYZE");
    const analyzeMs = performance.now() - t1;
    log(
      `generated ${counts.suggestions} suggestions, ${counts.assignments} assignments, ${counts.decisions} decisions, ${counts.outcomes} outcomes, ${counts.satisfactions} ratings, ${counts.clusters} clusters in ${(generateMs / 1000).toFixed(1)} s (ANALYZE ${(analyzeMs / 1000).toFixed(1)} s)`,
    );
  }

  const province = (
    db.$client.prepare("SELECT path FROM org_units WHERE level = 'province'").get() as {
      path: string;
    }
  ).path;
  const city = db.$client
    .prepare("SELECT id, path FROM org_units WHERE level = 'city' ORDER BY id LIMIT 1")
    .get() as { id: number; path: string };
  const transport = (
    db.$client.prepare("SELECT id FROM categories WHERE parent_id IS NULL ORDER BY id").all() as {
      id: number;
    }[]
  )[0]!.id;

  const scenarios = [
    {
      name: "province, 30 days",
      input: { scope: { paths: [province] }, period: parsePeriod({ period: "30d" }, AT), at: AT },
    },
    {
      name: "province, 365 days",
      input: { scope: { paths: [province] }, period: parsePeriod({ period: "365d" }, AT), at: AT },
    },
    {
      name: "city + category, 90 days",
      input: {
        scope: { paths: [city.path] },
        category: transport,
        period: parsePeriod({ period: "90d" }, AT),
        at: AT,
      },
    },
  ];

  type Query = { name: string; run: () => unknown };
  const results: {
    scenario: string;
    query: string;
    medianMs: number;
    p95Ms: number;
    minMs: number;
    maxMs: number;
    /** Process CPU time (user + system) of the query: what it costs when the machine is busy. */
    cpuMedianMs: number;
  }[] = [];
  for (const sc of scenarios) {
    const kpis = dash.getKpis(sc.input, db);
    const queries: Query[] = [
      { name: "kpis (8 figures, with previous period)", run: () => dash.getKpis(sc.input, db) },
      { name: "trends", run: () => dash.getTrends(sc.input, db) },
      { name: "heat map", run: () => dash.getHeatmap(sc.input, db) },
      { name: "hot and emerging topics", run: () => dash.getHotTopics(sc.input, db) },
      { name: "decision breakdown", run: () => dash.getDecisionBreakdown(sc.input, db) },
      { name: "backlog by age", run: () => dash.getBacklog(sc.input, db) },
      {
        name: "list page (received, count + page 1)",
        run: () =>
          listMetricSuggestions(
            {
              scope: sc.input.scope,
              query: {
                metric: "received",
                from: kpis.period.from,
                to: kpis.period.to,
                category: sc.input.category,
                regionSelf: false,
              },
              at: AT,
            },
            db,
          ),
      },
      {
        name: "list page (answered late, last page)",
        run: () =>
          listMetricSuggestions(
            {
              scope: sc.input.scope,
              query: {
                metric: "answered_late",
                from: kpis.period.from,
                to: kpis.period.to,
                category: sc.input.category,
                regionSelf: false,
                page: 100_000,
              },
              at: AT,
            },
            db,
          ),
      },
    ];
    if (sc === scenarios[0]) {
      queries.push(
        {
          name: "scorecards (one month)",
          run: () => getScorecards({ period: scorecardPeriod("2026-05", AT), at: AT }, db),
        },
        {
          name: "scorecards (last 12 months)",
          run: () => getScorecards({ period: scorecardPeriod(undefined, AT), at: AT }, db),
        },
        {
          name: "scorecards (rolling 90 days, base tables)",
          run: () => getScorecards({ period: parsePeriod({ period: "90d" }, AT), at: AT }, db),
        },
      );
    }
    for (const q of queries) {
      q.run(); // warm the page cache and the statement
      const times: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < opts.runs; i++) {
        const c = process.cpuUsage();
        const t = performance.now();
        q.run();
        times.push(performance.now() - t);
        const used = process.cpuUsage(c);
        cpu.push((used.user + used.system) / 1000);
      }
      times.sort((a, b) => a - b);
      cpu.sort((a, b) => a - b);
      results.push({
        scenario: sc.name,
        query: q.name,
        medianMs: round(percentile(times, 0.5)),
        p95Ms: round(percentile(times, 0.95)),
        minMs: round(times[0]!),
        maxMs: round(times[times.length - 1]!),
        cpuMedianMs: round(percentile(cpu, 0.5)),
      });
    }
  }

  const target = 200;
  const rows: (string | number)[][] = [
    ["scenario", "query", "median ms", "p95 ms", "cpu ms", "≤ 200 ms"],
  ];
  for (const r of results) {
    rows.push([
      r.scenario,
      r.query,
      r.medianMs,
      r.p95Ms,
      r.cpuMedianMs,
      r.p95Ms <= target ? "yes" : "NO",
    ]);
  }
  log(
    `load average during the run: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")} (${cpus().length} CPUs)`,
  );
  process.stdout.write(`${table(rows)}\n`);
  const worst = Math.max(...results.map((r) => r.p95Ms));
  const summary = {
    benchmark: "dashboard",
    size: opts.size,
    runs: opts.runs,
    at: AT.toISOString(),
    generated: counts,
    generateSeconds: round(generateMs / 1000),
    node: process.version,
    loadAverage: loadavg(),
    cpus: cpus().length,
    targetMs: target,
    worstP95Ms: worst,
    allWithinTarget: worst <= target,
    results,
  };
  mkdirSync(opts.outDir, { recursive: true });
  const out = join(opts.outDir, "dashboard.json");
  writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
  log(`wrote ${out}`);
  db.$client.close();
  if (opts.keep || !dir) log(`kept ${file}`);
  else rmSync(dir, { recursive: true, force: true });
  return summary;
}

const round = (v: number) => Math.round(v * 100) / 100;

type Sqlite = import("better-sqlite3").Database;

/** Picks an index by weight (weights need not sum to 1). */
function weighted(random: () => number, cumulative: readonly number[]): number {
  const total = cumulative[cumulative.length - 1]!;
  const x = random() * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function cumulate(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

/** Inserts `size` suggestions with their handling rows in one transaction. */
function generate(sqlite: Sqlite, size: number, random: () => number) {
  const units = sqlite
    .prepare("SELECT id, parent_id AS parentId, level FROM org_units ORDER BY id")
    .all() as { id: number; parentId: number | null; level: string }[];
  const regions = units.filter((u) => u.level !== "national");
  const regionWeights = cumulate(
    regions.map((u) => (u.level === "city" ? 6 : u.level === "province" ? 1 : 2)),
  );
  const childrenOf = new Map<number, number[]>();
  for (const u of units)
    if (u.parentId !== null)
      childrenOf.set(u.parentId, [...(childrenOf.get(u.parentId) ?? []), u.id]);
  const cats = sqlite
    .prepare(
      "SELECT id, level, default_department_id AS dept FROM categories WHERE level >= 2 ORDER BY id",
    )
    .all() as { id: number; level: number; dept: number | null }[];
  // A long tail: the k-th category weighs 1/(k+1).
  const catWeights = cumulate(cats.map((_, k) => 1 / (k + 1)));
  const depts = (
    sqlite.prepare("SELECT id FROM departments ORDER BY id").all() as { id: number }[]
  ).map((d) => d.id);
  const maxId = (
    sqlite.prepare("SELECT coalesce(max(id), 0) AS m FROM suggestions").get() as { m: number }
  ).m;
  const clusterBase = (
    sqlite.prepare("SELECT coalesce(max(id), 0) AS m FROM clusters").get() as { m: number }
  ).m;

  const insSuggestion = sqlite.prepare(
    `INSERT INTO suggestions (id, tracking_code, secret_hash, title, body, language, channel, category_id,
      unit_id, region_unit_id, status, decision, moderation, anonymous, publish_consent, cluster_id,
      lead_department_id, supports_count, followers_count, rehandle_count, version, submitted_at,
      accept_due_at, accepted_at, assigned_at, handle_due_at, in_progress_at, answered_at,
      implementing_at, completed_at, closed_at, updated_at)
     VALUES (?, ?, 'x', ?, ?, 'zh', ?, ?, ?, ?, ?, ?, 'visible', 0, 1, ?, ?, ?, 0, 0, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insAssignment = sqlite.prepare(
    `INSERT INTO assignments (suggestion_id, department_id, role, status, due_at, assigned_at, responded_at, return_reason)
     VALUES (?, ?, 'lead', ?, ?, ?, ?, ?)`,
  );
  const insDecision = sqlite.prepare(
    `INSERT INTO adoption_decisions (suggestion_id, decision, reason, decided_at, published_at)
     VALUES (?, ?, ?, ?, ?)`,
  );
  const insOutcome = sqlite.prepare(
    `INSERT INTO outcomes (suggestion_id, type, title, description, outcome_date, achieved_at, created_at, published_at)
     VALUES (?, ?, ?, '生成的转化成果', ?, ?, ?, ?)`,
  );
  const insSatisfaction = sqlite.prepare(
    "INSERT INTO satisfactions (suggestion_id, score, comment, rehandle_requested, created_at) VALUES (?, ?, NULL, 0, ?)",
  );
  const insCluster = sqlite.prepare(
    `INSERT INTO clusters (id, label, label_locked, primary_suggestion_id, size, nlp_version, created_at, updated_at)
     VALUES (?, ?, 0, ?, 1, 'bench', ?, ?)`,
  );
  const bumpCluster = sqlite.prepare("UPDATE clusters SET size = size + 1 WHERE id = ?");

  const at = AT.getTime();
  const span = 3 * 365 * DAY;
  const start = at - span;
  const channels = [
    "web",
    "web",
    "web",
    "web",
    "api",
    "hotline",
    "hotline",
    "letter",
    "sms",
    "open311",
  ];
  const decisions = ["adopted", "partly_adopted", "for_reference", "not_adopted"] as const;
  const decisionWeights = cumulate([30, 20, 35, 15]);
  const outcomeTypes = ["policy", "measure", "project", "regulation", "research"];
  const scoreWeights = cumulate([10, 10, 15, 25, 40]); // scores 1..5
  const recentClusters: { id: number; created: number }[] = [];
  let nextCluster = clusterBase + 1;
  const counts = {
    suggestions: 0,
    assignments: 0,
    decisions: 0,
    outcomes: 0,
    satisfactions: 0,
    clusters: 0,
  };
  const bar = progress("generate", size);

  const run = sqlite.transaction(() => {
    for (let i = 0; i < size; i++) {
      const id = maxId + 1 + i;
      // Density grows linearly over three years: CDF ∝ t², so t = sqrt(u); plus hour jitter.
      const submitted = Math.min(
        at - 60_000,
        Math.floor(start + span * Math.sqrt((i + random()) / size) + (random() - 0.5) * 3_600_000),
      );
      const age = (at - submitted) / DAY;
      const region = regions[weighted(random, regionWeights)]!;
      const kids = childrenOf.get(region.id) ?? [];
      const cat = cats[weighted(random, catWeights)]!;
      const dept = cat.dept ?? depts[Math.floor(random() * depts.length)]!;

      // Status: early exits, then progress that depends on age.
      let status: string;
      const u = random();
      const doneShare = Math.min(0.95, age / 120);
      if (u < 0.07 && age > 2) status = "not_accepted";
      else if (u < 0.12 && age > 2) status = "merged";
      else if (u < 0.13) status = "withdrawn";
      else if (u < 0.14 && age > 2 && kids.length) status = "transferred";
      else if (age < 2) status = "submitted";
      else if (random() < doneShare) {
        const v = random();
        status = v < 0.2 ? "answered" : v < 0.35 ? "implementing" : "completed";
      } else {
        const v = random();
        status =
          age < 15 && v < 0.4
            ? "submitted"
            : v < 0.55
              ? "accepted"
              : v < 0.7
                ? "assigned"
                : v < 0.75
                  ? "returned"
                  : "in_progress";
      }
      const unitId =
        status === "transferred" ? kids[Math.floor(random() * kids.length)]! : region.id;
      // Whole milliseconds, as the app stores them (Date.getTime()), and never in the future.
      const cap = (t: number) => Math.floor(Math.min(t, at - 1000));
      const reached = (s: string) => {
        const order = [
          "submitted",
          "accepted",
          "assigned",
          "in_progress",
          "answered",
          "implementing",
        ];
        const idx: Record<string, number> = {
          submitted: 0,
          transferred: 0,
          not_accepted: 0,
          merged: 0,
          withdrawn: 0,
          accepted: 1,
          assigned: 2,
          returned: 2,
          in_progress: 3,
          answered: 4,
          implementing: 5,
          completed: 5,
        };
        return idx[status]! >= order.indexOf(s);
      };
      const acceptedAt = reached("accepted") ? cap(submitted + (1 + random() * 9) * DAY) : null;
      const assignedAt =
        acceptedAt !== null && reached("assigned")
          ? cap(acceptedAt + (0.5 + random() * 4) * DAY)
          : null;
      const inProgressAt =
        assignedAt !== null && reached("in_progress") ? cap(assignedAt + random() * 3 * DAY) : null;
      // Most answers come in time; some are late (past the 60-day deadline).
      const answeredAt =
        inProgressAt !== null && reached("answered")
          ? cap(inProgressAt + (random() < 0.12 ? 60 + random() * 40 : 3 + random() * 50) * DAY)
          : null;
      const implementingAt =
        answeredAt !== null && status === "implementing"
          ? cap(answeredAt + random() * 10 * DAY)
          : null;
      const completedAt =
        answeredAt !== null && status === "completed"
          ? cap(answeredAt + random() * 40 * DAY)
          : null;
      const handleDueAt = assignedAt !== null ? assignedAt + 60 * DAY : null;
      const decision = answeredAt !== null ? decisions[weighted(random, decisionWeights)]! : null;
      const leadDept = assignedAt !== null ? dept : null;

      // Topics: a quarter of suggestions belong to one; new topics start now and then, and
      // recent topics attract most newcomers.
      let clusterId: number | null = null;
      if (random() < 0.25) {
        if (recentClusters.length === 0 || random() < 0.12) {
          clusterId = nextCluster++;
          insCluster.run(clusterId, `生成话题 ${clusterId}`, id, submitted, submitted);
          counts.clusters++;
          recentClusters.push({ id: clusterId, created: submitted });
          if (recentClusters.length > 400) recentClusters.shift();
        } else {
          const pick =
            recentClusters.length - 1 - Math.floor(random() ** 3 * recentClusters.length);
          clusterId = recentClusters[pick]!.id;
          bumpCluster.run(clusterId);
        }
      }
      const supports = Math.floor(Math.exp(random() * random() * 6)) - 1;

      insSuggestion.run(
        id,
        `B-${id}`,
        `生成的建议 ${id}`,
        `生成的建议正文 ${id}，用于仪表盘基准测试。`,
        channels[Math.floor(random() * channels.length)]!,
        status === "submitted" && random() < 0.5 ? null : cat.id,
        unitId,
        region.id,
        status,
        decision,
        clusterId,
        leadDept,
        supports,
        submitted,
        submitted + 15 * DAY,
        acceptedAt,
        assignedAt,
        handleDueAt,
        inProgressAt,
        answeredAt,
        implementingAt,
        completedAt,
        completedAt ??
          (["not_accepted", "withdrawn", "merged"].includes(status) ? cap(submitted + DAY) : null),
        completedAt ?? answeredAt ?? inProgressAt ?? assignedAt ?? acceptedAt ?? submitted,
      );
      counts.suggestions++;

      if (assignedAt !== null && handleDueAt !== null) {
        if (random() < 0.05) {
          // A first department returned it; the lead below is the reassignment.
          const other = depts[Math.floor(random() * depts.length)]!;
          insAssignment.run(
            id,
            other,
            "returned",
            handleDueAt,
            assignedAt - DAY,
            assignedAt,
            "不属于本单位职责",
          );
          counts.assignments++;
        }
        const aStatus =
          status === "assigned" ? "pending" : status === "returned" ? "returned" : "accepted";
        insAssignment.run(id, dept, aStatus, handleDueAt, assignedAt, inProgressAt, null);
        counts.assignments++;
      }
      if (answeredAt !== null && decision !== null) {
        insDecision.run(
          id,
          decision,
          decision === "not_adopted" ? "暂不具备实施条件" : null,
          answeredAt,
          random() < 0.9 ? answeredAt : null,
        );
        counts.decisions++;
        if ((decision === "adopted" || decision === "partly_adopted") && random() < 0.7) {
          const created = cap(answeredAt + random() * 30 * DAY);
          insOutcome.run(
            id,
            outcomeTypes[Math.floor(random() * outcomeTypes.length)]!,
            `转化成果 ${id}`,
            created,
            completedAt,
            created,
            created,
          );
          counts.outcomes++;
        }
        if (random() < 0.45) {
          const score = weighted(random, scoreWeights) + 1;
          insSatisfaction.run(
            id,
            score,
            cap((completedAt ?? answeredAt) + (1 + random() * 9) * DAY),
          );
          counts.satisfactions++;
        }
      }
      if (i % 5000 === 0) bar.tick(i);
    }
  });
  run();
  bar.done();
  return counts;
}

// Direct run: `npx tsx scripts/bench-dashboard.ts --size 100k`.
if (process.argv[1] && resolve(process.argv[1]).endsWith("bench-dashboard.ts")) {
  const args = parseArgs(process.argv.slice(2));
  const sizeText = argString(args, "size", "1000000");
  await benchDashboard({
    size: Number(sizeText.replace(/k$/i, "000").replace(/m$/i, "000000")),
    runs: argNumber(args, "runs", 9),
    outDir: resolve(argString(args, "out", "bench-results")),
    keep: args.keep === true,
    reuse: typeof args.db === "string" ? resolve(args.db) : undefined,
  });
}

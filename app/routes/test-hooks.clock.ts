import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { runScheduler } from "../domain/supervision/scheduler.server";
import { clockOffset, DAY_MS, now, setClockOffset } from "../utils/clock.server";
import { env } from "../utils/env.server";

/**
 * Browser tests move the server's clock (and run one scheduler pass) through this hook. It exists
 * only when ALLOW_CLOCK_OVERRIDE=true; otherwise it is a plain 404.
 */
const Body = z.object({
  advanceDays: z.coerce.number().min(-3650).max(3650).default(0),
  reset: z.coerce.boolean().default(false),
  runScheduler: z.coerce.boolean().default(false),
});

export async function action({ request }: ActionFunctionArgs) {
  if (env().ALLOW_CLOCK_OVERRIDE !== "true") return new Response("Not found", { status: 404 });
  const parsed = Body.safeParse(await request.json().catch(() => ({})));
  if (!parsed.success) return Response.json({ error: "invalid_body" }, { status: 400 });
  setClockOffset((parsed.data.reset ? 0 : clockOffset()) + parsed.data.advanceDays * DAY_MS);
  const report = parsed.data.runScheduler ? await runScheduler(now()) : null;
  return Response.json({ now: now().toISOString(), report });
}

export function loader() {
  return new Response("Not found", { status: 404 });
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { checkHealth } from "../domain/bootstrap.server";
import { clientIp } from "../utils/rate-limit.server";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/**
 * Liveness and readiness: the database answers a query. `?deep=1` from the machine itself also
 * checks that the text indexes agree with the database (counts only; ignored from elsewhere,
 * since it reads every row).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const deep =
    new URL(request.url).searchParams.get("deep") === "1" && LOOPBACK.has(clientIp(request));
  const health = checkHealth({ deep });
  return Response.json(health, {
    status: health.ok ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}

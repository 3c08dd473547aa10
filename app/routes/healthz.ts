import { checkHealth } from "../domain/bootstrap.server";

/** Liveness and readiness: the database answers a query. */
export async function loader() {
  const health = checkHealth();
  return Response.json(health, {
    status: health.ok ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}

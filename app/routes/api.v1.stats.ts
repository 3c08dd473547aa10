import { getPublicFigures } from "../domain/analytics/figures.server";

/** GET /api/v1/stats: the public figures. */
export async function loader() {
  return Response.json(getPublicFigures(), { headers: { "Cache-Control": "no-store" } });
}

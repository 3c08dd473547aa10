import { getPublicFigures } from "../domain/analytics/figures.server";
import { apiRoute, CORS_READ, json, methodNotAllowed } from "../utils/api.server";

/** GET /api/v1/stats: the public figures, readable from any origin like the other public reads. */
export const loader = /* @__PURE__ */ apiRoute(async () =>
  json(getPublicFigures(), 200, CORS_READ),
);

/** Read-only: other methods get a 405 that names the allowed ones. */
export const action = async () => methodNotAllowed("GET, HEAD");

import { json } from "../utils/api.server";

/**
 * Any unknown /api/v1 path, with any method: a JSON 404 like the API's other errors, instead of
 * the site's HTML "not found" page (app/routes/$.tsx).
 */
function notFound() {
  return json(
    { error: "not_found", message: "No such API endpoint; see /api/v1/openapi.json." },
    404,
  );
}

export const loader = notFound;
export const action = notFound;

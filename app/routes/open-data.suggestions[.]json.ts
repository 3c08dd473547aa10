import type { LoaderFunctionArgs } from "@remix-run/node";
import { suggestionsJsonResponse } from "../domain/openness/open-data.server";
import { methodNotAllowed } from "../utils/api.server";

/** GET /open-data/suggestions.json: every public suggestion, redacted, streamed. */
export async function loader({ request }: LoaderFunctionArgs) {
  return suggestionsJsonResponse(new URL(request.url).origin);
}

/** Read-only: other methods get a 405 that names the allowed ones. */
export const action = async () => methodNotAllowed("GET, HEAD");

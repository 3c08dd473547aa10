import type { LoaderFunctionArgs } from "@remix-run/node";
import { suggestionsJsonResponse } from "../domain/openness/open-data.server";

/** GET /open-data/suggestions.json: every public suggestion, redacted, streamed. */
export async function loader({ request }: LoaderFunctionArgs) {
  return suggestionsJsonResponse(new URL(request.url).origin);
}

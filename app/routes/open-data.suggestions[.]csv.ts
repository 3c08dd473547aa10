import { suggestionsCsvResponse } from "../domain/openness/open-data.server";
import { methodNotAllowed } from "../utils/api.server";

/** GET /open-data/suggestions.csv: every public suggestion, redacted, streamed. */
export async function loader() {
  return suggestionsCsvResponse();
}

/** Read-only: other methods get a 405 that names the allowed ones. */
export const action = async () => methodNotAllowed("GET, HEAD");

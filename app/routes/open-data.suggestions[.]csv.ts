import { suggestionsCsvResponse } from "../domain/openness/open-data.server";

/** GET /open-data/suggestions.csv: every public suggestion, redacted, streamed. */
export async function loader() {
  return suggestionsCsvResponse();
}

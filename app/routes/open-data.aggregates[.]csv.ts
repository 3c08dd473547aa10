import { aggregatesCsvResponse } from "../domain/openness/open-data.server";
import { methodNotAllowed } from "../utils/api.server";

/** GET /open-data/aggregates.csv: counts by month × category × status × decision. */
export async function loader() {
  return aggregatesCsvResponse();
}

/** Read-only: other methods get a 405 that names the allowed ones. */
export const action = async () => methodNotAllowed("GET, HEAD");

import { aggregatesCsvResponse } from "../domain/openness/open-data.server";

/** GET /open-data/aggregates.csv: counts by month × category × status × decision. */
export async function loader() {
  return aggregatesCsvResponse();
}

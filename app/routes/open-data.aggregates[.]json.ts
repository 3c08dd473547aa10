import type { LoaderFunctionArgs } from "@remix-run/node";
import { aggregatesJsonResponse } from "../domain/openness/open-data.server";

/** GET /open-data/aggregates.json: counts by month × category × status × decision. */
export async function loader({ request }: LoaderFunctionArgs) {
  return aggregatesJsonResponse(new URL(request.url).origin);
}

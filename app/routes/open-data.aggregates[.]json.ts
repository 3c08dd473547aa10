import type { LoaderFunctionArgs } from "@remix-run/node";
import { aggregatesJsonResponse } from "../domain/openness/open-data.server";
import { methodNotAllowed } from "../utils/api.server";

/** GET /open-data/aggregates.json: counts by month × category × status × decision. */
export async function loader({ request }: LoaderFunctionArgs) {
  return aggregatesJsonResponse(new URL(request.url).origin);
}

/** Read-only: other methods get a 405 that names the allowed ones. */
export const action = async () => methodNotAllowed("GET, HEAD");

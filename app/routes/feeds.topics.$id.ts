import type { LoaderFunctionArgs } from "@remix-run/node";
import { topicFeedResponse } from "../domain/openness/feeds.server";
import { methodNotAllowed } from "../utils/api.server";

/** GET /feeds/topics/{id}.xml: one topic's public suggestions as Atom (or RSS 2.0). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return topicFeedResponse(request, params.id ?? "");
}

/** Read-only: other methods get a 405 that names the allowed ones. */
export const action = async () => methodNotAllowed("GET, HEAD");

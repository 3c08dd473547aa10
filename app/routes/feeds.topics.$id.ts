import type { LoaderFunctionArgs } from "@remix-run/node";
import { topicFeedResponse } from "../domain/openness/feeds.server";

/** GET /feeds/topics/{id}.xml: one topic's public suggestions as Atom (or RSS 2.0). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return topicFeedResponse(request, params.id ?? "");
}

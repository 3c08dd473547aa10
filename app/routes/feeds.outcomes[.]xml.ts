import type { LoaderFunctionArgs } from "@remix-run/node";
import { feedResponse, outcomesFeed } from "../domain/openness/feeds.server";
import { methodNotAllowed } from "../utils/api.server";

/** GET /feeds/outcomes.xml: published outcomes as Atom (or RSS 2.0 with ?format=rss). */
export async function loader({ request }: LoaderFunctionArgs) {
  return feedResponse(request, (origin, locale) => outcomesFeed(origin, locale));
}

/** Read-only: other methods get a 405 that names the allowed ones. */
export const action = async () => methodNotAllowed("GET, HEAD");

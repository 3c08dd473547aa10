import type { LoaderFunctionArgs } from "@remix-run/node";
import { open311Request } from "../domain/openness/open311.server";

/** GET /open311/v2/requests/{service_request_id}.json (or .xml): one service request. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return open311Request(request, params.id ?? "");
}

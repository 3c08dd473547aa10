import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDiscovery, open311Response } from "../domain/openness/open311.server";

/** GET /open311/discovery.json: Open311 service discovery (where the GeoReport v2 API lives). */
export async function loader({ request }: LoaderFunctionArgs) {
  return open311Response(request, "json", "discovery", () =>
    getDiscovery(new URL(request.url).origin),
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { listServices, open311Response, requestLocale } from "../domain/openness/open311.server";

/** GET /open311/v2/services.xml: Open311 GeoReport v2 service list (our categories). */
export async function loader({ request }: LoaderFunctionArgs) {
  return open311Response(request, "xml", "services", () => listServices(requestLocale(request)));
}

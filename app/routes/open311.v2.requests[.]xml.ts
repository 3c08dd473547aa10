import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { open311Requests, open311Submit } from "../domain/openness/open311.server";

/** GET /open311/v2/requests.xml: public service requests with the GeoReport v2 filters. */
export async function loader({ request }: LoaderFunctionArgs) {
  return open311Requests(request, "xml");
}

/** POST /open311/v2/requests.xml: creates a suggestion (form-encoded; JSON accepted too). */
export async function action({ request }: ActionFunctionArgs) {
  return open311Submit(request, "xml");
}

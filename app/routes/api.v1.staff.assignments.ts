import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  ApiAssignmentsQuerySchema,
  listApiAssignments,
} from "../domain/analytics/staff-api.server";
import { authenticateApiRequest } from "../domain/auth/api-keys.server";
import { apiRoute, json, methodNotAllowed, parseOrThrow } from "../utils/api.server";

/**
 * GET /api/v1/staff/assignments?page=&pageSize=&status=&role=&unit=: the API client's
 * assignments (bearer key), most urgent first. Pagination in the body and in a Link header.
 */
export const loader = /* @__PURE__ */ apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const { user } = authenticateApiRequest(request);
  const url = new URL(request.url);
  const query = parseOrThrow(
    ApiAssignmentsQuerySchema,
    Object.fromEntries(url.searchParams),
    request,
  );
  const page = listApiAssignments(user, query);
  const link = (p: number, rel: string) => {
    const u = new URL(url);
    u.searchParams.set("page", String(p));
    u.searchParams.set("pageSize", String(page.pageSize));
    return `<${u.pathname}${u.search}>; rel="${rel}"`;
  };
  const links = [link(1, "first"), link(page.pages, "last")];
  if (page.page > 1) links.push(link(Math.min(page.page - 1, page.pages), "prev"));
  if (page.page < page.pages) links.push(link(page.page + 1, "next"));
  return json(page, 200, { Link: links.join(", "), "X-Total-Count": String(page.total) });
});

export const action = /* @__PURE__ */ apiRoute(async (_: ActionFunctionArgs) =>
  methodNotAllowed("GET"),
);

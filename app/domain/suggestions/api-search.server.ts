import { apiFieldErrors, apiLocale, invalidInput } from "../../utils/api.server";
import { ApiSearchSchema } from "./api.schema";
import { apiListItem } from "./api-view";
import { listPublicSuggestions } from "./public.server";
import type { PublicListQuery } from "./suggestions.schema";

/** The public search as JSON: strict filters, the list's pagination. */
export function searchResponse(request: Request) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = ApiSearchSchema.safeParse(params);
  if (!parsed.success) throw invalidInput(apiFieldErrors(parsed.error, apiLocale(request)));
  const result = listPublicSuggestions(parsed.data as PublicListQuery);
  return {
    total: result.total,
    page: result.page,
    pageSize: result.pageSize,
    pages: result.pages,
    results: result.rows.map(apiListItem),
  };
}

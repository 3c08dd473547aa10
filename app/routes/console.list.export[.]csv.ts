import type { LoaderFunctionArgs } from "@remix-run/node";
import { ListQuerySchema } from "../domain/analytics/dashboard.schema";
import { exportFileName, toCsv } from "../domain/analytics/export.server";
import { staffListScope } from "../domain/analytics/filters.server";
import { listMetricSuggestionsForExport } from "../domain/analytics/list.server";
import { requirePermission } from "../domain/auth/auth.server";
import { now } from "../utils/clock.server";
import { guarded } from "../utils/http.server";
import { getLocale } from "../utils/i18n.server";

/** GET /console/list/export.csv?…: the whole filtered staff list as CSV (UTF-8 with BOM). */
export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "view:suggestion");
  const query = ListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const scope = staffListScope(user, query.scope);
  const locale = await getLocale(request);
  const { rows, truncated } = listMetricSuggestionsForExport({ scope, query, at: now() });
  return new Response(toCsv(rows, locale), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(query, "csv")}"`,
      "Cache-Control": "private, no-store",
      "X-Export-Rows": String(rows.length),
      ...(truncated ? { "X-Export-Truncated": "true" } : {}),
    },
  });
});

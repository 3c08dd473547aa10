import type { LoaderFunctionArgs } from "@remix-run/node";
import { ListQuerySchema } from "../domain/analytics/dashboard.schema";
import { describeList } from "../domain/analytics/describe";
import { exportFileName, toXlsx } from "../domain/analytics/export.server";
import { staffListScope } from "../domain/analytics/filters.server";
import {
  describeListFilters,
  listMetricSuggestionsForExport,
} from "../domain/analytics/list.server";
import { requirePermission } from "../domain/auth/auth.server";
import { now } from "../utils/clock.server";
import { guarded } from "../utils/http.server";
import { translator } from "../utils/i18n";
import { getLocale } from "../utils/i18n.server";

/** GET /console/list/export.xlsx?…: the whole filtered staff list as an Excel workbook. */
export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "view:suggestion");
  const query = ListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const scope = staffListScope(user, query.scope);
  const locale = await getLocale(request);
  const at = now();
  const { rows, truncated } = listMetricSuggestionsForExport({ scope, query, at });
  const t = translator(locale);
  const body = await toXlsx(rows, locale, {
    title: t("analytics.list.title"),
    filters: describeList(query, describeListFilters(query), t, locale),
    generatedAt: at,
    truncated,
  });
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${exportFileName(query, "xlsx")}"`,
      "Cache-Control": "private, no-store",
      "X-Export-Rows": String(rows.length),
      ...(truncated ? { "X-Export-Truncated": "true" } : {}),
    },
  });
});

import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { assertCan, requireStaff } from "../domain/auth/auth.server";
import { getStaffSuggestion } from "../domain/suggestions/suggestions.server";
import { NotFoundError } from "../utils/errors";
import { guarded } from "../utils/http.server";
import { formatDate, localized } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

const Params = z.object({ suggestionId: z.coerce.number().int().positive() });

export const loader = /* @__PURE__ */ guarded(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireStaff(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new NotFoundError();
  const detail = getStaffSuggestion(parsed.data.suggestionId);
  assertCan(user, "view:suggestion", detail.scope);
  return { suggestion: detail.suggestion, assignments: detail.assignments, events: detail.events };
});

export default function StaffSuggestion() {
  const { suggestion, assignments, events } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <article aria-labelledby="s-title">
      <p className="muted">{suggestion.trackingCode}</p>
      <h1 id="s-title">{suggestion.title}</h1>
      <p>
        <span className={`badge status-${suggestion.status}`}>
          {t(`status.${suggestion.status}`)}
        </span>{" "}
        {localized(locale, suggestion.unitName, suggestion.unitNameEn)}
      </p>
      <div className="body-text">{suggestion.body}</div>
      <h2>{t("console.assignments")}</h2>
      <ul>
        {assignments.map((a) => (
          <li key={a.id}>
            {localized(locale, a.departmentName, a.departmentNameEn)} · {t(`assignment.${a.role}`)}{" "}
            · {formatDate(locale, a.dueAt)}
          </li>
        ))}
      </ul>
      <h2>{t("console.audit")}</h2>
      <ol className="timeline">
        {events.map((e) => (
          <li key={e.id}>
            <time dateTime={new Date(e.createdAt).toISOString()}>
              {formatDate(locale, e.createdAt)}
            </time>{" "}
            {e.toStatus ? t(`status.${e.toStatus}`) : e.type} {e.note ? `— ${e.note}` : ""}
          </li>
        ))}
      </ol>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

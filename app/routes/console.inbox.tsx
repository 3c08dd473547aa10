import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { SuggestionTable } from "../components/suggestion-table";
import { requirePermission } from "../domain/auth/auth.server";
import { listDepartmentAssignments } from "../domain/suggestions/suggestions.server";
import { ForbiddenError } from "../utils/errors";
import { guarded } from "../utils/http.server";
import { useT } from "../utils/use-root";

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "view:console");
  if (!user.departmentId || !user.grants.some((g) => g.role === "handler"))
    throw new ForbiddenError();
  return { rows: listDepartmentAssignments(user.departmentId) };
});

export default function Inbox() {
  const { rows } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t("nav.inbox")}</h1>
      <SuggestionTable rows={rows} caption={t("inbox.caption", { n: rows.length })} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

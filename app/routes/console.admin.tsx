import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { requirePermission } from "../domain/auth/auth.server";
import { listDepartments, listUnits } from "../domain/orgs/orgs.server";
import { guarded } from "../utils/http.server";
import { localized } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, "admin:system");
  return { units: listUnits(), departments: listDepartments() };
});

export default function Admin() {
  const { units, departments } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("nav.admin")}</h1>
      <h2>{t("admin.units")}</h2>
      <ul className="tree">
        {units.map((u) => (
          <li
            key={u.id}
            style={{ paddingInlineStart: `${(u.path.split("/").length - 3) * 1.25}rem` }}
          >
            {localized(locale, u.name, u.nameEn)}{" "}
            <span className="muted">({t(`level.${u.level}`)})</span>
          </li>
        ))}
      </ul>
      <h2>{t("admin.departments")}</h2>
      <ul>
        {departments.map((d) => (
          <li key={d.id}>{localized(locale, d.name, d.nameEn)}</li>
        ))}
      </ul>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { getPublicFigures } from "../domain/analytics/figures.server";
import { requirePermission } from "../domain/auth/auth.server";
import { guarded } from "../utils/http.server";
import { formatNumber } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, "view:analytics");
  return { figures: getPublicFigures() };
});

export default function Analytics() {
  const { figures } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="analytics-title">
      <h1 id="analytics-title">{t("nav.analytics")}</h1>
      <dl className="figures">
        <div className="figure">
          <dt>{t("home.fig.received")}</dt>
          <dd>{formatNumber(locale, figures.received)}</dd>
        </div>
        <div className="figure">
          <dt>{t("home.fig.answered")}</dt>
          <dd>{formatNumber(locale, figures.answered)}</dd>
        </div>
        <div className="figure">
          <dt>{t("home.fig.adopted")}</dt>
          <dd>{formatNumber(locale, figures.adopted)}</dd>
        </div>
        <div className="figure">
          <dt>{t("home.fig.converted")}</dt>
          <dd>{formatNumber(locale, figures.converted)}</dd>
        </div>
      </dl>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

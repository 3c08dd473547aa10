import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { getPublicFigures } from "../domain/analytics/figures.server";
import { guarded } from "../utils/http.server";
import { formatNumber } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

export const loader = /* @__PURE__ */ guarded(async (_: LoaderFunctionArgs) => {
  return { figures: getPublicFigures() };
});

export default function Home() {
  const { figures } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const none = t("home.fig.none");
  const items = [
    {
      key: "received",
      label: t("home.fig.received"),
      value: formatNumber(locale, figures.received),
    },
    {
      key: "answered",
      label: t("home.fig.answered"),
      value: formatNumber(locale, figures.answered),
    },
    { key: "adopted", label: t("home.fig.adopted"), value: formatNumber(locale, figures.adopted) },
    {
      key: "converted",
      label: t("home.fig.converted"),
      value: formatNumber(locale, figures.converted),
    },
    {
      key: "avgDays",
      label: t("home.fig.avgDays"),
      value:
        figures.avgHandlingDays === null ? none : formatNumber(locale, figures.avgHandlingDays, 1),
    },
    {
      key: "satisfaction",
      label: t("home.fig.satisfaction"),
      value:
        figures.satisfactionRate === null
          ? none
          : `${formatNumber(locale, figures.satisfactionRate, 1)}%`,
    },
  ];
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">{t("home.title")}</h1>
        <p className="lead">{t("home.lead")}</p>
        <p className="actions">
          <Link to="/submit" className="button primary">
            {t("home.cta.submit")}
          </Link>
          <Link to="/track" className="button">
            {t("home.cta.track")}
          </Link>
        </p>
      </section>
      <section aria-labelledby="figures-title">
        <h2 id="figures-title">{t("home.figures")}</h2>
        <dl className="figures">
          {items.map((item) => (
            <div key={item.key} className="figure" data-figure={item.key}>
              <dt>{item.label}</dt>
              <dd>{item.value}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { getPublicFigures } from "../domain/analytics/figures.server";
import { listCalls, listHotTopics } from "../domain/suggestions/public.server";
import { guarded } from "../utils/http.server";
import { formatNumber, localized } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

export const loader = /* @__PURE__ */ guarded(async (_: LoaderFunctionArgs) => {
  return {
    figures: getPublicFigures(),
    hot: listHotTopics({ pageSize: 5 }).rows,
    calls: listCalls().open.slice(0, 3),
  };
});

export default function Home() {
  const { figures, hot, calls } = useLoaderData<typeof loader>();
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
      <div className="grid-2">
        {hot.length ? (
          <section aria-labelledby="hot-title">
            <h2 id="hot-title">{t("home.hot")}</h2>
            <ol className="result-list">
              {hot.map((topic) => (
                <li key={topic.id}>
                  <Link to={`/topics/${topic.id}`}>{topic.label}</Link>{" "}
                  <span className="muted">
                    {formatNumber(locale, topic.size)} ·{" "}
                    {t("staff.supports", { n: topic.supports })}
                  </span>
                </li>
              ))}
            </ol>
            <p>
              <Link to="/topics">{t("home.viewAll")}</Link>
            </p>
          </section>
        ) : null}
        {calls.length ? (
          <section aria-labelledby="calls-title">
            <h2 id="calls-title">{t("home.calls")}</h2>
            <ul className="result-list">
              {calls.map((call) => (
                <li key={call.id}>
                  <Link to={`/calls/${call.slug}`}>
                    {localized(locale, call.title, call.titleEn)}
                  </Link>
                </li>
              ))}
            </ul>
            <p>
              <Link to="/calls">{t("home.viewAll")}</Link>
            </p>
          </section>
        ) : null}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

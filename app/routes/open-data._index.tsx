import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { openDataSummary } from "../domain/openness/open-data.server";
import { guarded } from "../utils/http.server";
import { formatNumber, type MessageKey } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

export const meta: MetaFunction = () => [{ title: "开放数据 · Open data · 民意 Minyi" }];

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  return { ...openDataSummary(), origin: new URL(request.url).origin };
});

/** The open-data page: what is published, in which formats, and what never is. */
export default function OpenData() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const lang = locale === "en" ? "?lang=en" : "";
  const api = `${data.origin}/open311/v2`;
  return (
    <article className="stack open-data" aria-labelledby="open-data-title">
      <h1 id="open-data-title">{t("openData.title")}</h1>
      <p className="lead">{t("openData.intro")}</p>
      <p className="notice">{t("openData.privacy")}</p>

      <section aria-labelledby="ds-suggestions" className="stack">
        <h2 id="ds-suggestions">{t("openData.suggestions.title")}</h2>
        <p>
          {t("openData.suggestions.body", {
            count: formatNumber(locale, data.publicSuggestions),
          })}
        </p>
        <p className="actions">
          <a className="button" href="/open-data/suggestions.csv" download>
            {t("openData.download.csv")}
          </a>
          <a className="button" href="/open-data/suggestions.json" download>
            {t("openData.download.json")}
          </a>
        </p>
        <FieldTable
          caption={t("openData.fields.caption", { dataset: t("openData.suggestions.title") })}
          fields={data.suggestionFields}
          prefix="openData.sfield."
        />
      </section>

      <section aria-labelledby="ds-aggregates" className="stack">
        <h2 id="ds-aggregates">{t("openData.aggregates.title")}</h2>
        <p>
          {t("openData.aggregates.body", {
            count: formatNumber(locale, data.receivedSuggestions),
            from: data.firstMonth ?? "–",
            to: data.lastMonth ?? "–",
          })}
        </p>
        <p className="actions">
          <a className="button" href="/open-data/aggregates.csv" download>
            {t("openData.download.csv")}
          </a>
          <a className="button" href="/open-data/aggregates.json" download>
            {t("openData.download.json")}
          </a>
        </p>
        <FieldTable
          caption={t("openData.fields.caption", { dataset: t("openData.aggregates.title") })}
          fields={data.aggregateFields}
          prefix="openData.afield."
        />
      </section>

      <section aria-labelledby="ds-feeds" className="stack">
        <h2 id="ds-feeds">{t("openData.feeds.title")}</h2>
        <p>{t("openData.feeds.body")}</p>
        <ul>
          <li>
            <a href={`/feeds/outcomes.xml${lang}`}>{t("openData.feeds.outcomesAtom")}</a> ·{" "}
            <a href={`/feeds/outcomes.xml?format=rss${lang ? "&lang=en" : ""}`}>
              {t("openData.feeds.outcomesRss")}
            </a>
          </li>
          <li>
            {t("openData.feeds.topics")} <code>/feeds/topics/&#123;id&#125;.xml</code>
          </li>
        </ul>
      </section>

      <section aria-labelledby="ds-open311" className="stack">
        <h2 id="ds-open311">{t("openData.open311.title")}</h2>
        <p>{t("openData.open311.body")}</p>
        <dl className="receipt">
          <dt>{t("openData.open311.base")}</dt>
          <dd>
            <code>{api}</code>
          </dd>
          <dt>{t("openData.open311.discovery")}</dt>
          <dd>
            <a href="/open311/discovery.json">
              <code>/open311/discovery.json</code>
            </a>
          </dd>
        </dl>
        <ul>
          <li>
            <code>GET /open311/v2/services.json</code> — {t("openData.open311.services")}
          </li>
          <li>
            <code>POST /open311/v2/requests.json</code> — {t("openData.open311.post")}
          </li>
          <li>
            <code>GET /open311/v2/requests.json</code> — {t("openData.open311.list")}
          </li>
          <li>
            <code>GET /open311/v2/requests/&#123;service_request_id&#125;.json</code> —{" "}
            {t("openData.open311.one")}
          </li>
        </ul>
        <p className="muted">{t("openData.open311.notes")}</p>
      </section>

      <section aria-labelledby="ds-terms" className="stack">
        <h2 id="ds-terms">{t("openData.terms.title")}</h2>
        <p>{t("openData.terms.body")}</p>
      </section>
    </article>
  );
}

function FieldTable({
  caption,
  fields,
  prefix,
}: {
  caption: string;
  fields: readonly string[];
  prefix: "openData.sfield." | "openData.afield.";
}) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("openData.fields.name")}</th>
            <th scope="col">{t("openData.fields.meaning")}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f}>
              <th scope="row">
                <code>{f}</code>
              </th>
              <td>{t(`${prefix}${f}` as MessageKey)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

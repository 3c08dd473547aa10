import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { listCalls } from "../domain/suggestions/public.server";
import publicStyles from "../styles/public.css";
import { guarded } from "../utils/http.server";
import { formatDate, localized } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

export const links = () => [{ rel: "stylesheet", href: publicStyles }];

export const loader = /* @__PURE__ */ guarded(async (_: LoaderFunctionArgs) => {
  return { calls: listCalls() };
});

type Call = ReturnType<typeof listCalls>["open"][number];

/** 专项征集: open calls first (closing soonest first), then upcoming and past ones. */
export default function Calls() {
  const { calls } = useLoaderData<typeof loader>();
  const t = useT();
  const sections = [
    ["open", "calls.open", "calls.noneOpen", calls.open],
    ["upcoming", "calls.upcoming", null, calls.upcoming],
    ["closed", "calls.closed", "calls.noneClosed", calls.closed],
  ] as const;
  return (
    <section aria-labelledby="calls-title">
      <div className="page-head">
        <h1 id="calls-title">{t("calls.title")}</h1>
        <p className="lead">{t("calls.lead")}</p>
      </div>
      {sections.map(([key, title, empty, list]) =>
        list.length === 0 && empty === null ? null : (
          <section key={key} aria-labelledby={`calls-${key}`} className="section">
            <h2 id={`calls-${key}`}>
              {t(title)} ({list.length})
            </h2>
            {list.length === 0 && empty ? <p className="muted">{t(empty)}</p> : null}
            <ul className="call-list">
              {list.map((call) => (
                <li key={call.id}>
                  <CallCard call={call} />
                </li>
              ))}
            </ul>
          </section>
        ),
      )}
    </section>
  );
}

function CallCard({ call }: { call: Call }) {
  const t = useT();
  const locale = useLocale();
  const title = localized(locale, call.title, call.titleEn);
  return (
    <article className="card call-card" aria-labelledby={`call-${call.id}`}>
      <p className="meta">
        <span className={`badge state-${call.state}`}>{t(`calls.state.${call.state}`)}</span>{" "}
        <span className="muted">
          {formatDate(locale, call.startsAt)} – {formatDate(locale, call.endsAt)}
          {call.state === "open" ? ` · ${t("calls.daysLeft", { n: call.daysLeft })}` : ""}
        </span>
      </p>
      <h3 id={`call-${call.id}`} className="card-title">
        <Link to={`/calls/${call.slug}`}>{title}</Link>
      </h3>
      <p className="hint">{localized(locale, call.description, call.descriptionEn)}</p>
      <p className="muted">
        {localized(locale, call.unitName, call.unitNameEn)} ·{" "}
        {t("calls.received", { n: call.received })} · {t("calls.outcomesN", { n: call.outcomes })}
      </p>
      {call.state === "open" ? (
        <p>
          <Link
            className="button small"
            to={`/submit?call=${call.id}`}
            aria-label={t("calls.submitTo", { title })}
          >
            {t("calls.submit")}
          </Link>
        </p>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

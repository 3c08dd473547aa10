import { Form, Link, useFetcher } from "@remix-run/react";
import type { getSuggestionView } from "../domain/suggestions/public.server";
import { formatDate, localized } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";
import { CsrfInput } from "./csrf-input";
import { FieldErrors } from "./field";

type View = ReturnType<typeof getSuggestionView>;
type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

/** The suggestion page, public or (with the secret) private: text, timeline, reply, outcome. */
export function SuggestionView({
  view,
  rated,
  ratingErrors,
  secret,
}: {
  view: Jsonified<View> | View;
  rated: boolean;
  ratingErrors: Record<string, string[] | undefined>;
  secret?: string;
}) {
  const t = useT();
  const locale = useLocale();
  const s = view.suggestion;
  const support = useFetcher<{ supportsCount?: number; alreadySupported?: boolean }>();
  return (
    <article aria-labelledby="suggestion-title" className="suggestion">
      <p className="muted">
        {s.trackingCode} · {localized(locale, s.unitName, s.unitNameEn)}
        {s.categoryName ? ` · ${localized(locale, s.categoryName, s.categoryNameEn)}` : ""} ·{" "}
        {formatDate(locale, s.submittedAt)}
      </p>
      <h2 id="suggestion-title">{s.title}</h2>
      <p>
        <span className={`badge status-${s.status}`}>{t(`status.${s.status}`)}</span>{" "}
        {view.decision ? (
          <span className="badge">{t(`decision.${view.decision.decision}`)}</span>
        ) : null}
        {s.deadline ? (
          <span className="muted">
            {" "}
            · {t("view.deadline", { date: formatDate(locale, s.deadline) })}
          </span>
        ) : null}
      </p>
      {view.primary ? (
        <p className="notice">
          {t("view.mergedInto")}{" "}
          <Link to={`/suggestions/${view.primary.trackingCode}`}>{view.primary.title}</Link> (
          {t(`status.${view.primary.status}`)})
        </p>
      ) : null}
      <div className="body-text">{s.body}</div>
      <support.Form
        method="post"
        action={`/suggestions/${s.trackingCode}/support`}
        className="support-row"
      >
        <CsrfInput />
        <span data-testid="supports-count">
          {t("common.supports", { n: support.data?.supportsCount ?? s.supportsCount })}
        </span>{" "}
        <button type="submit" className="button small" disabled={support.state !== "idle"}>
          {t("support.button")}
        </button>
        {support.data?.alreadySupported ? (
          <span className="hint"> {t("support.already")}</span>
        ) : null}
      </support.Form>

      {view.reply ? (
        <section aria-labelledby="reply-title">
          <h3 id="reply-title">
            {t("view.reply", {
              department: localized(locale, view.reply.departmentName, view.reply.departmentNameEn),
            })}
          </h3>
          <div className="body-text">{view.reply.body}</div>
          {view.decision?.reason ? (
            <p>{t("view.reason", { reason: view.decision.reason })}</p>
          ) : null}
        </section>
      ) : null}

      {view.outcome ? (
        <section aria-labelledby="outcome-title">
          <h3 id="outcome-title">{t("view.outcome")}</h3>
          <p>
            <span className="badge">{t(`outcome.${view.outcome.type}`)}</span>{" "}
            <strong>{view.outcome.title}</strong>
            {view.outcome.documentNo ? ` · ${view.outcome.documentNo}` : ""}
          </p>
          <p>{view.outcome.description}</p>
          <ol className="milestones">
            {view.outcome.milestones.map((m) => (
              <li key={m.id}>
                <span>{m.title}</span>{" "}
                <span className="muted">
                  {m.doneAt
                    ? t("view.milestoneDone", { date: formatDate(locale, m.doneAt) })
                    : t("view.milestoneDue", { date: formatDate(locale, m.dueAt) })}
                </span>
                <div
                  className="progress"
                  role="progressbar"
                  aria-valuenow={m.progress}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-label={m.title}
                >
                  <span style={{ width: `${m.progress}%` }} />
                </div>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <section aria-labelledby="timeline-title">
        <h3 id="timeline-title">{t("view.timeline")}</h3>
        <ol className="timeline">
          {view.timeline.map((e) => (
            <li key={e.id}>
              <time dateTime={new Date(e.createdAt).toISOString()}>
                {formatDate(locale, e.createdAt)}
              </time>{" "}
              {t(eventKey(e.type))}
              {e.note ? ` — ${e.note}` : ""}
            </li>
          ))}
        </ol>
      </section>

      {view.cluster ? (
        <section aria-labelledby="related-title">
          <h3 id="related-title">
            {t("view.related")} <Link to={`/topics/${view.cluster.id}`}>{view.cluster.label}</Link>
          </h3>
          <ul>
            {view.related.map((r) => (
              <li key={r.trackingCode}>
                <Link to={`/suggestions/${r.trackingCode}`}>{r.title}</Link>{" "}
                <span className="muted">({t(`status.${r.status}`)})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {view.isOwner && s.canRate && secret ? (
        <section aria-labelledby="rate-title">
          <h3 id="rate-title">{t("rate.title")}</h3>
          {rated ? (
            <p role="status" className="flash flash-success">
              {t("rate.thanks")}
            </p>
          ) : (
            <Form method="post" className="stack narrow">
              <CsrfInput />
              <input type="hidden" name="intent" value="rate" />
              <input type="hidden" name="code" value={s.trackingCode} />
              <input type="hidden" name="secret" value={secret} />
              <fieldset className="field">
                <legend>{t("rate.score")}</legend>
                {[5, 4, 3, 2, 1].map((n) => (
                  <label key={n}>
                    <input type="radio" name="score" value={n} required />{" "}
                    {t(`rate.score${n}` as "rate.score5")}
                  </label>
                ))}
                <FieldErrors id="score" errors={ratingErrors.score} />
              </fieldset>
              <div className="field">
                <label htmlFor="comment">{t("rate.comment")}</label>
                <textarea id="comment" name="comment" maxLength={1000} />
              </div>
              {s.canRehandle ? (
                <label>
                  <input type="checkbox" name="rehandle" /> {t("rate.rehandle")}
                </label>
              ) : null}
              <button type="submit" className="button primary">
                {t("rate.submit")}
              </button>
            </Form>
          )}
        </section>
      ) : null}
    </article>
  );
}

const EVENT_KEYS = {
  submitted: "event.submitted",
  accepted: "event.accepted",
  not_accepted: "event.not_accepted",
  transferred: "event.transferred",
  merged: "event.merged",
  split: "event.split",
  assigned: "event.assigned",
  returned: "event.returned",
  assignment_accepted: "event.assignment_accepted",
  answered: "event.answered",
  implementing: "event.implementing",
  completed: "event.completed",
  withdrawn: "event.withdrawn",
  rehandling: "event.rehandling",
  rehandling_requested: "event.rehandling_requested",
  satisfaction_rated: "event.satisfaction_rated",
  supervision_notice: "event.supervision_notice",
  escalated: "event.escalated",
  milestone_done: "event.milestone_done",
  extension_approved: "event.extension_approved",
} as const;

function eventKey(type: string) {
  return EVENT_KEYS[type as keyof typeof EVENT_KEYS] ?? "event.other";
}

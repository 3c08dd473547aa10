import { Form, Link } from "@remix-run/react";
import type { getSuggestionView } from "../domain/suggestions/public.server";
import { formatDate, localized } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";
import { CsrfInput } from "./csrf-input";
import { FieldErrors } from "./field";
import { ProgressBar } from "./public-cards";
import { SupportOutcome, supportCount, useSupportFetcher } from "./support-outcome";

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
  titleLevel = 1,
  rateLimitMinutes,
  children,
}: {
  view: Jsonified<View> | View;
  rated: boolean;
  ratingErrors: Record<string, string[] | undefined>;
  secret?: string;
  /** 1 on the suggestion's own page; 2 under the tracking page's heading. */
  titleLevel?: 1 | 2;
  /** Set when the rating was refused by the rate limit. */
  rateLimitMinutes?: number;
  /** Shown under the supports row (the follow box on the public page). */
  children?: React.ReactNode;
}) {
  const t = useT();
  const locale = useLocale();
  const s = view.suggestion;
  const support = useSupportFetcher(s.trackingCode);
  const Title = titleLevel === 1 ? "h1" : "h2";
  const H = titleLevel === 1 ? "h2" : "h3";
  return (
    <article aria-labelledby="suggestion-title" className="suggestion">
      <p className="muted">
        {s.trackingCode} · {localized(locale, s.unitName, s.unitNameEn)}
        {s.categoryName ? ` · ${localized(locale, s.categoryName, s.categoryNameEn)}` : ""} ·{" "}
        {formatDate(locale, s.submittedAt)}
      </p>
      <Title id="suggestion-title" className="suggestion-title">
        {s.title}
      </Title>
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
      {view.isPublic ? (
        <support.Form
          method="post"
          action={`/suggestions/${s.trackingCode}/support`}
          className="support-row"
        >
          <CsrfInput />
          <span data-testid="supports-count">
            {t("common.supports", { n: supportCount(support.data, s.supportsCount) })}
          </span>{" "}
          <button type="submit" className="button small" disabled={support.state !== "idle"}>
            {t("support.button")}
          </button>
          <SupportOutcome data={support.data} />
        </support.Form>
      ) : null}
      {view.isPublic ? children : null}

      {view.reply ? (
        <section aria-labelledby="reply-title">
          <H id="reply-title">
            {t("view.reply", {
              department: localized(locale, view.reply.departmentName, view.reply.departmentNameEn),
            })}
          </H>
          <div className="body-text">{view.reply.body}</div>
          {view.decision?.reason ? (
            <p>{t("view.reason", { reason: view.decision.reason })}</p>
          ) : null}
        </section>
      ) : null}

      {view.outcome ? (
        <section aria-labelledby="outcome-title">
          <H id="outcome-title">{t("view.outcome")}</H>
          <p>
            <span className="badge">{t(`outcome.${view.outcome.type}`)}</span>{" "}
            <strong>{view.outcome.title}</strong>
            {view.outcome.documentNo ? ` · ${view.outcome.documentNo}` : ""}
          </p>
          <p>{view.outcome.description}</p>
          {view.outcome.link ? (
            <p>
              <a href={view.outcome.link} rel="noopener noreferrer external">
                {t("outcomes.document")}
              </a>
            </p>
          ) : null}
          <ProgressBar
            value={view.outcome.progress}
            label={t("outcomes.progressOf", { title: view.outcome.title })}
          />
          <ol className="milestones">
            {view.outcome.milestones.map((m) => (
              <li key={m.id}>
                <span>{m.title}</span>{" "}
                <span className="muted">
                  {m.doneAt
                    ? t("view.milestoneDone", { date: formatDate(locale, m.doneAt) })
                    : m.dueAt
                      ? t("view.milestoneDue", { date: formatDate(locale, m.dueAt) })
                      : ""}
                </span>
                <ProgressBar value={m.progress} label={m.title} />
                {m.evidence ? <p className="hint">{m.evidence}</p> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <section aria-labelledby="timeline-title">
        <H id="timeline-title">{t("view.timeline")}</H>
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

      {view.cluster && view.related.length > 0 ? (
        <section aria-labelledby="related-title">
          <H id="related-title">
            {t("view.related")} <Link to={`/topics/${view.cluster.id}`}>{view.cluster.label}</Link>
          </H>
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

      {view.isOwner && secret && (s.canRate || s.myRating || rated) ? (
        <section aria-labelledby="rate-title">
          <H id="rate-title">{t("rate.title")}</H>
          {rateLimitMinutes ? (
            <div className="limit-page" role="alert">
              <p>
                <strong>{t("error.tooMany")}</strong>
              </p>
              <p>{t("limit.satisfaction", { minutes: rateLimitMinutes })}</p>
            </div>
          ) : null}
          {rated || s.myRating ? (
            <p role="status" className={rated ? "flash flash-success" : undefined}>
              {rated ? `${t("rate.thanks")} ` : null}
              {s.myRating
                ? t(s.myRating.rehandleRequested ? "rate.yoursRehandle" : "rate.yours", {
                    score: s.myRating.score,
                    date: formatDate(locale, s.myRating.createdAt),
                  })
                : null}
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

import { Link, useSearchParams } from "@remix-run/react";
import type { PublishedOutcome } from "../domain/suggestions/public.server";
import { formatDate, localized, type MessageKey } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

/**
 * Pieces shared by the public pages (list, topics, calls, outcomes): suggestion cards, outcome
 * cards with milestone progress, status summaries and a pager that keeps the query string.
 */

type DateLike = Date | string | null | undefined;

export interface SuggestionCardRow {
  trackingCode: string;
  title: string;
  excerpt: string;
  status: string;
  decision: string | null;
  supportsCount: number;
  submittedAt: DateLike;
  unitName: string;
  unitNameEn: string | null;
}

/** A list of public suggestions; `headingLevel` keeps the page's heading order right. */
export function SuggestionCards({
  rows,
  headingLevel = 2,
}: {
  rows: readonly SuggestionCardRow[];
  headingLevel?: 2 | 3;
}) {
  const t = useT();
  const locale = useLocale();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <ul className="result-list">
      {rows.map((r) => (
        <li key={r.trackingCode} className="card">
          <Heading className="card-title">
            <Link to={`/suggestions/${r.trackingCode}`}>{r.title}</Link>
          </Heading>
          <p className="hint">{r.excerpt}</p>
          <p className="meta">
            <span className={`badge status-${r.status}`}>
              {t(`status.${r.status}` as MessageKey)}
            </span>{" "}
            {r.decision ? (
              <span className="badge">{t(`decision.${r.decision}` as MessageKey)}</span>
            ) : null}{" "}
            <span className="muted">
              {localized(locale, r.unitName, r.unitNameEn)} · {formatDate(locale, r.submittedAt)} ·{" "}
              {t("common.supports", { n: r.supportsCount })}
            </span>
          </p>
        </li>
      ))}
    </ul>
  );
}

/** A labelled progress bar (0–100) with the percentage written out for everyone. */
export function ProgressBar({ value, label }: { value: number; label: string }) {
  const v = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div className="progress-row">
      <div
        className="progress"
        role="progressbar"
        aria-valuenow={v}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-label={label}
      >
        <span style={{ width: `${v}%` }} />
      </div>
      <span className="progress-value">{v}%</span>
    </div>
  );
}

type Outcome = Omit<
  PublishedOutcome,
  "outcomeDate" | "achievedAt" | "publishedAt" | "milestones"
> & {
  outcomeDate: DateLike;
  achievedAt: DateLike;
  milestones: {
    id: number;
    title: string;
    dueAt: DateLike;
    doneAt: DateLike;
    progress: number;
    evidence: string | null;
  }[];
};

export interface OutcomeStory {
  trackingCode: string;
  suggestionTitle: string;
  status: string;
  decision: string | null;
  supportsCount: number;
  unitName: string;
  unitNameEn: string | null;
  departmentName: string | null;
  departmentNameEn: string | null;
  outcome: Outcome;
}

/** "From suggestion to practice": what a suggestion became, its milestones and progress. */
export function OutcomeCard({
  story,
  headingLevel = 2,
}: {
  story: OutcomeStory;
  headingLevel?: 2 | 3;
}) {
  const t = useT();
  const locale = useLocale();
  const o = story.outcome;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const SubHeading = headingLevel === 2 ? "h3" : "h4";
  const id = `outcome-${story.trackingCode}`;
  return (
    <article className="card outcome-card" aria-labelledby={id}>
      <p className="meta">
        <span className="badge">{t(`outcome.${o.type}` as MessageKey)}</span>{" "}
        {o.achievedAt ? (
          <span className="badge status-completed">
            {t("outcomes.achievedOn", { date: formatDate(locale, o.achievedAt) })}
          </span>
        ) : (
          <span className="badge status-implementing">{t("outcomes.ongoing")}</span>
        )}
      </p>
      <Heading id={id} className="card-title">
        {o.title}
      </Heading>
      <p className="muted">
        {[
          o.documentNo,
          story.departmentName
            ? localized(locale, story.departmentName, story.departmentNameEn)
            : localized(locale, story.unitName, story.unitNameEn),
          o.outcomeDate ? formatDate(locale, o.outcomeDate) : null,
        ]
          .filter(Boolean)
          .join(" · ")}
      </p>
      <p>{o.description}</p>
      {o.link ? (
        <p>
          <a href={o.link} rel="noopener noreferrer external">
            {t("outcomes.document")}
          </a>
        </p>
      ) : null}
      <p className="from-suggestion">
        {t("outcomes.from")}{" "}
        <Link to={`/suggestions/${story.trackingCode}`}>{story.suggestionTitle}</Link>{" "}
        <span className="muted">
          ({story.trackingCode} · {t("common.supports", { n: story.supportsCount })})
        </span>
      </p>
      <ProgressBar value={o.progress} label={t("outcomes.progressOf", { title: o.title })} />
      {o.milestones.length ? (
        <>
          <SubHeading className="visually-hidden">{t("outcomes.milestones")}</SubHeading>
          <ol className="milestone-list">
            {o.milestones.map((m) => (
              <li key={m.id} className={m.doneAt ? "done" : undefined}>
                <div className="milestone-head">
                  <span>{m.title}</span>
                  <span className="muted">
                    {m.doneAt
                      ? t("view.milestoneDone", { date: formatDate(locale, m.doneAt) })
                      : m.dueAt
                        ? t("view.milestoneDue", { date: formatDate(locale, m.dueAt) })
                        : ""}
                  </span>
                </div>
                <ProgressBar value={m.progress} label={m.title} />
                {m.evidence ? <p className="hint">{m.evidence}</p> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </article>
  );
}

const STATUS_ORDER = [
  "accepted",
  "assigned",
  "returned",
  "in_progress",
  "answered",
  "implementing",
  "completed",
  "merged",
] as const;

/** Counts per status as a row of badges (only the states that occur). */
export function StatusSummary({
  counts,
  label,
}: {
  counts: Partial<Record<string, number>>;
  label: string;
}) {
  const t = useT();
  const present = STATUS_ORDER.filter((s) => (counts[s] ?? 0) > 0);
  if (present.length === 0) return null;
  return (
    <ul className="status-summary" aria-label={label}>
      {present.map((s) => (
        <li key={s}>
          <span className={`badge status-${s}`}>{t(`status.${s}`)}</span>{" "}
          <strong>{counts[s]}</strong>
        </li>
      ))}
    </ul>
  );
}

/** Previous / next links that keep the other query parameters. */
export function Pager({ page, pages }: { page: number; pages: number }) {
  const t = useT();
  const [params] = useSearchParams();
  if (pages <= 1) return null;
  const link = (p: number) => {
    const q = new URLSearchParams(params);
    q.set("page", String(p));
    return `?${q.toString()}`;
  };
  return (
    <nav aria-label={t("list.pages")} className="pager">
      {page > 1 ? (
        <Link to={link(page - 1)} rel="prev">
          {t("list.prev")}
        </Link>
      ) : null}
      <span>{t("list.page", { page, pages })}</span>
      {page < pages ? (
        <Link to={link(page + 1)} rel="next">
          {t("list.next")}
        </Link>
      ) : null}
    </nav>
  );
}

/** Sort choices as links (the current one marked), for lists without a filter form. */
export function SortLinks({
  options,
  current,
  label,
}: {
  options: readonly { value: string; label: string }[];
  current: string;
  label: string;
}) {
  const [params] = useSearchParams();
  const link = (value: string) => {
    const q = new URLSearchParams(params);
    q.set("sort", value);
    q.delete("page");
    return `?${q.toString()}`;
  };
  return (
    <nav aria-label={label} className="sort-links">
      <span className="muted">{label}:</span>
      <ul>
        {options.map((o) => (
          <li key={o.value}>
            {o.value === current ? (
              <span aria-current="true" className="current">
                {o.label}
              </span>
            ) : (
              <Link to={link(o.value)}>{o.label}</Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

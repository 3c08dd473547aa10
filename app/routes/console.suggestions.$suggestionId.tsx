import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { ActionForm, ConflictBanner, LocalizedOptions, StaffField } from "../components/staff-form";
import { requireStaff } from "../domain/auth/auth.server";
import { handleStaffForm } from "../domain/staff/form-action.server";
import { DECISIONS, OUTCOME_TYPES } from "../domain/staff/staff.schema";
import { getStaffWorkspace, type StaffWorkspace } from "../domain/staff/workspace.server";
import { NotFoundError } from "../utils/errors";
import { guarded } from "../utils/http.server";
import { formatDate, localized, type MessageKey } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

const Params = z.object({ suggestionId: z.coerce.number().int().positive() });

function suggestionIdOf(params: unknown): number {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data.suggestionId;
}

export const loader = /* @__PURE__ */ guarded(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireStaff(request);
  return getStaffWorkspace(user, suggestionIdOf(params));
});

export const action = /* @__PURE__ */ guarded(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireStaff(request);
  const id = suggestionIdOf(params);
  return handleStaffForm(request, user, id, `/console/suggestions/${id}`);
});

/** The list this user came from: their own console page for the item (analysts: the list). */
function backPath(roles: { reviewer: boolean; handler: boolean; supervisor: boolean }) {
  if (roles.reviewer) return "/console/review";
  if (roles.handler) return "/console/inbox";
  if (roles.supervisor) return "/console/supervision";
  return "/console/list";
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.suggestion.trackingCode} · ${data.suggestion.title}` : "Minyi" },
];

type Ws = StaffWorkspace;
const pct = (x: number) => `${Math.round(x * 100)}%`;

export default function StaffSuggestion() {
  const ws = useLoaderData<typeof loader>() as unknown as Ws;
  const { suggestion: s, deadline } = ws;
  const t = useT();
  const locale = useLocale();
  return (
    <article aria-labelledby="s-title" className="workspace">
      <ConflictBanner />
      <header className="stack-sm">
        <p className="muted">
          <Link to={backPath(ws.roles)}>← {t("staff.back")}</Link> · {s.trackingCode} ·{" "}
          {t(`channel.${s.channel}` as MessageKey)}
        </p>
        <h1 id="s-title">{s.title}</h1>
        <p className="badges">
          <span className={`badge status-${s.status}`}>{t(`status.${s.status}`)}</span>
          {s.decision ? (
            <span className="badge">{t(`decision.${s.decision}` as MessageKey)}</span>
          ) : null}
          {deadline.due ? (
            <span className={`badge deadline-${deadline.state}`}>
              {t(`deadline.${deadline.state}` as MessageKey)} · {t("console.due")}{" "}
              {formatDate(locale, deadline.due)}
              {deadline.daysOverdue
                ? ` · ${t("staff.daysOverdue", { n: deadline.daysOverdue })}`
                : ""}
            </span>
          ) : null}
          {s.moderation === "hidden" ? <span className="badge">{t("staff.hidden")}</span> : null}
          {!s.publishConsent ? <span className="badge">{t("staff.noConsent")}</span> : null}
        </p>
        <p className="muted">
          {localized(locale, s.unitName, s.unitNameEn)} ·{" "}
          {s.categoryName
            ? localized(locale, s.categoryName, s.categoryNameEn)
            : t("staff.noCategory")}{" "}
          · {formatDate(locale, s.submittedAt)} · {t("staff.supports", { n: s.supportsCount })} · v
          {s.version}
        </p>
        {s.primary ? (
          <p>
            {t("staff.mergedInto")}{" "}
            <Link to={`/console/suggestions/${s.primary.id}`}>
              {s.primary.trackingCode} {s.primary.title}
            </Link>
          </p>
        ) : null}
      </header>

      <div className="workspace-grid">
        <div className="stack">
          <section aria-labelledby="body-h" className="card">
            <h2 id="body-h">{t("staff.text")}</h2>
            <div className="body-text">{s.body}</div>
            {ws.contact ? (
              <details>
                <summary>{t("staff.contact")}</summary>
                <p>
                  {[ws.contact.name, ws.contact.phone, ws.contact.email]
                    .filter(Boolean)
                    .join(" · ") || "—"}
                </p>
              </details>
            ) : null}
            {s.merged.length ? (
              <>
                <h3>{t("staff.mergedHere")}</h3>
                <ul>
                  {s.merged.map((m) => (
                    <li key={m.id}>
                      <Link to={`/console/suggestions/${m.id}`}>{m.trackingCode}</Link> {m.title}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
          <Handling ws={ws} />
          <Notes ws={ws} />
          <section aria-labelledby="audit-h" className="card">
            <h2 id="audit-h">{t("console.audit")}</h2>
            <ol className="timeline">
              {ws.events.map((e) => (
                <li key={e.id}>
                  <time dateTime={new Date(e.createdAt).toISOString()}>
                    {formatDate(locale, e.createdAt)}
                  </time>{" "}
                  {t(`event.${e.type}` as MessageKey)}
                  {e.isPublic ? "" : ` · ${t("staff.internal")}`}
                  {e.note ? ` — ${e.note}` : ""}
                </li>
              ))}
            </ol>
          </section>
        </div>
        <aside className="stack" aria-label={t("staff.actions")}>
          <Hints ws={ws} />
          <ReviewActions ws={ws} />
          <HandlerActions ws={ws} />
          <SupervisorActions ws={ws} />
        </aside>
      </div>
    </article>
  );
}

function Hints({ ws }: { ws: Ws }) {
  const t = useT();
  const locale = useLocale();
  const h = ws.hints;
  return (
    <section aria-labelledby="hints-h" className="card hints">
      <h2 id="hints-h">{t("staff.hints")}</h2>
      <h3>{t("staff.likelyDuplicates")}</h3>
      {h.duplicates.length ? (
        <ul className="plain">
          {h.duplicates.map((d) => (
            <li key={d.id}>
              <span className={`badge verdict-${d.verdict}`}>
                {t(`similar.${d.verdict}` as MessageKey)} {pct(d.score)}
              </span>{" "}
              <Link to={`/console/suggestions/${d.id}`}>{d.trackingCode}</Link> {d.title}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("staff.noDuplicates")}</p>
      )}
      <h3>{t("staff.topic")}</h3>
      <p>
        {h.cluster ? (
          <Link to={`/console/clusters?cluster=${h.cluster.id}`}>
            {h.cluster.label} ({h.cluster.size})
          </Link>
        ) : (
          "—"
        )}
      </p>
      <h3>{t("staff.predictedCategory")}</h3>
      {h.categories.length ? (
        <ol className="plain">
          {h.categories.map((c) => (
            <li key={c.categoryId}>
              {localized(locale, c.name, c.nameEn)}{" "}
              <span className="muted">{pct(c.confidence)}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">—</p>
      )}
      <h3>{t("staff.predictedDepartment")}</h3>
      <p>
        {h.department
          ? `${localized(locale, h.department.name, h.department.nameEn)} · ${pct(h.department.confidence)}`
          : "—"}
      </p>
    </section>
  );
}

function ReviewActions({ ws }: { ws: Ws }) {
  const t = useT();
  const locale = useLocale();
  const s = ws.suggestion;
  const c = ws.choices;
  if (!ws.roles.reviewer || !c) return null;
  const can = (a: string) => ws.actions.includes(a as (typeof ws.actions)[number]);
  const predicted = ws.hints.categories[0]?.categoryId ?? s.categoryId ?? undefined;
  const predictedDept = ws.hints.department?.id;
  const topDuplicate = ws.hints.duplicates.find((d) => d.status !== "merged");
  const categoryOptions = c.categories.map((cat) => (
    <option key={cat.id} value={cat.id}>
      {"　".repeat(cat.level - 1)}
      {localized(locale, cat.name, cat.nameEn)}
    </option>
  ));
  return (
    <section aria-labelledby="review-h" className="card">
      <h2 id="review-h">{t("staff.review")}</h2>
      {can("accept") ? (
        <ActionForm intent="accept" version={s.version} submitLabel="staff.accept">
          <StaffField intent="accept" name="categoryId" label="staff.confirmCategory">
            {(p) => (
              <select {...p} defaultValue={s.categoryId ?? predicted}>
                {categoryOptions}
              </select>
            )}
          </StaffField>
        </ActionForm>
      ) : null}
      {can("assign") ? (
        <ActionForm intent="assign" version={s.version} submitLabel="staff.assign">
          <StaffField intent="assign" name="leadDepartmentId" label="staff.leadDepartment">
            {(p) => (
              <select {...p} defaultValue={predictedDept}>
                <LocalizedOptions items={c.departments} />
              </select>
            )}
          </StaffField>
          <StaffField intent="assign" name="coDepartmentIds" label="staff.coDepartments">
            {(p) => (
              <select {...p} multiple size={4}>
                <LocalizedOptions items={c.departments} />
              </select>
            )}
          </StaffField>
          <StaffField intent="assign" name="dueAt" label="staff.dueAt" hint={t("staff.dueHint")}>
            {(p) => <input {...p} type="date" />}
          </StaffField>
          <StaffField intent="assign" name="instructions" label="staff.instructions">
            {(p) => <textarea {...p} rows={3} />}
          </StaffField>
        </ActionForm>
      ) : null}
      {can("notAccept") ? (
        <details>
          <summary>{t("staff.notAccept")}</summary>
          <ActionForm intent="notAccept" version={s.version} submitLabel="staff.notAccept" danger>
            <StaffField intent="notAccept" name="reasonId" label="staff.reason">
              {(p) => (
                <select {...p}>
                  <LocalizedOptions
                    items={c.reasons.map((r) => ({ id: r.id, name: r.text, nameEn: r.textEn }))}
                  />
                </select>
              )}
            </StaffField>
            <StaffField intent="notAccept" name="note" label="staff.note">
              {(p) => <textarea {...p} rows={2} />}
            </StaffField>
          </ActionForm>
        </details>
      ) : null}
      {can("transfer") ? (
        <details>
          <summary>{t("staff.transfer")}</summary>
          <ActionForm intent="transfer" version={s.version} submitLabel="staff.transfer">
            <StaffField intent="transfer" name="toUnitId" label="staff.toUnit">
              {(p) => (
                <select {...p}>
                  <LocalizedOptions items={c.units.filter((u) => u.id !== s.unitId)} />
                </select>
              )}
            </StaffField>
            <StaffField intent="transfer" name="note" label="staff.note">
              {(p) => <textarea {...p} rows={2} />}
            </StaffField>
          </ActionForm>
        </details>
      ) : null}
      {can("merge") ? (
        <details open={Boolean(topDuplicate && topDuplicate.verdict === "duplicate")}>
          <summary>{t("staff.merge")}</summary>
          <ActionForm intent="merge" version={s.version} submitLabel="staff.merge">
            <StaffField
              intent="merge"
              name="primaryCode"
              label="staff.primaryCode"
              hint={t("staff.mergeHint")}
            >
              {(p) => (
                <input
                  {...p}
                  defaultValue={topDuplicate?.trackingCode ?? ""}
                  placeholder="JY-2026-000001"
                />
              )}
            </StaffField>
          </ActionForm>
        </details>
      ) : null}
      {can("split") ? (
        <ActionForm intent="split" version={s.version} submitLabel="staff.split" />
      ) : null}
      {s.status !== "submitted" && s.status !== "transferred" ? (
        <details>
          <summary>{t("staff.setCategory")}</summary>
          <ActionForm intent="setCategory" version={s.version} submitLabel="staff.save">
            <StaffField intent="setCategory" name="categoryId" label="common.category">
              {(p) => (
                <select {...p} defaultValue={s.categoryId ?? predicted}>
                  {categoryOptions}
                </select>
              )}
            </StaffField>
          </ActionForm>
        </details>
      ) : null}
      <Rating ws={ws} />
      <details>
        <summary>{s.moderation === "hidden" ? t("staff.show") : t("staff.hide")}</summary>
        <ActionForm
          intent="moderate"
          version={s.version}
          submitLabel={s.moderation === "hidden" ? "staff.show" : "staff.hide"}
        >
          <input type="hidden" name="hidden" value={s.moderation === "hidden" ? "false" : "true"} />
          <StaffField intent="moderate" name="note" label="staff.note">
            {(p) => <textarea {...p} rows={2} required />}
          </StaffField>
        </ActionForm>
      </details>
    </section>
  );
}

function Rating({ ws }: { ws: Ws }) {
  const t = useT();
  const r = ws.ratings;
  if (!r) return null;
  const fmt = (x: number | null) => (x === null ? "—" : x.toFixed(1));
  const dims = ["feasibility", "innovation", "benefit", "urgency"] as const;
  return (
    <details>
      <summary>
        {t("staff.rating")} · {fmt(r.overall)} ({t("staff.raters", { n: r.count })})
      </summary>
      <dl className="rubric">
        {dims.map((d) => (
          <div key={d}>
            <dt>{t(`rating.${d}` as MessageKey)}</dt>
            <dd>{fmt(r[d])}</dd>
          </div>
        ))}
      </dl>
      <ActionForm intent="rate" submitLabel="staff.rate">
        {dims.map((d) => (
          <StaffField key={d} intent="rate" name={d} label={`rating.${d}` as MessageKey}>
            {(p) => (
              <select {...p} defaultValue="3">
                {[1, 2, 3, 4, 5].map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            )}
          </StaffField>
        ))}
        <StaffField intent="rate" name="note" label="staff.note">
          {(p) => <textarea {...p} rows={2} />}
        </StaffField>
      </ActionForm>
    </details>
  );
}

function HandlerActions({ ws }: { ws: Ws }) {
  const t = useT();
  const s = ws.suggestion;
  if (!ws.roles.leadHandler) return null;
  const draft = ws.handling.replies.find((r) => r.status === "draft");
  const can = (a: string) => ws.actions.includes(a as (typeof ws.actions)[number]);
  const pendingExtension = ws.handling.extensions.some(
    (e) => e.status === "pending" || e.status === "approved",
  );
  return (
    <section aria-labelledby="handle-h" className="card">
      <h2 id="handle-h">{t("staff.handle")}</h2>
      {can("acceptAssignment") ? (
        <>
          <ActionForm
            intent="acceptAssignment"
            version={s.version}
            submitLabel="staff.acceptAssignment"
          />
          <details>
            <summary>{t("staff.returnAssignment")}</summary>
            <ActionForm
              intent="returnAssignment"
              version={s.version}
              submitLabel="staff.returnAssignment"
              danger
            >
              <StaffField intent="returnAssignment" name="reason" label="staff.reason">
                {(p) => <textarea {...p} rows={3} required />}
              </StaffField>
            </ActionForm>
          </details>
        </>
      ) : null}
      {s.status === "in_progress" ? (
        <>
          <ActionForm intent="publishReply" version={s.version} submitLabel="staff.publishReply">
            <StaffField intent="publishReply" name="body" label="staff.reply">
              {(p) => <textarea {...p} rows={6} defaultValue={draft?.body ?? ""} />}
            </StaffField>
            <StaffField intent="publishReply" name="decision" label="staff.decision">
              {(p) => (
                <select {...p} defaultValue="">
                  <option value="" disabled>
                    {t("staff.choose")}
                  </option>
                  {DECISIONS.map((d) => (
                    <option key={d} value={d}>
                      {t(`decision.${d}` as MessageKey)}
                    </option>
                  ))}
                </select>
              )}
            </StaffField>
            <StaffField intent="publishReply" name="reason" label="staff.decisionReason">
              {(p) => <textarea {...p} rows={2} />}
            </StaffField>
            <button type="submit" name="draft" value="1" className="button secondary">
              {t("staff.saveDraft")}
            </button>
          </ActionForm>
          {!pendingExtension ? (
            <details>
              <summary>{t("staff.requestExtension")}</summary>
              <ActionForm
                intent="requestExtension"
                version={s.version}
                submitLabel="staff.requestExtension"
              >
                <StaffField intent="requestExtension" name="days" label="staff.days">
                  {(p) => <input {...p} type="number" min={1} max={30} defaultValue={15} />}
                </StaffField>
                <StaffField intent="requestExtension" name="reason" label="staff.reason">
                  {(p) => <textarea {...p} rows={2} required />}
                </StaffField>
              </ActionForm>
            </details>
          ) : null}
        </>
      ) : null}
      {s.status === "answered" && (s.decision === "adopted" || s.decision === "partly_adopted") ? (
        <ActionForm intent="recordOutcome" version={s.version} submitLabel="staff.recordOutcome">
          <StaffField intent="recordOutcome" name="type" label="staff.outcomeType">
            {(p) => (
              <select {...p}>
                {OUTCOME_TYPES.map((o) => (
                  <option key={o} value={o}>
                    {t(`outcome.${o}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </StaffField>
          <StaffField intent="recordOutcome" name="title" label="staff.outcomeTitle">
            {(p) => <input {...p} />}
          </StaffField>
          <StaffField intent="recordOutcome" name="description" label="staff.outcomeDescription">
            {(p) => <textarea {...p} rows={3} />}
          </StaffField>
          <StaffField intent="recordOutcome" name="documentNo" label="staff.documentNo">
            {(p) => <input {...p} />}
          </StaffField>
          <StaffField intent="recordOutcome" name="link" label="staff.link">
            {(p) => <input {...p} type="url" placeholder="https://" />}
          </StaffField>
          <StaffField intent="recordOutcome" name="outcomeDate" label="staff.outcomeDate">
            {(p) => <input {...p} type="date" />}
          </StaffField>
        </ActionForm>
      ) : null}
      {can("complete") && s.status === "answered" ? (
        <ActionForm intent="complete" version={s.version} submitLabel="staff.complete" />
      ) : null}
      {s.status === "implementing" ? (
        <ActionForm intent="addMilestone" version={s.version} submitLabel="staff.addMilestone">
          <StaffField intent="addMilestone" name="title" label="staff.milestoneTitle">
            {(p) => <input {...p} />}
          </StaffField>
          <StaffField intent="addMilestone" name="dueAt" label="staff.dueAt">
            {(p) => <input {...p} type="date" />}
          </StaffField>
        </ActionForm>
      ) : null}
    </section>
  );
}

function Handling({ ws }: { ws: Ws }) {
  const t = useT();
  const locale = useLocale();
  const h = ws.handling;
  const s = ws.suggestion;
  const published = h.replies.filter((r) => r.status === "published");
  return (
    <section aria-labelledby="handling-h" className="card">
      <h2 id="handling-h">{t("console.assignments")}</h2>
      {ws.assignments.length ? (
        <ul>
          {ws.assignments.map((a) => (
            <li key={a.id}>
              {localized(locale, a.departmentName, a.departmentNameEn)} ·{" "}
              {t(`assignment.${a.role}`)} · {t(`assignmentStatus.${a.status}` as MessageKey)} ·{" "}
              {t("console.due")} {formatDate(locale, a.dueAt)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("staff.notAssigned")}</p>
      )}
      {published.map((r) => (
        <div key={r.id}>
          <h3>{t("staff.publishedReply")}</h3>
          <div className="body-text">{r.body}</div>
        </div>
      ))}
      {h.decision ? (
        <p>
          <strong>{t("staff.decision")}:</strong>{" "}
          {t(`decision.${h.decision.decision}` as MessageKey)}
          {h.decision.reason ? ` — ${h.decision.reason}` : ""}
        </p>
      ) : null}
      {h.outcome ? (
        <div>
          <h3>
            {t("staff.outcome")}: {h.outcome.title}
          </h3>
          <p>{h.outcome.description}</p>
          <ol className="milestones">
            {h.milestones.map((m) => (
              <li key={m.id}>
                <span>
                  {m.title} · {m.progress}% {m.doneAt ? "✓" : ""}
                </span>
                <progress max={100} value={m.progress} aria-label={m.title} />
                {ws.roles.leadHandler && s.status === "implementing" && !m.doneAt ? (
                  <ActionForm intent="updateMilestone" version={s.version} submitLabel="staff.save">
                    <input type="hidden" name="milestoneId" value={m.id} />
                    <div className="row">
                      <StaffField intent="updateMilestone" name="progress" label="staff.progress">
                        {(p) => (
                          <input
                            {...p}
                            id={`${p.id}-${m.id}`}
                            type="number"
                            min={0}
                            max={100}
                            defaultValue={m.progress}
                          />
                        )}
                      </StaffField>
                      <StaffField intent="updateMilestone" name="evidence" label="staff.evidence">
                        {(p) => (
                          <input {...p} id={`${p.id}-${m.id}`} type="url" placeholder="https://" />
                        )}
                      </StaffField>
                      <label className="check">
                        <input type="checkbox" name="done" /> {t("staff.done")}
                      </label>
                    </div>
                  </ActionForm>
                ) : null}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {h.extensions.length ? (
        <>
          <h3>{t("staff.extensions")}</h3>
          <ul>
            {h.extensions.map((e) => (
              <li key={e.id}>
                {t("staff.extensionLine", { days: e.days })} ·{" "}
                {t(`extension.${e.status}` as MessageKey)} — {e.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function SupervisorActions({ ws }: { ws: Ws }) {
  const t = useT();
  const s = ws.suggestion;
  if (!ws.roles.supervisor) return null;
  const pending = ws.handling.extensions.filter((e) => e.status === "pending");
  return (
    <section aria-labelledby="sup-h" className="card">
      <h2 id="sup-h">{t("staff.supervise")}</h2>
      {pending.map((e) => (
        <div key={e.id} className="stack-sm">
          <p>
            {t("staff.extensionLine", { days: e.days })} — {e.reason}
          </p>
          <div className="row">
            <ActionForm intent="decideExtension" version={s.version} submitLabel="staff.approve">
              <input type="hidden" name="extensionId" value={e.id} />
              <input type="hidden" name="approve" value="true" />
            </ActionForm>
            <ActionForm
              intent="decideExtension"
              version={s.version}
              submitLabel="staff.refuse"
              danger
            >
              <input type="hidden" name="extensionId" value={e.id} />
              <input type="hidden" name="approve" value="false" />
            </ActionForm>
          </div>
        </div>
      ))}
      <ActionForm intent="superviseNotice" version={s.version} submitLabel="staff.issueNotice">
        <StaffField intent="superviseNotice" name="note" label="staff.noticeText">
          {(p) => <textarea {...p} rows={3} required />}
        </StaffField>
      </ActionForm>
    </section>
  );
}

function Notes({ ws }: { ws: Ws }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="notes-h" className="card">
      <h2 id="notes-h">{t("staff.notes")}</h2>
      {ws.notes.length ? (
        <ul className="plain">
          {ws.notes.map((n) => (
            <li key={n.id}>
              <p className="muted small">
                {n.author} · {formatDate(locale, n.createdAt)}
              </p>
              <p>{n.body}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("staff.noNotes")}</p>
      )}
      <ActionForm intent="note" submitLabel="staff.addNote">
        <StaffField intent="note" name="body" label="staff.newNote">
          {(p) => <textarea {...p} rows={2} />}
        </StaffField>
      </ActionForm>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

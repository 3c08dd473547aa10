import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "../components/csrf-input";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { FieldErrors } from "../components/field";
import { LocalizedOptions, type StaffActionData } from "../components/staff-form";
import { requirePermission } from "../domain/auth/auth.server";
import { grantPaths, listDepartments } from "../domain/orgs/orgs.server";
import { handleBulkForm } from "../domain/staff/form-action.server";
import { QUEUE_SORTS } from "../domain/staff/queue";
import { listReviewQueue } from "../domain/staff/queue.server";
import { guarded } from "../utils/http.server";
import { formatDate, localized, type MessageKey } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

const Query = z.object({
  sort: z.enum(QUEUE_SORTS).catch("deadline"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "review:suggestion");
  const q = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const paths = grantPaths(user, "reviewer");
  const queue = listReviewQueue({ paths, sort: q.sort, page: q.page });
  const departments = listDepartments()
    .filter((d) => d.active && paths.some((p) => d.unitPath.startsWith(p)))
    .map((d) => ({ id: d.id, name: d.name, nameEn: d.nameEn }));
  return { ...queue, sort: q.sort, page: q.page, departments };
});

export const action = /* @__PURE__ */ guarded(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, "review:suggestion");
  return handleBulkForm(request, user);
});

const pct = (x: number) => `${Math.round(x * 100)}%`;

export default function ReviewQueue() {
  const { rows, total, page, pageSize, sort, departments } = useLoaderData<typeof loader>();
  const result = useActionData<StaffActionData>();
  const nav = useNavigation();
  const t = useT();
  const locale = useLocale();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <section aria-labelledby="review-title" className="queue">
      <h1 id="review-title">{t("nav.review")}</h1>
      <p className="muted">{t("review.caption", { n: total })}</p>
      <nav className="sort-links" aria-label={t("queue.sortBy")}>
        {t("queue.sortBy")}:
        {QUEUE_SORTS.map((s) => (
          <Link key={s} to={`?sort=${s}`} aria-current={s === sort ? "true" : undefined}>
            {t(`queue.sort.${s}` as MessageKey)}
          </Link>
        ))}
      </nav>
      {result?.bulk ? (
        <div
          role="status"
          className={`flash ${result.bulk.failed.length ? "flash-error" : "flash-success"}`}
        >
          {t("queue.bulkResult", {
            done: result.bulk.done.length,
            failed: result.bulk.failed.length,
          })}
          {result.bulk.failed.length ? (
            <ul>
              {result.bulk.failed.map((f) => (
                <li key={f.id}>
                  #{f.id}: {f.error}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <Form method="post" aria-busy={nav.state !== "idle"}>
        <CsrfInput />
        <fieldset className="bulk-bar">
          <legend className="visually-hidden">{t("queue.bulk")}</legend>
          <button type="submit" name="intent" value="bulkAccept" className="button">
            {t("queue.bulkAccept")}
          </button>
          <span className="field">
            <label htmlFor="bulk-dept">{t("staff.leadDepartment")}</label>
            <select id="bulk-dept" name="leadDepartmentId">
              <LocalizedOptions items={departments} />
            </select>
          </span>
          <button type="submit" name="intent" value="bulkAssign" className="button">
            {t("queue.bulkAssign")}
          </button>
          <span className="field">
            <label htmlFor="bulk-primary">{t("staff.primaryCode")}</label>
            <input id="bulk-primary" name="primaryCode" placeholder="JY-2026-000001" />
          </span>
          <button type="submit" name="intent" value="bulkMerge" className="button">
            {t("queue.bulkMerge")}
          </button>
          <FieldErrors
            id="bulk"
            errors={result?.fieldErrors?.items ?? result?.fieldErrors?.primaryId}
          />
        </fieldset>
        {rows.length === 0 ? (
          <p className="muted">{t("console.empty")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t("review.caption", { n: total })}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">{t("queue.select")}</span>
                  </th>
                  <th scope="col">{t("console.code")}</th>
                  <th scope="col">{t("console.titleCol")}</th>
                  <th scope="col">{t("common.status")}</th>
                  <th scope="col">{t("staff.predictedCategory")}</th>
                  <th scope="col">{t("staff.likelyDuplicates")}</th>
                  <th scope="col">{t("staff.topic")}</th>
                  <th scope="col">{t("common.submittedAt")}</th>
                  <th scope="col">{t("console.due")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <input
                        type="checkbox"
                        name="items"
                        value={`${r.id}@${r.version}`}
                        aria-label={t("queue.selectItem", { code: r.trackingCode })}
                      />
                    </td>
                    <td>
                      <Link to={`/console/suggestions/${r.id}`}>{r.trackingCode}</Link>
                    </td>
                    <td>{r.title}</td>
                    <td>
                      <span className={`badge status-${r.status}`}>{t(`status.${r.status}`)}</span>
                    </td>
                    <td className="hint">
                      {r.predictedName ? (
                        <>
                          {localized(locale, r.predictedName, r.predictedNameEn)}{" "}
                          {r.predictedConfidence !== null ? pct(r.predictedConfidence) : ""}
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td className="hint">
                      {r.duplicate ? (
                        <>
                          <span className={`badge verdict-${r.duplicate.verdict}`}>
                            {pct(r.duplicate.score)}
                          </span>{" "}
                          <Link to={`/console/suggestions/${r.duplicate.id}`}>
                            {r.duplicate.code}
                          </Link>
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td className="hint">
                      {r.clusterId && r.clusterSize && r.clusterSize > 1 ? (
                        <Link to={`/console/clusters?cluster=${r.clusterId}`}>
                          {r.clusterLabel} ({r.clusterSize})
                        </Link>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td>{formatDate(locale, r.submittedAt)}</td>
                    <td>{r.dueAt ? formatDate(locale, r.dueAt) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Form>
      {pages > 1 ? (
        <nav className="pager" aria-label={t("queue.pages")}>
          {page > 1 ? <Link to={`?sort=${sort}&page=${page - 1}`}>{t("queue.prev")}</Link> : null}
          <span>
            {page} / {pages}
          </span>
          {page < pages ? (
            <Link to={`?sort=${sort}&page=${page + 1}`}>{t("queue.next")}</Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

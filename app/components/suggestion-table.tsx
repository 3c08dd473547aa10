import { Link } from "@remix-run/react";
import type { SuggestionStatus } from "../../db/schema/enums";
import { formatDate, localized } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

export interface SuggestionRow {
  id: number;
  trackingCode: string;
  title: string;
  status: SuggestionStatus;
  submittedAt: Date | string;
  unitName: string;
  unitNameEn: string;
  categoryName: string | null;
  categoryNameEn: string | null;
  supportsCount: number;
  dueAt?: Date | string | null;
  daysOverdue?: number;
}

/** A staff table of suggestions linking to their console page. */
export function SuggestionTable({ rows, caption }: { rows: SuggestionRow[]; caption: string }) {
  const t = useT();
  const locale = useLocale();
  if (rows.length === 0) return <p className="muted">{t("console.empty")}</p>;
  const withOverdue = rows.some((r) => r.daysOverdue !== undefined);
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("console.code")}</th>
            <th scope="col">{t("console.titleCol")}</th>
            <th scope="col">{t("common.status")}</th>
            <th scope="col">{t("common.unit")}</th>
            <th scope="col">{t("common.category")}</th>
            <th scope="col">{t("common.submittedAt")}</th>
            <th scope="col">{t("console.due")}</th>
            {withOverdue ? <th scope="col">{t("console.daysOverdue")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <Link to={`/console/suggestions/${r.id}`}>{r.trackingCode}</Link>
              </td>
              <td>{r.title}</td>
              <td>
                <span className={`badge status-${r.status}`}>{t(`status.${r.status}`)}</span>
              </td>
              <td>{localized(locale, r.unitName, r.unitNameEn)}</td>
              <td>{r.categoryName ? localized(locale, r.categoryName, r.categoryNameEn) : "—"}</td>
              <td>{formatDate(locale, r.submittedAt)}</td>
              <td>{r.dueAt ? formatDate(locale, r.dueAt) : "—"}</td>
              {withOverdue ? <td>{r.daysOverdue ?? 0}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

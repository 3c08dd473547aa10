import { type Locale, localized, type MessageKey, type Translate } from "../../utils/i18n";
import type { ListQuery, Metric } from "./dashboard.schema";

/** Names of the things a list is filtered by (from describeListFilters on the server). */
export interface ListLabels {
  unit: { name: string; nameEn: string } | null;
  region: { name: string; nameEn: string } | null;
  category: { name: string; nameEn: string } | null;
  cluster: { label: string } | null;
  department: { name: string; nameEn: string } | null;
}

export function metricKey(metric: Metric): MessageKey {
  return `analytics.metric.${metric}` as MessageKey;
}

/** One line saying what a list contains, for its heading and for export files. Pure. */
export function describeList(
  q: ListQuery,
  labels: ListLabels,
  t: Translate,
  locale: Locale,
): string {
  const parts: string[] = [t(metricKey(q.metric ?? "received"))];
  if (q.from && q.to) parts.push(t("analytics.range", { from: q.from, to: q.to }));
  else if (q.from) parts.push(t("analytics.rangeFrom", { from: q.from }));
  else if (q.to) parts.push(t("analytics.rangeTo", { to: q.to }));
  if (labels.unit) parts.push(localized(locale, labels.unit.name, labels.unit.nameEn));
  if (q.category === "none") parts.push(t("analytics.uncategorized"));
  else if (labels.category)
    parts.push(localized(locale, labels.category.name, labels.category.nameEn));
  if (labels.region) {
    const name = localized(locale, labels.region.name, labels.region.nameEn);
    parts.push(
      q.regionSelf
        ? t("analytics.filter.regionSelf", { name })
        : t("analytics.filter.region", { name }),
    );
  }
  if (labels.cluster) parts.push(t("analytics.filter.topic", { name: labels.cluster.label }));
  if (q.decision) parts.push(t(`decision.${q.decision}`));
  if (q.status) {
    parts.push(
      q.status
        .split(",")
        .map((st) => t(`status.${st}` as MessageKey))
        .join("/"),
    );
  }
  if (labels.department) {
    parts.push(
      t("analytics.filter.department", {
        name: localized(locale, labels.department.name, labels.department.nameEn),
      }),
    );
  }
  return parts.join(" · ");
}

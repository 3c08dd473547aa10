import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  ActionButton,
  AdminField,
  AdminPage,
  AdminSelect,
  AdminTable,
  CreatePanel,
  EditDetails,
  ListFilter,
  Pager,
  RuleCheck,
  toCategoryOptions,
  toUnitOptions,
} from "../components/admin-ui";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { DEADLINE_DEFAULTS, listQuery } from "../domain/admin/admin.schema";
import { runAdminAction } from "../domain/admin/admin-action.server";
import { listCategoryChoices } from "../domain/admin/categories.server";
import {
  effectiveDeadlineRule,
  listDeadlineRules,
  retireDeadlineRule,
  setDeadlineRule,
} from "../domain/admin/deadlines.server";
import { listAdminUnitChoices } from "../domain/admin/units.server";
import { requirePermission } from "../domain/auth/auth.server";
import { guarded } from "../utils/http.server";
import { localized, type MessageKey } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

const DAY_FIELDS: [keyof typeof DEADLINE_DEFAULTS, MessageKey][] = [
  ["acceptDays", "admin.deadlines.acceptDays"],
  ["handleDays", "admin.deadlines.handleDays"],
  ["maxExtensionDays", "admin.deadlines.maxExtensionDays"],
  ["atRiskDays", "admin.deadlines.atRiskDays"],
  ["escalateAfterDays", "admin.deadlines.escalateAfterDays"],
];
const DAY_NAMES = DAY_FIELDS.map(([name]) => name);

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requirePermission(request, "admin:system");
  const query = listQuery(request.url);
  const params = new URL(request.url).searchParams;
  const checkUnit = Number(params.get("checkUnit")) || null;
  const checkCategory = Number(params.get("checkCategory")) || null;
  const units = listAdminUnitChoices(actor);
  return {
    query,
    rules: listDeadlineRules(actor, query),
    units,
    categories: listCategoryChoices(actor),
    check:
      checkUnit && units.some((u) => u.id === checkUnit)
        ? {
            unitId: checkUnit,
            categoryId: checkCategory,
            rule: effectiveDeadlineRule(actor, checkUnit, checkCategory),
          }
        : null,
  };
});

export const action = /* @__PURE__ */ guarded(async ({ request }: ActionFunctionArgs) =>
  runAdminAction(request, {
    setDeadlineRule: { run: setDeadlineRule, success: "admin.flash.saved" },
    retireDeadlineRule: { run: retireDeadlineRule, success: "admin.flash.saved" },
  }),
);

/** The day counts of a rule, as number fields of the form `formId`. */
function DayFields({
  formId,
  values,
}: {
  formId: string;
  values: Record<keyof typeof DEADLINE_DEFAULTS, number>;
}) {
  const t = useT();
  return DAY_FIELDS.map(([name, label]) => (
    <AdminField
      key={name}
      formId={formId}
      name={name}
      type="number"
      inputMode="numeric"
      label={t(label)}
      defaultValue={values[name]}
      required
    />
  ));
}

export default function AdminDeadlines() {
  const { query, rules, units, categories, check } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const unitOptions = toUnitOptions(locale, units);
  const categoryOptions = toCategoryOptions(locale, categories);
  return (
    <AdminPage id="deadlines" title={t("admin.nav.deadlines")} lead={t("admin.deadlines.lead")}>
      <CreatePanel
        intent="setDeadlineRule"
        title={t("admin.deadlines.set")}
        fields={["unitId", "categoryId", ...DAY_NAMES]}
      >
        <AdminSelect
          formId="setDeadlineRule"
          name="unitId"
          label={t("common.unit")}
          empty={t("admin.deadlines.allUnits")}
          options={unitOptions}
        />
        <AdminSelect
          formId="setDeadlineRule"
          name="categoryId"
          label={t("common.category")}
          empty={t("admin.deadlines.allCategories")}
          options={categoryOptions}
        />
        <DayFields formId="setDeadlineRule" values={DEADLINE_DEFAULTS} />
      </CreatePanel>

      <RuleCheck
        title={t("admin.deadlines.check")}
        units={unitOptions}
        categories={categoryOptions}
        anyCategory={t("admin.deadlines.allCategories")}
        check={check}
        answer={
          check &&
          t("admin.deadlines.checkResult", {
            accept: check.rule.acceptDays,
            handle: check.rule.handleDays,
            extension: check.rule.maxExtensionDays,
          })
        }
      />

      <h2>{t("admin.deadlines.rules")}</h2>
      <ListFilter label={t("admin.filter.deadlines")} q={query.q} />
      <AdminTable
        caption={t("admin.deadlines.caption", { n: rules.total })}
        columns={[
          t("common.unit"),
          t("common.category"),
          ...DAY_FIELDS.map(([, label]) => t(label)),
          t("admin.actions"),
        ]}
      >
        {rules.rows.map((r) => {
          const formId = `editRule-${r.id}`;
          const global = r.unitId === null && r.categoryId === null;
          return (
            <tr key={r.id}>
              <td>
                {r.unitName
                  ? localized(locale, r.unitName, r.unitNameEn)
                  : t("admin.deadlines.allUnits")}
              </td>
              <td>
                {r.categoryName
                  ? localized(locale, r.categoryName, r.categoryNameEn)
                  : t("admin.deadlines.allCategories")}
              </td>
              {DAY_FIELDS.map(([name]) => (
                <td key={name}>{r[name]}</td>
              ))}
              <td>
                <EditDetails
                  intent="setDeadlineRule"
                  formId={formId}
                  hiddenFields={{ unitId: r.unitId ?? "", categoryId: r.categoryId ?? "" }}
                  fields={DAY_NAMES}
                  label={t("admin.deadlines.edit")}
                >
                  <DayFields formId={formId} values={r} />
                </EditDetails>
                {!global ? (
                  <ActionButton
                    intent="retireDeadlineRule"
                    formId={`retireRule-${r.id}`}
                    hiddenFields={{ ruleId: r.id }}
                    label={t("admin.retire")}
                    confirm={t("admin.confirm.deactivate")}
                  />
                ) : null}
              </td>
            </tr>
          );
        })}
      </AdminTable>
      <Pager page={rules.page} pages={rules.pages} total={rules.total} />
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

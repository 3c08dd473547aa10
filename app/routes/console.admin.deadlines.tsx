import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import {
  AdminField,
  AdminForm,
  AdminSelect,
  CreatePanel,
  ListFilter,
  Pager,
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

export default function AdminDeadlines() {
  const { query, rules, units, categories, check } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const unitOptions: [number, string][] = units.map((u) => [
    u.id,
    `${"— ".repeat(u.path.split("/").filter(Boolean).length - 1)}${localized(locale, u.name, u.nameEn)}`,
  ]);
  const categoryOptions: [number, string][] = categories.map((c) => [
    c.id,
    `${"— ".repeat(c.level - 1)}${localized(locale, c.name, c.nameEn)}`,
  ]);
  const dayFields = [
    "acceptDays",
    "handleDays",
    "maxExtensionDays",
    "atRiskDays",
    "escalateAfterDays",
  ];
  return (
    <section aria-labelledby="deadlines-title">
      <h1 id="deadlines-title">{t("admin.nav.deadlines")}</h1>
      <p className="lead">{t("admin.deadlines.lead")}</p>

      <CreatePanel formId="setDeadlineRule" title={t("admin.deadlines.set")}>
        <AdminForm
          intent="setDeadlineRule"
          fields={["unitId", "categoryId", ...dayFields]}
          label={t("admin.deadlines.set")}
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
          {DAY_FIELDS.map(([name, label]) => (
            <AdminField
              key={name}
              formId="setDeadlineRule"
              name={name}
              type="number"
              inputMode="numeric"
              label={t(label)}
              defaultValue={DEADLINE_DEFAULTS[name]}
              required
            />
          ))}
          <div>
            <button type="submit" className="button primary">
              {t("admin.deadlines.set")}
            </button>
          </div>
        </AdminForm>
      </CreatePanel>

      <h2>{t("admin.deadlines.check")}</h2>
      <Form method="get" className="filters" aria-label={t("admin.deadlines.check")}>
        <div className="field">
          <label htmlFor="check-unit">{t("common.unit")}</label>
          <select id="check-unit" name="checkUnit" defaultValue={check?.unitId ?? ""}>
            {unitOptions.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="check-category">{t("common.category")}</label>
          <select id="check-category" name="checkCategory" defaultValue={check?.categoryId ?? ""}>
            <option value="">{t("admin.deadlines.allCategories")}</option>
            {categoryOptions.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit" className="button">
            {t("admin.routing.checkButton")}
          </button>
        </div>
      </Form>
      {check ? (
        <p className="notice" role="status">
          {t("admin.deadlines.checkResult", {
            accept: check.rule.acceptDays,
            handle: check.rule.handleDays,
            extension: check.rule.maxExtensionDays,
          })}
        </p>
      ) : null}

      <h2>{t("admin.deadlines.rules")}</h2>
      <ListFilter label={t("admin.filter.deadlines")} q={query.q} />
      <div className="table-wrap">
        <table>
          <caption>{t("admin.deadlines.caption", { n: rules.total })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("common.unit")}</th>
              <th scope="col">{t("common.category")}</th>
              {DAY_FIELDS.map(([name, label]) => (
                <th scope="col" key={name}>
                  {t(label)}
                </th>
              ))}
              <th scope="col">{t("admin.actions")}</th>
            </tr>
          </thead>
          <tbody>
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
                    <details>
                      <summary>{t("admin.edit")}</summary>
                      <AdminForm
                        intent="setDeadlineRule"
                        formId={formId}
                        fields={dayFields}
                        label={t("admin.deadlines.edit")}
                      >
                        <input type="hidden" name="unitId" value={r.unitId ?? ""} />
                        <input type="hidden" name="categoryId" value={r.categoryId ?? ""} />
                        {DAY_FIELDS.map(([name, label]) => (
                          <AdminField
                            key={name}
                            formId={formId}
                            name={name}
                            type="number"
                            inputMode="numeric"
                            label={t(label)}
                            defaultValue={r[name]}
                            required
                          />
                        ))}
                        <div>
                          <button type="submit" className="button small">
                            {t("form.save")}
                          </button>
                        </div>
                      </AdminForm>
                    </details>
                    {!global ? (
                      <AdminForm
                        intent="retireDeadlineRule"
                        formId={`retireRule-${r.id}`}
                        className="inline"
                        confirm={t("admin.confirm.deactivate")}
                      >
                        <input type="hidden" name="ruleId" value={r.id} />
                        <button type="submit" className="button small">
                          {t("admin.retire")}
                        </button>
                      </AdminForm>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pager page={rules.page} pages={rules.pages} total={rules.total} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

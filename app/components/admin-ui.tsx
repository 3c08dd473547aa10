import {
  Form,
  Link,
  NavLink,
  type ShouldRevalidateFunction,
  useActionData,
  useLocation,
  useNavigation,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { ADMIN_LIMITS } from "../domain/admin/admin.schema";
import { type Locale, localized, type MessageKey } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";
import { CsrfInput } from "./csrf-input";
import { errorProps, FieldErrors } from "./field";

/**
 * Building blocks of the admin console pages: section navigation, the page frame, the filter box,
 * table and pager of long lists, bilingual name cells and fields, and forms that show the
 * server's field errors beside the fields of the form that was sent (each form has a `formId`),
 * keeping what was typed: a create panel, a row's edit disclosure and one-button row actions.
 */

type ActionResult =
  | {
      ok: false;
      formId: string;
      fieldErrors: Record<string, string[]>;
      values: Record<string, string>;
    }
  | { ok: true; formId: string; intent: string; result: unknown };

/** A select option: [value, label]. */
export type SelectOption = [string | number, string];

export const ADMIN_SECTIONS: [string, MessageKey][] = [
  ["/console/admin", "admin.nav.overview"],
  ["/console/admin/units", "admin.nav.units"],
  ["/console/admin/departments", "admin.nav.departments"],
  ["/console/admin/routing", "admin.nav.routing"],
  ["/console/admin/users", "admin.nav.users"],
  ["/console/admin/categories", "admin.nav.categories"],
  ["/console/admin/deadlines", "admin.nav.deadlines"],
  ["/console/admin/reasons", "admin.nav.reasons"],
  ["/console/admin/api-clients", "admin.nav.apiClients"],
];

export function AdminNav() {
  const t = useT();
  return (
    <nav aria-label={t("admin.nav.label")} className="admin-nav">
      <ul className="actions" style={{ listStyle: "none", padding: 0 }}>
        {ADMIN_SECTIONS.map(([to, key]) => (
          <li key={to}>
            <NavLink
              to={to}
              end={to === "/console/admin"}
              style={({ isActive }) => (isActive ? { fontWeight: 700 } : undefined)}
            >
              {t(key)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * For pages with edit forms: after a save refused because someone else saved first (409), the
 * page reloads its data, so the row shows their version and the form's fingerprint is fresh
 * (what was typed stays in the form): saving again is then a deliberate choice.
 */
export const reloadAfterConflict: ShouldRevalidateFunction = ({
  actionStatus,
  defaultShouldRevalidate,
}) => actionStatus === 409 || defaultShouldRevalidate;

/** The errors and typed values of the last submission, when it came from `formId`. */
export function useFormResult(formId: string) {
  const result = useActionData() as ActionResult | undefined;
  if (!result || result.ok || result.formId !== formId) {
    return { errors: {} as Record<string, string[] | undefined>, values: undefined };
  }
  return {
    errors: result.fieldErrors as Record<string, string[] | undefined>,
    values: result.values as Record<string, string | undefined>,
  };
}

/** The successful result returned by a `respond` command (e.g. a new API key). */
export function useActionResult<T>(intent: string): T | undefined {
  const result = useActionData() as ActionResult | undefined;
  return result?.ok && result.intent === intent ? (result.result as T) : undefined;
}

function limitsOf(name: string): Record<string, number> | undefined {
  const key = name === "nameEn" ? "name" : name === "textEn" || name === "text" ? "reason" : name;
  return (ADMIN_LIMITS as Record<string, Record<string, number>>)[key];
}

/** A POST form with the CSRF field, its intent and formId, and its leftover errors. */
export function AdminForm({
  intent,
  formId = intent,
  children,
  className = "stack",
  fields = [],
  hiddenFields = {},
  label,
  confirm,
}: {
  intent: string;
  formId?: string;
  children: ReactNode;
  className?: string;
  /** Fields shown with their own errors; errors of other fields are listed at the top. */
  fields?: string[];
  /** Values sent as hidden inputs (typically the id of the row the form changes). */
  hiddenFields?: Record<string, string | number>;
  label?: string;
  /** A question to confirm before sending (browser dialog). */
  confirm?: string;
}) {
  const { errors } = useFormResult(formId);
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const other = Object.entries(errors).filter(([key]) => !fields.includes(key));
  return (
    <Form
      method="post"
      className={className}
      aria-label={label}
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
      aria-busy={busy || undefined}
    >
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="formId" value={formId} />
      {other.length ? (
        <ul className="form-error" role="alert">
          {other.flatMap(([key, list]) =>
            (list ?? []).map((e) => (
              <li key={`${key}-${e}`}>{t(e as MessageKey, limitsOf(key))}</li>
            )),
          )}
        </ul>
      ) : null}
      {Object.entries(hiddenFields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
    </Form>
  );
}

/** The submit button at the foot of a form. */
export function SubmitButton({ label, variant }: { label: string; variant?: "primary" | "small" }) {
  return (
    <div>
      <button type="submit" className={variant ? `button ${variant}` : "button"}>
        {label}
      </button>
    </div>
  );
}

/** The id, errors and typed value of the field `name` of the form `formId`. */
function useFieldState(formId: string, name: string) {
  const { errors, values } = useFormResult(formId);
  return { id: `${formId}-${name}`, errors: errors[name], typed: values?.[name] };
}

/** A labelled input whose errors (from the form `formId`) show beside it. */
export function AdminField({
  formId,
  name,
  label,
  defaultValue,
  type = "text",
  required = false,
  hint,
  autoComplete,
  inputMode,
}: {
  formId: string;
  name: string;
  label: string;
  defaultValue?: string | number | null;
  type?: "text" | "email" | "password" | "number";
  required?: boolean;
  hint?: string;
  autoComplete?: string;
  inputMode?: "numeric";
}) {
  const { id, errors, typed } = useFieldState(formId, name);
  const limits = limitsOf(name);
  const kept = type === "password" ? undefined : typed;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        required={required}
        defaultValue={kept ?? (defaultValue === null ? undefined : defaultValue)}
        minLength={type !== "number" ? limits?.min : undefined}
        maxLength={type !== "number" ? limits?.max : undefined}
        min={type === "number" ? limits?.min : undefined}
        max={type === "number" ? limits?.max : undefined}
        autoComplete={autoComplete}
        inputMode={inputMode}
        aria-describedby={hint ? `${id}-hint` : undefined}
        {...errorProps(id, errors)}
      />
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={id} errors={errors} params={limits} />
    </div>
  );
}

/**
 * The Chinese and English fields of a bilingual text, both required: `name` and `nameEn` unless
 * `field` names another pair (`text` and `textEn`).
 */
export function BilingualFields({
  formId,
  field = "name",
  labels = ["admin.nameZh", "admin.nameEn"],
  values,
}: {
  formId: string;
  field?: string;
  labels?: [MessageKey, MessageKey];
  /** The current [Chinese, English] values, when editing. */
  values?: [string, string];
}) {
  const t = useT();
  return (
    <>
      <AdminField
        formId={formId}
        name={field}
        label={t(labels[0])}
        defaultValue={values?.[0]}
        required
      />
      <AdminField
        formId={formId}
        name={`${field}En`}
        label={t(labels[1])}
        defaultValue={values?.[1]}
        required
      />
    </>
  );
}

/** A select's options ([value, label]), after an empty first option when `empty` is set. */
function OptionList({ options, empty }: { options: SelectOption[]; empty?: string }) {
  return (
    <>
      {empty !== undefined ? <option value="">{empty}</option> : null}
      {options.map(([value, text]) => (
        <option key={value} value={value}>
          {text}
        </option>
      ))}
    </>
  );
}

/** A labelled select (options as [value, label]); an empty first option when `empty` is set. */
export function AdminSelect({
  formId,
  name,
  label,
  options,
  defaultValue,
  empty,
  required = false,
}: {
  formId: string;
  name: string;
  label: string;
  options: SelectOption[];
  defaultValue?: string | number | null;
  empty?: string;
  required?: boolean;
}) {
  const { id, errors, typed } = useFieldState(formId, name);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        required={required}
        defaultValue={typed ?? (defaultValue == null ? "" : String(defaultValue))}
        {...errorProps(id, errors)}
      >
        <OptionList options={options} empty={empty} />
      </select>
      <FieldErrors id={id} errors={errors} />
    </div>
  );
}

/** A labelled select of a GET form (a list filter or a check); `empty` is its "any" option. */
export function FilterSelect({
  id,
  name,
  label,
  options,
  value,
  empty,
}: {
  id: string;
  name: string;
  label: string;
  options: SelectOption[];
  value: string | number | null | undefined;
  empty?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ""}>
        <OptionList options={options} empty={empty} />
      </select>
    </div>
  );
}

/** The filter box of a long list: a GET form that keeps the other query parameters. */
export function ListFilter({
  label,
  q,
  children,
}: {
  label: string;
  q?: string;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <Form method="get" className="filters" role="search" aria-label={label}>
      <div className="field">
        <label htmlFor="admin-filter-q">{label}</label>
        <input id="admin-filter-q" name="q" type="search" defaultValue={q ?? ""} maxLength={100} />
      </div>
      {children}
      <SubmitButton label={t("admin.filter.apply")} />
    </Form>
  );
}

const STATUSES = ["active", "inactive"] as const;
type Status = (typeof STATUSES)[number];

/** The `status` parameter of a list's URL (active or inactive rows only), if it is one. */
export function statusFilterOf(url: string): Status | undefined {
  const value = new URL(url).searchParams.get("status");
  return STATUSES.find((s) => s === value);
}

/** The active/inactive select of a list filter (see `statusFilterOf`). */
export function StatusFilter({ status }: { status: Status | null }) {
  const t = useT();
  return (
    <FilterSelect
      id="filter-status"
      name="status"
      label={t("common.status")}
      empty={t("admin.filter.all")}
      options={[
        ["active", t("admin.active")],
        ["inactive", t("admin.inactive")],
      ]}
      value={status}
    />
  );
}

/** Previous/next links over the pages of a list, keeping the filter. */
export function Pager({ page, pages, total }: { page: number; pages: number; total: number }) {
  const t = useT();
  const location = useLocation();
  if (pages <= 1) return null;
  const link = (n: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(n));
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <nav className="pager" aria-label={t("admin.pager.label")}>
      {page > 1 ? <Link to={link(page - 1)}>{t("admin.pager.prev")}</Link> : null}
      <span>{t("admin.pager.status", { page, pages, total })}</span>
      {page < pages ? <Link to={link(page + 1)}>{t("admin.pager.next")}</Link> : null}
    </nav>
  );
}

/**
 * A list table: its caption, a header row naming the columns, and the rows given as children.
 * When `empty` is a text, that muted line stands instead of the table.
 */
export function AdminTable({
  caption,
  columns,
  hideCaption = false,
  empty,
  children,
}: {
  caption: string;
  columns: string[];
  /** The caption is for screen readers only (a heading already names the table). */
  hideCaption?: boolean;
  empty?: string | false;
  children: ReactNode;
}) {
  if (empty) return <p className="muted">{empty}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className={hideCaption ? "visually-hidden" : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A cell with a bilingual name in the reader's language and, muted below, in the other one. */
export function BilingualCell({
  zh,
  en,
  depth,
}: {
  zh: string;
  en: string;
  /** Levels below the top of a tree, shown as indentation. */
  depth?: number;
}) {
  const locale = useLocale();
  return (
    <td
      style={depth === undefined ? undefined : { paddingInlineStart: `${0.5 + depth * 1.25}rem` }}
    >
      {localized(locale, zh, en)}
      <div className="muted">{locale === "en" ? zh : en}</div>
    </td>
  );
}

export function ActiveBadge({ active }: { active: boolean }) {
  const t = useT();
  return (
    <span className={`badge ${active ? "status-completed" : "status-withdrawn"}`}>
      {active ? t("admin.active") : t("admin.inactive")}
    </span>
  );
}

/** A form of one small button (retire, revoke, remove…) that posts its hidden fields. */
export function ActionButton({
  intent,
  formId,
  hiddenFields,
  label,
  ariaLabel,
  confirm,
}: {
  intent: string;
  formId: string;
  hiddenFields: Record<string, string | number>;
  label: string;
  /** The button's accessible name when `label` alone would not say which row it acts on. */
  ariaLabel?: string;
  /** A question to confirm before sending (browser dialog). */
  confirm?: string;
}) {
  return (
    <AdminForm
      intent={intent}
      formId={formId}
      hiddenFields={hiddenFields}
      className="inline"
      confirm={confirm}
    >
      <button type="submit" className="button small" aria-label={ariaLabel}>
        {label}
      </button>
    </AdminForm>
  );
}

/** Deactivate / reactivate button for a row, as its own small form. */
export function ToggleActive({
  intent,
  idName,
  id,
  active,
  confirm,
}: {
  intent: string;
  idName: string;
  id: number;
  active: boolean;
  /** Asked before deactivating (reactivating needs no confirmation). */
  confirm?: string;
}) {
  const t = useT();
  return (
    <ActionButton
      intent={intent}
      formId={`${intent}-${id}`}
      hiddenFields={{ [idName]: id, active: active ? "false" : "true" }}
      label={active ? t("admin.deactivate") : t("admin.reactivate")}
      confirm={active ? confirm : undefined}
    />
  );
}

/** A row's "edit" disclosure: its form (the row's ids as hidden fields) with a save button. */
export function EditDetails({
  intent,
  formId,
  label,
  fields,
  hiddenFields,
  children,
}: {
  intent: string;
  formId: string;
  label: string;
  fields: string[];
  hiddenFields: Record<string, string | number>;
  children: ReactNode;
}) {
  const t = useT();
  // Opens by itself when its form came back refused, so the errors and typed values show.
  const { errors } = useFormResult(formId);
  return (
    <details open={Object.keys(errors).length > 0 || undefined}>
      <summary>{t("admin.edit")}</summary>
      <AdminForm
        intent={intent}
        formId={formId}
        fields={fields}
        label={label}
        hiddenFields={hiddenFields}
      >
        {children}
        <SubmitButton label={t("form.save")} variant="small" />
      </AdminForm>
    </details>
  );
}

/**
 * A collapsible "create" form (its formId is its intent) whose title is also its button; it
 * opens by itself when the form came back with errors.
 */
export function CreatePanel({
  intent,
  title,
  fields,
  children,
}: {
  intent: string;
  title: string;
  fields: string[];
  children: ReactNode;
}) {
  const { errors } = useFormResult(intent);
  return (
    <details className="card create-panel" open={Object.keys(errors).length > 0 || undefined}>
      <summary>{title}</summary>
      <AdminForm intent={intent} fields={fields} label={title}>
        {children}
        <SubmitButton label={title} variant="primary" />
      </AdminForm>
    </details>
  );
}

/**
 * "Which rule applies here?" (routing and deadline pages): a GET form of a unit and a category,
 * and the answer below it once asked.
 */
export function RuleCheck({
  title,
  units,
  categories,
  check,
  anyCategory,
  answer,
}: {
  title: string;
  units: SelectOption[];
  categories: SelectOption[];
  check: { unitId: number; categoryId: number | null } | null;
  /** The category select's "any category" option, where the check allows one. */
  anyCategory?: string;
  answer: string | null;
}) {
  const t = useT();
  return (
    <>
      <h2>{title}</h2>
      <Form method="get" className="filters" aria-label={title}>
        <FilterSelect
          id="check-unit"
          name="checkUnit"
          label={t("common.unit")}
          options={units}
          value={check?.unitId}
        />
        <FilterSelect
          id="check-category"
          name="checkCategory"
          label={t("common.category")}
          options={categories}
          value={check?.categoryId}
          empty={anyCategory}
        />
        <SubmitButton label={t("admin.routing.checkButton")} />
      </Form>
      {answer ? (
        <p className="notice" role="status">
          {answer}
        </p>
      ) : null}
    </>
  );
}

/** An admin page: a section named by its heading, with a lead paragraph. */
export function AdminPage({
  id,
  title,
  lead,
  children,
}: {
  /** Prefix of the heading's id (`${id}-title`). */
  id: string;
  title: string;
  lead: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{title}</h1>
      <p className="lead">{lead}</p>
      {children}
    </section>
  );
}

type Named = { id: number; name: string; nameEn: string | null };

/** Select options of named rows (departments…), in the reader's language. */
export function toNameOptions(locale: Locale, rows: Named[]): [number, string][] {
  return rows.map((r) => [r.id, localized(locale, r.name, r.nameEn)]);
}

/** Select options of units in tree order, indented by depth, with an optional suffix. */
export function toUnitOptions<U extends Named & { path: string }>(
  locale: Locale,
  units: U[],
  suffix: (unit: U) => string = () => "",
): [number, string][] {
  return units.map((u) => [
    u.id,
    `${"— ".repeat(u.path.split("/").filter(Boolean).length - 1)}${localized(locale, u.name, u.nameEn)}${suffix(u)}`,
  ]);
}

/** Select options of categories in tree order, indented by level, with their code if asked. */
export function toCategoryOptions(
  locale: Locale,
  categories: (Named & { level: number; code: string })[],
  { withCode = false } = {},
): [number, string][] {
  return categories.map((c) => [
    c.id,
    `${"— ".repeat(c.level - 1)}${localized(locale, c.name, c.nameEn)}${withCode ? ` (${c.code})` : ""}`,
  ]);
}

/** Date and time in China Standard Time (the same on server and browser, so no hydration drift). */
export function formatDateTime(locale: string, value: Date | string | null | undefined) {
  if (!value) return "";
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "short",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }).format(new Date(value));
}

/** "unit.create" → its catalog label (the code itself if there is none). */
export function actionLabel(t: (key: MessageKey) => string, action: string): string {
  const key = `admin.action.${action}` as MessageKey;
  const text = t(key);
  return text === key ? action : text;
}

import { Form, Link, NavLink, useActionData, useLocation, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { ADMIN_LIMITS } from "../domain/admin/admin.schema";
import type { MessageKey } from "../utils/i18n";
import { useT } from "../utils/use-root";
import { CsrfInput } from "./csrf-input";
import { errorProps, FieldErrors } from "./field";

/**
 * Building blocks of the admin console pages: section navigation, the filter box and pager of
 * long lists, and forms that show the server's field errors beside the fields of the form that
 * was sent (each form has a `formId`), keeping what was typed.
 */

type ActionResult =
  | {
      ok: false;
      formId: string;
      fieldErrors: Record<string, string[]>;
      values: Record<string, string>;
    }
  | { ok: true; formId: string; intent: string; result: unknown };

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
  label,
  confirm,
}: {
  intent: string;
  formId?: string;
  children: ReactNode;
  className?: string;
  /** Fields shown with their own errors; errors of other fields are listed at the top. */
  fields?: string[];
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
      {children}
    </Form>
  );
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
  const { errors, values } = useFormResult(formId);
  const id = `${formId}-${name}`;
  const limits = limitsOf(name);
  const typed = type === "password" ? undefined : values?.[name];
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        required={required}
        defaultValue={typed ?? (defaultValue === null ? undefined : defaultValue)}
        minLength={type !== "number" ? limits?.min : undefined}
        maxLength={type !== "number" ? limits?.max : undefined}
        min={type === "number" ? limits?.min : undefined}
        max={type === "number" ? limits?.max : undefined}
        autoComplete={autoComplete}
        inputMode={inputMode}
        aria-describedby={hint ? `${id}-hint` : undefined}
        {...errorProps(id, errors[name])}
      />
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={id} errors={errors[name]} params={limits} />
    </div>
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
  options: [string | number, string][];
  defaultValue?: string | number | null;
  empty?: string;
  required?: boolean;
}) {
  const { errors, values } = useFormResult(formId);
  const id = `${formId}-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        required={required}
        defaultValue={values?.[name] ?? (defaultValue == null ? "" : String(defaultValue))}
        {...errorProps(id, errors[name])}
      >
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      <FieldErrors id={id} errors={errors[name]} />
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
      <div>
        <button type="submit" className="button">
          {t("admin.filter.apply")}
        </button>
      </div>
    </Form>
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

export function ActiveBadge({ active }: { active: boolean }) {
  const t = useT();
  return (
    <span className={`badge ${active ? "status-completed" : "status-withdrawn"}`}>
      {active ? t("admin.active") : t("admin.inactive")}
    </span>
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
  confirm?: string;
}) {
  const t = useT();
  const formId = `${intent}-${id}`;
  return (
    <AdminForm
      intent={intent}
      formId={formId}
      className="inline"
      confirm={active ? confirm : undefined}
    >
      <input type="hidden" name={idName} value={id} />
      <input type="hidden" name="active" value={active ? "false" : "true"} />
      <button type="submit" className="button small">
        {active ? t("admin.deactivate") : t("admin.reactivate")}
      </button>
    </AdminForm>
  );
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

/** A collapsible "create" panel that opens by itself when its form came back with errors. */
export function CreatePanel({
  formId,
  title,
  children,
}: {
  formId: string;
  title: string;
  children: ReactNode;
}) {
  const { errors } = useFormResult(formId);
  return (
    <details className="card create-panel" open={Object.keys(errors).length > 0 || undefined}>
      <summary>{title}</summary>
      {children}
    </details>
  );
}

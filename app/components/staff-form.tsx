import { Form, useActionData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { localized, type MessageKey } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";
import { CsrfInput } from "./csrf-input";
import { errorProps, FieldErrors } from "./field";

/**
 * Forms of the staff pages: each posts one `intent` with the version the user saw, so the
 * server can refuse a stale write. Errors come back keyed by intent and field.
 */
export interface StaffActionData {
  intent?: string;
  fieldErrors?: Record<string, string[]>;
  conflict?: boolean;
  bulk?: { done: number[]; failed: Array<{ id: number; error: string }> };
}

export function useIntentErrors(intent: string): Record<string, string[]> {
  const data = useActionData<StaffActionData>();
  return data?.intent === intent ? (data.fieldErrors ?? {}) : {};
}

export function ActionForm({
  intent,
  version,
  submitLabel,
  children,
  danger,
  id,
  compact,
}: {
  intent: string;
  version?: number;
  submitLabel: MessageKey;
  children?: ReactNode;
  danger?: boolean;
  id?: string;
  /** A one-button form inside a list row. */
  compact?: boolean;
}) {
  const t = useT();
  const nav = useNavigation();
  const busy = nav.state !== "idle" && nav.formData?.get("intent") === intent;
  const errors = useIntentErrors(intent);
  return (
    <Form
      method="post"
      className={compact ? "inline" : "stack staff-form"}
      id={id}
      aria-busy={busy}
    >
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      {children}
      {errors.version ? <FieldErrors id={`${intent}-version`} errors={errors.version} /> : null}
      <div className={compact ? "inline" : undefined}>
        <button
          type="submit"
          className={`button${danger ? " danger" : ""}${compact ? " small" : ""}`}
          disabled={busy}
        >
          {t(submitLabel)}
        </button>
      </div>
    </Form>
  );
}

/** A labelled input, select or textarea with its errors for one intent. */
export function StaffField({
  intent,
  name,
  label,
  children,
  hint,
}: {
  intent: string;
  name: string;
  label: MessageKey;
  hint?: ReactNode;
  children: (props: { id: string; name: string } & ReturnType<typeof errorProps>) => ReactNode;
}) {
  const t = useT();
  const errors = useIntentErrors(intent)[name];
  const id = `${intent}-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{t(label)}</label>
      {hint ? <p className="muted small">{hint}</p> : null}
      {children({ id, name, ...errorProps(id, errors) })}
      <FieldErrors id={id} errors={errors} />
    </div>
  );
}

/** The banner shown when someone else changed the item first. */
export function ConflictBanner() {
  const data = useActionData<StaffActionData>();
  const t = useT();
  if (!data?.conflict) return null;
  return (
    <div role="alert" className="flash flash-error">
      {t("staff.conflict")}{" "}
      <a href="?" className="button small">
        {t("staff.reload")}
      </a>
    </div>
  );
}

/** `<option>`s for rows with a Chinese and an English name, in the reader's language. */
export function LocalizedOptions({
  items,
}: {
  items: ReadonlyArray<{ id: number; name: string; nameEn: string }>;
}) {
  const locale = useLocale();
  return (
    <>
      {items.map((item) => (
        <option key={item.id} value={item.id}>
          {localized(locale, item.name, item.nameEn)}
        </option>
      ))}
    </>
  );
}

import type { MessageKey } from "../utils/i18n";
import { useT } from "../utils/use-root";

/** A labelled field with its error list; errors are catalog keys from the shared zod schema. */
export function FieldErrors({
  id,
  errors,
  params,
}: {
  id: string;
  errors?: string[];
  params?: Record<string, string | number>;
}) {
  const t = useT();
  if (!errors?.length) return null;
  return (
    <ul id={`${id}-error`} className="field-error">
      {errors.map((e) => (
        <li key={e}>{t(e as MessageKey, params)}</li>
      ))}
    </ul>
  );
}

export function errorProps(id: string, errors?: string[]) {
  return errors?.length ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` } : {};
}

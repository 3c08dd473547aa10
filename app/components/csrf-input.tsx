import { useRootData } from "../utils/use-root";

/** Every form includes this hidden field; the server checks it against the CSRF cookie. */
export function CsrfInput() {
  const token = useRootData()?.csrf ?? "";
  return <input type="hidden" name="csrf" value={token} />;
}

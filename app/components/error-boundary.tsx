import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import type { MessageKey } from "../utils/i18n";
import { useT } from "../utils/use-root";

/** The shared error boundary: every route's boundary renders this. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  let title: MessageKey = "error.title";
  let body: string = t("error.generic");
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = "error.notFound";
      body = t("error.notFoundBody");
    } else if (error.status === 403) {
      title = "error.forbidden";
      body = t("error.forbiddenBody");
    } else if (error.status === 409) {
      title = "error.title";
      body = t("error.conflict");
    } else if (error.status === 429) {
      title = "error.tooMany";
      const retryAfter = (error.data as { retryAfter?: unknown } | null)?.retryAfter;
      const minutes = typeof retryAfter === "number" ? Math.max(1, Math.ceil(retryAfter / 60)) : 60;
      body = t("error.tooManyBody", { minutes });
    }
  }
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{t(title)}</h1>
      <p>{body}</p>
      {isRouteErrorResponse(error) ? <p className="muted">HTTP {error.status}</p> : null}
      <p>
        <Link to="/">{t("error.backHome")}</Link>
      </p>
    </section>
  );
}

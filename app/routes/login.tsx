import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "../components/csrf-input";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { LoginSchema } from "../domain/auth/auth.schema";
import { getStaffUser, sessionCookie, signIn } from "../domain/auth/auth.server";
import { homePathFor } from "../domain/auth/permissions";
import { assertCsrf } from "../utils/csrf.server";
import { guarded } from "../utils/http.server";
import {
  clientIp,
  forgiveRateLimitHit,
  rateLimitWait,
  recordRateLimitHit,
} from "../utils/rate-limit.server";
import { safeRedirect } from "../utils/safe-redirect";
import { useT } from "../utils/use-root";

/** A refused (429) sign-in tells the client when to come back. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const out = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) out.set("Retry-After", retryAfter);
  return out;
};

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const user = await getStaffUser(request);
  if (user) throw redirect(homePathFor(user));
  return null;
});

export const action = /* @__PURE__ */ guarded(async ({ request }: ActionFunctionArgs) => {
  const form = await request.formData();
  await assertCsrf(request, form);
  const parsed = LoginSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ error: "invalid" as const, minutes: 0 }, { status: 400 });
  // Failed sign-ins are also counted per IP: one address trying a few passwords on many
  // accounts never locks any of them.
  const ip = clientIp(request);
  const wait = rateLimitWait("login", [ip]);
  if (wait > 0)
    return data(
      { error: "throttled" as const, minutes: Math.max(1, Math.ceil(wait / 60)) },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  // Counted before the password check (which takes time), so a burst of parallel attempts
  // cannot all pass the limit; a successful sign-in takes its count back.
  recordRateLimitHit("login", [ip]);
  const result = await signIn(parsed.data.username, parsed.data.password);
  if (!result.ok) return data({ error: result.reason, minutes: 0 }, { status: 401 });
  forgiveRateLimitHit("login", [ip]);
  return redirect(safeRedirect(parsed.data.redirectTo, homePathFor(result.user)), {
    headers: { "Set-Cookie": await sessionCookie(result.token) },
  });
});

export default function Login() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      {actionData?.error ? (
        <p className="form-error" role="alert">
          {actionData.error === "throttled"
            ? t("login.throttled", { minutes: actionData.minutes })
            : actionData.error === "locked"
              ? t("login.locked")
              : t("login.invalid")}
        </p>
      ) : null}
      <Form method="post" className="stack">
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <div className="field">
          <label htmlFor="username">{t("login.username")}</label>
          <input id="username" name="username" autoComplete="username" required maxLength={64} />
        </div>
        <div className="field">
          <label htmlFor="password">{t("login.password")}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={256}
          />
        </div>
        <button type="submit" className="button primary" disabled={busy}>
          {t("login.submit")}
        </button>
      </Form>
      <p className="muted">{t("login.demoHint")}</p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

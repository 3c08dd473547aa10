import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "../components/csrf-input";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { FieldErrors } from "../components/field";
import { SuggestionView } from "../components/suggestion-view";
import { rateSatisfaction } from "../domain/suggestions/engagement.server";
import { getSuggestionView } from "../domain/suggestions/public.server";
import {
  fieldErrors,
  SatisfactionSchema,
  TrackSchema,
} from "../domain/suggestions/suggestions.schema";
import publicStyles from "../styles/public.css";
import { assertCsrf } from "../utils/csrf.server";
import { ConflictError, NotFoundError, RateLimitedError } from "../utils/errors";
import { guarded } from "../utils/http.server";
import { clientIp, hitRateLimit } from "../utils/rate-limit.server";
import { useT } from "../utils/use-root";

export const links = () => [{ rel: "stylesheet", href: publicStyles }];

/**
 * With the secret this page is the submitter's private view, so no browser or proxy may keep
 * it; a refused (429) post tells the client when to come back.
 */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const out = new Headers({ "Cache-Control": "no-store" });
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) out.set("Retry-After", retryAfter);
  return out;
};

export const loader = /* @__PURE__ */ guarded(async (_: LoaderFunctionArgs) => null);

/** Code + secret → the private view; code alone → what is public. Also takes the rating. */
export const action = /* @__PURE__ */ guarded(async ({ request }: ActionFunctionArgs) => {
  const form = await request.formData();
  await assertCsrf(request, form);
  const parsed = TrackSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success)
    return data(
      {
        view: null,
        fieldErrors: fieldErrors(parsed.error),
        rated: false,
        secret: undefined,
        rateLimited: 0,
      },
      { status: 400 },
    );
  const { code, secret } = parsed.data;
  if (form.get("intent") === "rate" && secret) {
    try {
      // Per address only: a limit per tracking code, counted before the secret is checked,
      // let anyone who knows a public code lock its owner out of rating.
      hitRateLimit("satisfaction", [clientIp(request)]);
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      // A friendly 429: the page stays, with what happened and when to try again.
      return data(
        {
          view: getSuggestionView(code, { secret }),
          fieldErrors: {},
          rated: false,
          secret,
          rateLimited: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)),
        },
        { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
      );
    }
    const rating = SatisfactionSchema.safeParse(Object.fromEntries(form));
    if (!rating.success) {
      return data(
        {
          view: getSuggestionView(code, { secret }),
          fieldErrors: fieldErrors(rating.error),
          rated: false,
          secret,
          rateLimited: 0,
        },
        { status: 400 },
      );
    }
    try {
      rateSatisfaction({ code, secret, ...rating.data });
    } catch (error) {
      if (error instanceof ConflictError) {
        return data(
          {
            view: getSuggestionView(code, { secret }),
            fieldErrors: { score: ["track.alreadyRated"] },
            rated: false,
            secret,
            rateLimited: 0,
          },
          { status: 409 },
        );
      }
      throw error;
    }
    return data({
      view: getSuggestionView(code, { secret }),
      fieldErrors: {},
      rated: true,
      secret,
      rateLimited: 0,
    });
  }
  try {
    const view = getSuggestionView(code, { secret });
    // A secret that does not open the private view is said so beside the secret field; the
    // public page (if there is one) is still shown.
    const wrongSecret = secret !== undefined && !view.isOwner;
    return data({
      view,
      fieldErrors: wrongSecret ? { secret: ["track.wrongSecret"] } : {},
      rated: false,
      secret: wrongSecret ? undefined : secret,
      rateLimited: 0,
    });
  } catch (error) {
    if (error instanceof NotFoundError)
      return data(
        {
          view: null,
          fieldErrors: secret ? { secret: ["track.wrongSecret"] } : { code: ["track.notFound"] },
          rated: false,
          secret: undefined,
          rateLimited: 0,
        },
        { status: 404 },
      );
    throw error;
  }
});

export default function Track() {
  useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const errors = (result?.fieldErrors ?? {}) as Record<string, string[] | undefined>;
  const view = result?.view;
  return (
    <section aria-labelledby="track-title">
      <h1 id="track-title">{t("track.title")}</h1>
      <Form method="post" className="stack narrow">
        <CsrfInput />
        <div className="field">
          <label htmlFor="code">{t("track.code")}</label>
          <input
            id="code"
            name="code"
            required
            defaultValue={params.get("code") ?? ""}
            placeholder="JY-2026-000123"
            aria-invalid={errors.code ? true : undefined}
            aria-describedby={errors.code ? "code-error" : undefined}
          />
          <FieldErrors id="code" errors={errors.code} />
        </div>
        <div className="field">
          <label htmlFor="secret">{t("track.secret")}</label>
          <input
            id="secret"
            name="secret"
            autoComplete="off"
            aria-invalid={errors.secret ? true : undefined}
            aria-describedby={errors.secret ? "secret-hint secret-error" : "secret-hint"}
          />
          <p id="secret-hint" className="hint">
            {t("track.secretHint")}
          </p>
          <FieldErrors id="secret" errors={errors.secret} />
        </div>
        <button type="submit" className="button primary">
          {t("track.submit")}
        </button>
      </Form>
      {view ? (
        <SuggestionView
          view={view}
          rated={result?.rated ?? false}
          ratingErrors={errors}
          secret={result?.secret}
          titleLevel={2}
          rateLimitMinutes={result?.rateLimited || undefined}
        />
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useFetcher,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { CsrfInput } from "../components/csrf-input";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { errorProps, FieldErrors } from "../components/field";
import { SupportOutcome, supportCount, useSupportFetcher } from "../components/support-outcome";
import { getFormChoices } from "../domain/orgs/taxonomy.server";
import { submitSuggestion } from "../domain/suggestions/submit.server";
import {
  fieldErrors,
  SUBMIT_LIMITS,
  SubmitSuggestionSchema,
} from "../domain/suggestions/suggestions.schema";
import publicStyles from "../styles/public.css";
import { appCookies } from "../utils/cookies.server";
import { assertCsrf } from "../utils/csrf.server";
import { DomainValidationError, RateLimitedError } from "../utils/errors";
import { guarded } from "../utils/http.server";
import { localized } from "../utils/i18n";
import { clientIp, hitRateLimit } from "../utils/rate-limit.server";
import { useLocale, useT } from "../utils/use-root";
import type { loader as similarLoader } from "./api.v1.similar";

export const links = () => [{ rel: "stylesheet", href: publicStyles }];

/** A refused (429) post tells the client when to come back. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const out = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) out.set("Retry-After", retryAfter);
  return out;
};

export const loader = /* @__PURE__ */ guarded(async (_: LoaderFunctionArgs) => {
  // A fresh idempotency key per form render: a double click or a retry creates one suggestion.
  return { choices: getFormChoices(), idempotencyKey: globalThis.crypto.randomUUID() };
});

export const action = /* @__PURE__ */ guarded(async ({ request }: ActionFunctionArgs) => {
  const form = await request.formData();
  await assertCsrf(request, form);
  const values = Object.fromEntries(form);
  const parsed = SubmitSuggestionSchema.safeParse(values);
  // What was typed goes back with any refusal, so the form keeps it even without JavaScript.
  const typed = keptValues(form);
  if (!parsed.success)
    return data({ fieldErrors: fieldErrors(parsed.error), values: typed }, { status: 400 });
  try {
    hitRateLimit("submit", [clientIp(request), parsed.data.contactPhone, parsed.data.contactEmail]);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    // A friendly 429: the form stays filled in and says when to try again.
    return data(
      {
        fieldErrors: {},
        values: typed,
        rateLimited: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)),
      },
      { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
    );
  }
  try {
    const { idempotencyKey, ...input } = parsed.data;
    const result = submitSuggestion(input, {
      channel: "web",
      idempotencyKey: idempotencyKey ? `web:${idempotencyKey}` : undefined,
    });
    // The secret travels once, in a short-lived signed cookie, to the confirmation page.
    return redirect(`/submit/done`, {
      headers: {
        "Set-Cookie": await appCookies().receipt.serialize({
          receipt: { code: result.trackingCode, secret: result.secret },
        }),
      },
    });
  } catch (error) {
    if (error instanceof DomainValidationError)
      return data({ fieldErrors: error.fieldErrors, values: typed }, { status: 400 });
    throw error;
  }
});

const KEPT = [
  "title",
  "body",
  "regionUnitId",
  "categoryId",
  "callId",
  "contactName",
  "contactPhone",
  "contactEmail",
] as const;

function keptValues(form: FormData): Partial<Record<(typeof KEPT)[number], string>> {
  const out: Partial<Record<(typeof KEPT)[number], string>> = {};
  for (const key of KEPT) {
    const value = form.get(key);
    if (typeof value === "string" && value !== "") out[key] = value.slice(0, 5000);
  }
  return out;
}

type SimilarData = Awaited<ReturnType<typeof similarLoader>>;

export default function Submit() {
  const { choices, idempotencyKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = (
    actionData && "fieldErrors" in actionData ? actionData.fieldErrors : {}
  ) as Record<string, string[] | undefined>;
  const rateLimited = actionData && "rateLimited" in actionData ? actionData.rateLimited : 0;
  const kept = (actionData && "values" in actionData ? actionData.values : {}) as Partial<
    Record<(typeof KEPT)[number], string>
  >;
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [dismissed, setDismissed] = useState(false);
  const similar = useFetcher<{ matches: SimilarItem[] }>();
  const category = useFetcher<{
    prediction: { categoryId: number; confidence: number } | null;
  }>();
  const categoryRef = useRef<HTMLSelectElement>(null);
  const [categoryTouched, setCategoryTouched] = useState(Boolean(kept.categoryId));
  const timer = useRef<ReturnType<typeof setTimeout>>();
  // Uncontrolled fields keep what was typed before hydration and after a failed submit.
  const titleRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    setTitle(titleRef.current?.value ?? "");
    setBody(bodyRef.current?.value ?? "");
  }, []);

  // After a refused post, bring the problem into view: the limit notice, or the first bad field.
  const problemRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!actionData) return;
    if ("rateLimited" in actionData && actionData.rateLimited) {
      problemRef.current?.focus();
      return;
    }
    const first = Object.keys(actionData.fieldErrors ?? {})[0];
    if (first) document.getElementById(first)?.focus();
  }, [actionData]);

  // Debounced similar lookup while the citizen types.
  useEffect(() => {
    if (timer.current) clearTimeout(timer.current);
    const text = `${body}`.trim();
    if (title.trim().length + text.length < 8) return;
    timer.current = setTimeout(() => {
      const q = new URLSearchParams({ title, text: text || title, k: "5" });
      similar.load(`/api/v1/similar?${q.toString()}`);
      // Once the text is long enough, ask for the likely category (unless one was chosen).
      if (text.length >= SUBMIT_LIMITS.body.minLength && !categoryTouched) {
        category.load(`/submit/category?${new URLSearchParams({ title, text }).toString()}`);
      }
    }, 400);
    return () => clearTimeout(timer.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [title, body, similar.load, category.load, categoryTouched]);

  // Pre-fill the predicted category while the citizen has not chosen one themselves.
  const predicted = category.data?.prediction ?? null;
  const predictedChoice = predicted
    ? choices.categories.find((c) => c.id === predicted.categoryId)
    : undefined;
  useEffect(() => {
    if (predictedChoice && categoryRef.current && !categoryTouched) {
      categoryRef.current.value = String(predictedChoice.id);
    }
  }, [predictedChoice, categoryTouched]);

  const matches = (similar.data?.matches ?? []) as SimilarItem[];
  const lim = SUBMIT_LIMITS;
  return (
    <div className="grid-2">
      <section aria-labelledby="submit-title">
        <h1 id="submit-title">{t("submit.title")}</h1>
        <p className="muted">{t("submit.intro")}</p>
        {Object.keys(errors).length ? (
          <p className="form-error" role="alert">
            {errors.idempotencyKey ? t("submit.keyReused") : t("error.invalid")}
          </p>
        ) : null}
        {rateLimited ? (
          <div className="limit-page" role="alert" tabIndex={-1} ref={problemRef}>
            <h2>{t("error.tooMany")}</h2>
            <p>{t("limit.submit", { minutes: rateLimited })}</p>
            <p>{t("limit.kept")}</p>
          </div>
        ) : null}
        <Form method="post" className="stack" noValidate>
          <CsrfInput />
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          <div className="field">
            <label htmlFor="title">{t("submit.field.title")}</label>
            <input
              id="title"
              name="title"
              defaultValue={kept.title}
              required
              minLength={lim.title.minLength}
              maxLength={lim.title.maxLength}
              ref={titleRef}
              onChange={(e) => setTitle(e.target.value)}
              {...errorProps("title", errors.title)}
            />
            <FieldErrors
              id="title"
              errors={errors.title}
              params={{ min: lim.title.minLength, max: lim.title.maxLength }}
            />
          </div>
          <div className="field">
            <label htmlFor="body">{t("submit.field.body")}</label>
            <textarea
              id="body"
              name="body"
              defaultValue={kept.body}
              required
              minLength={lim.body.minLength}
              maxLength={lim.body.maxLength}
              ref={bodyRef}
              onChange={(e) => setBody(e.target.value)}
              aria-describedby="body-hint"
              {...errorProps("body", errors.body)}
            />
            <p id="body-hint" className="hint">
              {t("submit.field.bodyHint", { n: body.length, max: lim.body.maxLength })}
            </p>
            <FieldErrors
              id="body"
              errors={errors.body}
              params={{ min: lim.body.minLength, max: lim.body.maxLength }}
            />
            {matches.length > 0 && !dismissed ? (
              // On a phone the panel is below the form: point to it where the citizen types.
              <p className="similar-jump">
                <a href="#similar-title">{t("submit.similar.found", { n: matches.length })}</a>
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor="regionUnitId">{t("submit.field.region")}</label>
            <select
              id="regionUnitId"
              name="regionUnitId"
              required
              defaultValue={kept.regionUnitId ?? ""}
              {...errorProps("regionUnitId", errors.regionUnitId)}
            >
              <option value="">{t("submit.choose")}</option>
              {choices.regions.map((r) => (
                <option key={r.id} value={r.id}>
                  {"\u00a0".repeat((r.path.split("/").length - 4) * 2)}
                  {localized(locale, r.name, r.nameEn)}
                </option>
              ))}
            </select>
            <FieldErrors id="regionUnitId" errors={errors.regionUnitId} />
          </div>
          <div className="field">
            <label htmlFor="categoryId">{t("submit.field.category")}</label>
            <select
              id="categoryId"
              name="categoryId"
              defaultValue={kept.categoryId ?? ""}
              ref={categoryRef}
              onChange={() => setCategoryTouched(true)}
              aria-describedby="category-hint"
            >
              <option value="">{t("submit.categoryAuto")}</option>
              {choices.categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.level === 2 ? "\u00a0\u00a0" : ""}
                  {localized(locale, c.name, c.nameEn)}
                </option>
              ))}
            </select>
            <p id="category-hint" className="hint" aria-live="polite">
              {predictedChoice && !categoryTouched
                ? t("submit.categoryPredicted", {
                    name: localized(locale, predictedChoice.name, predictedChoice.nameEn),
                    pct: Math.round((predicted?.confidence ?? 0) * 100),
                  })
                : ""}
            </p>
          </div>
          {choices.calls.length ? (
            <div className="field">
              <label htmlFor="callId">{t("submit.field.call")}</label>
              <select
                id="callId"
                name="callId"
                defaultValue={kept.callId ?? params.get("call") ?? ""}
              >
                <option value="">{t("common.none")}</option>
                {choices.calls.map((c) => (
                  <option key={c.id} value={c.id}>
                    {localized(locale, c.title, c.titleEn)}
                  </option>
                ))}
              </select>
              <FieldErrors id="callId" errors={errors.callId} />
            </div>
          ) : null}
          <fieldset className="field">
            <legend>{t("submit.contact")}</legend>
            <p className="hint">{t("submit.contactHint")}</p>
            <label htmlFor="contactName">{t("submit.field.name")}</label>
            <input
              id="contactName"
              name="contactName"
              maxLength={50}
              autoComplete="name"
              defaultValue={kept.contactName}
            />
            <label htmlFor="contactPhone">{t("submit.field.phone")}</label>
            <input
              id="contactPhone"
              name="contactPhone"
              defaultValue={kept.contactPhone}
              maxLength={20}
              inputMode="tel"
              autoComplete="tel"
              {...errorProps("contactPhone", errors.contactPhone)}
            />
            <FieldErrors id="contactPhone" errors={errors.contactPhone} />
            <label htmlFor="contactEmail">{t("submit.field.email")}</label>
            <input
              id="contactEmail"
              name="contactEmail"
              defaultValue={kept.contactEmail}
              type="email"
              maxLength={120}
              autoComplete="email"
              {...errorProps("contactEmail", errors.contactEmail)}
            />
            <FieldErrors id="contactEmail" errors={errors.contactEmail} />
          </fieldset>
          <div className="checks">
            <label>
              <input type="checkbox" name="publishConsent" defaultChecked />{" "}
              {t("submit.field.consent")}
            </label>
            <label>
              <input type="checkbox" name="anonymous" /> {t("submit.field.anonymous")}
            </label>
          </div>
          <div className="honeypot" aria-hidden="true">
            <label htmlFor="website">Website</label>
            <input id="website" name="website" tabIndex={-1} autoComplete="off" />
          </div>
          <button type="submit" className="button primary" disabled={busy}>
            {t("submit.submit")}
          </button>
        </Form>
      </section>
      <aside aria-labelledby="similar-title" aria-live="polite" className="similar-panel">
        <h2 id="similar-title">{t("submit.similar.title")}</h2>
        {matches.length === 0 || dismissed ? (
          <p className="muted">
            {dismissed ? t("submit.similar.dismissed") : t("submit.similar.empty")}
          </p>
        ) : (
          <>
            <p className="hint">{t("submit.similar.hint")}</p>
            <ul className="cards">
              {matches.map((m) => (
                <SimilarCard key={m.trackingCode} item={m} />
              ))}
            </ul>
            <button type="button" className="button small" onClick={() => setDismissed(true)}>
              {t("submit.similar.different")}
            </button>
          </>
        )}
      </aside>
    </div>
  );
}

interface SimilarItem {
  trackingCode: string;
  title: string;
  excerpt: string;
  status: string;
  decision: string | null;
  supportsCount: number;
  outcomeTitle: string | null;
  score: number;
  verdict: string;
}

function SimilarCard({ item }: { item: SimilarItem }) {
  const t = useT();
  const support = useSupportFetcher(item.trackingCode);
  const count = supportCount(support.data, item.supportsCount);
  return (
    <li className="card">
      <h3>
        <Link to={`/suggestions/${item.trackingCode}`} target="_blank">
          {item.title}
        </Link>
      </h3>
      <p className="hint">{item.excerpt}</p>
      <p>
        <span className={`badge status-${item.status}`}>{t(`status.${item.status}` as never)}</span>{" "}
        {item.decision ? (
          <span className="badge">{t(`decision.${item.decision}` as never)}</span>
        ) : null}{" "}
        <span className="muted">
          {t(item.verdict === "duplicate" ? "submit.similar.duplicate" : "submit.similar.related")}
        </span>
      </p>
      {item.outcomeTitle ? (
        <p className="hint">{t("submit.similar.outcome", { title: item.outcomeTitle })}</p>
      ) : null}
      <support.Form method="post" action={`/suggestions/${item.trackingCode}/support`}>
        <CsrfInput />
        <button
          type="submit"
          className="button small"
          disabled={support.state !== "idle"}
          aria-label={t("support.buttonFor", { title: item.title })}
        >
          {t("support.button")} · {t("common.supports", { n: count })}
        </button>
        <SupportOutcome data={support.data} />
      </support.Form>
    </li>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export type { SimilarData };

import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { FollowBox, type FollowResult } from "../components/follow-box";
import { SuggestionView } from "../components/suggestion-view";
import { followSuggestion } from "../domain/suggestions/follows.server";
import { FollowSchema, parseFollowContact } from "../domain/suggestions/public.schema";
import { getSuggestionView } from "../domain/suggestions/public.server";
import { fieldErrors } from "../domain/suggestions/suggestions.schema";
import publicStyles from "../styles/public.css";
import { assertCsrf } from "../utils/csrf.server";
import { RateLimitedError } from "../utils/errors";
import { guarded } from "../utils/http.server";
import { clientIp, hitRateLimit } from "../utils/rate-limit.server";

export const links = () => [{ rel: "stylesheet", href: publicStyles }];

/** A refused (429) post tells the client when to come back. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const out = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) out.set("Retry-After", retryAfter);
  return out;
};

export const loader = /* @__PURE__ */ guarded(async ({ params }: LoaderFunctionArgs) => {
  return { view: getSuggestionView(String(params.code)) };
});

/** Follow (关注) with an e-mail or phone: one per address, started from the link sent there. */
export const action = /* @__PURE__ */ guarded(async ({ request, params }: ActionFunctionArgs) => {
  const form = await request.formData();
  await assertCsrf(request, form);
  const code = String(params.code);
  const parsed = FollowSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    return data<FollowResult>(
      { status: "invalid", fieldErrors: fieldErrors(parsed.error) },
      { status: 400 },
    );
  }
  try {
    // Per address too: each request may send that address a message.
    hitRateLimit("support", [clientIp(request)]);
    hitRateLimit("follow", [parseFollowContact(parsed.data.contact)?.value]);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    return data<FollowResult>(
      { status: "limited", minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) },
      { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
    );
  }
  followSuggestion(code, parsed.data.contact);
  // The same answer whatever the address's state: the page never tells who follows what.
  return data<FollowResult>({ status: "requested" });
});

export default function PublicSuggestion() {
  const { view } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <SuggestionView view={view} rated={false} ratingErrors={{}}>
      <FollowBox code={view.suggestion.trackingCode} result={result} />
    </SuggestionView>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "../components/csrf-input";
import { GeneralErrorBoundary } from "../components/error-boundary";
import {
  getFollow,
  parseFollowLink,
  unfollowSuggestion,
} from "../domain/suggestions/follows.server";
import { assertCsrf } from "../utils/csrf.server";
import { guarded } from "../utils/http.server";
import { useT } from "../utils/use-root";

/** The unfollow link from a follow message: shows what it stops, and stops it on a POST. */
export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const { f, t } = parseFollowLink(Object.fromEntries(new URL(request.url).searchParams));
  return data(
    { follow: getFollow("unfollow", f, t), token: t },
    { headers: { "Cache-Control": "no-store" } },
  );
});

export const action = /* @__PURE__ */ guarded(async ({ request }: ActionFunctionArgs) => {
  const form = await request.formData();
  await assertCsrf(request, form);
  const { f, t } = parseFollowLink(Object.fromEntries(form));
  unfollowSuggestion(f, t);
  return { done: true };
});

export default function Unfollow() {
  const { follow, token } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const stopped = result?.done || !follow.active;
  return (
    <section aria-labelledby="unfollow-title" className="narrow">
      <h1 id="unfollow-title">{t("follow.unfollowTitle")}</h1>
      <p>
        <Link to={`/suggestions/${follow.trackingCode}`}>{follow.title}</Link> (
        {follow.trackingCode})
      </p>
      {stopped ? (
        <p role="status" className="flash flash-success">
          {t("follow.unfollowed")}
        </p>
      ) : (
        <Form method="post" className="stack">
          <CsrfInput />
          <input type="hidden" name="f" value={follow.followId} />
          <input type="hidden" name="t" value={token} />
          <p>{t("follow.unfollowConfirm")}</p>
          <p>
            <button type="submit" className="button primary">
              {t("follow.unfollowButton")}
            </button>
          </p>
        </Form>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

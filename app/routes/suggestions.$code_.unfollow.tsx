import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { FollowLinkPage } from "../components/follow-box";
import {
  getFollow,
  parseFollowLink,
  unfollowSuggestion,
} from "../domain/suggestions/follows.server";
import { assertCsrf } from "../utils/csrf.server";
import { guarded } from "../utils/http.server";
import { useT } from "../utils/use-root";

/** The page behind a token link is never stored by a browser or proxy. */
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

/** The unfollow link from a follow message: shows what it stops, and stops it on a POST. */
export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const { f, t } = parseFollowLink(Object.fromEntries(new URL(request.url).searchParams));
  return data({ follow: getFollow("unfollow", f, t), token: t });
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
  return (
    <FollowLinkPage
      title="follow.unfollowTitle"
      follow={follow}
      token={token}
      ask="follow.unfollowConfirm"
      button="follow.unfollowButton"
      outcome={
        result?.done || !follow.active ? (
          <p role="status" className="flash flash-success">
            {t("follow.unfollowed")}
          </p>
        ) : null
      }
    />
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

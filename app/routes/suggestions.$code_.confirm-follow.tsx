import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { FollowLinkPage } from "../components/follow-box";
import {
  confirmFollow,
  getFollow,
  parseFollowLink,
  unfollowPath,
} from "../domain/suggestions/follows.server";
import { assertCsrf } from "../utils/csrf.server";
import { guarded } from "../utils/http.server";
import { useT } from "../utils/use-root";

/** The page behind a token link is never stored by a browser or proxy. */
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

/**
 * The confirmation link sent to a new follower's address (double opt-in). Opening it shows
 * what would be followed; the follow starts on the POST of its button, so a mail scanner that
 * opens links confirms nothing.
 */
export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const { f, t } = parseFollowLink(Object.fromEntries(new URL(request.url).searchParams));
  const follow = getFollow("confirm", f, t);
  return data({
    follow,
    token: t,
    unfollowUrl: unfollowPath(follow.trackingCode, follow.followId),
  });
});

export const action = /* @__PURE__ */ guarded(async ({ request }: ActionFunctionArgs) => {
  const form = await request.formData();
  await assertCsrf(request, form);
  const { f, t } = parseFollowLink(Object.fromEntries(form));
  confirmFollow(f, t);
  return { done: true };
});

export default function ConfirmFollow() {
  const { follow, token, unfollowUrl } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <FollowLinkPage
      title="follow.confirmTitle"
      follow={follow}
      token={token}
      ask="follow.confirmAsk"
      button="follow.confirmButton"
      outcome={
        !follow.active ? (
          <p role="status">{t("follow.confirmStopped")}</p>
        ) : result?.done || follow.confirmed ? (
          <div role="status" className="flash flash-success">
            <p>{t("follow.confirmed")}</p>
            <p className="hint">
              {t("follow.unfollowHint")} <Link to={unfollowUrl}>{t("follow.unfollow")}</Link>
            </p>
          </div>
        ) : null
      }
    />
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

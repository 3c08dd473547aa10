import { Form, Link, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { MessageKey } from "../utils/i18n";
import { useT } from "../utils/use-root";
import { CsrfInput } from "./csrf-input";
import { errorProps, FieldErrors } from "./field";

export type FollowResult =
  | { status: "invalid"; fieldErrors: Record<string, string[]> }
  | { status: "limited"; minutes: number }
  /** Sent to the address (a link to confirm, unless it already follows): one answer for all. */
  | { status: "requested" };

/** 关注: get e-mail or SMS updates when this suggestion changes publicly. */
export function FollowBox({ code, result }: { code: string; result?: FollowResult }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = result?.status === "invalid" ? result.fieldErrors.contact : undefined;
  return (
    <section aria-labelledby="follow-title" className="follow-box">
      <h3 id="follow-title">{t("follow.title")}</h3>
      {result?.status === "requested" ? (
        <p role="status">{t("follow.requested")}</p>
      ) : (
        <>
          <p className="hint" id="follow-hint">
            {t("follow.hint")}
          </p>
          {result?.status === "limited" ? (
            <p className="form-error" role="alert">
              {t("limit.follow", { minutes: result.minutes })}
            </p>
          ) : null}
          <Form
            method="post"
            noValidate
            preventScrollReset
            className="follow-row"
            action={`/suggestions/${code}`}
          >
            <CsrfInput />
            <div className="field">
              <label htmlFor="follow-contact">{t("follow.contact")}</label>
              <input
                id="follow-contact"
                name="contact"
                maxLength={120}
                autoComplete="email"
                required
                {...errorProps("follow-contact", errors)}
                aria-describedby={errors ? "follow-contact-error" : "follow-hint"}
              />
              <FieldErrors id="follow-contact" errors={errors} />
            </div>
            <button type="submit" className="button" disabled={busy}>
              {t("follow.button")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}

/**
 * The page behind a link sent to a follower (confirm, unfollow): what the link is about, and
 * either the outcome or the button whose POST acts on it (opening a link changes nothing).
 */
export function FollowLinkPage({
  title,
  follow,
  token,
  outcome,
  ask,
  button,
}: {
  title: MessageKey;
  follow: { followId: number; trackingCode: string; title: string };
  token: string;
  /** Shown instead of the form once there is nothing left to do. */
  outcome: ReactNode | null;
  ask: MessageKey;
  button: MessageKey;
}) {
  const t = useT();
  return (
    <section aria-labelledby="follow-link-title" className="narrow">
      <h1 id="follow-link-title">{t(title)}</h1>
      <p>
        <Link to={`/suggestions/${follow.trackingCode}`}>{follow.title}</Link> (
        {follow.trackingCode})
      </p>
      {outcome ?? (
        <Form method="post" className="stack">
          <CsrfInput />
          <input type="hidden" name="f" value={follow.followId} />
          <input type="hidden" name="t" value={token} />
          <p>{t(ask)}</p>
          <p>
            <button type="submit" className="button primary">
              {t(button)}
            </button>
          </p>
        </Form>
      )}
    </section>
  );
}

import { Form, useNavigation } from "@remix-run/react";
import { useT } from "../utils/use-root";
import { CsrfInput } from "./csrf-input";
import { errorProps, FieldErrors } from "./field";

export type FollowResult =
  | { status: "invalid"; fieldErrors: Record<string, string[]> }
  | { status: "limited"; minutes: number }
  /** requested: a confirmation link was sent; pending: one had been sent before. */
  | { status: "requested" | "pending" | "following" };

const DONE = {
  requested: "follow.requested",
  pending: "follow.pending",
  following: "follow.already",
} as const;

/** 关注: get e-mail or SMS updates when this suggestion changes publicly. */
export function FollowBox({ code, result }: { code: string; result?: FollowResult }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = result?.status === "invalid" ? result.fieldErrors.contact : undefined;
  return (
    <section aria-labelledby="follow-title" className="follow-box">
      <h3 id="follow-title">{t("follow.title")}</h3>
      {result && result.status in DONE ? (
        <p role="status">{t(DONE[result.status as keyof typeof DONE])}</p>
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

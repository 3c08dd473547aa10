import { data, type HeadersFunction, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { appCookies } from "../utils/cookies.server";
import { guarded } from "../utils/http.server";
import { useT } from "../utils/use-root";

/**
 * The page shows the secret, so no browser or proxy may keep it. (Loader headers reach a
 * response only through this export; Set-Cookie is the one Remix passes on by itself.)
 */
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

/** The confirmation: tracking code and secret, shown once (the cookie is cleared here). */
export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const value = await appCookies().receipt.parse(request.headers.get("Cookie"));
  const receipt =
    value && typeof value === "object" && "receipt" in value
      ? (value.receipt as { code: string; secret: string })
      : null;
  if (!receipt) throw redirect("/track");
  return data(
    { receipt },
    {
      headers: { "Set-Cookie": await appCookies().receipt.serialize("", { maxAge: 0 }) },
    },
  );
});

export default function SubmitDone() {
  const { receipt } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section aria-labelledby="done-title" className="narrow">
      <h1 id="done-title">{t("done.title")}</h1>
      <p>{t("done.lead")}</p>
      <dl className="receipt">
        <dt>{t("done.code")}</dt>
        <dd data-testid="tracking-code">{receipt.code}</dd>
        <dt>{t("done.secret")}</dt>
        <dd data-testid="tracking-secret">{receipt.secret}</dd>
      </dl>
      <p className="hint">{t("done.keep")}</p>
      <p>
        <Link className="button primary" to={`/track?code=${encodeURIComponent(receipt.code)}`}>
          {t("done.track")}
        </Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

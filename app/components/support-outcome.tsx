import { useFetcher } from "@remix-run/react";
import { useT } from "../utils/use-root";

/** What POST /suggestions/:code/support answers to a fetcher. */
interface SupportResult {
  supportsCount?: number;
  alreadySupported?: boolean;
  rateLimited?: boolean;
  minutes?: number;
}

/** The fetcher behind a support (附议) button that stays on its page. */
export function useSupportFetcher() {
  return useFetcher<SupportResult>();
}

/** The line beside a support button once it was pressed: refused, already counted, or thanks. */
export function SupportOutcome({ data }: { data: SupportResult | undefined }) {
  const t = useT();
  if (!data) return null;
  if (data.rateLimited)
    return (
      <span className="form-error" role="alert">
        {" "}
        {t("limit.support", { minutes: data.minutes ?? 60 })}
      </span>
    );
  return (
    <span className="hint" role="status">
      {" "}
      {t(data.alreadySupported ? "support.already" : "support.thanks")}
    </span>
  );
}

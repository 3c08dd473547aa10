import { useFetcher } from "@remix-run/react";
import { useT } from "../utils/use-root";

/** What POST /suggestions/:code/support answers to a fetcher. */
interface SupportResult {
  supportsCount?: number;
  alreadySupported?: boolean;
  rateLimited?: boolean;
  minutes?: number;
  /** The primary's code when the suggestion was merged: the support counted there. */
  countedOn?: string | null;
}

/**
 * The fetcher behind a support (附议) button that stays on its page, one per suggestion: a
 * page that moves on to another suggestion must not show the last one's count and thanks.
 */
export function useSupportFetcher(code: string) {
  return useFetcher<SupportResult>({ key: `support:${code}` });
}

/** The count beside the button: the answer's, unless it is a primary's (merged suggestion). */
export function supportCount(data: SupportResult | undefined, shown: number): number {
  return data?.supportsCount !== undefined && !data.countedOn ? data.supportsCount : shown;
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
      {data.countedOn ? ` ${t("support.countedOn", { code: data.countedOn })}` : null}
    </span>
  );
}

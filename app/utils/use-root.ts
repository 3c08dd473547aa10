import { useRouteLoaderData } from "@remix-run/react";
import type { StaffUser } from "../domain/auth/permissions";
import type { loader } from "../root";
import { DEFAULT_LOCALE, type Locale, type Translate, translator } from "./i18n";

/** Root loader data for components: locale, CSRF token, signed-in user. */
export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export function useLocale(): Locale {
  return useRootData()?.locale ?? DEFAULT_LOCALE;
}

export function useT(): Translate {
  return translator(useLocale());
}

export function useStaffUser(): StaffUser | null {
  return (useRootData()?.user as StaffUser | null | undefined) ?? null;
}

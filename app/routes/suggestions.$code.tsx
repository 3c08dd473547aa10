import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { SuggestionView } from "../components/suggestion-view";
import { getSuggestionView } from "../domain/suggestions/public.server";
import { guarded } from "../utils/http.server";

export const loader = /* @__PURE__ */ guarded(async ({ params }: LoaderFunctionArgs) => {
  return { view: getSuggestionView(String(params.code)) };
});

export default function PublicSuggestion() {
  const { view } = useLoaderData<typeof loader>();
  return <SuggestionView view={view} rated={false} ratingErrors={{}} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

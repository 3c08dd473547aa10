import { GeneralErrorBoundary } from "../components/error-boundary";

/** Any unknown path: a real 404 rendered by the shared boundary. */
export async function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

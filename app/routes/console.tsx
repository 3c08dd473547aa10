import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { requirePermission } from "../domain/auth/auth.server";
import staffStyles from "../styles/staff.css";
import { guarded } from "../utils/http.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStyles }];

/** Every console page requires a signed-in staff member; child routes check their own roles. */
export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, "view:console");
  return null;
});

export default function ConsoleLayout() {
  return (
    <div className="console">
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { AdminNav } from "../components/admin-ui";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { requirePermission } from "../domain/auth/auth.server";
import { guarded } from "../utils/http.server";

/** The admin console's layout: admins only; each page checks again in its own loader/action. */
export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, "admin:system");
  return null;
});

export default function AdminLayout() {
  return (
    <div className="admin">
      <AdminNav />
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { requireStaff } from "../domain/auth/auth.server";
import { homePathFor } from "../domain/auth/permissions";
import { guarded } from "../utils/http.server";

export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireStaff(request);
  throw redirect(homePathFor(user));
});

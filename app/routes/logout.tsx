import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { clearSessionCookie, signOut } from "../domain/auth/auth.server";
import { assertCsrf } from "../utils/csrf.server";
import { guarded } from "../utils/http.server";

export const action = /* @__PURE__ */ guarded(async ({ request }: ActionFunctionArgs) => {
  await assertCsrf(request, await request.formData());
  await signOut(request);
  return redirect("/", { headers: { "Set-Cookie": await clearSessionCookie() } });
});

export const loader = () => redirect("/");

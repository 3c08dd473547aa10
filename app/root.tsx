import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteLoaderData,
} from "@remix-run/react";
import { AppShell } from "./components/app-shell";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { getStaffUser } from "./domain/auth/auth.server";
import { countUnreadNotifications } from "./domain/notifications/notifications.server";
import styles from "./styles/app.css";
import { getCsrfToken } from "./utils/csrf.server";
import { readFlash } from "./utils/flash.server";
import { DEFAULT_LOCALE } from "./utils/i18n";
import { resolveLocale } from "./utils/i18n.server";

export const links = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "民意 · Minyi" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [{ locale, setCookie: langCookie }, csrf, user, { flash, setCookie: flashCookie }] =
    await Promise.all([
      resolveLocale(request),
      getCsrfToken(request),
      getStaffUser(request),
      readFlash(request),
    ]);
  const headers = new Headers();
  for (const c of [langCookie, csrf.setCookie, flashCookie]) if (c) headers.append("Set-Cookie", c);
  return data(
    {
      locale,
      csrf: csrf.token,
      flash,
      user: user
        ? {
            id: user.id,
            username: user.username,
            displayName: user.displayName,
            departmentId: user.departmentId,
            grants: user.grants,
          }
        : null,
      unread: user ? countUnreadNotifications(user.id) : 0,
    },
    { headers },
  );
}

export type RootData = Awaited<ReturnType<typeof loader>>["data"];

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const locale = root?.locale ?? DEFAULT_LOCALE;
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <AppShell>
      <Outlet />
    </AppShell>
  );
}

export function ErrorBoundary() {
  return (
    <AppShell>
      <GeneralErrorBoundary />
    </AppShell>
  );
}

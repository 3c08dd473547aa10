import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { can, hasRole } from "../domain/auth/permissions";
import type { MessageKey } from "../utils/i18n";
import { useLocale, useRootData, useStaffUser, useT } from "../utils/use-root";
import { CsrfInput } from "./csrf-input";

/** Header with role-aware navigation and the language switch, main landmark, footer. */
export function AppShell({ children }: { children: React.ReactNode }) {
  const t = useT();
  const locale = useLocale();
  const user = useStaffUser();
  const flash = useRootData()?.flash;
  const unread = useRootData()?.unread ?? 0;
  const location = useLocation();
  const otherLang = locale === "en" ? "zh" : "en";
  const params = new URLSearchParams(location.search);
  params.set("lang", otherLang);

  const publicLinks: [string, MessageKey][] = [
    ["/", "nav.home"],
    ["/submit", "nav.submit"],
    ["/track", "nav.track"],
    ["/suggestions", "nav.suggestions"],
    ["/topics", "nav.topics"],
    ["/calls", "nav.calls"],
    ["/outcomes", "nav.outcomes"],
    ["/scorecards", "nav.scorecards"],
  ];
  const staffLinks: [string, MessageKey, boolean][] = user
    ? [
        ["/console/review", "nav.review", hasRole(user, "reviewer")],
        ["/console/clusters", "nav.clusters", hasRole(user, "reviewer")],
        ["/console/inbox", "nav.inbox", hasRole(user, "handler")],
        ["/console/supervision", "nav.supervision", hasRole(user, "supervisor")],
        ["/console/analytics", "nav.analytics", can(user, "view:analytics")],
        ["/console/admin", "nav.admin", can(user, "admin:system")],
        ["/console/import", "nav.import", hasRole(user, "reviewer") || can(user, "admin:system")],
        ["/console/notifications", "nav.notifications", true],
      ]
    : [];

  return (
    <>
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <header className="site-header">
        <div className="bar">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              民
            </span>
            <span>
              <strong>{t("app.name")}</strong>
              <small>{t("app.tagline")}</small>
            </span>
          </Link>
          <div className="header-tools">
            <Link
              to={`${location.pathname}?${params.toString()}`}
              className="lang-switch"
              hrefLang={otherLang === "en" ? "en" : "zh-CN"}
              lang={otherLang === "en" ? "en" : "zh-CN"}
              reloadDocument
            >
              {t("nav.switchTo")}
            </Link>
            {user ? (
              <Form method="post" action="/logout" className="inline">
                <CsrfInput />
                <span className="who">{t("nav.signedInAs", { name: user.displayName })}</span>{" "}
                <button type="submit" className="link-button">
                  {t("nav.logout")}
                </button>
              </Form>
            ) : (
              <Link to="/login">{t("nav.login")}</Link>
            )}
          </div>
        </div>
        <nav aria-label={t("nav.menu")} className="main-nav">
          <ul>
            {publicLinks.map(([to, key]) => (
              <li key={to}>
                <NavLink to={to} end={to === "/"}>
                  {t(key)}
                </NavLink>
              </li>
            ))}
          </ul>
          {staffLinks.some(([, , show]) => show) ? (
            <ul className="staff-nav">
              {staffLinks
                .filter(([, , show]) => show)
                .map(([to, key]) => (
                  <li key={to}>
                    <NavLink to={to}>
                      {t(key)}
                      {to === "/console/notifications" && unread > 0 ? (
                        <>
                          <span className="nav-count" aria-hidden="true">
                            {unread}
                          </span>
                          <span className="visually-hidden">{t("nav.unread", { n: unread })}</span>
                        </>
                      ) : null}
                    </NavLink>
                  </li>
                ))}
            </ul>
          ) : null}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {flash ? (
          <p className={`flash flash-${flash.kind}`} role="status">
            {t(flash.key, flash.params)}
          </p>
        ) : null}
        {children}
      </main>
      <footer className="site-footer">
        <p>{t("footer.about")}</p>
        <p>
          <Link to="/open-data">{t("footer.openData")}</Link> ·{" "}
          <a href="/api/v1/openapi.json">{t("footer.api")}</a>
        </p>
      </footer>
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "../components/csrf-input";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { requirePermission } from "../domain/auth/auth.server";
import {
  countUnreadNotifications,
  listInAppNotifications,
  markNotificationRead,
  markNotificationsRead,
} from "../domain/notifications/notifications.server";
import { now } from "../utils/clock.server";
import { assertCsrf } from "../utils/csrf.server";
import { DomainValidationError } from "../utils/errors";
import { redirectWithFlash } from "../utils/flash.server";
import { guarded } from "../utils/http.server";
import { formatDate } from "../utils/i18n";
import { useLocale, useT } from "../utils/use-root";

/** The staff member's in-app notifications: newest first, unread marked, mark read. */
export const loader = /* @__PURE__ */ guarded(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "view:console");
  return {
    notifications: listInAppNotifications(user.id),
    unread: countUnreadNotifications(user.id),
  };
});

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("markAllRead") }),
  z.object({ intent: z.literal("markRead"), id: z.coerce.number().int().positive() }),
]);

export const action = /* @__PURE__ */ guarded(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, "view:console");
  const form = await request.formData();
  await assertCsrf(request, form);
  const parsed = ActionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) throw new DomainValidationError({ intent: ["form.invalid"] });
  const changed =
    parsed.data.intent === "markAllRead"
      ? markNotificationsRead(user.id, now())
      : markNotificationRead(user.id, parsed.data.id, now());
  return redirectWithFlash("/console/notifications", {
    kind: "success",
    key: "notify.markedRead",
    params: { n: changed },
  });
});

export default function NotificationCentre() {
  const { notifications, unread } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state !== "idle";
  return (
    <section aria-labelledby="notify-title">
      <h1 id="notify-title">{t("notify.title")}</h1>
      {/* A div, not a p: a <form> inside a <p> is moved out by the HTML parser, and React then
          cannot hydrate the page. */}
      <div className="actions">
        <span className="badge" data-testid="unread-count">
          {t("notify.unreadCount", { n: unread })}
        </span>{" "}
        {unread > 0 ? (
          <Form method="post" className="inline">
            <CsrfInput />
            <input type="hidden" name="intent" value="markAllRead" />
            <button type="submit" className="button" disabled={busy}>
              {t("notify.markAllRead")}
            </button>
          </Form>
        ) : null}
      </div>
      {notifications.length === 0 ? (
        <p className="muted">{t("notify.empty")}</p>
      ) : (
        <ul className="result-list" aria-label={t("notify.listLabel")}>
          {notifications.map((n) => {
            const isUnread = n.readAt === null;
            return (
              <li
                key={n.id}
                className={`card${isUnread ? " unread" : ""}`}
                style={isUnread ? { borderLeft: "4px solid var(--red)" } : undefined}
                data-unread={isUnread ? "true" : "false"}
              >
                <h2 className="card-title" style={{ fontSize: "1.05rem", margin: 0 }}>
                  {isUnread ? (
                    <>
                      <span className="badge state-overdue">{t("notify.unread")}</span>{" "}
                    </>
                  ) : null}
                  {isUnread ? <strong>{n.subject}</strong> : n.subject}
                </h2>
                <p className="muted">
                  <time dateTime={new Date(n.createdAt).toISOString()}>
                    {t("notify.receivedAt", { date: formatDate(locale, n.createdAt) })}
                  </time>
                </p>
                <p style={{ whiteSpace: "pre-line" }}>{n.body}</p>
                <div className="actions">
                  {n.suggestionId ? (
                    <Link to={`/console/suggestions/${n.suggestionId}`}>
                      {t("notify.openSuggestion")}
                    </Link>
                  ) : null}{" "}
                  {isUnread ? (
                    <Form method="post" className="inline">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="markRead" />
                      <input type="hidden" name="id" value={n.id} />
                      <button
                        type="submit"
                        className="link-button"
                        disabled={busy}
                        aria-label={`${t("notify.markRead")}: ${n.subject}`}
                      >
                        {t("notify.markRead")}
                      </button>
                    </Form>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

/**
 * The one error page for the whole app: 403, 404 and 400 get their own words, everything else a
 * plain apology. Stack traces never reach the user (handleError logs them on the server).
 */
import { Link, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";

const BY_STATUS: Record<number, { title: MessageKey; text: MessageKey }> = {
  400: { title: "error.badRequestTitle", text: "error.badRequest" },
  403: { title: "error.forbiddenTitle", text: "error.forbidden" },
  404: { title: "error.notFoundTitle", text: "error.notFound" },
};

export function GeneralErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const messages = BY_STATUS[status] ?? { title: "error.title" as const, text: "error.unexpected" as const };
  return (
    <div className="error-page" role="alert">
      <h1>{t(messages.title)}</h1>
      <p>{t(messages.text)}</p>
      <p className="error-page__status">HTTP {status}</p>
      <p>
        <Link to="/">{t("error.backToStart")}</Link>
      </p>
    </div>
  );
}

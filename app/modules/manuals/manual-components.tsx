/**
 * Pieces the manual pages share: bilingual text with a language fallback, status badges, the
 * scale table, word-diff rendering and the error boundary that shows a manual page's own message.
 */
import { Form, Link, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Locale } from "#db/schema";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SelectField } from "~/components/forms";
import { TableCaption, TableScroll } from "~/components/table-scroll";
import { isMessageKey, translator, useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import type { DiffSegment } from "./manual-diff";
import type { ManualKey, Scale } from "./manual-schema";
import { localized } from "./manual-view";

/**
 * Text in the reader's language; when the English translation is missing the Swedish text is
 * shown, marked lang="sv" for screen readers and followed by a short note.
 */
export function Localized({ text }: { text: { sv: string; en?: string | null } }) {
  const locale = useLocale();
  const t = useT();
  const shown = localized(locale, text);
  if (shown.lang === locale) return <>{shown.text}</>;
  return (
    <>
      <span lang={shown.lang}>{shown.text}</span> <span className="muted">{t("manuals.untranslated")}</span>
    </>
  );
}

export function useManualName() {
  const t = useT();
  return (manualKey: ManualKey) => t(`manuals.kind.${manualKey}` as MessageKey);
}

export function StatusBadge({ status }: { status: "draft" | "published" }) {
  const t = useT();
  return (
    <span className={`badge ${status === "published" ? "badge--success" : "badge--warning"}`}>
      {t(status === "published" ? "manuals.status.published" : "manuals.status.draft")}
    </span>
  );
}

/** ISO timestamp → the date part (YYYY-MM-DD, the Swedish date format). */
export function formatDate(timestamp: string | null): string | null {
  return timestamp ? timestamp.slice(0, 10) : null;
}

export function ScaleTable({ scale }: { scale: Scale }) {
  const t = useT();
  return (
    <TableScroll>
      <table className="scale-table">
        <TableCaption>{t("manuals.scale.caption")}</TableCaption>
        <thead>
          <tr>
            <th scope="col">{t("manuals.scale.value")}</th>
            <th scope="col">{t("manuals.scale.label")}</th>
            <th scope="col">{t("manuals.scale.description")}</th>
          </tr>
        </thead>
        <tbody>
          {scale.steps.map((step) => (
            <tr key={step.value}>
              <td>{step.value}</td>
              <th scope="row">
                <Localized text={step.label} />
              </th>
              <td>
                <Localized text={step.description} />
              </td>
            </tr>
          ))}
          <tr className="scale-table__cannot-assess">
            <td>
              <span aria-hidden="true">–</span>
              <span className="visually-hidden">{t("manuals.scale.noValue")}</span>
            </td>
            <th scope="row">
              <Localized text={scale.cannotAssess.label} />
            </th>
            <td>
              <Localized text={scale.cannotAssess.description} />
            </td>
          </tr>
        </tbody>
      </table>
    </TableScroll>
  );
}

/** Word diff: removed text in <del>, added in <ins>, each announced to screen readers. */
export function DiffText({ segments }: { segments: DiffSegment[] }) {
  const t = useT();
  return (
    <>
      {segments.map((segment, index) =>
        segment.type === "equal" ? (
          <span key={index}>{segment.text}</span>
        ) : segment.type === "del" ? (
          <del key={index}>
            <span className="visually-hidden">{t("manuals.diff.deleted")} </span>
            {segment.text}
          </del>
        ) : (
          <ins key={index}>
            <span className="visually-hidden">{t("manuals.diff.inserted")} </span>
            {segment.text}
          </ins>
        ),
      )}
    </>
  );
}

export function BackLinks({ children }: { children: ReactNode }) {
  return <p className="back-links">{children}</p>;
}

/** Shows the manual page's own 400/404 message (see manual-pages.server.ts), else the general page. */
export function ManualErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error) && (error.status === 400 || error.status === 404)) {
    const body = error.data as { messageKey?: string; vars?: Record<string, string | number> } | null;
    if (body?.messageKey && isMessageKey(body.messageKey)) {
      return (
        <div className="error-page" role="alert">
          <h1>{t(error.status === 404 ? "error.notFoundTitle" : "error.badRequestTitle")}</h1>
          <p>{t(body.messageKey, body.vars)}</p>
          <p className="error-page__status">HTTP {error.status}</p>
          <p>
            <Link to="/manuals">{t("manuals.backToList")}</Link>
          </p>
        </div>
      );
    }
  }
  return <GeneralErrorBoundary />;
}

/** The document title in the reader's language (meta functions cannot use hooks). */
export function pageTitle(
  matches: readonly { id: string; data?: unknown }[],
  title: (t: ReturnType<typeof translator>, locale: Locale) => string,
): { title: string }[] {
  const rootData = matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined;
  const locale = rootData?.locale ?? "sv";
  return [{ title: `${title(translator(locale), locale)} – Kollega` }];
}

/** GET form choosing two versions to compare (works without JavaScript). */
export function DiffForm({
  manualKey,
  versions,
  from,
  to,
  onlyChanges = false,
}: {
  manualKey: ManualKey;
  versions: number[];
  from: number;
  to: number;
  onlyChanges?: boolean;
}) {
  const t = useT();
  return (
    <Form method="get" action={`/manuals/${manualKey}/diff`} className="diff-form" aria-label={t("manuals.diff.form")}>
      <SelectField label={t("manuals.diff.from")} selectProps={{ id: "diff-from", name: "from", defaultValue: String(from) }}>
        {versions.map((v) => (
          <option key={v} value={v}>
            {t("manuals.version", { version: v })}
          </option>
        ))}
      </SelectField>
      <SelectField label={t("manuals.diff.to")} selectProps={{ id: "diff-to", name: "to", defaultValue: String(to) }}>
        {versions.map((v) => (
          <option key={v} value={v}>
            {t("manuals.version", { version: v })}
          </option>
        ))}
      </SelectField>
      <div className="field">
        <label className="checkbox">
          <input type="checkbox" name="changes" value="only" defaultChecked={onlyChanges} />
          {t("manuals.diff.onlyChanges")}
        </label>
      </div>
      <div className="actions">
        <button type="submit" className="button">
          {t("manuals.diff.submit")}
        </button>
      </div>
    </Form>
  );
}

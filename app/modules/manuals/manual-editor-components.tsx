/**
 * Building blocks of the editor's pages: labelled inputs, text areas and selects whose errors are
 * tied to them (aria-describedby, role="alert") and translated from dictionary keys (with
 * placeholders, see encodeMessage), the success message after a save, the list of content issues
 * with JSON path and line, and the error page for 404/409 with the page's own message.
 */
import { getInputProps, getTextareaProps } from "@conform-to/react";
import { Form, Link, isRouteErrorResponse, useRouteError, type ShouldRevalidateFunction } from "@remix-run/react";
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { isMessageKey, useT, type Translate } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { decodeMessage } from "./manual-editor-forms";
import type { ManualKey } from "./manual-schema";

export function translateEditorError(t: Translate, message: string): string {
  const { key, vars } = decodeMessage(message);
  return isMessageKey(key) ? t(key, vars) : message;
}

export function EditorErrors({ id, errors }: { id?: string; errors?: string[] | null }) {
  const t = useT();
  const list = errors?.filter(Boolean) ?? [];
  if (list.length === 0) return null;
  return (
    <div id={id} role="alert" className="field__error">
      {list.map((error) => (
        <p key={error} className="field__error">
          {translateEditorError(t, error)}
        </p>
      ))}
    </div>
  );
}

/** Conform's prop getters also return a React `key`; it is accepted here and not spread. */
type Keyed<T> = T & { id: string; name: string; key?: string };

function describedBy(id: string, hint: boolean, errors?: string[] | null) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  return { hintId, errorId, describedBy: [hintId, errorId].filter(Boolean).join(" ") || undefined };
}

export function TextInput({
  label,
  hint,
  errors,
  inputProps,
}: {
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[] | null;
  inputProps: Keyed<InputHTMLAttributes<HTMLInputElement>>;
}) {
  const { key: _key, ...props } = inputProps;
  const ids = describedBy(props.id, !!hint, errors);
  return (
    <div className="field">
      <label htmlFor={props.id}>{label}</label>
      {hint ? (
        <p id={ids.hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      <input {...props} aria-invalid={ids.errorId ? true : undefined} aria-describedby={ids.describedBy} />
      <EditorErrors id={ids.errorId} errors={errors} />
    </div>
  );
}

export function TextArea({
  label,
  hint,
  errors,
  textareaProps,
}: {
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[] | null;
  textareaProps: Keyed<TextareaHTMLAttributes<HTMLTextAreaElement>>;
}) {
  const { key: _key, ...props } = textareaProps;
  const ids = describedBy(props.id, !!hint, errors);
  return (
    <div className="field">
      <label htmlFor={props.id}>{label}</label>
      {hint ? (
        <p id={ids.hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      <textarea rows={3} {...props} aria-invalid={ids.errorId ? true : undefined} aria-describedby={ids.describedBy} />
      <EditorErrors id={ids.errorId} errors={errors} />
    </div>
  );
}

export function Select({
  label,
  errors,
  selectProps,
  children,
}: {
  label: ReactNode;
  errors?: string[] | null;
  selectProps: Keyed<SelectHTMLAttributes<HTMLSelectElement>>;
  children: ReactNode;
}) {
  const { key: _key, ...props } = selectProps;
  const ids = describedBy(props.id, false, errors);
  return (
    <div className="field">
      <label htmlFor={props.id}>{label}</label>
      <select {...props} aria-invalid={ids.errorId ? true : undefined} aria-describedby={ids.describedBy}>
        {children}
      </select>
      <EditorErrors id={ids.errorId} errors={errors} />
    </div>
  );
}

type TextField = Parameters<typeof getTextareaProps>[0];

/**
 * One text in both languages: the Swedish and the English field, each marked with its language
 * (screen readers pronounce it right, spell checkers check the right language).
 */
export function BilingualField({
  kind = "textarea",
  labels,
  fields,
  rows,
}: {
  kind?: "input" | "textarea";
  labels: { sv: ReactNode; en: ReactNode };
  fields: { sv: TextField; en: TextField };
  rows?: number;
}) {
  return (
    <>
      {(["sv", "en"] as const).map((lang) =>
        kind === "input" ? (
          <TextInput
            key={lang}
            label={labels[lang]}
            errors={fields[lang].errors}
            inputProps={{ ...getInputProps(fields[lang], { type: "text" }), lang }}
          />
        ) : (
          <TextArea
            key={lang}
            label={labels[lang]}
            errors={fields[lang].errors}
            textareaProps={{ ...getTextareaProps(fields[lang]), lang, ...(rows ? { rows } : {}) }}
          />
        ),
      )}
    </>
  );
}

/** The form-level errors of a refused save, and the content issues it found. */
/**
 * Form-level errors of an action reply for one form, read from the reply itself: the forms' ids
 * include the draft's revision, so after a refused save the revalidated page may render a fresh
 * form that no longer holds conform's copy of them (a stale save must always be announced).
 */
export function replyFormErrors(
  reply: { formId: string; result: { error?: Record<string, string[] | null> | null } } | undefined,
  formId: string,
): string[] {
  if (!reply || reply.formId !== formId) return [];
  return reply.result.error?.[""] ?? [];
}

export function FormProblems({
  id,
  errors,
  replyErrors,
  issues,
}: {
  id: string;
  errors?: string[] | null;
  /** Form-level errors from the action reply (see replyFormErrors). */
  replyErrors?: string[];
  issues?: IssueItem[];
}) {
  const t = useT();
  const list = [...new Set([...(errors ?? []), ...(replyErrors ?? [])])].filter(Boolean);
  if (list.length === 0 && !issues?.length) return null;
  return (
    <div id={id} className="alert alert--error" role="alert">
      {list.map((error) => (
        <p key={error}>{translateEditorError(t, error)}</p>
      ))}
      {issues?.length ? <IssueList issues={issues} /> : null}
    </div>
  );
}

export interface IssueItem {
  path: string;
  line?: number;
  message: string;
}

/** Content issues: the message (translated on the server, see issueViews), with JSON path and line. */
export function IssueList({ issues }: { issues: IssueItem[] }) {
  const t = useT();
  return (
    <ul className="issue-list">
      {issues.map((issue, index) => (
        <li key={index}>
          <span>{issue.message}</span>{" "}
          <span className="muted">
            (<code>{issue.path}</code>
            {issue.line ? `, ${t("manuals.editor.issue.line", { line: issue.line })}` : ""})
          </span>
        </li>
      ))}
    </ul>
  );
}

/** "Saved" after a redirect back; announced to screen readers. */
export function DoneNotice({ done }: { done: string | null }) {
  const t = useT();
  if (!done) return null;
  const key = `manuals.editor.done.${done}`;
  if (!isMessageKey(key)) return null;
  return (
    <div className="alert alert--success" role="status">
      <p>{t(key)}</p>
    </div>
  );
}

/** Error page of the editor's routes: the page's own message for 400, 404 and 409, else the general one. */
export function EditorErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error) && [400, 404, 409].includes(error.status)) {
    const body = error.data as { messageKey?: string; vars?: Record<string, string | number> } | null;
    if (body?.messageKey && isMessageKey(body.messageKey)) {
      const title: MessageKey =
        error.status === 404 ? "error.notFoundTitle" : error.status === 400 ? "error.badRequestTitle" : "manuals.editor.error.title";
      return (
        <div className="error-page" role="alert">
          <h1>{t(title)}</h1>
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

/**
 * For editors on a manual's pages: the open draft's edit link, or the button that starts draft N+1
 * (a plain POST form) and the link to import a file as a draft.
 */
export function DraftActions({
  manualKey,
  openDraft,
  latestPublished,
  nextVersion,
}: {
  manualKey: ManualKey;
  openDraft: number | null;
  latestPublished: number | null;
  nextVersion: number;
}) {
  const t = useT();
  if (openDraft !== null) {
    return (
      <div className="alert alert--info editor-panel">
        <p>{t("manuals.editor.openDraftNotice", { version: openDraft })}</p>
        <p>
          <Link className="button" to={`/manuals/${manualKey}/${openDraft}/edit`}>
            {t("manuals.editor.editDraft", { version: openDraft })}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="editor-panel">
      {latestPublished !== null ? (
        <Form method="post" action={`/manuals/${manualKey}/draft`}>
          <p className="muted" id={`start-draft-${manualKey}-hint`}>
            {t("manuals.editor.startDraftHint", { version: nextVersion, from: latestPublished })}
          </p>
          <button type="submit" className="button" aria-describedby={`start-draft-${manualKey}-hint`}>
            {t("manuals.editor.startDraft")}
          </button>
        </Form>
      ) : null}
      <p>
        <Link to={`/manuals/${manualKey}/import`}>{t("manuals.editor.importLink")}</Link>
      </p>
    </div>
  );
}

/**
 * After a stale save (409) the page must show what the other editor saved: reload the data even
 * though Remix skips revalidation after an action's 4xx by default.
 */
export const revalidateAfterConflict: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? true : defaultShouldRevalidate;

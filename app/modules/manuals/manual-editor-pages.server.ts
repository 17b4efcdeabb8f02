/**
 * What the editor's route modules share on the server: the editor guard, loading a draft for a
 * page (404 unknown, 409 published), and turning a save's outcome into the answer a form expects:
 * a redirect back with a success message, or 400/404/409 with the errors next to the fields.
 */
import type { SubmissionResult } from "@conform-to/react";
import { data, redirect } from "@remix-run/node";
import type { Locale } from "#db/schema";
import { translator } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { clientIp, requirePermission } from "~/modules/auth/guards.server";
import type { CurrentUser } from "~/modules/users/users.server";
import { getDb } from "~/utils/db.server";
import { DraftEditError, type DraftEdit } from "./manual-editor";
import { encodeMessage } from "./manual-editor-forms";
import { translateCheckMessage, type CheckMessage } from "./manual-messages";
import {
  DraftContentError,
  loadDraft,
  PublishedVersionError,
  saveDraftEdit,
  StaleDraftError,
  VersionNotFoundError,
  type EditableDraft,
} from "./manual-editor.server";
import { manualError, parseManualKey, parseVersionParam, type ManualErrorData } from "./manual-pages.server";
import type { ManualKey } from "./manual-schema";
import { formatJsonPath, type JsonPath } from "./manual-validation";

/** Success messages a page shows after a redirect (`?done=…`); anything else is ignored. */
export const DONE_MESSAGES = [
  "draftStarted",
  "draftOpen",
  "imported",
  "importedProposed",
  "details",
  "changelog",
  "scale",
  "criterion",
  "add",
  "remove",
  "reorder",
  "move",
  "crosswalk",
  "published",
] as const;
export type DoneMessage = (typeof DONE_MESSAGES)[number];

export function doneMessage(request: Request): DoneMessage | null {
  const done = new URL(request.url).searchParams.get("done");
  return (DONE_MESSAGES as readonly string[]).includes(done ?? "") ? (done as DoneMessage) : null;
}

export function editPath(manualKey: ManualKey, version: number, rest = "") {
  return `/manuals/${manualKey}/${version}/edit${rest}`;
}

/** Only manual editors; everyone else 403, anonymous visitors to /login. */
export function requireEditor(request: Request): Promise<CurrentUser> {
  return requirePermission(request, "edit:manuals");
}

/** 409 with a message the editor's error boundary shows. */
export function conflict(messageKey: MessageKey, vars?: Record<string, string | number>): never {
  throw data<ManualErrorData>({ message: "conflict", messageKey, vars }, { status: 409 });
}

/** The draft a page edits: 404 for an unknown manual or version, 409 for a published version. */
export async function requireDraft(
  params: Record<string, string | undefined>
): Promise<EditableDraft & { manualKey: ManualKey; version: number }> {
  const manualKey = parseManualKey(params);
  const version = parseVersionParam(params);
  try {
    return { manualKey, version, ...(await loadDraft(getDb(), { manualKey, version })) };
  } catch (error) {
    if (error instanceof VersionNotFoundError) manualError(404, "manuals.error.versionNotFound", { version });
    if (error instanceof PublishedVersionError) conflict("manuals.editor.error.published");
    throw error;
  }
}

/** One issue of the content checks as the pages list it, the message in the viewer's language. */
export interface IssueView {
  path: string;
  line?: number;
  message: string;
}

export function issueViews(issues: ({ path: JsonPath; line?: number } & CheckMessage)[], locale: Locale): IssueView[] {
  const t = translator(locale);
  return issues.map((issue) => ({ path: formatJsonPath(issue.path), line: issue.line, message: translateCheckMessage(t, issue) }));
}

/** What an editor's action answers when it does not redirect. */
export interface EditorActionData {
  formId: string;
  result: SubmissionResult<string[]>;
  issues?: IssueView[];
}

/** A conform submission (any schema), as far as answering it goes. */
export interface Replyable {
  reply(options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }): SubmissionResult<string[]>;
}

export function formReply(
  formId: string,
  submission: Replyable,
  status: number,
  errors: { formErrors?: string[]; fieldErrors?: Record<string, string[]> } = {},
  issues?: IssueView[]
) {
  return data<EditorActionData>({ formId, result: submission.reply(errors), issues }, { status });
}

/**
 * An answer with form-level errors only and without the submitted values, so the form shows the
 * stored content again (after a stale save the page must show what the other editor saved).
 */
export function bareReply(formId: string, status: number, formErrors: string[]) {
  return data<EditorActionData>({ formId, result: { status: "error", error: { "": formErrors } } }, { status });
}

/** The answer to a refused save (stale, published, impossible edit, invalid content). */
export function refusal(formId: string, submission: Replyable, error: unknown, locale: Locale) {
  if (error instanceof StaleDraftError) return bareReply(formId, 409, ["manuals.editor.error.stale"]);
  if (error instanceof PublishedVersionError) return bareReply(formId, 409, ["manuals.editor.error.published"]);
  if (error instanceof VersionNotFoundError) manualError(404, "manuals.error.versionNotFound", { version: "?" });
  if (error instanceof DraftEditError) {
    if (error.messageKey === "manuals.editor.error.unknownCriterion") manualError(404, "manuals.editor.error.unknownCriterion");
    const message = encodeMessage(error.messageKey, error.vars);
    return formReply(formId, submission, 400, error.field ? { fieldErrors: { [error.field]: [message] } } : { formErrors: [message] });
  }
  if (error instanceof DraftContentError) {
    return formReply(formId, submission, 400, { formErrors: ["manuals.editor.error.invalidContent"] }, issueViews(error.issues, locale));
  }
  throw error;
}

/**
 * Saves one edit and redirects to `back` with the success message; a refused save answers with the
 * form's errors and changes nothing.
 */
export async function saveAndRedirect({
  context,
  user,
  draft,
  revision,
  edit,
  formId,
  submission,
  back,
  hash = "",
}: {
  context: unknown;
  user: CurrentUser;
  draft: { manualKey: ManualKey; version: number };
  revision: number;
  edit: DraftEdit;
  formId: string;
  submission: Replyable;
  back: string;
  hash?: string;
}) {
  try {
    await saveDraftEdit(
      getDb(),
      { manualKey: draft.manualKey, version: draft.version, revision, edit },
      { actorUserId: user.id, ip: clientIp(context) }
    );
  } catch (error) {
    return refusal(formId, submission, error, user.locale);
  }
  return redirect(`${back}?done=${edit.kind}${hash}`);
}

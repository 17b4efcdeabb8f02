/**
 * What the feedback, factual-check and follow-up routes share on the server: the review context
 * with the feedback access rules, and one shape for action answers (which form it concerns, the
 * message, field errors and the submitted values to show again).
 */
import { data } from "@remix-run/node";
import type { MessageKey } from "~/i18n/sv";
import { isMessageKey } from "~/i18n/i18n";
import { clientIp } from "~/modules/auth/guards.server";
import { requireReviewContext } from "~/modules/reviews/review-pages.server";
import { feedbackAccess } from "./feedback-access";
import { FeedbackError } from "./feedback-repository.server";
import type { FieldErrors } from "./feedback-schemas";

export interface ActionResult {
  ok: boolean;
  message: MessageKey;
  /** The form the answer belongs to (several forms share one page). */
  form?: string;
  fieldErrors?: FieldErrors;
  /** What was submitted, so a refused form shows it again without JavaScript. */
  values?: Record<string, unknown>;
}

export async function requireFeedbackContext(request: Request, params: unknown, loadContext: unknown) {
  const { user, context } = await requireReviewContext(request, params);
  return {
    user,
    context,
    fa: feedbackAccess(context.access, context.review.stage),
    audit: { actorUserId: user.id, ip: clientIp(loadContext) },
  };
}

/** A loader refusal for someone who may see the review but not this page. */
export function forbiddenPage(message: MessageKey = "feedback.error.forbidden"): never {
  throw data({ message }, { status: 403 });
}

export function actionResult(result: ActionResult, status = 200) {
  return data<ActionResult>(result, { status });
}

export function refused(form: string | undefined, message: MessageKey = "feedback.error.forbidden") {
  return actionResult({ ok: false, message, form }, 403);
}

export function invalid(form: string | undefined, fieldErrors: FieldErrors, values?: Record<string, unknown>) {
  return actionResult({ ok: false, message: "form.errorSummary", form, fieldErrors, values }, 400);
}

/** Turns a refused change into its answer; anything else is a bug and propagates (500). */
export function feedbackErrorResult(error: unknown, form: string | undefined, values?: Record<string, unknown>) {
  if (!(error instanceof FeedbackError)) throw error;
  const message = isMessageKey(error.messageKey) ? error.messageKey : "form.invalidValue";
  if (error.field !== "form") {
    return actionResult({ ok: false, message: "form.errorSummary", form, fieldErrors: { [error.field]: [message] }, values }, error.status);
  }
  return actionResult({ ok: false, message, form, values: error.status === 409 ? undefined : values }, error.status);
}

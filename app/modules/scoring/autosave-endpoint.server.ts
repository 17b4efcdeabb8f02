/**
 * The JSON autosave endpoint, POST /reviews/:reviewId/scoring/autosave (decision 023): what the
 * scoring page's autosave sends with JavaScript, answered by Express in front of Remix. A save
 * through Remix cost about five times the whole save of a bare node:http server in routing, request
 * and response objects and encoding before the action did anything (docs/benchmarks.md).
 *
 * Every check is the one the page's action makes, through the same functions: the session
 * (getSessionUserIdFromCookie, the same cookie, row and expiry as getSessionUserId), an active user
 * (getActiveUser), the review id (ReviewParamsSchema), the object-level check (getScoringAccess and
 * reviews/access.ts: 404 when the viewer may not see the review, 403 when they may but are not on
 * its team or the stage is not analysis, 409 once submitted), the zod form parser, the
 * optimistic-concurrency version check and the audit entry (scoringAnswer → saveReviewerScores).
 * The cross-origin guard runs before it in app/server/http.ts. Only "save": submitting stays a
 * form post to the page.
 */
import type { AppDatabase } from "#db/connection";
import { loginPath } from "../auth/guards.server";
import { getSessionUserIdFromCookie } from "../auth/session.server";
import { ReviewParamsSchema } from "../reviews/review-pages.server";
import { getActiveUser } from "../users/users.server";
import { scoreAutosavePath } from "./score-fields";
import { scoringAnswer, type ScoreAnswer } from "./scoring-pages.server";
import { getScoringAccess } from "./scoring-repository.server";
import type { FormLike } from "./score-input";

export const SCORE_AUTOSAVE_ROUTE = scoreAutosavePath(":reviewId");

export interface AutosaveRequest {
  /** The :reviewId of the address, unparsed. */
  reviewId: string;
  cookieHeader: string | undefined;
  form: FormLike;
  ip: string;
}

export async function handleScoreAutosave(db: AppDatabase, { reviewId, cookieHeader, form, ip }: AutosaveRequest): Promise<ScoreAnswer> {
  const userId = await getSessionUserIdFromCookie(db, cookieHeader);
  const user = userId === null ? null : await getActiveUser(db, userId);
  if (!user) {
    // As requireUser: back to the page after signing in (the fetch cannot follow a redirect usefully).
    const back = /^\d{1,15}$/.test(reviewId) ? `/reviews/${reviewId}/scoring` : "/";
    return { status: 401, body: { intent: "save", ok: false, message: "scoring.error.signedOut", redirectTo: loginPath(back) } };
  }
  const notFound: ScoreAnswer = { status: 404, body: { intent: "save", ok: false, message: "error.notFound" } };
  const params = ReviewParamsSchema.safeParse({ reviewId });
  if (!params.success) return notFound;
  const scoring = await getScoringAccess(db, params.data.reviewId, user);
  if (!scoring?.access.canView) return notFound;
  return scoringAnswer(db, scoring, user, form, { actorUserId: user.id, ip }, { allowSubmit: false });
}

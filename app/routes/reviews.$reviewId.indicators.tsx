/**
 * POST /reviews/:reviewId/indicators — the Kolada panel's buttons (decision 015): refresh a
 * criterion's indicators from Kolada (bounded by KOLADA_TIMEOUT_MS), or attach a frozen snapshot of
 * one indicator as evidence. Answers with a redirect back to the criterion on the page the button
 * was on. A GET (a bookmarked or reloaded address) goes to the self-assessment page.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { clientIp } from "~/modules/auth/guards.server";
import { handleIndicatorAction } from "~/modules/kolada/kolada-pages.server";
import { requireReviewContext } from "~/modules/reviews/review-pages.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/form-data.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { context } = await requireReviewContext(request, params);
  return redirect(`/reviews/${context.review.id}/self-assessment`);
}

export async function action({ request, params, context: loadContext }: ActionFunctionArgs) {
  const { user, context } = await requireReviewContext(request, params);
  const form = await readFormData(request);
  return handleIndicatorAction(getDb(), context, form, { actorUserId: user.id, ip: clientIp(loadContext) });
}

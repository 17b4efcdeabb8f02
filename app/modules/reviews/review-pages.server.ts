/**
 * What every review page shares on the server: the review id from the address and the viewer's
 * context, or 404 when the review does not exist or the viewer may not see it (never 403, so
 * the existence of other units' reviews does not leak).
 */
import { z } from "zod";
import { notFound, requireUser } from "~/modules/auth/guards.server";
import { getDb } from "~/utils/db.server";
import { getReviewContext } from "./review-repository.server";

/** The review id of a review page's address (also the JSON autosave endpoint's, decision 023). */
export const ReviewParamsSchema = z.object({ reviewId: z.coerce.number().int().positive() });

export async function requireReviewContext(request: Request, params: unknown) {
  const user = await requireUser(request);
  const parsed = ReviewParamsSchema.safeParse(params);
  if (!parsed.success) notFound();
  const context = await getReviewContext(getDb(), parsed.data.reviewId, user);
  if (!context) notFound();
  return { user, context };
}

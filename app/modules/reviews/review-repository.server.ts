/** One review as its viewer may see it, and moving it through its stages. All SQL here. */
import type { AppDatabase } from "#db/connection";
import type { ReviewStage } from "#db/schema";
import type { CurrentUser } from "../users/users.server";
import { writeAudit, type AuditContext } from "../audit/audit.server";
import { reviewAccess, type ReviewAccess } from "./access";
import { getRound, getRoundReview, type RoundReviewRow } from "./round-repository.server";
import { advanceBlockers, nextStage, OVERRIDABLE, type StageBlocker } from "./stages";
import { teamIsReady } from "./team-rules";

export interface ReviewContext {
  review: RoundReviewRow;
  round: NonNullable<Awaited<ReturnType<typeof getRound>>>;
  access: ReviewAccess;
  criteriaCount: number;
  consensusCount: number;
  blockers: StageBlocker[];
}

/** The review with everything the pages need, or null when it does not exist or the user may not see it. */
export async function getReviewContext(db: AppDatabase, reviewId: number, user: CurrentUser): Promise<ReviewContext | null> {
  const row = await db.selectFrom("reviews").select(["id", "round_id"]).where("id", "=", reviewId).executeTakeFirst();
  if (!row) return null;
  const round = await getRound(db, row.round_id);
  const review = await getRoundReview(db, row.round_id, reviewId);
  if (!round || !review) return null;
  const access = reviewAccess(
    { userId: user.id, roles: user.roles, homeUnitId: user.homeUnit.id },
    {
      unitId: review.unitId,
      stage: review.stage,
      teamMemberIds: review.team.map((m) => m.userId),
      leadId: review.team.find((m) => m.isLead)?.userId ?? null,
      submittedReviewerIds: review.submittedReviewerIds,
      selfAssessmentSubmitted: review.selfAssessmentSubmitted,
    },
  );
  if (!access.canView) return null;
  const consensus = await db
    .selectFrom("consensus_scores")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("review_id", "=", reviewId)
    .where((eb) => eb.or([eb("score", "is not", null), eb("cannot_assess", "=", 1)]))
    .executeTakeFirstOrThrow();
  const facts = {
    teamReady: teamIsReady(review.issues),
    selfAssessmentSubmitted: review.selfAssessmentSubmitted,
    reviewerCount: review.team.length,
    submittedReviewerCount: review.submittedReviewerIds.length,
    criteriaCount: round.criteria_count,
    consensusCount: Number(consensus.n),
  };
  return { review, round, access, criteriaCount: round.criteria_count, consensusCount: Number(consensus.n), blockers: advanceBlockers(review.stage, facts) };
}

/** Who may move a review out of each stage. Publishing has its own flow (the frozen report). */
export function mayAdvance(context: ReviewContext): boolean {
  const { access, review } = context;
  switch (review.stage) {
    case "planned":
      return access.isCoordinator;
    case "gathering":
      return access.isCoordinator || access.isLead;
    case "analysis":
    case "assessment":
    case "feedback":
      return access.isLead;
    default:
      return false;
  }
}

export class AdvanceError extends Error {
  constructor(public messageKey: string, public blockers: StageBlocker[] = []) {
    super(messageKey);
  }
}

/**
 * Moves a review one stage forward. Soft blockers need a written reason, hard ones cannot be
 * overridden; a stale version (someone else moved it) is refused.
 */
export async function advanceReview(
  db: AppDatabase,
  context: ReviewContext,
  { expectedVersion, overrideReason }: { expectedVersion: number; overrideReason: string | null },
  audit: AuditContext,
): Promise<ReviewStage> {
  if (!mayAdvance(context)) throw new AdvanceError("reviews.advance.notAllowed");
  const to = nextStage(context.review.stage);
  if (!to || to === "published") throw new AdvanceError("reviews.advance.publishNotYet");
  const hard = context.blockers.filter((b) => !OVERRIDABLE.has(b));
  if (hard.length) throw new AdvanceError("reviews.advance.blocked", hard);
  if (context.blockers.length && !overrideReason) throw new AdvanceError("reviews.advance.reasonRequired", context.blockers);
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable("reviews")
      .set((eb) => ({
        stage: to,
        updated_at: now,
        version: eb("version", "+", 1),
        ...(to === "assessment" ? { consensus_opened_at: now, consensus_override_reason: overrideReason } : {}),
      }))
      .where("id", "=", context.review.id)
      .where("version", "=", expectedVersion)
      .where("stage", "=", context.review.stage)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new AdvanceError("form.stale");
    await writeAudit(trx, audit, {
      action: "review.stage",
      entityType: "review",
      entityId: context.review.id,
      before: { stage: context.review.stage },
      after: { stage: to, overrideReason, blockers: context.blockers },
    });
  });
  return to;
}

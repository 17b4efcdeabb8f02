/**
 * Loader data and action handling of the scoring page (/reviews/:id/scoring) and the consensus page
 * (/reviews/:id/consensus). Route modules stay thin: they call these after requireReviewContext.
 *
 * The blind rule lives here: a reviewer's loader data and action answers carry other reviewers'
 * scores only when access.canSeeOtherReviewerScores holds — during analysis only the scores of
 * reviewers who have submitted, to a reviewer who has submitted too.
 */
import { data } from "@remix-run/node";
import type { AppDatabase } from "#db/connection";
import type { MessageKey } from "~/i18n/sv";
import type { CurrentUser } from "../users/users.server";
import type { AuditContext } from "../audit/audit.server";
import type { ReviewContext } from "../reviews/review-repository.server";
import { loadRelatedEvidence } from "../national/related-evidence.server";
import { isAtOrPast } from "../reviews/stages";
import { criterionSpread, reviewAgreement, sortByDisagreement } from "./agreement";
import { notFound, requireUser } from "../auth/guards.server";
import { ReviewParamsSchema } from "../reviews/review-pages.server";
import { getDb } from "~/utils/db.server";
import { parseScoreForm, type FormLike, type ScoreActionData } from "./score-input";
import { isAnswered } from "./scoring-view";
import {
  getScoringAccess,
  getSubmission,
  loadConsensusScores,
  loadReviewerScores,
  loadReviewManual,
  loadSelfAssessments,
  saveConsensusScores,
  saveReviewerScores,
  ScoringError,
  submitReviewerScores,
  type ScoringAccess,
  type StoredScore,
} from "./scoring-repository.server";

function forbidden(message: MessageKey): never {
  throw data({ message }, { status: 403 });
}

/** The scoring page is for the team, from the analysis stage on. */
export function requireScoringPage(context: ReviewContext) {
  if (!context.access.isTeamMember) forbidden("scoring.error.teamOnly");
  if (!isAtOrPast(context.review.stage, "analysis")) forbidden("scoring.error.notYet");
}

/** The consensus page shows every reviewer's scores: team members only, from the assessment stage on. */
export function requireConsensusPage(context: ReviewContext) {
  if (!context.access.isTeamMember) forbidden("consensus.error.teamOnly");
  if (!isAtOrPast(context.review.stage, "assessment")) forbidden("consensus.error.notYet");
  // From the assessment stage on every team member may see the others' scores (access.ts); kept
  // as a guard so a change of that rule cannot open this page to someone who may not.
  if (!context.access.canSeeOtherReviewerScores) forbidden("consensus.error.teamOnly");
}

/** Whose scores besides their own the viewer may see on the scoring page. */
export function visibleOtherReviewers(context: ReviewContext, viewerId: number): number[] {
  const { access, review } = context;
  if (!access.canSeeOtherReviewerScores) return [];
  const pastAnalysis = isAtOrPast(review.stage, "assessment");
  return review.team.map((m) => m.userId).filter((id) => id !== viewerId && (pastAnalysis || review.submittedReviewerIds.includes(id)));
}

function byCriterion(scores: StoredScore[]) {
  const map = new Map<number, StoredScore[]>();
  for (const score of scores) map.set(score.criterionId, [...(map.get(score.criterionId) ?? []), score]);
  return map;
}

export async function scoringPageData(db: AppDatabase, context: ReviewContext, user: CurrentUser) {
  const { review, access } = context;
  const manual = await loadReviewManual(db, context.round.manual_version_id);
  const self = await loadSelfAssessments(db, review.id);
  const mine = new Map((await loadReviewerScores(db, review.id, [user.id])).map((s) => [s.criterionId, s]));
  const otherIds = visibleOtherReviewers(context, user.id);
  const others = byCriterion(await loadReviewerScores(db, review.id, otherIds));
  const names = new Map(review.team.map((m) => [m.userId, m.name]));
  const submission = await getSubmission(db, review.id, user.id);
  return {
    reviewId: review.id,
    stage: review.stage,
    canScore: access.canScore,
    submittedAt: submission?.submitted_at ?? null,
    reviewersSubmitted: review.submittedReviewerIds.length,
    reviewersTotal: review.team.length,
    selfAssessmentSubmitted: review.selfAssessmentSubmitted,
    consensusOpen: isAtOrPast(review.stage, "assessment"),
    criteriaCount: manual.criteria.length,
    answeredCount: manual.criteria.filter((c) => isAnswered(mine.get(c.id))).length,
    scale: manual.scale,
    showOthers: otherIds.length > 0,
    // The national review only: related county and node results beside its criteria (team: names too).
    relatedEvidence: await loadRelatedEvidence(db, { level: context.round.level, manualVersionId: context.round.manual_version_id, showNames: true }),
    dimensions: manual.dimensions.map((dimension) => ({
      ...dimension,
      criteria: dimension.criteria.map((criterion) => {
        const own = mine.get(criterion.id);
        return {
          ...criterion,
          self: self.get(criterion.id) ?? null,
          mine: own ? { score: own.score, cannotAssess: own.cannotAssess, rationale: own.rationale, version: own.version } : null,
          others: otherIds.map((id) => {
            const score = others.get(criterion.id)?.find((s) => s.reviewerId === id);
            return {
              reviewerId: id,
              name: names.get(id) ?? "",
              submitted: review.submittedReviewerIds.includes(id),
              score: score?.score ?? null,
              cannotAssess: score?.cannotAssess ?? false,
              rationale: score?.rationale ?? "",
            };
          }),
        };
      }),
    })),
  };
}

/** An action's answer before it is wrapped for Remix (data()) or written as JSON (decision 023). */
export interface ScoreAnswer {
  status: number;
  body: ScoreActionData;
}

function answer(body: ScoreActionData, status = 200): ScoreAnswer {
  return { status, body };
}

function toData({ body, status }: ScoreAnswer) {
  return data<ScoreActionData>(body, { status });
}

/**
 * The scoring action's guard: signed in (else to /login), a review id, and a review the viewer may
 * see (else 404, as every review page). The page's loader reads the whole review context; the
 * action needs only getScoringAccess (one query).
 */
export async function requireScoringAccess(request: Request, params: unknown) {
  const user = await requireUser(request);
  const parsed = ReviewParamsSchema.safeParse(params);
  if (!parsed.success) notFound();
  const scoring = await getScoringAccess(getDb(), parsed.data.reviewId, user);
  if (!scoring?.access.canView) notFound();
  return { user, scoring };
}

function scoringErrorAnswer(error: ScoringError, intent: ScoreActionData["intent"], criterionIds: number[] = []) {
  return answer(
    { intent, ok: false, message: error.messageKey, formErrors: [error.messageKey], staleCriterionId: error.details.criterionId, criterionIds },
    error.status
  );
}

async function saveScores(
  form: FormLike,
  manual: Awaited<ReturnType<typeof loadReviewManual>>,
  save: (entries: Parameters<typeof saveReviewerScores>[1]["entries"]) => ReturnType<typeof saveReviewerScores>,
  savedMessage: MessageKey
) {
  const parsed = parseScoreForm(form, { criterionIds: manual.criterionIds, scaleValues: manual.scaleValues });
  if (!parsed.ok) {
    return answer(
      {
        intent: "save",
        ok: false,
        message: "form.errorSummary",
        formErrors: parsed.formErrors,
        fieldErrors: parsed.fieldErrors,
        criterionIds: parsed.criterionIds,
        values: parsed.values,
      },
      400
    );
  }
  const criterionIds = parsed.entries.map((e) => e.criterionId);
  try {
    const result = await save(parsed.entries);
    return answer({ intent: "save", ok: true, message: savedMessage, savedAt: result.savedAt, saved: result.saved, changed: result.changed, criterionIds });
  } catch (error) {
    if (error instanceof ScoringError) return scoringErrorAnswer(error, "save", criterionIds);
    throw error;
  }
}

/** The scoring page's action: intent "save" (one or more criteria) or "submit". */
export async function scoringAction(db: AppDatabase, scoring: ScoringAccess, user: CurrentUser, form: FormLike, audit: AuditContext) {
  return toData(await scoringAnswer(db, scoring, user, form, audit));
}

/**
 * What scoringAction answers, unwrapped: the Remix action and the JSON autosave endpoint
 * (scoring/autosave-endpoint.server.ts) both go through here.
 */
export async function scoringAnswer(
  db: AppDatabase,
  scoring: ScoringAccess,
  user: CurrentUser,
  form: FormLike,
  audit: AuditContext,
  { allowSubmit = true }: { allowSubmit?: boolean } = {},
): Promise<ScoreAnswer> {
  const intentValue = form.get("intent");
  const intent: ScoreActionData["intent"] = intentValue === "save" || (intentValue === "submit" && allowSubmit) ? intentValue : "unknown";
  const { access, reviewId } = scoring;
  if (!access.isTeamMember) return answer({ intent, ok: false, message: "scoring.error.teamOnly" }, 403);
  if (scoring.stage !== "analysis") return answer({ intent, ok: false, message: "scoring.error.closed" }, 403);
  if (!access.canScore) return answer({ intent, ok: false, message: "scoring.error.locked" }, 409);
  const manual = await loadReviewManual(db, scoring.manualVersionId);
  switch (intent) {
    case "save":
      return saveScores(form, manual, (entries) => saveReviewerScores(db, { reviewId, reviewerId: user.id, entries }, audit), "scoring.saved");
    case "submit":
      try {
        await submitReviewerScores(db, { reviewId, reviewerId: user.id, criterionIds: manual.criteria.map((c) => c.id) }, audit);
        return answer({ intent, ok: true, message: "scoring.submit.done" });
      } catch (error) {
        if (!(error instanceof ScoringError)) throw error;
        const missing = new Set(error.details.missing ?? []);
        return answer(
          {
            intent,
            ok: false,
            message: error.messageKey,
            missing: manual.criteria.filter((c) => missing.has(c.id)).map((c) => ({ id: c.id, readingNumber: c.readingNumber })),
          },
          error.status
        );
      }
    default:
      return answer({ intent, ok: false, message: "form.invalidValue" }, 400);
  }
}

export const CONSENSUS_SORTS = ["disagreement", "manual"] as const;
export type ConsensusSort = (typeof CONSENSUS_SORTS)[number];

export function parseSort(url: string): ConsensusSort {
  const value = new URL(url).searchParams.get("sort");
  return value === "manual" ? "manual" : "disagreement";
}

export async function consensusPageData(db: AppDatabase, context: ReviewContext, sort: ConsensusSort) {
  const { review, access } = context;
  const manual = await loadReviewManual(db, context.round.manual_version_id);
  const self = await loadSelfAssessments(db, review.id);
  const reviewers = review.team.map((m) => ({ id: m.userId, name: m.name, isLead: m.isLead, submitted: review.submittedReviewerIds.includes(m.userId) }));
  const scores = byCriterion(
    await loadReviewerScores(
      db,
      review.id,
      reviewers.map((r) => r.id)
    )
  );
  const consensus = await loadConsensusScores(db, review.id);
  const dimensionOf = new Map(manual.dimensions.map((d) => [d.key, { key: d.key, number: d.number, title: d.title }]));
  const items = manual.criteria.map((criterion) => {
    const answers = reviewers.map((r) => {
      const s = scores.get(criterion.id)?.find((x) => x.reviewerId === r.id);
      return { reviewerId: r.id, score: s?.score ?? null, cannotAssess: s?.cannotAssess ?? false, rationale: s?.rationale ?? "" };
    });
    const agreed = consensus.get(criterion.id);
    return {
      criterion,
      dimension: dimensionOf.get(criterion.dimensionKey)!,
      self: self.get(criterion.id) ?? null,
      answers,
      spread: criterionSpread({ criterionId: criterion.id, answers }),
      consensus: agreed
        ? {
            score: agreed.score,
            cannotAssess: agreed.cannotAssess,
            rationale: agreed.rationale,
            version: agreed.version,
            updatedAt: agreed.updatedAt,
            updatedByName: agreed.updatedByName,
          }
        : null,
    };
  });
  const agreement = reviewAgreement(items.map((i) => ({ criterionId: i.criterion.id, answers: i.answers })));
  return {
    reviewId: review.id,
    stage: review.stage,
    canEdit: access.canEditConsensus,
    isLead: access.isLead,
    sort,
    scale: manual.scale,
    reviewers,
    agreement,
    consensusDone: items.filter((i) => isAnswered(i.consensus)).length,
    criteriaCount: items.length,
    items: sort === "manual" ? items : sortByDisagreement(items),
  };
}

/** The consensus page's action: intent "save" for one or more criteria. */
export async function consensusAction(db: AppDatabase, context: ReviewContext, form: FormData, audit: AuditContext) {
  const intent: ScoreActionData["intent"] = form.get("intent") === "save" ? "save" : "unknown";
  const { access, review } = context;
  if (!access.isTeamMember) return toData(answer({ intent, ok: false, message: "consensus.error.teamOnly" }, 403));
  if (!access.canEditConsensus) return toData(answer({ intent, ok: false, message: "consensus.error.closed" }, 403));
  if (intent !== "save") return toData(answer({ intent, ok: false, message: "form.invalidValue" }, 400));
  const manual = await loadReviewManual(db, context.round.manual_version_id);
  return toData(await saveScores(form, manual, (entries) => saveConsensusScores(db, { reviewId: review.id, entries }, audit), "consensus.saved"));
}

/** Helpers for the scoring and consensus tests: score forms posted through the real actions. */
import * as consensusPage from "~/routes/reviews.$reviewId.consensus";
import * as scoringPage from "~/routes/reviews.$reviewId.scoring";
import { getDb } from "~/utils/db.server";
import type { ReviewFixture } from "./factories";
import { callAction, callLoader } from "./route";

export interface EntryInput {
  criterionId: number;
  score?: string;
  rationale?: string;
  version?: number | string;
}

/** The form a score editor posts: repeated criterionId plus score-, rationale- and version-<id>. */
export function scoreForm(entries: EntryInput[], intent = "save"): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = { intent, criterionId: entries.map((e) => String(e.criterionId)) };
  for (const e of entries) {
    if (e.score !== undefined) form[`score-${e.criterionId}`] = e.score;
    form[`rationale-${e.criterionId}`] = e.rationale ?? "";
    form[`version-${e.criterionId}`] = String(e.version ?? 0);
  }
  return form;
}

export function params(fixture: ReviewFixture) {
  return { reviewId: String(fixture.reviewId) };
}

export function saveScores(fixture: ReviewFixture, as: string, entries: EntryInput[]) {
  return callAction(scoringPage.action, { as, params: params(fixture), form: scoreForm(entries) });
}

export function submitScores(fixture: ReviewFixture, as: string) {
  return callAction(scoringPage.action, { as, params: params(fixture), form: { intent: "submit" } });
}

export function loadScoring(fixture: ReviewFixture, as: string) {
  return callLoader(scoringPage.loader, { as, params: params(fixture) });
}

export function loadConsensus(fixture: ReviewFixture, as: string, query = "") {
  return callLoader(consensusPage.loader, { as, params: params(fixture), path: `/reviews/${fixture.reviewId}/consensus${query}` });
}

export function saveConsensus(fixture: ReviewFixture, as: string, entries: EntryInput[]) {
  return callAction(consensusPage.action, { as, params: params(fixture), form: scoreForm(entries) });
}

/** Scores every criterion of the fixture as `as`, with the score chosen per criterion index. */
export async function scoreAll(fixture: ReviewFixture, as: string, scoreOf: (index: number) => string, rationale = (i: number) => `Motivering ${i + 1}`) {
  const result = await saveScores(
    fixture,
    as,
    fixture.criteria.map((c, i) => ({ criterionId: c.id, score: scoreOf(i), rationale: rationale(i) }))
  );
  if (result.status !== 200) throw new Error(`scoreAll failed: ${result.status} ${JSON.stringify(result.data)}`);
  return result;
}

export async function reviewerScoreRows(fixture: ReviewFixture) {
  return getDb().selectFrom("reviewer_scores").selectAll().where("review_id", "=", fixture.reviewId).orderBy("criterion_id").execute();
}

export async function consensusRows(fixture: ReviewFixture) {
  return getDb().selectFrom("consensus_scores").selectAll().where("review_id", "=", fixture.reviewId).orderBy("criterion_id").execute();
}

export async function setStage(fixture: ReviewFixture, stage: "analysis" | "assessment" | "feedback" | "factual_check" | "published") {
  await getDb().updateTable("reviews").set({ stage }).where("id", "=", fixture.reviewId).execute();
}

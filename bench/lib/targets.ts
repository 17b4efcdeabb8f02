/**
 * What the measurements point at in the generated database: the largest published round and the
 * rounds of its trend, the reviews and people of the page and load measurements, and signed-in
 * sessions for them (created through the app's own createSession, so both servers accept the
 * same cookies). Read from the working copy, never assumed.
 */
import type { AppDatabase } from "#db/connection";
import { createSession } from "~/modules/auth/session.server";
import { listRoundsWithPublishedReviews, type NationalRound } from "~/modules/national/national-repository.server";

export interface LoadAssignment {
  reviewId: number;
  reviewerId: number;
  criterionId: number;
  /** The stored version the first save must name (0: no row yet). */
  version: number;
  cookie: string;
}

export interface Targets {
  rounds: NationalRound[];
  /** The round with the most published reviews (the latest of those): "one round at the largest scale". */
  largestRound: NationalRound;
  /** The 10 latest rounds of the same level up to and including the largest one, oldest first. */
  trendRounds: NationalRound[];
  scoring: { reviewId: number; userId: number; cookie: string };
  consensus: { reviewId: number; userId: number; cookie: string };
  coordinatorCookie: string;
  load: LoadAssignment[];
}

async function cookieFor(db: AppDatabase, userId: number) {
  return (await createSession(db, { userId, ip: "127.0.0.1", userAgent: "npm run bench" })).split(";")[0]!;
}

export async function findTargets(db: AppDatabase, { connections }: { connections: number }): Promise<Targets> {
  const rounds = await listRoundsWithPublishedReviews(db);
  const largestRound = [...rounds].sort((a, b) => b.publishedReviews - a.publishedReviews || b.periodStart.localeCompare(a.periodStart) || b.id - a.id)[0];
  if (!largestRound) throw new Error("the benchmark database has no published rounds");
  const trendRounds = rounds
    .filter((r) => r.level === largestRound.level && r.periodStart <= largestRound.periodStart)
    .slice(0, 10)
    .reverse();

  // The running round of the same level (latest period): its reviews in analysis and assessment.
  const running = await db
    .selectFrom("rounds")
    .select("id")
    .where("level", "=", largestRound.level)
    .orderBy("period_start", "desc")
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  const members = await db
    .selectFrom("reviews")
    .innerJoin("review_team_members as m", "m.review_id", "reviews.id")
    .innerJoin("rounds", "rounds.id", "reviews.round_id")
    .select(["reviews.id as reviewId", "reviews.stage", "m.user_id as userId", "m.is_lead", "rounds.manual_version_id as manualVersionId"])
    .where("reviews.round_id", "=", running.id)
    .where("reviews.stage", "in", ["analysis", "assessment"])
    .orderBy("reviews.id")
    .orderBy("m.is_lead", "desc")
    .orderBy("m.user_id")
    .execute();
  const analysis = members.filter((m) => m.stage === "analysis");
  const assessment = members.filter((m) => m.stage === "assessment");
  if (!analysis.length || !assessment.length) throw new Error("the running round has no reviews in analysis or assessment");

  // The scoring page: the last reviewer of the first review in analysis (the one who has scored most).
  const scoringReviewId = analysis[0]!.reviewId;
  const scoringUser = analysis.filter((m) => m.reviewId === scoringReviewId).at(-1)!.userId;
  const consensusMember = assessment[0]!;

  // The load: (review, reviewer) pairs of the other reviews in analysis, one per connection plus
  // a few spare (a connection whose answer is lost takes a free one, never one in flight), each
  // saving the manual's last criterion (nobody has scored it yet: the first save inserts).
  const pairs = analysis.filter((m) => m.reviewId !== scoringReviewId).slice(0, connections + 10);
  const lastCriterion = new Map<number, number>();
  const load: LoadAssignment[] = [];
  const cookies = new Map<number, string>();
  for (const pair of pairs) {
    if (!lastCriterion.has(pair.manualVersionId)) {
      const row = await db.selectFrom("manual_criteria").select("id").where("manual_version_id", "=", pair.manualVersionId).orderBy("position", "desc").limit(1).executeTakeFirstOrThrow();
      lastCriterion.set(pair.manualVersionId, row.id);
    }
    const criterionId = lastCriterion.get(pair.manualVersionId)!;
    const stored = await db
      .selectFrom("reviewer_scores")
      .select("version")
      .where("review_id", "=", pair.reviewId)
      .where("criterion_id", "=", criterionId)
      .where("reviewer_id", "=", pair.userId)
      .executeTakeFirst();
    if (!cookies.has(pair.userId)) cookies.set(pair.userId, await cookieFor(db, pair.userId));
    load.push({ reviewId: pair.reviewId, reviewerId: pair.userId, criterionId, version: stored?.version ?? 0, cookie: cookies.get(pair.userId)! });
  }

  const coordinator = await db.selectFrom("users").select("id").where("email", "=", "samordnare.1@bench.kollega.test").executeTakeFirstOrThrow();
  return {
    rounds,
    largestRound,
    trendRounds,
    scoring: { reviewId: scoringReviewId, userId: scoringUser, cookie: await cookieFor(db, scoringUser) },
    consensus: { reviewId: consensusMember.reviewId, userId: consensusMember.userId, cookie: await cookieFor(db, consensusMember.userId) },
    coordinatorCookie: await cookieFor(db, coordinator.id),
    load,
  };
}

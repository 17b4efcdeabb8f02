/**
 * Test data through the real tables: a round with one review, its team and the review moved to a
 * given stage. Used by integration tests of every review page; the demo seed builds on the same
 * shapes.
 */
import type { ReviewStage } from "#db/schema";
import { getDb } from "~/utils/db.server";
import { DEMO } from "./route";

export interface ReviewFixture {
  roundId: number;
  reviewId: number;
  unitId: number;
  manualVersionId: number;
  /** Criteria of the pinned manual version in reading order. */
  criteria: { id: number; key: string }[];
  team: { userId: number; email: string; isLead: boolean }[];
}

export async function idOfUser(email: string) {
  return (await getDb().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
}

export async function idOfUnit(code: string) {
  return (await getDb().selectFrom("units").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
}

/**
 * A county review of `unitCode` (default Uppsala, whose contact is DEMO.unitContact) by the
 * Stockholm reviewer (lead) and the Skåne reviewer, in `stage`.
 */
export async function createReviewFixture({
  stage = "gathering",
  unitCode = "03",
  manualKey = "county",
  manualVersion = 1,
  team = [
    { email: DEMO.reviewer, isLead: true },
    { email: DEMO.reviewerSkane, isLead: false },
  ],
  level = "county",
}: {
  stage?: ReviewStage;
  unitCode?: string;
  manualKey?: "county" | "resource-centre" | "node" | "national";
  manualVersion?: number;
  team?: { email: string; isLead: boolean }[];
  level?: "county" | "resource_centre" | "node" | "national";
} = {}): Promise<ReviewFixture> {
  const db = getDb();
  const now = new Date().toISOString();
  const manual = await db
    .selectFrom("manual_versions")
    .select("id")
    .where("manual_key", "=", manualKey)
    .where("version", "=", manualVersion)
    .executeTakeFirstOrThrow();
  const { id: roundId } = await db
    .insertInto("rounds")
    .values({
      name: `Testomgång ${manualKey} v${manualVersion}`,
      level,
      manual_version_id: manual.id,
      period_start: "2026-01-01",
      period_end: "2026-12-31",
      self_assessment_due: "2026-03-01",
      scoring_due: "2026-04-01",
      consensus_due: "2026-05-01",
      factual_check_due: "2026-06-01",
      publication_due: "2026-06-15",
      follow_up_due: "2026-12-01",
      created_by: null,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const unitId = await idOfUnit(unitCode);
  const { id: reviewId } = await db
    .insertInto("reviews")
    .values({ round_id: roundId, unit_id: unitId, stage, created_at: now, updated_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  const members = [];
  for (const member of team) {
    const userId = await idOfUser(member.email);
    await db
      .insertInto("review_team_members")
      .values({ review_id: reviewId, user_id: userId, is_lead: member.isLead ? 1 : 0, added_by: null, added_at: now })
      .execute();
    members.push({ userId, email: member.email, isLead: member.isLead });
  }
  const criteria = await db
    .selectFrom("manual_criteria")
    .select(["id", "key"])
    .where("manual_version_id", "=", manual.id)
    .orderBy("position")
    .execute();
  return { roundId, reviewId, unitId, manualVersionId: manual.id, criteria, team: members };
}

/** The review's current optimistic-concurrency version. */
export async function reviewVersionOf(reviewId: number) {
  return (await getDb().selectFrom("reviews").select("version").where("id", "=", reviewId).executeTakeFirstOrThrow()).version;
}

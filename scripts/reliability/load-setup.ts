/**
 * A database for the load, crash and backup scripts: the real schema, reference data and manuals,
 * then N reviewer accounts (with a password, so they sign in over HTTP) on the teams of a county
 * round whose reviews are in the analysis stage, where reviewers score. Everything goes through the
 * app's own repositories (createUser, createRound, changeTeam, advanceReview), so the data obeys
 * the same rules as data made through the pages: no reviewer reviews their own county, every team
 * has a lead and people from two counties.
 */
import { openDatabase } from "#db/connection";
import { prepareDatabase } from "#db/prepare";
import { createRound, changeTeam, manualVersionsForLevel } from "~/modules/reviews/round-repository.server";
import { advanceReview, getReviewContext } from "~/modules/reviews/review-repository.server";
import { createUser, getActiveUser } from "~/modules/users/users.server";

export const LOAD_PASSWORD = "tillforlitlighet-last-2026";
export const LOAD_EMAIL_DOMAIN = "@reliability.test";

export interface LoadReviewer {
  email: string;
  userId: number;
  reviewId: number;
  /** Criterion ids of the review's pinned manual version. */
  criterionIds: number[];
}

export interface LoadSetup {
  databasePath: string;
  reviewers: LoadReviewer[];
  reviewIds: number[];
  scaleValues: number[];
}

/**
 * Creates `reviewers` reviewer accounts in teams of `teamSize` (at least 2: a county team needs two
 * counties), one review per team. Takes a path to a new or empty database file.
 */
export async function createLoadDatabase({ databasePath, reviewers, teamSize = 3 }: { databasePath: string; reviewers: number; teamSize?: number }): Promise<LoadSetup> {
  if (teamSize < 2) throw new Error("teamSize must be at least 2 (a county team needs two counties)");
  const teams = Math.ceil(reviewers / teamSize);
  const { db, sqlite } = openDatabase(databasePath);
  try {
    await prepareDatabase(db, { demo: false });
    const audit = { actorUserId: null, ip: "reliability-setup" };
    const counties = await db.selectFrom("units").select(["id", "code"]).where("kind", "=", "county").where("active", "=", 1).orderBy("code").execute();
    // Reviewed counties first, reviewers' home counties from the rest: nobody reviews their own
    // county and no two counties review each other (no mutual-review override needed).
    if (teams + teamSize > counties.length) throw new Error(`at most ${counties.length - teamSize} teams: there are ${counties.length} counties`);
    const reviewed = counties.slice(0, teams);
    const homes = counties.slice(teams);
    const national = await db.selectFrom("units").select("id").where("code", "=", "NAT").executeTakeFirstOrThrow();

    const coordinatorId = await createUser(
      db,
      { email: `samordnare${LOAD_EMAIL_DOMAIN}`, name: "Samordnare (lasttest)", homeUnitId: national.id, roles: ["coordinator"], password: null },
      audit,
    );
    const coordinator = (await getActiveUser(db, coordinatorId))!;

    const userIds: number[] = [];
    for (let i = 0; i < teams * teamSize; i++) {
      const number = String(i + 1).padStart(3, "0");
      userIds.push(
        await createUser(
          db,
          {
            email: `granskare${number}${LOAD_EMAIL_DOMAIN}`,
            name: `Granskare ${number} (lasttest)`,
            homeUnitId: homes[i % homes.length]!.id,
            roles: ["reviewer"],
            password: i < reviewers ? LOAD_PASSWORD : null,
          },
          audit,
        ),
      );
    }

    const manual = (await manualVersionsForLevel(db, "county"))[0]!;
    const roundId = await createRound(
      db,
      {
        name: "Lasttest (tillförlitlighet)",
        level: "county",
        manualVersionId: manual.id,
        periodStart: "2026-01-01",
        periodEnd: "2026-12-31",
        selfAssessmentDue: null,
        scoringDue: null,
        consensusDue: null,
        factualCheckDue: null,
        publicationDue: null,
        followUpDue: null,
        requiresUserRepresentative: false,
        unitIds: reviewed.map((u) => u.id),
        synthetic: true,
      },
      audit,
    );
    const reviews = await db.selectFrom("reviews").select(["id", "unit_id"]).where("round_id", "=", roundId).execute();
    const reviewOfUnit = new Map(reviews.map((r) => [r.unit_id, r.id]));
    const criterionIds = (await db.selectFrom("manual_criteria").select("id").where("manual_version_id", "=", manual.id).orderBy("position").execute()).map((c) => c.id);

    const result: LoadReviewer[] = [];
    for (const [t, unit] of reviewed.entries()) {
      const reviewId = reviewOfUnit.get(unit.id)!;
      for (let j = 0; j < teamSize; j++) {
        const index = t * teamSize + j;
        const version = (await db.selectFrom("reviews").select("version").where("id", "=", reviewId).executeTakeFirstOrThrow()).version;
        await changeTeam(db, { reviewId, expectedVersion: version, change: { type: "add", userId: userIds[index]!, isLead: j === 0, isUserRepresentative: false } }, audit);
        if (index < reviewers) result.push({ email: `granskare${String(index + 1).padStart(3, "0")}${LOAD_EMAIL_DOMAIN}`, userId: userIds[index]!, reviewId, criterionIds });
      }
      // planned → gathering → analysis, as the coordinator would (no self-assessment: a logged reason).
      for (const overrideReason of [null, "Lasttest: ingen självskattning"]) {
        const context = (await getReviewContext(db, reviewId, coordinator))!;
        await advanceReview(db, context, { expectedVersion: context.review.version, overrideReason }, { actorUserId: coordinatorId, ip: "reliability-setup" });
      }
    }
    const scale = await db.selectFrom("manual_versions").select("content_json").where("id", "=", manual.id).executeTakeFirstOrThrow();
    const scaleValues = (JSON.parse(scale.content_json) as { scale: { steps: { value: number }[] } }).scale.steps.map((s) => s.value);
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    return { databasePath, reviewers: result, reviewIds: reviewed.map((u) => reviewOfUnit.get(u.id)!), scaleValues };
  } finally {
    sqlite.close();
  }
}

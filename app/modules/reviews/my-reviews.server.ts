/** The reviews a person takes part in: on the team, or as the contact of the reviewed unit. */
import type { AppDatabase } from "#db/connection";
import type { CurrentUser } from "../users/users.server";
import type { MyReviewRow, ReviewRelation } from "./my-reviews";

/**
 * Every review the user is on the team of, plus every review of their home unit when they are a
 * unit contact. The same people `reviewAccess` lets see these reviews, so every row links to a
 * page the user may open.
 */
export async function listMyReviewRows(db: AppDatabase, user: CurrentUser): Promise<MyReviewRow[]> {
  const isUnitContact = user.roles.includes("unit_contact");
  const rows = await db
    .selectFrom("reviews")
    .innerJoin("rounds", "rounds.id", "reviews.round_id")
    .innerJoin("units", "units.id", "reviews.unit_id")
    .leftJoin("review_team_members as me", (join) => join.onRef("me.review_id", "=", "reviews.id").on("me.user_id", "=", user.id))
    .select([
      "reviews.id",
      "reviews.stage",
      "reviews.published_at",
      "reviews.unit_id",
      "units.name_sv",
      "units.name_en",
      "rounds.id as roundId",
      "rounds.name as roundName",
      "rounds.synthetic",
      "rounds.self_assessment_due",
      "rounds.scoring_due",
      "rounds.consensus_due",
      "rounds.factual_check_due",
      "rounds.publication_due",
      "rounds.follow_up_due",
      "me.is_lead",
    ])
    .where((eb) => {
      const mine = [eb("me.user_id", "is not", null)];
      if (isUnitContact) mine.push(eb("reviews.unit_id", "=", user.homeUnit.id));
      return eb.or(mine);
    })
    .execute();
  return rows.map((r) => {
    const relation: ReviewRelation = r.is_lead === 1 ? "lead" : r.is_lead === 0 ? "member" : "unit";
    return {
      reviewId: r.id,
      unitNameSv: r.name_sv,
      unitNameEn: r.name_en,
      roundId: r.roundId,
      roundName: r.roundName,
      synthetic: r.synthetic === 1,
      stage: r.stage,
      publishedAt: r.published_at,
      relation,
      deadlines: {
        self_assessment_due: r.self_assessment_due,
        scoring_due: r.scoring_due,
        consensus_due: r.consensus_due,
        factual_check_due: r.factual_check_due,
        publication_due: r.publication_due,
        follow_up_due: r.follow_up_due,
      },
    };
  });
}

/**
 * getRoundReview (what every review page reads) is exactly the row listRoundReviews gives for the
 * review — team, submissions and team issues, the mutual-review rule included — while reading only
 * the reviews that rule needs instead of the whole round (docs/benchmarks.md).
 */
import path from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openDatabase } from "#db/connection";
import { prepareDatabase } from "#db/prepare";
import { getRoundReview, listRoundReviews } from "~/modules/reviews/round-repository.server";
import { ARTIFACTS_DIR } from "../setup/paths";

describe("getRoundReview", () => {
  it("gives every review of every round exactly as listRoundReviews lists it", async () => {
    const { db, sqlite } = openDatabase(path.join(ARTIFACTS_DIR, "db", `${randomUUID()}.sqlite`));
    await prepareDatabase(db, { demo: true });
    const rounds = await db.selectFrom("rounds").select(["id", "level"]).orderBy("id").execute();

    // Make sure the rules that read other reviews have something to find: two counties reviewing
    // each other in the 2026 county round, and a reviewer from the reviewed unit itself.
    const county = rounds[1]!;
    const [a, b] = await db
      .selectFrom("reviews")
      .innerJoin("units", "units.id", "reviews.unit_id")
      .select(["reviews.id", "reviews.unit_id"])
      .where("reviews.round_id", "=", county.id)
      .orderBy("units.code")
      .limit(2)
      .execute();
    const memberFrom = async (unitId: number) =>
      (await db.selectFrom("users").innerJoin("user_roles", "user_roles.user_id", "users.id").select("users.id").where("users.home_unit_id", "=", unitId).where("user_roles.role", "=", "reviewer").executeTakeFirst()) ??
      (await db.insertInto("users").values({ email: `granskare.${unitId}@test.invalid`, name: `Granskare ${unitId}`, home_unit_id: unitId, password_hash: null, created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z", deactivated_at: null }).returning("id").executeTakeFirstOrThrow());
    const fromA = await memberFrom(a!.unit_id);
    const fromB = await memberFrom(b!.unit_id);
    const add = (reviewId: number, userId: number) =>
      db.insertInto("review_team_members").values({ review_id: reviewId, user_id: userId, is_lead: 0, is_user_representative: 0, added_by: null, added_at: "2026-01-01T00:00:00.000Z" }).onConflict((oc) => oc.doNothing()).execute();
    await add(a!.id, fromB.id);
    await add(b!.id, fromA.id);
    await add(a!.id, fromA.id);

    const codes = new Set<string>();
    for (const round of rounds) {
      for (const listed of await listRoundReviews(db, round.id)) {
        expect(await getRoundReview(db, round.id, listed.id), `review ${listed.id}`).toEqual(listed);
        for (const issue of listed.issues) codes.add(issue.code);
      }
    }
    expect(codes).toContain("mutual-review");
    expect(codes).toContain("member-from-reviewed-unit");
    // Not a review of that round, or no such review: nothing.
    expect(await getRoundReview(db, rounds[0]!.id, a!.id)).toBeNull();
    expect(await getRoundReview(db, county.id, 999_999)).toBeNull();
    sqlite.close();
  });
});

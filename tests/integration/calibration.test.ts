/**
 * Calibration (/manuals/:manual/calibration): who may open it, that it counts only published
 * reviews and submitted reviewer scores, the version selector with 400 for bad values, and that
 * no reviewer or unit is named.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { loader } from "~/routes/manuals.$manual.calibration";
import { loader as manualLoader } from "~/routes/manuals.$manual._index";
import { getDb } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { REVIEWER_SECRET, feedbackFixture, publishedFixture } from "../feedback-fixtures";
import { DEMO, callLoader } from "../route";

beforeEach(() => {
  useFreshDatabase();
});

const params = { manual: "county" };
const open = (email: string | undefined, query = "") => callLoader(loader, { path: `/manuals/county/calibration${query}`, params, as: email });

type Result = { criterion: { key: string }; reviews: number; comparedReviews: number; meanRange: number | null; self: { compared: number; meanDifference: number | null; differing: number } };

describe("/manuals/:manual/calibration", () => {
  it("is for editors, and read-only for the coordinator and the advisory group; others get 403", async () => {
    expect((await open(undefined)).status).toBe(302);
    for (const email of [DEMO.editor, DEMO.coordinator, DEMO.advisor]) {
      const result = await open(email);
      expect(result.status, email).toBe(200);
      expect(result.data.canEdit, email).toBe(email === DEMO.editor);
    }
    for (const email of [DEMO.admin, DEMO.reviewer, DEMO.reviewerSkane, DEMO.reviewerNorrbotten, DEMO.unitContact, DEMO.unitContactStockholm]) {
      expect((await open(email)).status, email).toBe(403);
    }
    expect((await callLoader(loader, { path: "/manuals/nope/calibration", params: { manual: "nope" }, as: DEMO.editor })).status).toBe(404);
  });

  it("says so when a version has no published reviews", async () => {
    const result = await open(DEMO.editor);
    expect(result.status).toBe(200);
    expect(result.data.version.version).toBe(2);
    expect(result.data.summary).toBeNull();
  });

  it("computes from published reviews only, with submitted reviewer scores, and names nobody", async () => {
    // Published: reviewers both scored 1 everywhere; consensus cycles 3, 2, 1, 0; self-scores 3.
    const published = await publishedFixture();
    // Not published: its scores must not count.
    await feedbackFixture({ unitCode: "12" });
    const result = await open(DEMO.coordinator);
    expect(result.status).toBe(200);
    expect(result.data.version.version).toBe(1);
    expect(result.data.summary).toMatchObject({ reviews: 1, criteria: 23, flagged: 0, judged: 0 });
    const byKey = new Map((result.data.results as Result[]).map((r) => [r.criterion.key, r]));
    const [c0, c1, c2, c3] = published.criteria.map((c) => byKey.get(c.key)!);
    expect(c0).toMatchObject({ reviews: 1, comparedReviews: 1, meanRange: 0 });
    // Self 3 − consensus 3, 2, 1, 0 → 0, +1, +2, +3 steps.
    expect([c0, c1, c2, c3].map((c) => c!.self.meanDifference)).toEqual([0, 1, 2, 3]);
    expect(c1!.self).toMatchObject({ compared: 1, differing: 1 });
    const text = JSON.stringify(result.data);
    expect(text).not.toContain(REVIEWER_SECRET);
    expect(text).not.toContain("kollega.test");
    expect(text).not.toContain("Uppsala");
    expect(text).not.toContain("reviewerId");
  });

  it("leaves out scores of a reviewer who never submitted", async () => {
    const published = await publishedFixture();
    const db = getDb();
    // A third team member's unsubmitted draft: 3 on the first criterion would make a range of 2.
    const norrbotten = await db.selectFrom("users").select("id").where("email", "=", DEMO.reviewerNorrbotten).executeTakeFirstOrThrow();
    await db
      .insertInto("reviewer_scores")
      .values({ review_id: published.reviewId, criterion_id: published.criteria[0]!.id, reviewer_id: norrbotten.id, score: 3, rationale: "", updated_at: new Date().toISOString() })
      .execute();
    const result = await open(DEMO.editor);
    const first = (result.data.results as Result[]).find((r) => r.criterion.key === published.criteria[0]!.key)!;
    expect(first.meanRange).toBe(0);
  });

  it("answers a bad version with 400 and the message on the field", async () => {
    await publishedFixture();
    for (const [query, messageKey] of [
      ["?version=x", "calibration.error.version"],
      ["?version=1&version=2", "calibration.error.version"],
      ["?version=9", "calibration.error.versionUnknown"],
    ] as const) {
      const result = await open(DEMO.editor, query);
      expect(result.status, query).toBe(400);
      expect(result.thrown, query).toBe(false);
      expect(result.data.error, query).toBe(messageKey);
      expect(result.data.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    }
    const v2 = await open(DEMO.editor, "?version=2");
    expect(v2.status).toBe(200);
    expect(v2.data.summary).toBeNull();
  });

  it("is linked from the manual's page for those who may read it", async () => {
    for (const [email, linked] of [
      [DEMO.editor, true],
      [DEMO.advisor, true],
      [DEMO.coordinator, true],
      [DEMO.reviewer, false],
      [DEMO.admin, false],
    ] as const) {
      const result = await callLoader(manualLoader, { path: "/manuals/county", params, as: email });
      expect(result.data.canCalibrate, email).toBe(linked);
    }
  });
});

/** The review history never shows an individual reviewer's scores to those who may not see them. */
import { beforeEach, describe, expect, it } from "vitest";
import { loader as historyLoader } from "~/routes/reviews.$reviewId.history";
import { useFreshDatabase } from "../db";
import { createReviewFixture } from "../factories";
import { DEMO, callLoader } from "../route";
import { saveScores } from "../scoring-helpers";

beforeEach(() => {
  useFreshDatabase();
});

describe("review history", () => {
  it("hides reviewer score details from the coordinator and from a lead who has not submitted", async () => {
    const fixture = await createReviewFixture({ stage: "analysis" });
    const criterion = fixture.criteria[0]!;
    const saved = await saveScores(fixture, DEMO.reviewerSkane, [{ criterionId: criterion.id, score: "2", rationale: "Hemlig motivering från Skåne", version: "0" }]);
    expect(saved.status).toBeLessThan(400);
    const params = { reviewId: String(fixture.reviewId) };
    for (const email of [DEMO.coordinator, DEMO.reviewer]) {
      const history = await callLoader(historyLoader, { as: email, params });
      expect(history.status).toBe(200);
      expect(JSON.stringify(history.data)).not.toContain("Hemlig motivering");
      expect(history.data.entries.find((e: { action: string }) => e.action === "review.score.save").detailsHidden).toBe(true);
    }
  });
});

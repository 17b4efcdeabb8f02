import { beforeEach, describe, expect, it } from "vitest";
import { loader as reviewFrameLoader } from "~/routes/reviews.$reviewId";
import { useFreshDatabase } from "../db";
import { createReviewFixture } from "../factories";
import { DEMO, callLoader } from "../route";

beforeEach(() => {
  useFreshDatabase();
});

describe("review fixture", () => {
  it("creates a review in the asked stage that its team and unit can open", async () => {
    const fixture = await createReviewFixture({ stage: "analysis" });
    expect(fixture.criteria).toHaveLength(23);
    const frame = await callLoader(reviewFrameLoader, { as: DEMO.reviewer, params: { reviewId: String(fixture.reviewId) } });
    expect(frame.status).toBe(200);
    expect(frame.data.stage).toBe("analysis");
    expect(frame.data.tabs.map((t: { label: string }) => t.label)).toEqual(["reviews.tab.overview", "reviews.tab.selfAssessment", "reviews.tab.scoring", "reviews.tab.history"]);
    const contact = await callLoader(reviewFrameLoader, { as: DEMO.unitContact, params: { reviewId: String(fixture.reviewId) } });
    expect(contact.data.tabs.map((t: { label: string }) => t.label)).toEqual(["reviews.tab.overview", "reviews.tab.selfAssessment"]);
    expect((await callLoader(reviewFrameLoader, { as: DEMO.unitContactStockholm, params: { reviewId: String(fixture.reviewId) } })).status).toBe(404);
  });
});

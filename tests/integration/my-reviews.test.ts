/** "Mina granskningar" (/reviews): each reviewer and unit contact sees exactly their own reviews. */
import { beforeEach, describe, expect, it } from "vitest";
import { loader } from "~/routes/reviews._index";
import { useFreshDatabase } from "../db";
import { createReviewFixture } from "../factories";
import { DEMO, callLoader } from "../route";

beforeEach(() => {
  useFreshDatabase();
});

async function twoReviews() {
  // Uppsala reviewed by Stockholm (lead) and Skåne, in analysis; Stockholm reviewed by Norrbotten
  // (lead) and Skåne, published.
  const uppsala = await createReviewFixture({ stage: "analysis", unitCode: "03" });
  const stockholm = await createReviewFixture({
    stage: "published",
    unitCode: "01",
    team: [
      { email: DEMO.reviewerNorrbotten, isLead: true },
      { email: DEMO.reviewerSkane, isLead: false },
    ],
  });
  return { uppsala, stockholm };
}

async function listFor(email: string) {
  const result = await callLoader(loader, { as: email, path: "/reviews" });
  expect(result.status).toBe(200);
  const ids = (rows: { reviewId: number; relation: string }[]) => rows.map((r) => [r.reviewId, r.relation]);
  return { current: ids(result.data.current), finished: ids(result.data.finished), json: JSON.stringify(result.data) };
}

describe("/reviews", () => {
  it("lists the reviews a reviewer is on, with their part, and nothing else", async () => {
    const { uppsala, stockholm } = await twoReviews();
    expect(await listFor(DEMO.reviewer)).toMatchObject({ current: [[uppsala.reviewId, "lead"]], finished: [] });
    expect(await listFor(DEMO.reviewerSkane)).toMatchObject({
      current: [[uppsala.reviewId, "member"]],
      finished: [[stockholm.reviewId, "member"]],
    });
    const norrbotten = await listFor(DEMO.reviewerNorrbotten);
    expect(norrbotten).toMatchObject({ current: [], finished: [[stockholm.reviewId, "lead"]] });
    expect(norrbotten.json).not.toContain("Uppsala");
  });

  it("lists a unit contact's own unit's reviews only", async () => {
    const { uppsala, stockholm } = await twoReviews();
    const contactUppsala = await listFor(DEMO.unitContact);
    expect(contactUppsala).toMatchObject({ current: [[uppsala.reviewId, "unit"]], finished: [] });
    expect(contactUppsala.json).not.toContain("Region Stockholm");
    expect(await listFor(DEMO.unitContactStockholm)).toMatchObject({ current: [], finished: [[stockholm.reviewId, "unit"]] });
  });

  it("flags a review past its stage's deadline as overdue (the fixture's scoring deadline is 2026-04-01)", async () => {
    await twoReviews();
    const result = await callLoader(loader, { as: DEMO.reviewer, path: "/reviews" });
    const [review] = result.data.current;
    expect(review.due).toBe("2026-04-01");
    expect(review.overdue).toBe(new Date().toISOString().slice(0, 10) > "2026-04-01");
  });

  it("answers 403 to roles without reviews of their own", async () => {
    await twoReviews();
    for (const email of [DEMO.admin, DEMO.editor, DEMO.coordinator, DEMO.advisor]) {
      expect((await callLoader(loader, { as: email, path: "/reviews" })).status).toBe(403);
    }
    const anonymous = await callLoader(loader, { path: "/reviews" });
    expect(anonymous.status).toBe(302);
  });
});

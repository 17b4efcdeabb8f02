import { describe, expect, it } from "vitest";
import { checkTeam, type ReviewFacts } from "./team-rules";
import { proposeTeams, type Candidate, type ReviewToStaff } from "./team-proposal";

// 21 counties in six regions, one reviewer each (as many as a real round has), and a national
// reviewer. With fewer units, mutual reviews become unavoidable (a unit would review and be
// reviewed by more units than there are).
const counties = Array.from({ length: 21 }, (_, i) => i + 1);
const regionOf = (county: number) => (county % 6) + 1;
const candidates: Candidate[] = [
  ...counties.map((county) => ({ userId: 100 + county, homeUnitId: county, homeUnitKind: "county" as const, regionIds: [regionOf(county)] })),
  { userId: 200, homeUnitId: 50, homeUnitKind: "national", regionIds: [] },
];

describe("team proposal", () => {
  const reviews: ReviewToStaff[] = counties.map((county) => ({ reviewId: county, unitId: county, level: "county", regionIds: [regionOf(county)], members: [] }));
  const proposals = proposeTeams(reviews, candidates);

  it("staffs every review with a lead and a team that passes the rules, without mutual reviews", () => {
    expect(proposals).toHaveLength(21);
    const facts: ReviewFacts[] = proposals.map((p) => ({ reviewId: p.reviewId, unitId: p.reviewId, level: "county", members: p.members }));
    for (const review of facts) {
      expect(review.members.filter((m) => m.isLead)).toHaveLength(1);
      expect(checkTeam(review, { requiresUserRepresentative: false, reviews: facts, mutualOverrides: [] })).toEqual([]);
    }
  });

  it("spreads the load: nobody gets more than one assignment above the average", () => {
    const load = new Map<number, number>();
    for (const p of proposals) for (const m of p.members) if (m.homeUnitKind === "county") load.set(m.userId, (load.get(m.userId) ?? 0) + 1);
    const counts = [...load.values()];
    const average = counts.reduce((a, b) => a + b, 0) / counts.length;
    expect(Math.max(...counts)).toBeLessThanOrEqual(Math.ceil(average) + 1);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(Math.floor(average) - 1);
  });

  it("prefers reviewers from other healthcare regions than the reviewed unit", () => {
    for (const p of proposals) {
      const sameRegion = p.members.filter((m) => m.homeUnitKind === "county" && regionOf(m.homeUnitId) === regionOf(p.reviewId));
      expect(sameRegion.length).toBeLessThanOrEqual(1);
    }
  });

  it("puts a national member on node reviews and is deterministic", () => {
    const nodeReview: ReviewToStaff[] = [{ reviewId: 9, unitId: 70, level: "node", regionIds: [], members: [] }];
    const [proposal] = proposeTeams(nodeReview, candidates);
    expect(proposal!.members.some((m) => m.homeUnitKind === "national")).toBe(true);
    expect(proposeTeams(nodeReview, candidates)).toEqual([proposal]);
  });

  it("leaves reviews that already have a team alone", () => {
    const staffed: ReviewToStaff[] = [{ ...reviews[0]!, members: [{ userId: 103, homeUnitId: 3, homeUnitKind: "county", isLead: true, isUserRepresentative: false }] }];
    expect(proposeTeams(staffed, candidates)).toEqual([]);
  });
});

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

  it("staffs the national level with the QA working group: national, node and county members", () => {
    const withNode: Candidate[] = [...candidates, { userId: 300, homeUnitId: 70, homeUnitKind: "node", regionIds: [] }];
    const national: ReviewToStaff = { reviewId: 50, unitId: 50, level: "national", regionIds: [], members: [] };
    const [proposal] = proposeTeams([national], withNode);
    expect(new Set(proposal!.members.map((m) => m.homeUnitKind))).toEqual(new Set(["national", "node", "county"]));
    const facts: ReviewFacts = { reviewId: 50, unitId: 50, level: "national", members: proposal!.members };
    expect(checkTeam(facts, { requiresUserRepresentative: false, reviews: [facts], mutualOverrides: [] })).toEqual([]);
  });

  it("leaves reviews that already have a team alone", () => {
    const staffed: ReviewToStaff[] = [{ ...reviews[0]!, members: [{ userId: 103, homeUnitId: 3, homeUnitKind: "county", isLead: true, isUserRepresentative: false }] }];
    expect(proposeTeams(staffed, candidates)).toEqual([]);
  });
});

describe("team proposal with user representatives", () => {
  // Four user representatives (brukarföreträdare) from four counties, beside the reviewers.
  const representatives: Candidate[] = [2, 9, 14, 20].map((county, i) => ({
    userId: 400 + i,
    homeUnitId: county,
    homeUnitKind: "county" as const,
    regionIds: [regionOf(county)],
    isUserRepresentative: true,
  }));
  const pool = [...candidates, ...representatives];
  const reviews: ReviewToStaff[] = counties.map((county) => ({ reviewId: county, unitId: county, level: "county", regionIds: [regionOf(county)], members: [] }));
  const isRepresentative = (userId: number) => representatives.some((r) => r.userId === userId);

  it("seats no user representative when the round does not ask for one, and never as a reviewer", () => {
    for (const proposal of proposeTeams(reviews, pool)) {
      expect(proposal.members.some((m) => isRepresentative(m.userId) || m.isUserRepresentative)).toBe(false);
    }
  });

  it("adds one user representative to every team when the round requires it; every team passes every rule", () => {
    const proposals = proposeTeams(reviews, pool, { requiresUserRepresentative: true });
    expect(proposals).toHaveLength(21);
    const facts: ReviewFacts[] = proposals.map((p) => ({ reviewId: p.reviewId, unitId: p.reviewId, level: "county", members: p.members }));
    for (const review of facts) {
      const seated = review.members.filter((m) => m.isUserRepresentative);
      expect(seated).toHaveLength(1);
      expect(isRepresentative(seated[0]!.userId)).toBe(true);
      expect(seated[0]!.isLead).toBe(false);
      expect(seated[0]!.homeUnitId).not.toBe(review.unitId);
      // Three professional reviewers besides, one of them the lead.
      expect(review.members.filter((m) => !m.isUserRepresentative)).toHaveLength(3);
      expect(review.members.filter((m) => m.isLead)).toHaveLength(1);
      expect(checkTeam(review, { requiresUserRepresentative: true, reviews: facts, mutualOverrides: [] })).toEqual([]);
    }
  });

  it("spreads the user representatives evenly and keeps the reviewers' balance", () => {
    const proposals = proposeTeams(reviews, pool, { requiresUserRepresentative: true });
    const loadOf = (ids: (m: { userId: number }) => boolean) => {
      const load = new Map<number, number>();
      for (const p of proposals) for (const m of p.members) if (ids(m)) load.set(m.userId, (load.get(m.userId) ?? 0) + 1);
      return [...load.values()];
    };
    const representativeLoad = loadOf((m) => isRepresentative(m.userId));
    // 21 seats over 4 people: 5 or 6 each.
    expect(representativeLoad.reduce((a, b) => a + b, 0)).toBe(21);
    expect(Math.max(...representativeLoad) - Math.min(...representativeLoad)).toBeLessThanOrEqual(1);
    const reviewerLoad = loadOf((m) => !isRepresentative(m.userId) && m.userId !== 200);
    expect(Math.max(...reviewerLoad) - Math.min(...reviewerLoad)).toBeLessThanOrEqual(2);
  });

  it("says so instead of pretending when the round requires one and nobody can sit as one", () => {
    const [proposal] = proposeTeams([reviews[0]!], candidates, { requiresUserRepresentative: true });
    const review: ReviewFacts = { reviewId: 1, unitId: 1, level: "county", members: proposal!.members };
    expect(checkTeam(review, { requiresUserRepresentative: true, reviews: [review], mutualOverrides: [] }).map((i) => i.code)).toEqual(["user-representative-required"]);
    // A representative from the reviewed county itself is a conflict, never proposed.
    const own: Candidate = { userId: 499, homeUnitId: 1, homeUnitKind: "county", regionIds: [regionOf(1)], isUserRepresentative: true };
    const [again] = proposeTeams([reviews[0]!], [...candidates, own], { requiresUserRepresentative: true });
    expect(again!.members.some((m) => m.userId === 499)).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { checkTeam, memberConflict, mutualReviewPartners, type ReviewFacts, type TeamMemberFacts } from "./team-rules";

const STOCKHOLM = 1;
const SKANE = 12;
const NORRBOTTEN = 25;
const UPPSALA = 3;
const NATIONAL = 100;
const NODE = 200;

function member(userId: number, homeUnitId: number, extra: Partial<TeamMemberFacts> = {}): TeamMemberFacts {
  const homeUnitKind = homeUnitId === NATIONAL ? "national" : homeUnitId === NODE ? "node" : "county";
  return { userId, homeUnitId, homeUnitKind, isLead: false, isUserRepresentative: false, ...extra };
}

function countyReview(unitId: number, members: TeamMemberFacts[], reviewId = unitId): ReviewFacts {
  return { reviewId, unitId, level: "county", members };
}

const noRound = { requiresUserRepresentative: false, reviews: [], mutualOverrides: [] as [number, number][] };

describe("team rules", () => {
  it("accepts a county team with a lead and members from two other counties", () => {
    const review = countyReview(UPPSALA, [member(1, STOCKHOLM, { isLead: true }), member(2, SKANE)]);
    expect(checkTeam(review, noRound)).toEqual([]);
  });

  it("refuses a member whose home unit is the reviewed unit", () => {
    expect(memberConflict({ unitId: UPPSALA, level: "county" }, { homeUnitId: UPPSALA })).toBe("member-from-reviewed-unit");
    const review = countyReview(UPPSALA, [member(1, STOCKHOLM, { isLead: true }), member(2, SKANE), member(3, UPPSALA)]);
    expect(checkTeam(review, noRound)).toEqual([{ code: "member-from-reviewed-unit", severity: "conflict", userId: 3 }]);
  });

  it("requires members from at least two counties for a county review", () => {
    const review = countyReview(UPPSALA, [member(1, STOCKHOLM, { isLead: true }), member(2, STOCKHOLM), member(3, NATIONAL)]);
    expect(checkTeam(review, noRound).map((i) => i.code)).toEqual(["two-counties-required"]);
  });

  it("requires exactly one lead", () => {
    expect(checkTeam(countyReview(UPPSALA, [member(1, STOCKHOLM), member(2, SKANE)]), noRound).map((i) => i.code)).toEqual(["lead-missing"]);
    const twoLeads = countyReview(UPPSALA, [member(1, STOCKHOLM, { isLead: true }), member(2, SKANE, { isLead: true })]);
    expect(checkTeam(twoLeads, noRound).map((i) => i.code)).toEqual(["lead-multiple"]);
  });

  it("requires a national member for node and resource-centre reviews", () => {
    const nodeReview: ReviewFacts = { reviewId: 9, unitId: 300, level: "node", members: [member(1, NODE, { isLead: true })] };
    expect(checkTeam(nodeReview, noRound).map((i) => i.code)).toEqual(["national-member-required"]);
    nodeReview.members.push(member(2, NATIONAL));
    expect(checkTeam(nodeReview, noRound)).toEqual([]);
  });

  it("requires county, node and national members in the national QA group", () => {
    const review: ReviewFacts = { reviewId: 5, unitId: 999, level: "national", members: [member(1, NATIONAL, { isLead: true }), member(2, STOCKHOLM)] };
    expect(checkTeam(review, noRound).map((i) => i.code)).toEqual(["qa-group-composition"]);
    review.members.push(member(3, NODE));
    expect(checkTeam(review, noRound)).toEqual([]);
  });

  it("lets the QA working group's national members review the national level, their own unit", () => {
    expect(memberConflict({ unitId: NATIONAL, level: "national" }, { homeUnitId: NATIONAL })).toBeNull();
    const review: ReviewFacts = { reviewId: 6, unitId: NATIONAL, level: "national", members: [member(1, STOCKHOLM, { isLead: true }), member(2, NATIONAL), member(3, NODE)] };
    expect(checkTeam(review, noRound)).toEqual([]);
    // Everywhere else the home-unit rule holds, also for a node's own people.
    expect(memberConflict({ unitId: NODE, level: "node" }, { homeUnitId: NODE })).toBe("member-from-reviewed-unit");
  });

  it("requires a user representative when the round asks for one", () => {
    const review = countyReview(UPPSALA, [member(1, STOCKHOLM, { isLead: true }), member(2, SKANE)]);
    const round = { ...noRound, requiresUserRepresentative: true };
    expect(checkTeam(review, round).map((i) => i.code)).toEqual(["user-representative-required"]);
    review.members.push(member(3, NORRBOTTEN, { isUserRepresentative: true }));
    expect(checkTeam(review, round)).toEqual([]);
  });

  it("flags two units reviewing each other in one round until a reason is logged", () => {
    const ofUppsala = countyReview(UPPSALA, [member(1, STOCKHOLM, { isLead: true }), member(2, SKANE)]);
    const ofStockholm = countyReview(STOCKHOLM, [member(3, UPPSALA, { isLead: true }), member(4, NORRBOTTEN)]);
    const round = { ...noRound, reviews: [ofUppsala, ofStockholm] };
    expect(mutualReviewPartners(ofUppsala, round)).toEqual([STOCKHOLM]);
    expect(checkTeam(ofUppsala, round)).toEqual([{ code: "mutual-review", severity: "override", otherUnitId: STOCKHOLM }]);
    expect(checkTeam(ofStockholm, { ...round, mutualOverrides: [[UPPSALA, STOCKHOLM]] })).toEqual([]);
  });
});

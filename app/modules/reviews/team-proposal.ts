/**
 * "Propose teams": a balanced first assignment of reviewers for every review of a round that has
 * no team yet. Greedy and deterministic: each seat goes to the eligible candidate with the fewest
 * assignments so far, preferring people from healthcare regions not yet on the team and outside
 * the reviewed unit's region. It never creates a conflict of interest and avoids mutual reviews
 * where the pool allows (with few units it cannot: then the coordinator sees the mutual-review
 * issue and decides). The coordinator adjusts the result afterwards.
 */
import type { UnitKind } from "#db/schema";
import { checkTeam, type ReviewFacts, type TeamMemberFacts } from "./team-rules";

export interface Candidate {
  userId: number;
  homeUnitId: number;
  homeUnitKind: UnitKind;
  regionIds: number[];
}

export interface ReviewToStaff {
  reviewId: number;
  unitId: number;
  level: UnitKind;
  regionIds: number[];
  members: TeamMemberFacts[];
}

export interface Proposal {
  reviewId: number;
  members: TeamMemberFacts[];
}

export function proposeTeams(reviews: ReviewToStaff[], candidates: Candidate[], { teamSize = 3 } = {}): Proposal[] {
  const load = new Map<number, number>(candidates.map((c) => [c.userId, 0]));
  for (const review of reviews) for (const m of review.members) load.set(m.userId, (load.get(m.userId) ?? 0) + 1);
  // Who reviews whom so far (home unit → reviewed units), to avoid proposing mutual reviews.
  const reviewsOf = new Map<number, Set<number>>();
  const note = (fromUnit: number, toUnit: number) => {
    if (!reviewsOf.has(fromUnit)) reviewsOf.set(fromUnit, new Set());
    reviewsOf.get(fromUnit)!.add(toUnit);
  };
  for (const review of reviews) for (const m of review.members) note(m.homeUnitId, review.unitId);

  const proposals: Proposal[] = [];
  for (const review of reviews) {
    if (review.members.length > 0) continue;
    const team: TeamMemberFacts[] = [];
    const eligible = (c: Candidate) =>
      c.homeUnitId !== review.unitId &&
      !team.some((m) => m.userId === c.userId);
    const teamRegions = () => new Set(team.flatMap((m) => candidates.find((c) => c.userId === m.userId)?.regionIds ?? []));
    const rank = (c: Candidate) => {
      const regions = teamRegions();
      const sameRegionAsUnit = c.regionIds.some((r) => review.regionIds.includes(r)) ? 1 : 0;
      const regionAlreadyOnTeam = c.regionIds.some((r) => regions.has(r)) ? 1 : 0;
      const sameUnitAsMember = team.some((m) => m.homeUnitId === c.homeUnitId) ? 1 : 0;
      const mutual = reviewsOf.get(review.unitId)?.has(c.homeUnitId) ? 1 : 0;
      return [mutual, load.get(c.userId) ?? 0, sameUnitAsMember, regionAlreadyOnTeam, sameRegionAsUnit, c.userId];
    };
    const byRank = (a: Candidate, b: Candidate) => {
      const ra = rank(a);
      const rb = rank(b);
      for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
      return 0;
    };
    const take = (filter: (c: Candidate) => boolean) => {
      const pick = candidates.filter((c) => eligible(c) && filter(c)).sort(byRank)[0];
      if (!pick) return false;
      team.push({ userId: pick.userId, homeUnitId: pick.homeUnitId, homeUnitKind: pick.homeUnitKind, isLead: false, isUserRepresentative: false });
      load.set(pick.userId, (load.get(pick.userId) ?? 0) + 1);
      return true;
    };

    if (review.level === "node" || review.level === "resource_centre") take((c) => c.homeUnitKind === "national");
    if (review.level === "national") {
      take((c) => c.homeUnitKind === "national");
      take((c) => c.homeUnitKind === "node");
    }
    while (team.length < teamSize) {
      const countiesOnTeam = new Set(team.filter((m) => m.homeUnitKind === "county").map((m) => m.homeUnitId));
      const needsAnotherCounty = review.level === "county" && countiesOnTeam.size < 2;
      const picked = needsAnotherCounty
        ? take((c) => c.homeUnitKind === "county" && !countiesOnTeam.has(c.homeUnitId))
        : take((c) => c.homeUnitKind === "county") || take(() => true);
      if (!picked) break;
    }
    const lead = team.find((m) => m.homeUnitKind === "county") ?? team[0];
    if (lead) lead.isLead = true;
    for (const m of team) note(m.homeUnitId, review.unitId);
    proposals.push({ reviewId: review.reviewId, members: team });
  }
  return proposals;
}

/** The issues a proposed team would still have (for the coordinator to see before saving). */
export function proposalIssues(review: ReviewFacts, allReviews: ReviewFacts[]) {
  return checkTeam(review, { requiresUserRepresentative: false, reviews: allReviews, mutualOverrides: [] });
}

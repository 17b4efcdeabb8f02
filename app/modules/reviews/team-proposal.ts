/**
 * "Propose teams": a balanced first assignment of reviewers for every review of a round that has
 * no team yet. Greedy and deterministic: each seat goes to the eligible candidate with the fewest
 * assignments so far, preferring people from healthcare regions not yet on the team and outside
 * the reviewed unit's region. It never creates a conflict of interest and avoids mutual reviews
 * where the pool allows (with few units it cannot: then the coordinator sees the mutual-review
 * issue and decides). The coordinator adjusts the result afterwards.
 *
 * User representatives (brukarföreträdare, decision 021) are not professional reviewers: they
 * never take a reviewer's seat or lead, and when the round requires one, each team gets one extra
 * seat for a user representative, spread over them by the same load and region rules.
 */
import type { UnitKind } from "#db/schema";
import { memberConflict, type TeamMemberFacts } from "./team-rules";

export interface Candidate {
  userId: number;
  homeUnitId: number;
  homeUnitKind: UnitKind;
  regionIds: number[];
  /** May fill the user-representative seat (users.user_representative). */
  isUserRepresentative?: boolean;
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

export interface ProposalOptions {
  /** Professional reviewers per team (the user representative comes on top). */
  teamSize?: number;
  /** The round requires a user representative on every team. */
  requiresUserRepresentative?: boolean;
}

export function proposeTeams(reviews: ReviewToStaff[], candidates: Candidate[], { teamSize = 3, requiresUserRepresentative = false }: ProposalOptions = {}): Proposal[] {
  const load = new Map<number, number>(candidates.map((c) => [c.userId, 0]));
  for (const review of reviews) for (const m of review.members) load.set(m.userId, (load.get(m.userId) ?? 0) + 1);
  // Who reviews whom so far (home unit → reviewed units), to avoid proposing mutual reviews.
  const reviewsOf = new Map<number, Set<number>>();
  const note = (fromUnit: number, toUnit: number) => {
    if (!reviewsOf.has(fromUnit)) reviewsOf.set(fromUnit, new Set());
    reviewsOf.get(fromUnit)!.add(toUnit);
  };
  for (const review of reviews) for (const m of review.members) note(m.homeUnitId, review.unitId);
  const regionsOf = new Map(candidates.map((c) => [c.userId, c.regionIds]));

  const proposals: Proposal[] = [];
  for (const review of reviews) {
    if (review.members.length > 0) continue;
    const team: TeamMemberFacts[] = [];
    const eligible = (c: Candidate) => memberConflict(review, c) === null && !team.some((m) => m.userId === c.userId);
    const rank = (c: Candidate) => {
      const regions = new Set(team.flatMap((m) => regionsOf.get(m.userId) ?? []));
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
    // Reviewers' seats: never a user representative.
    const take = (filter: (c: Candidate) => boolean) => {
      const pick = candidates.filter((c) => eligible(c) && !c.isUserRepresentative && filter(c)).sort(byRank)[0];
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
  if (requiresUserRepresentative) seatUserRepresentatives(reviews, proposals, candidates, { load, reviewsOf, note });
  return proposals;
}

/**
 * The user-representative seats, once every team's reviewers are known (so mutual reviews can be
 * seen whole): the most constrained team first (fewest representatives who could sit without a
 * conflict or a mutual review), each seat to the least loaded of those, then by region as for
 * reviewers. Keeps the representatives' loads within one of each other where the pool allows.
 */
function seatUserRepresentatives(
  reviews: ReviewToStaff[],
  proposals: Proposal[],
  candidates: Candidate[],
  { load, reviewsOf, note }: { load: Map<number, number>; reviewsOf: Map<number, Set<number>>; note: (from: number, to: number) => void },
) {
  const representatives = candidates.filter((c) => c.isUserRepresentative);
  const reviewOf = new Map(reviews.map((r) => [r.reviewId, r]));
  const open = proposals.filter((p) => p.members.length > 0);
  const possible = (proposal: Proposal) => {
    const review = reviewOf.get(proposal.reviewId)!;
    return representatives.filter(
      (c) =>
        memberConflict(review, c) === null &&
        !proposal.members.some((m) => m.userId === c.userId) &&
        !reviewsOf.get(review.unitId)?.has(c.homeUnitId),
    );
  };
  while (open.length > 0) {
    open.sort((a, b) => possible(a).length - possible(b).length || a.reviewId - b.reviewId);
    const proposal = open.shift()!;
    const review = reviewOf.get(proposal.reviewId)!;
    const teamRegions = new Set(proposal.members.flatMap((m) => candidates.find((c) => c.userId === m.userId)?.regionIds ?? []));
    const rank = (c: Candidate) => [
      load.get(c.userId) ?? 0,
      c.regionIds.some((r) => teamRegions.has(r)) ? 1 : 0,
      c.regionIds.some((r) => review.regionIds.includes(r)) ? 1 : 0,
      c.userId,
    ];
    const byRank = (a: Candidate, b: Candidate) => {
      const ra = rank(a);
      const rb = rank(b);
      for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
      return 0;
    };
    // Without anyone who avoids a mutual review, a conflict-free one still fills the seat: the
    // coordinator then sees the mutual review and decides, as for reviewers.
    const pick =
      possible(proposal).sort(byRank)[0] ??
      representatives.filter((c) => memberConflict(review, c) === null && !proposal.members.some((m) => m.userId === c.userId)).sort(byRank)[0];
    if (!pick) continue;
    proposal.members.push({ userId: pick.userId, homeUnitId: pick.homeUnitId, homeUnitKind: pick.homeUnitKind, isLead: false, isUserRepresentative: true });
    load.set(pick.userId, (load.get(pick.userId) ?? 0) + 1);
    note(pick.homeUnitId, review.unitId);
  }
}

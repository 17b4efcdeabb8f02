/**
 * Conflict-of-interest and composition rules for review teams (product.md, "Planned"). Pure: the
 * repository hands in plain data, the rules answer with issues. Hard conflicts can never be
 * accepted; composition issues block the start of information gathering; a mutual review can be
 * accepted only with a logged reason.
 */
import type { UnitKind } from "#db/schema";

export interface TeamMemberFacts {
  userId: number;
  homeUnitId: number;
  homeUnitKind: UnitKind;
  isLead: boolean;
  isUserRepresentative: boolean;
}

export interface ReviewFacts {
  reviewId: number;
  unitId: number;
  level: UnitKind;
  members: TeamMemberFacts[];
}

export type TeamIssueCode =
  | "member-from-reviewed-unit"
  | "lead-missing"
  | "lead-multiple"
  | "two-counties-required"
  | "national-member-required"
  | "qa-group-composition"
  | "user-representative-required"
  | "mutual-review";

export interface TeamIssue {
  code: TeamIssueCode;
  /** "conflict": never allowed; "incomplete": must be fixed before gathering starts; "override": allowed with a logged reason. */
  severity: "conflict" | "incomplete" | "override";
  userId?: number;
  /** For mutual reviews: the other unit. */
  otherUnitId?: number;
}

/**
 * Would adding this person to the team be a conflict of interest in itself? Not for the national
 * level: it is assessed by the QA working group, which has national members by design (5.6,
 * decision 020) — there is only one national unit, so the rule would leave no such member.
 */
export function memberConflict(review: Pick<ReviewFacts, "unitId" | "level">, member: Pick<TeamMemberFacts, "homeUnitId">): TeamIssueCode | null {
  if (review.level === "national") return null;
  return member.homeUnitId === review.unitId ? "member-from-reviewed-unit" : null;
}

export interface RoundContext {
  requiresUserRepresentative: boolean;
  /** All reviews of the round, to find units reviewing each other. */
  reviews: ReviewFacts[];
  /** Unit pairs whose mutual review was accepted with a reason (either order). */
  mutualOverrides: [number, number][];
}

function pairKey(a: number, b: number) {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}

/** Per reviewed unit of a round, the home units of its reviewers: what the mutual-review rule reads. */
export type ReviewersOfUnit = Map<number, Set<number>>;

export function reviewersOfUnits(round: Pick<RoundContext, "reviews">): ReviewersOfUnit {
  const reviewersOf: ReviewersOfUnit = new Map();
  for (const r of round.reviews) {
    reviewersOf.set(r.unitId, new Set(r.members.map((m) => m.homeUnitId)));
  }
  return reviewersOf;
}

/**
 * Units whose members review `review.unitId` while `review.unitId`'s people review them, in the
 * same round. Checking every review of a round, pass `reviewersOfUnits(round)` once: building it
 * per review made listing a round quadratic in its reviews (docs/benchmarks.md).
 */
export function mutualReviewPartners(review: ReviewFacts, round: Pick<RoundContext, "reviews">, reviewersOf: ReviewersOfUnit = reviewersOfUnits(round)): number[] {
  const partners = new Set<number>();
  for (const member of review.members) {
    const otherUnit = member.homeUnitId;
    // A unit's own members (possible only on the national level) are not a second unit.
    if (otherUnit === review.unitId) continue;
    if (reviewersOf.get(otherUnit)?.has(review.unitId)) partners.add(otherUnit);
  }
  return [...partners].sort((a, b) => a - b);
}

export function checkTeam(review: ReviewFacts, round: RoundContext, reviewersOf?: ReviewersOfUnit): TeamIssue[] {
  const issues: TeamIssue[] = [];
  for (const member of review.members) {
    if (memberConflict(review, member)) issues.push({ code: "member-from-reviewed-unit", severity: "conflict", userId: member.userId });
  }
  const leads = review.members.filter((m) => m.isLead);
  if (leads.length === 0) issues.push({ code: "lead-missing", severity: "incomplete" });
  if (leads.length > 1) issues.push({ code: "lead-multiple", severity: "incomplete" });

  const kinds = new Set(review.members.map((m) => m.homeUnitKind));
  if (review.level === "county") {
    const counties = new Set(review.members.filter((m) => m.homeUnitKind === "county").map((m) => m.homeUnitId));
    if (counties.size < 2) issues.push({ code: "two-counties-required", severity: "incomplete" });
  }
  if ((review.level === "node" || review.level === "resource_centre") && !kinds.has("national")) {
    issues.push({ code: "national-member-required", severity: "incomplete" });
  }
  if (review.level === "national" && !(kinds.has("county") && kinds.has("node") && kinds.has("national"))) {
    issues.push({ code: "qa-group-composition", severity: "incomplete" });
  }
  if (round.requiresUserRepresentative && !review.members.some((m) => m.isUserRepresentative)) {
    issues.push({ code: "user-representative-required", severity: "incomplete" });
  }
  const accepted = new Set(round.mutualOverrides.map(([a, b]) => pairKey(a, b)));
  for (const other of mutualReviewPartners(review, round, reviewersOf)) {
    if (!accepted.has(pairKey(review.unitId, other))) issues.push({ code: "mutual-review", severity: "override", otherUnitId: other });
  }
  return issues;
}

/** A team may start information gathering when nothing but accepted overrides remain. */
export function teamIsReady(issues: TeamIssue[]): boolean {
  return issues.length === 0;
}

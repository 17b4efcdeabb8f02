/** Rounds and the planning of their reviews: creation, listing with progress, teams. All SQL here. */
import type { AppDatabase } from "#db/connection";
import type { ReviewStage, UnitKind } from "#db/schema";
import { writeAudit, type AuditContext } from "../audit/audit.server";
import { proposeTeams, type Candidate, type ReviewToStaff } from "./team-proposal";
import { checkTeam, memberConflict, reviewersOfUnits, type ReviewFacts, type RoundContext, type TeamIssue } from "./team-rules";

/** The manual each level is reviewed against. */
export const MANUAL_FOR_LEVEL: Record<UnitKind, "county" | "resource-centre" | "node" | "national"> = {
  county: "county",
  resource_centre: "resource-centre",
  node: "node",
  national: "national",
};

export interface RoundInput {
  name: string;
  level: UnitKind;
  manualVersionId: number;
  periodStart: string;
  periodEnd: string;
  selfAssessmentDue: string | null;
  scoringDue: string | null;
  consensusDue: string | null;
  factualCheckDue: string | null;
  publicationDue: string | null;
  followUpDue: string | null;
  requiresUserRepresentative: boolean;
  unitIds: number[];
  synthetic?: boolean;
}

export class RoundInputError extends Error {
  constructor(public field: string, public messageKey: string) {
    super(`${field}: ${messageKey}`);
  }
}

/** Published manual versions that fit a level, newest first. */
export async function manualVersionsForLevel(db: AppDatabase, level: UnitKind) {
  return db
    .selectFrom("manual_versions")
    .select(["id", "version", "title_sv", "title_en", "criteria_count"])
    .where("manual_key", "=", MANUAL_FOR_LEVEL[level])
    .where("status", "=", "published")
    .orderBy("version", "desc")
    .execute();
}

export async function createRound(db: AppDatabase, input: RoundInput, audit: AuditContext): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const manual = await trx
      .selectFrom("manual_versions")
      .select(["id", "manual_key", "status"])
      .where("id", "=", input.manualVersionId)
      .executeTakeFirst();
    if (!manual || manual.status !== "published" || manual.manual_key !== MANUAL_FOR_LEVEL[input.level]) {
      throw new RoundInputError("manualVersionId", "rounds.error.manualMismatch");
    }
    const units = await trx
      .selectFrom("units")
      .select("id")
      .where("kind", "=", input.level)
      .where("active", "=", 1)
      .where("id", "in", input.unitIds.length ? input.unitIds : [-1])
      .execute();
    if (units.length !== new Set(input.unitIds).size || units.length === 0) {
      throw new RoundInputError("unitIds", "rounds.error.unitsMismatch");
    }
    const now = new Date().toISOString();
    const { id } = await trx
      .insertInto("rounds")
      .values({
        name: input.name,
        level: input.level,
        manual_version_id: input.manualVersionId,
        period_start: input.periodStart,
        period_end: input.periodEnd,
        self_assessment_due: input.selfAssessmentDue,
        scoring_due: input.scoringDue,
        consensus_due: input.consensusDue,
        factual_check_due: input.factualCheckDue,
        publication_due: input.publicationDue,
        follow_up_due: input.followUpDue,
        requires_user_representative: input.requiresUserRepresentative ? 1 : 0,
        synthetic: input.synthetic ? 1 : 0,
        created_by: audit.actorUserId,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("reviews")
      .values(units.map((u) => ({ round_id: id, unit_id: u.id, created_at: now, updated_at: now })))
      .execute();
    await writeAudit(trx, audit, { action: "round.create", entityType: "round", entityId: id, after: input });
    return id;
  });
}

export interface RoundSummary {
  id: number;
  name: string;
  level: UnitKind;
  manualKey: string;
  manualVersion: number;
  periodStart: string;
  periodEnd: string;
  synthetic: boolean;
  reviewCount: number;
  byStage: Partial<Record<ReviewStage, number>>;
}

export async function listRounds(db: AppDatabase): Promise<RoundSummary[]> {
  const rounds = await db
    .selectFrom("rounds")
    .innerJoin("manual_versions", "manual_versions.id", "rounds.manual_version_id")
    .select([
      "rounds.id",
      "rounds.name",
      "rounds.level",
      "rounds.period_start",
      "rounds.period_end",
      "rounds.synthetic",
      "manual_versions.manual_key",
      "manual_versions.version",
    ])
    .orderBy("rounds.period_start", "desc")
    .orderBy("rounds.id", "desc")
    .execute();
  const stages = await db
    .selectFrom("reviews")
    .select(["round_id", "stage", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy(["round_id", "stage"])
    .execute();
  return rounds.map((r) => {
    const byStage: Partial<Record<ReviewStage, number>> = {};
    let reviewCount = 0;
    for (const s of stages.filter((s) => s.round_id === r.id)) {
      byStage[s.stage] = Number(s.n);
      reviewCount += Number(s.n);
    }
    return {
      id: r.id,
      name: r.name,
      level: r.level,
      manualKey: r.manual_key,
      manualVersion: r.version,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      synthetic: r.synthetic === 1,
      reviewCount,
      byStage,
    };
  });
}

export async function getRound(db: AppDatabase, roundId: number) {
  return db
    .selectFrom("rounds")
    .innerJoin("manual_versions", "manual_versions.id", "rounds.manual_version_id")
    .selectAll("rounds")
    .select(["manual_versions.manual_key", "manual_versions.version as manual_version", "manual_versions.criteria_count"])
    .where("rounds.id", "=", roundId)
    .executeTakeFirst();
}

export interface TeamMemberRow {
  reviewId: number;
  userId: number;
  name: string;
  email: string;
  homeUnitId: number;
  homeUnitKind: UnitKind;
  homeUnitNameSv: string;
  homeUnitNameEn: string;
  isLead: boolean;
  isUserRepresentative: boolean;
}

async function teamMembers(db: AppDatabase, reviewIds: number[]): Promise<TeamMemberRow[]> {
  if (reviewIds.length === 0) return [];
  const rows = await db
    .selectFrom("review_team_members as m")
    .innerJoin("users", "users.id", "m.user_id")
    .innerJoin("units", "units.id", "users.home_unit_id")
    .select([
      "m.review_id",
      "m.user_id",
      "m.is_lead",
      "m.is_user_representative",
      "users.name",
      "users.email",
      "units.id as home_unit_id",
      "units.kind as home_unit_kind",
      "units.name_sv",
      "units.name_en",
    ])
    .where("m.review_id", "in", reviewIds)
    .orderBy("m.is_lead", "desc")
    .orderBy("users.name")
    .execute();
  return rows.map((r) => ({
    reviewId: r.review_id,
    userId: r.user_id,
    name: r.name,
    email: r.email,
    homeUnitId: r.home_unit_id,
    homeUnitKind: r.home_unit_kind,
    homeUnitNameSv: r.name_sv,
    homeUnitNameEn: r.name_en,
    isLead: r.is_lead === 1,
    isUserRepresentative: r.is_user_representative === 1,
  }));
}

export interface RoundReviewRow {
  id: number;
  unitId: number;
  unitCode: string;
  unitNameSv: string;
  unitNameEn: string;
  stage: ReviewStage;
  version: number;
  team: TeamMemberRow[];
  issues: TeamIssue[];
  submittedReviewerIds: number[];
  selfAssessmentSubmitted: boolean;
}

function toFacts(review: { id: number; unitId: number }, level: UnitKind, team: TeamMemberRow[]): ReviewFacts {
  return {
    reviewId: review.id,
    unitId: review.unitId,
    level,
    members: team.map((m) => ({
      userId: m.userId,
      homeUnitId: m.homeUnitId,
      homeUnitKind: m.homeUnitKind,
      isLead: m.isLead,
      isUserRepresentative: m.isUserRepresentative,
    })),
  };
}

function selectReviews(db: AppDatabase) {
  return db
    .selectFrom("reviews")
    .innerJoin("units", "units.id", "reviews.unit_id")
    .select([
      "reviews.id",
      "reviews.unit_id",
      "reviews.stage",
      "reviews.version",
      "reviews.self_assessment_submitted_at",
      "units.code",
      "units.name_sv",
      "units.name_en",
    ]);
}

type ReviewRow = Awaited<ReturnType<ReturnType<typeof selectReviews>["execute"]>>[number];

function groupByReview<T>(rows: T[], reviewId: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const id = reviewId(row);
    const group = groups.get(id);
    if (group) group.push(row);
    else groups.set(id, [row]);
  }
  return groups;
}

/**
 * The rows of `reviews` with their teams and team issues, the rules reading `context` (reviews of
 * the same round, `reviews` among them). Grouped by review once, so a round of hundreds of reviews
 * costs a pass over its rows, not one per review (docs/benchmarks.md).
 */
async function withTeams(
  db: AppDatabase,
  round: { id: number; level: UnitKind; requires_user_representative: number },
  reviews: ReviewRow[],
  context: ReviewRow[],
): Promise<RoundReviewRow[]> {
  const members = groupByReview(await teamMembers(db, context.map((r) => r.id)), (m) => m.reviewId);
  const submissions = groupByReview(
    reviews.length ? await db.selectFrom("reviewer_submissions").selectAll().where("review_id", "in", reviews.map((r) => r.id)).execute() : [],
    (s) => s.review_id,
  );
  const overrides = await db.selectFrom("round_mutual_review_overrides").selectAll().where("round_id", "=", round.id).execute();
  const facts = new Map(context.map((r) => [r.id, toFacts({ id: r.id, unitId: r.unit_id }, round.level, members.get(r.id) ?? [])]));
  const roundContext: RoundContext = {
    requiresUserRepresentative: round.requires_user_representative === 1,
    reviews: [...facts.values()],
    mutualOverrides: overrides.map((o) => [o.unit_a_id, o.unit_b_id]),
  };
  const reviewersOf = reviewersOfUnits(roundContext);
  return reviews.map((r) => ({
    id: r.id,
    unitId: r.unit_id,
    unitCode: r.code,
    unitNameSv: r.name_sv,
    unitNameEn: r.name_en,
    stage: r.stage,
    version: r.version,
    team: members.get(r.id) ?? [],
    issues: checkTeam(facts.get(r.id)!, roundContext, reviewersOf),
    submittedReviewerIds: (submissions.get(r.id) ?? []).map((s) => s.reviewer_id),
    selfAssessmentSubmitted: r.self_assessment_submitted_at !== null,
  }));
}

async function roundFacts(db: AppDatabase, roundId: number) {
  return db.selectFrom("rounds").select(["id", "level", "requires_user_representative"]).where("id", "=", roundId).executeTakeFirst();
}

/** Every review of a round with its team and the team's open issues. */
export async function listRoundReviews(db: AppDatabase, roundId: number): Promise<RoundReviewRow[]> {
  const round = await roundFacts(db, roundId);
  if (!round) return [];
  const reviews = await selectReviews(db).where("reviews.round_id", "=", roundId).orderBy("units.code").execute();
  return withTeams(db, round, reviews, reviews);
}

/**
 * One review of a round exactly as listRoundReviews lists it, reading only what its team rules
 * need: besides its own team, the teams of the round's reviews of the units its reviewers come
 * from (the mutual-review rule), not the whole round. Every review page reads this.
 */
export async function getRoundReview(db: AppDatabase, roundId: number, reviewId: number): Promise<RoundReviewRow | null> {
  const round = await roundFacts(db, roundId);
  if (!round) return null;
  const review = await selectReviews(db).where("reviews.id", "=", reviewId).where("reviews.round_id", "=", roundId).executeTakeFirst();
  if (!review) return null;
  const homeUnits = await db
    .selectFrom("review_team_members as m")
    .innerJoin("users", "users.id", "m.user_id")
    .select("users.home_unit_id")
    .distinct()
    .where("m.review_id", "=", reviewId)
    .execute();
  const partners = homeUnits.length
    ? await selectReviews(db)
        .where("reviews.round_id", "=", roundId)
        .where("reviews.id", "!=", reviewId)
        .where("reviews.unit_id", "in", homeUnits.map((u) => u.home_unit_id))
        .execute()
    : [];
  const [row] = await withTeams(db, round, [review], [review, ...partners]);
  return row ?? null;
}

/** People who may sit on review teams: active reviewers and national coordinators (the QA group). */
export async function listTeamCandidates(db: AppDatabase) {
  const rows = await db
    .selectFrom("users")
    .innerJoin("units", "units.id", "users.home_unit_id")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .select(["users.id", "users.name", "users.home_unit_id", "users.user_representative", "units.kind", "units.name_sv", "units.name_en"])
    .where("users.active", "=", 1)
    .where("user_roles.role", "in", ["reviewer", "coordinator"])
    .distinct()
    .orderBy("users.name")
    .execute();
  const regions = await db.selectFrom("county_healthcare_regions").selectAll().execute();
  return rows.map((r) => ({
    userId: r.id,
    name: r.name,
    homeUnitId: r.home_unit_id,
    homeUnitKind: r.kind,
    homeUnitNameSv: r.name_sv,
    homeUnitNameEn: r.name_en,
    regionIds: regions.filter((cr) => cr.county_id === r.home_unit_id).map((cr) => cr.healthcare_region_id),
    isUserRepresentative: r.user_representative === 1,
  }));
}

export class TeamChangeError extends Error {
  constructor(public messageKey: string) {
    super(messageKey);
  }
}

async function lockPlannedReview(trx: AppDatabase, reviewId: number, expectedVersion: number) {
  const review = await trx
    .selectFrom("reviews")
    .innerJoin("rounds", "rounds.id", "reviews.round_id")
    .select(["reviews.id", "reviews.unit_id", "reviews.stage", "reviews.version", "reviews.round_id", "rounds.level"])
    .where("reviews.id", "=", reviewId)
    .executeTakeFirst();
  if (!review) throw new TeamChangeError("error.notFound");
  if (review.stage !== "planned") throw new TeamChangeError("reviews.team.notPlanned");
  const bumped = await trx
    .updateTable("reviews")
    .set((eb) => ({ version: eb("version", "+", 1), updated_at: new Date().toISOString() }))
    .where("id", "=", reviewId)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  if (Number(bumped.numUpdatedRows) !== 1) throw new TeamChangeError("form.stale");
  return review;
}

export type TeamChange =
  | { type: "add"; userId: number; isLead: boolean; isUserRepresentative: boolean }
  | { type: "remove"; userId: number }
  | { type: "make-lead"; userId: number }
  | { type: "toggle-user-representative"; userId: number };

/** One change to a planned review's team; conflicts of interest are refused, never stored. */
export async function changeTeam(
  db: AppDatabase,
  { reviewId, expectedVersion, change }: { reviewId: number; expectedVersion: number; change: TeamChange },
  audit: AuditContext,
) {
  await db.transaction().execute(async (trx) => {
    const review = await lockPlannedReview(trx, reviewId, expectedVersion);
    const before = await trx.selectFrom("review_team_members").selectAll().where("review_id", "=", reviewId).execute();
    const existing = before.find((m) => m.user_id === change.userId);
    switch (change.type) {
      case "add": {
        if (existing) throw new TeamChangeError("reviews.team.alreadyMember");
        const candidates = await listTeamCandidates(trx);
        const candidate = candidates.find((c) => c.userId === change.userId);
        if (!candidate) throw new TeamChangeError("reviews.team.notEligible");
        if (memberConflict({ unitId: review.unit_id, level: review.level }, candidate)) throw new TeamChangeError("reviews.team.conflictHomeUnit");
        if (change.isLead) await trx.updateTable("review_team_members").set({ is_lead: 0 }).where("review_id", "=", reviewId).execute();
        await trx
          .insertInto("review_team_members")
          .values({
            review_id: reviewId,
            user_id: change.userId,
            is_lead: change.isLead ? 1 : 0,
            // A user representative always sits as one; the coordinator may also designate another member.
            is_user_representative: change.isUserRepresentative || candidate.isUserRepresentative ? 1 : 0,
            added_by: audit.actorUserId,
            added_at: new Date().toISOString(),
          })
          .execute();
        break;
      }
      case "remove":
        if (!existing) throw new TeamChangeError("reviews.team.notMember");
        await trx.deleteFrom("review_team_members").where("review_id", "=", reviewId).where("user_id", "=", change.userId).execute();
        break;
      case "make-lead":
        if (!existing) throw new TeamChangeError("reviews.team.notMember");
        await trx.updateTable("review_team_members").set({ is_lead: 0 }).where("review_id", "=", reviewId).execute();
        await trx.updateTable("review_team_members").set({ is_lead: 1 }).where("review_id", "=", reviewId).where("user_id", "=", change.userId).execute();
        break;
      case "toggle-user-representative":
        if (!existing) throw new TeamChangeError("reviews.team.notMember");
        await trx
          .updateTable("review_team_members")
          .set({ is_user_representative: existing.is_user_representative ? 0 : 1 })
          .where("review_id", "=", reviewId)
          .where("user_id", "=", change.userId)
          .execute();
        break;
    }
    const after = await trx.selectFrom("review_team_members").selectAll().where("review_id", "=", reviewId).execute();
    await writeAudit(trx, audit, { action: `review.team.${change.type}`, entityType: "review", entityId: reviewId, before, after });
  });
}

/** Records the reason two units may review each other in this round (either order). */
export async function acceptMutualReview(
  db: AppDatabase,
  { roundId, unitAId, unitBId, reason }: { roundId: number; unitAId: number; unitBId: number; reason: string },
  audit: AuditContext,
) {
  const [a, b] = unitAId < unitBId ? [unitAId, unitBId] : [unitBId, unitAId];
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("round_mutual_review_overrides")
      .values({ round_id: roundId, unit_a_id: a, unit_b_id: b, reason, created_by: audit.actorUserId, created_at: new Date().toISOString() })
      .onConflict((oc) => oc.columns(["round_id", "unit_a_id", "unit_b_id"]).doUpdateSet({ reason }))
      .execute();
    await writeAudit(trx, audit, { action: "round.mutual-review.accept", entityType: "round", entityId: roundId, after: { unitA: a, unitB: b, reason } });
    // The same reason in the history of both reviews concerned, where the coordinator and the lead read it.
    const concerned = await trx.selectFrom("reviews").select("id").where("round_id", "=", roundId).where("unit_id", "in", [a, b]).execute();
    for (const review of concerned) {
      await writeAudit(trx, audit, { action: "review.mutual-review.accept", entityType: "review", entityId: review.id, after: { unitA: a, unitB: b, reason } });
    }
  });
}

/** Fills every planned review without a team with the balanced proposal. Returns how many were staffed. */
export async function applyTeamProposal(db: AppDatabase, roundId: number, audit: AuditContext): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const round = await trx.selectFrom("rounds").select(["id", "level", "requires_user_representative"]).where("id", "=", roundId).executeTakeFirstOrThrow();
    const reviews = await listRoundReviews(trx, roundId);
    const regions = await trx.selectFrom("county_healthcare_regions").selectAll().execute();
    const units = await trx.selectFrom("units").select(["id", "kind", "healthcare_region_id"]).execute();
    const regionIdsOf = (unitId: number) => {
      const unit = units.find((u) => u.id === unitId);
      if (unit?.kind === "county") return regions.filter((r) => r.county_id === unitId).map((r) => r.healthcare_region_id);
      return unit?.healthcare_region_id ? [unit.healthcare_region_id] : [];
    };
    const toStaff: ReviewToStaff[] = reviews
      .filter((r) => r.stage === "planned" || r.team.length > 0)
      .map((r) => ({ ...toFacts({ id: r.id, unitId: r.unitId }, round.level, r.team), regionIds: regionIdsOf(r.unitId) }));
    const candidates: Candidate[] = (await listTeamCandidates(trx)).map((c) => ({
      userId: c.userId,
      homeUnitId: c.homeUnitId,
      homeUnitKind: c.homeUnitKind,
      regionIds: c.regionIds,
      isUserRepresentative: c.isUserRepresentative,
    }));
    const proposals = proposeTeams(toStaff, candidates, { requiresUserRepresentative: round.requires_user_representative === 1 });
    const now = new Date().toISOString();
    for (const proposal of proposals) {
      if (proposal.members.length === 0) continue;
      await trx
        .insertInto("review_team_members")
        .values(
          proposal.members.map((m) => ({
            review_id: proposal.reviewId,
            user_id: m.userId,
            is_lead: m.isLead ? 1 : 0,
            is_user_representative: m.isUserRepresentative ? 1 : 0,
            added_by: audit.actorUserId,
            added_at: now,
          })),
        )
        .execute();
      await trx
        .updateTable("reviews")
        .set((eb) => ({ version: eb("version", "+", 1), updated_at: now }))
        .where("id", "=", proposal.reviewId)
        .execute();
    }
    const staffed = proposals.filter((p) => p.members.length > 0).length;
    await writeAudit(trx, audit, { action: "round.propose-teams", entityType: "round", entityId: roundId, after: { staffed } });
    return staffed;
  });
}

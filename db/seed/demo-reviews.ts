/**
 * Demo review data (product.md, "Demo data"), deterministic and clearly synthetic:
 * - "Länsgranskning 2025": all 21 counties on county manual v1, completed and published;
 * - "Länsgranskning 2026": all 21 counties on county manual v2, with reviews in every stage (five published);
 * - "Nodgranskning 2026": the knowledge nodes, with national participation (two published);
 * - "Nationell granskning 2026": the national level, by the QA working group, in analysis.
 * Extra synthetic reviewer accounts (no password: they cannot sign in) staff the teams.
 * Seeded only in demo mode and only into a database without rounds.
 */
import type { Kysely } from "kysely";
import type { Database, ReviewStage, UnitKind } from "../schema";
import { collectSnapshotInput } from "~/modules/feedback/publish.server";
import { freezeSnapshot } from "~/modules/feedback/snapshot";
import { proposeTeams, type Candidate } from "~/modules/reviews/team-proposal";
import { createRandom, type Random } from "./random";

type Db = Kysely<Database>;

const SYNTHETIC_FIRST_NAMES = ["Anna", "Erik", "Maria", "Johan", "Karin", "Lars", "Eva", "Per", "Lena", "Anders", "Sofia", "Mikael", "Helena", "Jonas", "Malin", "Fredrik", "Emma", "Daniel", "Linnea", "Oskar", "Ida", "Gustav", "Sara", "Henrik"];
const SYNTHETIC_LAST_NAMES = ["Lind", "Berg", "Holm", "Ek", "Sjöberg", "Lundqvist", "Nyström", "Forsberg", "Wallin", "Engström", "Dahl", "Sandberg", "Hedlund", "Åberg", "Björk", "Strand", "Falk", "Hellström", "Nord", "Lindgren", "Axelsson", "Blom", "Söderberg", "Vik"];

const SCORE_RATIONALE: Record<number, string[]> = {
  0: ["Underlaget visar inte att detta finns på plats.", "Intervjuerna bekräftar att arbetet ännu inte har påbörjats."],
  1: ["Beslut finns men arbetet har ännu inte kommit i gång i praktiken.", "En plan är framtagen men inte genomförd."],
  2: ["Arbetet fungerar men omfattar inte alla kommuner och verksamheter.", "På plats i delar av länet; uppföljningen är inte systematisk."],
  3: ["Arbetet är etablerat, dokumenterat och följs upp regelbundet.", "Protokoll och uppföljningar visar ett stabilt och gemensamt arbetssätt."],
};
/**
 * How far a reviewer's independent score strays from the unit's "true" level, per criterion, so
 * that calibration (decision 009) has a story to show: most criteria are read alike (a reviewer is
 * one step off now and then), a few are deliberately read differently. Either way it is one draw
 * from the random sequence, so the rest of the demo data keeps its sequence.
 */
const READ_DIFFERENTLY = new Set(["external-collaborations", "competence-programme-logic", "effect-indicators"]);
const CLEAR_NOISE = [-1, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const AMBIGUOUS_NOISE = [-1, -1, 0, 1, 1];

const TIMEFRAMES = ["inom 6 månader", "inom 12 månader", "till nästa granskningsomgång"];

interface CriterionRow {
  id: number;
  key: string;
  demand: string;
  text_sv: string;
}

const DEMAND_OFFSET: Record<string, number> = { basic: 0.5, developing: 0, advanced: -0.7 };

function clampScore(value: number) {
  return Math.max(0, Math.min(3, Math.round(value)));
}

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** Short form of a criterion text for recommendation and strength templates. */
function shortText(text: string) {
  const trimmed = text.replace(/^(Finns|Det finns)\s+/i, "").replace(/[.:]$/, "");
  return trimmed.length > 120 ? `${trimmed.slice(0, 117)}…` : trimmed;
}

async function createSyntheticReviewers(db: Db, random: Random, now: string) {
  const units = await db.selectFrom("units").select(["id", "code", "kind"]).execute();
  const taken = new Set((await db.selectFrom("users").select("email").execute()).map((u) => u.email));
  const wanted: { email: string; unitId: number; representative?: boolean }[] = [];
  for (const unit of units) {
    if (unit.kind === "county" && !["01", "12", "25"].includes(unit.code)) wanted.push({ email: `granskare.lan${unit.code}@kollega.test`, unitId: unit.id });
    if (unit.kind === "node") wanted.push({ email: `granskare.${unit.code.toLowerCase()}@kollega.test`, unitId: unit.id });
  }
  // User representatives from user organisations (brukarföreträdare), placed in three counties.
  for (const code of ["14", "18", "21"]) {
    wanted.push({ email: `brukarforetradare.lan${code}@kollega.test`, unitId: units.find((u) => u.code === code)!.id, representative: true });
  }
  for (const [i, person] of wanted.entries()) {
    if (taken.has(person.email)) continue;
    const name = person.representative
      ? `${SYNTHETIC_FIRST_NAMES[(i * 7) % SYNTHETIC_FIRST_NAMES.length]} ${SYNTHETIC_LAST_NAMES[(i * 5) % SYNTHETIC_LAST_NAMES.length]} (brukarföreträdare)`
      : `${SYNTHETIC_FIRST_NAMES[i % SYNTHETIC_FIRST_NAMES.length]} ${SYNTHETIC_LAST_NAMES[(i * 3 + random.int(0, 5)) % SYNTHETIC_LAST_NAMES.length]}`;
    const { id } = await db
      .insertInto("users")
      .values({
        email: person.email,
        name,
        home_unit_id: person.unitId,
        password_hash: null,
        user_representative: person.representative ? 1 : 0,
        created_at: now,
        updated_at: now,
        deactivated_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("user_roles").values({ user_id: id, role: "reviewer" }).execute();
  }
}

async function candidatesFor(db: Db): Promise<Candidate[]> {
  const rows = await db
    .selectFrom("users")
    .innerJoin("units", "units.id", "users.home_unit_id")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .select(["users.id", "users.email", "users.home_unit_id", "units.kind"])
    .where("user_roles.role", "in", ["reviewer", "coordinator"])
    // The demo rounds do not require user representatives; they never take a reviewer's seat.
    .where("users.user_representative", "=", 0)
    .distinct()
    .orderBy("users.id")
    .execute();
  const regions = await db.selectFrom("county_healthcare_regions").selectAll().execute();
  return rows.map((r) => ({
    userId: r.id,
    homeUnitId: r.home_unit_id,
    homeUnitKind: r.kind,
    regionIds: regions.filter((cr) => cr.county_id === r.home_unit_id).map((cr) => cr.healthcare_region_id),
  }));
}

interface RoundSpec {
  name: string;
  level: UnitKind;
  manualKey: "county" | "node" | "national";
  manualVersion: number;
  year: number;
  /** Stage per unit code; units not listed are not reviewed. */
  stages: Record<string, ReviewStage>;
  /** Fixed teams (emails, first is lead) for reviews the demo accounts should see. */
  fixedTeams: Record<string, string[]>;
  seed: number;
}

const COUNTY_CODES = ["01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20", "21", "22", "23", "24", "25"];

function allPublished(): Record<string, ReviewStage> {
  return Object.fromEntries(COUNTY_CODES.map((code) => [code, "published" as const]));
}

/**
 * Five published 2026 reviews (Östergötland, Jönköping and three of Norra) give the trends across
 * the county v1 → v2 change something to show, and reach the unit view's minimum group size
 * (decision 013); the other stages keep the demo accounts' tasks.
 */
const STAGES_2026: Record<string, ReviewStage> = {
  "05": "published",
  "06": "published",
  "22": "published",
  "23": "published",
  "24": "published",
  "01": "factual_check",
  "14": "factual_check",
  "07": "feedback",
  "08": "feedback",
  "10": "assessment",
  "13": "assessment",
  "19": "analysis",
  "20": "analysis",
  "21": "analysis",
  "03": "gathering",
  "04": "gathering",
  "09": "gathering",
  "17": "planned",
  "18": "planned",
  "12": "planned",
  "25": "planned",
};

const STAGE_INDEX: Record<ReviewStage, number> = { planned: 0, gathering: 1, analysis: 2, assessment: 3, feedback: 4, factual_check: 5, published: 6 };
const past = (stage: ReviewStage, reference: ReviewStage) => STAGE_INDEX[stage] >= STAGE_INDEX[reference];

async function seedRound(db: Db, spec: RoundSpec, now: string) {
  const random = createRandom(spec.seed);
  const manual = await db
    .selectFrom("manual_versions")
    .select("id")
    .where("manual_key", "=", spec.manualKey)
    .where("version", "=", spec.manualVersion)
    .where("status", "=", "published")
    .executeTakeFirst();
  if (!manual) return;
  const criteria: CriterionRow[] = await db
    .selectFrom("manual_criteria")
    .select(["id", "key", "demand", "text_sv"])
    .where("manual_version_id", "=", manual.id)
    .orderBy("position")
    .execute();
  const y = spec.year;
  const { id: roundId } = await db
    .insertInto("rounds")
    .values({
      name: spec.name,
      level: spec.level,
      manual_version_id: manual.id,
      period_start: `${y}-01-01`,
      period_end: `${y}-12-31`,
      self_assessment_due: `${y}-03-31`,
      scoring_due: `${y}-05-31`,
      consensus_due: `${y}-09-30`,
      factual_check_due: `${y}-10-31`,
      publication_due: `${y}-11-30`,
      follow_up_due: `${y + 1}-03-31`,
      synthetic: 1,
      created_by: null,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();

  const units = await db.selectFrom("units").select(["id", "code"]).where("kind", "=", spec.level).execute();
  const users = new Map((await db.selectFrom("users").select(["id", "email"]).execute()).map((u) => [u.email, u.id]));
  const reviews: { id: number; unitId: number; code: string; stage: ReviewStage }[] = [];
  for (const unit of units) {
    const stage = spec.stages[unit.code];
    if (!stage) continue;
    const { id } = await db
      .insertInto("reviews")
      .values({ round_id: roundId, unit_id: unit.id, stage: stage === "published" ? "factual_check" : stage, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    reviews.push({ id, unitId: unit.id, code: unit.code, stage });
  }

  // Teams: the fixed ones first (so the demo accounts see them), then a balanced proposal.
  const addMember = (reviewId: number, userId: number, isLead: boolean, isUserRepresentative = false) =>
    db.insertInto("review_team_members").values({ review_id: reviewId, user_id: userId, is_lead: isLead ? 1 : 0, is_user_representative: isUserRepresentative ? 1 : 0, added_by: null, added_at: now }).execute();
  for (const review of reviews) {
    const fixed = spec.fixedTeams[review.code];
    if (fixed) for (const [i, email] of fixed.entries()) await addMember(review.id, users.get(email)!, i === 0);
  }
  // Half of the planned reviews are left without a team, for the coordinator to compose.
  const leftEmpty = new Set(reviews.filter((r) => !spec.fixedTeams[r.code] && r.stage === "planned" && random.chance(0.5)).map((r) => r.id));
  const candidates = await candidatesFor(db);
  const countyRegions = await db.selectFrom("county_healthcare_regions").selectAll().execute();
  const memberFacts = await db
    .selectFrom("review_team_members as m")
    .innerJoin("users", "users.id", "m.user_id")
    .innerJoin("units", "units.id", "users.home_unit_id")
    .select(["m.review_id", "m.user_id", "m.is_lead", "users.home_unit_id", "units.kind"])
    .where("m.review_id", "in", reviews.map((r) => r.id))
    .execute();
  const toStaff = reviews
    .filter((r) => !leftEmpty.has(r.id))
    .map((r) => ({
      reviewId: r.id,
      unitId: r.unitId,
      level: spec.level,
      regionIds: countyRegions.filter((cr) => cr.county_id === r.unitId).map((cr) => cr.healthcare_region_id),
      members: memberFacts
        .filter((m) => m.review_id === r.id)
        .map((m) => ({ userId: m.user_id, homeUnitId: m.home_unit_id, homeUnitKind: m.kind, isLead: m.is_lead === 1, isUserRepresentative: false })),
    }));
  const staffed = proposeTeams(
    toStaff,
    spec.level === "node" ? candidates.filter((c) => c.homeUnitKind !== "county") : candidates.filter((c) => c.homeUnitKind === "county"),
  );
  for (const proposal of staffed) for (const m of proposal.members) await addMember(proposal.reviewId, m.userId, m.isLead);

  for (const review of reviews) {
    // The lead first: in analysis the lead has submitted and the others are part-way.
    const team = await db
      .selectFrom("review_team_members")
      .select(["user_id", "is_lead"])
      .where("review_id", "=", review.id)
      .orderBy("is_lead", "desc")
      .orderBy("user_id")
      .execute();
    const maturity = 0.9 + random.next() * 1.7;
    const truth = new Map(criteria.map((c) => [c.id, clampScore(maturity + (DEMAND_OFFSET[c.demand] ?? 0) + (random.next() - 0.5) * 1.2)]));
    const stamp = `${y}-0${random.int(2, 9)}-1${random.int(0, 9)}T09:00:00.000Z`;

    if (past(review.stage, "gathering")) {
      const complete = past(review.stage, "analysis");
      for (const [i, criterion] of criteria.entries()) {
        if (!complete && i % 3 === 2) continue;
        const t = truth.get(criterion.id)!;
        await db
          .insertInto("self_assessments")
          .values({
            review_id: review.id,
            criterion_id: criterion.id,
            score: clampScore(t + (random.chance(0.35) ? 1 : 0)),
            comment: random.chance(0.5) ? "Se bifogat underlag och styrgruppens protokoll." : "",
            updated_by: null,
            updated_at: stamp,
          })
          .execute();
      }
      if (complete) await db.updateTable("reviews").set({ self_assessment_submitted_at: stamp }).where("id", "=", review.id).execute();
    }

    if (past(review.stage, "analysis")) {
      const allSubmitted = past(review.stage, "assessment");
      for (const [m, member] of team.entries()) {
        const submitted = allSubmitted || m === 0;
        for (const [i, criterion] of criteria.entries()) {
          if (!submitted && i % 2 === 1) continue;
          const t = truth.get(criterion.id)!;
          const cannotAssess = random.chance(0.02);
          const score = cannotAssess ? null : clampScore(t + random.pick(READ_DIFFERENTLY.has(criterion.key) ? AMBIGUOUS_NOISE : CLEAR_NOISE));
          await db
            .insertInto("reviewer_scores")
            .values({
              review_id: review.id,
              criterion_id: criterion.id,
              reviewer_id: member.user_id,
              score,
              cannot_assess: cannotAssess ? 1 : 0,
              rationale: score === null ? "Underlaget räcker inte för en bedömning." : random.pick(SCORE_RATIONALE[score]!),
              updated_at: stamp,
            })
            .execute();
        }
        if (submitted) await db.insertInto("reviewer_submissions").values({ review_id: review.id, reviewer_id: member.user_id, submitted_at: stamp }).execute();
      }
    }

    const consensus = new Map<number, number>();
    if (past(review.stage, "assessment")) {
      await db.updateTable("reviews").set({ consensus_opened_at: stamp }).where("id", "=", review.id).execute();
      const scores = await db.selectFrom("reviewer_scores").select(["criterion_id", "score"]).where("review_id", "=", review.id).execute();
      const complete = past(review.stage, "feedback");
      for (const [i, criterion] of criteria.entries()) {
        if (!complete && i % 2 === 1) continue;
        const given = scores.filter((s) => s.criterion_id === criterion.id && s.score !== null).map((s) => s.score!);
        const score = given.length ? median(given) : truth.get(criterion.id)!;
        consensus.set(criterion.id, score);
        await db
          .insertInto("consensus_scores")
          .values({ review_id: review.id, criterion_id: criterion.id, score, rationale: random.pick(SCORE_RATIONALE[score]!), updated_by: null, updated_at: stamp })
          .execute();
      }
    }

    if (past(review.stage, "feedback")) {
      const gaps = criteria.filter((c) => (consensus.get(c.id) ?? 3) < 3).sort((a, b) => consensus.get(a.id)! - consensus.get(b.id)!);
      for (const [position, criterion] of gaps.slice(0, random.int(2, 4)).entries()) {
        const score = consensus.get(criterion.id)!;
        const { id } = await db
          .insertInto("recommendations")
          .values({
            review_id: review.id,
            text: `Utveckla arbetet med: ${shortText(criterion.text_sv)}. Ta fram en tidsatt plan med ansvariga och följ upp den i den regionala styrgruppen.`,
            priority: score <= 0 ? "high" : score === 1 ? "medium" : "low",
            timeframe: random.pick(TIMEFRAMES),
            position: position + 1,
            created_by: team[0]?.user_id ?? null,
            created_at: stamp,
            updated_at: stamp,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await db.insertInto("recommendation_criteria").values({ recommendation_id: id, criterion_id: criterion.id }).execute();
      }
      const strong = criteria.filter((c) => consensus.get(c.id) === 3);
      for (const criterion of strong.slice(0, random.int(1, 2))) {
        await db
          .insertInto("strengths")
          .values({
            review_id: review.id,
            criterion_id: criterion.id,
            text: `Väl fungerande: ${shortText(criterion.text_sv)}. Arbetssättet är dokumenterat och följs upp och kan inspirera andra län.`,
            internal: random.chance(0.15) ? 1 : 0,
            created_by: team[0]?.user_id ?? null,
            created_at: stamp,
            updated_at: stamp,
          })
          .execute();
      }
    }
  }
  await publishSeeded(db, reviews.filter((r) => r.stage === "published"), y, random);
  return { roundId, reviews };
}

const PLANNED_ACTIONS = [
  "Frågan lyfts i det politiska samverkansforumet och en arbetsgrupp tillsätts.",
  "En tidsatt handlingsplan tas fram tillsammans med kommunerna.",
  "Uppdraget förtydligas i den regionala överenskommelsen.",
];

/**
 * Publishes the reviews that the demo shows as published, with the same frozen snapshot as the
 * app's own publication, dated within the round's year; then the unit's receipt and answers.
 */
async function publishSeeded(db: Db, reviews: { id: number; unitId: number }[], year: number, random: Random) {
  const contacts = await db
    .selectFrom("users")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .select(["users.id", "users.home_unit_id"])
    .where("user_roles.role", "=", "unit_contact")
    .execute();
  for (const review of reviews) {
    const lead = await db.selectFrom("review_team_members").select("user_id").where("review_id", "=", review.id).where("is_lead", "=", 1).executeTakeFirstOrThrow();
    const day = String(random.int(10, 28));
    const publishedAt = `${year}-11-${day}T10:00:00.000Z`;
    const { json, hash } = freezeSnapshot(await collectSnapshotInput(db, review.id, { userId: lead.user_id }, publishedAt));
    await db
      .updateTable("reviews")
      .set({ stage: "published", published_at: publishedAt, signed_off_by: lead.user_id, snapshot_json: json, snapshot_hash: hash, updated_at: publishedAt })
      .where("id", "=", review.id)
      .execute();
    // Units with a demo contact keep something to do; the others have acknowledged and mostly answered.
    const contact = contacts.find((c) => c.home_unit_id === review.unitId);
    if (contact && year >= 2026) continue;
    const answeredAt = `${year}-12-0${random.int(1, 9)}T10:00:00.000Z`;
    await db
      .updateTable("reviews")
      .set({ acknowledged_at: answeredAt, acknowledged_by: contact?.id ?? null })
      .where("id", "=", review.id)
      .execute();
    const recommendations = await db.selectFrom("recommendations").select("id").where("review_id", "=", review.id).orderBy("position").execute();
    for (const [i, recommendation] of recommendations.entries()) {
      if (contact && i === recommendations.length - 1) continue;
      if (!random.chance(0.75)) continue;
      await db
        .insertInto("recommendation_answers")
        .values({
          recommendation_id: recommendation.id,
          response: random.pick(["accept", "accept", "accept", "partly", "decline"] as const),
          planned_action: random.pick(PLANNED_ACTIONS),
          owner: "Regional samordnare för psykisk hälsa",
          due_date: `${year + 1}-0${random.int(3, 9)}-30`,
          progress: random.pick(["not_started", "in_progress", "in_progress", "done"] as const),
          progress_note: "",
          updated_by: contact?.id ?? null,
          updated_at: answeredAt,
        })
        .execute();
    }
  }
}

export async function seedDemoReviews(db: Db): Promise<boolean> {
  if (await db.selectFrom("rounds").select("id").limit(1).executeTakeFirst()) return false;
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await createSyntheticReviewers(trx, createRandom(2025), now);
    await seedRound(trx, { name: "Länsgranskning 2025", level: "county", manualKey: "county", manualVersion: 1, year: 2025, stages: allPublished(), fixedTeams: {}, seed: 2025 }, now);
    await seedRound(
      trx,
      {
        name: "Länsgranskning 2026",
        level: "county",
        manualKey: "county",
        manualVersion: 2,
        year: 2026,
        stages: STAGES_2026,
        fixedTeams: {
          "03": ["granskare.stockholm@kollega.test", "granskare.skane@kollega.test"],
          "19": ["granskare.stockholm@kollega.test", "granskare.skane@kollega.test", "granskare.norrbotten@kollega.test"],
          "07": ["granskare.stockholm@kollega.test", "granskare.norrbotten@kollega.test", "granskare.lan14@kollega.test"],
          "01": ["granskare.skane@kollega.test", "granskare.norrbotten@kollega.test", "granskare.lan18@kollega.test"],
          "05": ["granskare.stockholm@kollega.test", "granskare.lan20@kollega.test"],
        },
        seed: 2026,
      },
      now,
    );
    await seedRound(
      trx,
      {
        name: "Nodgranskning 2026",
        level: "node",
        manualKey: "node",
        manualVersion: 1,
        year: 2026,
        stages: {
          "NOD-NYANLANDA": "analysis",
          "NOD-TRAUMA": "gathering",
          "NOD-PLACERADE-BARN": "gathering",
          "NOD-BRUKARINFLYTANDE": "assessment",
          // Published, so the national review has node results to show beside its criteria.
          "NOD-SOCINV-NORRKOPING": "published",
          "NOD-SOCINV-OREBRO": "published",
        },
        fixedTeams: {
          "NOD-NYANLANDA": ["granskare.nod-trauma@kollega.test", "nationell@kollega.test", "granskare.nod-socinv-orebro@kollega.test"],
          "NOD-BRUKARINFLYTANDE": ["granskare.nod-placerade-barn@kollega.test", "nationell@kollega.test", "granskare.nod-nyanlanda@kollega.test"],
          "NOD-TRAUMA": ["granskare.nod-brukarinflytande@kollega.test", "nationell@kollega.test", "granskare.nod-socinv-norrkoping@kollega.test"],
          "NOD-PLACERADE-BARN": ["granskare.nod-socinv-norrkoping@kollega.test", "nationell@kollega.test", "granskare.nod-trauma@kollega.test"],
        },
        seed: 3026,
      },
      now,
    );
    // The national level, reviewed by the QA working group (county, node and national members),
    // in analysis: its self-assessment and scoring pages show the related county and node results.
    await seedRound(
      trx,
      {
        name: "Nationell granskning 2026",
        level: "national",
        manualKey: "national",
        manualVersion: 1,
        year: 2026,
        stages: { NAT: "analysis" },
        fixedTeams: { NAT: ["granskare.stockholm@kollega.test", "nationell@kollega.test", "granskare.nod-trauma@kollega.test"] },
        seed: 4026,
      },
      now,
    );
  });
  return true;
}

/**
 * The deterministic synthetic data generator of `npm run bench:data` (issue 8).
 *
 * It writes through the real schema the app's way: `prepareDatabase` runs the migrations and loads
 * the reference data and the real manuals, the synthetic 60-criterion manuals go in through the
 * app's manual sync, and every published review gets its frozen snapshot from the app's own
 * `collectSnapshotInput` + `freezeSnapshot`, like the demo seed. Everything else (units, people,
 * rounds, reviews, teams, scores, recommendations, audit entries) is written in one transaction of
 * prepared statements, which is what keeps ~2.8 million score rows and as many audit entries well
 * inside the benchmark's time budget.
 *
 * Deterministic: the same scale gives the same rows with the same ids on every machine (the
 * random numbers come from db/seed/random.ts, seeded per unit and per review; the only clock
 * reads are the created_at stamps prepareDatabase writes for reference data).
 */
import fs from "node:fs";
import { openDatabase } from "#db/connection";
import { prepareDatabase } from "#db/prepare";
import { createRandom, type Random } from "#db/seed/random";
import type { ReviewStage, UnitKind } from "#db/schema";
import { freezeSnapshot, type SnapshotInput } from "~/modules/feedback/snapshot";
import { manualChecksum, parseCanonicalManual } from "~/modules/manuals/manual-canonical.server";
import { syncManualVersions } from "~/modules/manuals/manual-repository.server";
import { MANUAL_KEYS, type ManualKey } from "~/modules/manuals/manual-schema";
import { criterionNumbers } from "~/modules/manuals/manual-view";
import { SYNTHETIC_MANUAL_VERSION, syntheticManual } from "./manual";
import { benchSpec, GENERATOR_VERSION, periods as periodList, syntheticMunicipalities, type BenchSpec } from "./spec";

/** Tables the bulk transaction fills; their secondary indexes are built after it. */
const BULK_TABLES = ["reviews", "review_team_members", "self_assessments", "reviewer_scores", "consensus_scores", "recommendations", "strengths", "audit_log"];

export const LEVELS: readonly UnitKind[] = ["county", "resource_centre", "node", "national"];
const MANUAL_OF_LEVEL: Record<UnitKind, ManualKey> = { county: "county", resource_centre: "resource-centre", node: "node", national: "national" };
const LEVEL_ROUND_NAME: Record<UnitKind, string> = {
  county: "Länsgranskning",
  resource_centre: "Resurscentrumgranskning",
  node: "Nod- och kommungranskning",
  national: "Nationell granskning",
};

/** Stages of the last (running) period, in turn over a round's units; earlier periods are published. */
export const RUNNING_STAGES: readonly ReviewStage[] = ["analysis", "assessment", "published", "factual_check", "feedback", "gathering", "planned"];
const STAGE_INDEX: Record<ReviewStage, number> = { planned: 0, gathering: 1, analysis: 2, assessment: 3, feedback: 4, factual_check: 5, published: 6 };
const past = (stage: ReviewStage, reference: ReviewStage) => STAGE_INDEX[stage] >= STAGE_INDEX[reference];

const FIRST_NAMES = ["Anna", "Erik", "Maria", "Johan", "Karin", "Lars", "Eva", "Per", "Lena", "Anders", "Sofia", "Mikael", "Helena", "Jonas", "Malin", "Fredrik", "Emma", "Daniel", "Linnea", "Oskar", "Ida", "Gustav", "Sara", "Henrik"];
const LAST_NAMES = ["Lind", "Berg", "Holm", "Ek", "Sjöberg", "Lundqvist", "Nyström", "Forsberg", "Wallin", "Engström", "Dahl", "Sandberg", "Hedlund", "Åberg", "Björk", "Strand", "Falk", "Hellström", "Nord", "Lindgren", "Axelsson", "Blom", "Söderberg", "Vik"];

const RATIONALES: Record<number, string[]> = {
  0: ["Underlaget visar inte att detta finns på plats.", "Intervjuerna bekräftar att arbetet ännu inte har påbörjats."],
  1: ["Beslut finns men arbetet har ännu inte kommit i gång i praktiken.", "En plan är framtagen men inte genomförd."],
  2: ["Arbetet fungerar men omfattar inte alla kommuner och verksamheter.", "På plats i delar av området; uppföljningen är inte systematisk."],
  3: ["Arbetet är etablerat, dokumenterat och följs upp regelbundet.", "Protokoll och uppföljningar visar ett stabilt och gemensamt arbetssätt."],
};
const CANNOT_ASSESS_RATIONALE = "Underlaget räcker inte för en bedömning.";
const SELF_COMMENT = "Se bifogat underlag och styrgruppens protokoll.";
const TIMEFRAMES = ["inom 6 månader", "inom 12 månader", "till nästa granskningsomgång"];
const PLANNED_ACTIONS = [
  "Frågan lyfts i det politiska samverkansforumet och en arbetsgrupp tillsätts.",
  "En tidsatt handlingsplan tas fram tillsammans med kommunerna.",
  "Uppdraget förtydligas i den regionala överenskommelsen.",
];
const CLEAR_NOISE = [-1, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const DEMAND_OFFSET: Record<string, number> = { basic: 0.5, developing: 0, advanced: -0.7 };

export interface GenerationSummary {
  generatorVersion: number;
  spec: BenchSpec;
  seconds: number;
  bytes: number;
  units: Record<UnitKind | "municipality_as_node", number> & { total: number };
  rows: Record<string, number>;
  /** Reviewer, self-assessment and consensus scores together. */
  scores: number;
}

interface CriterionRow {
  id: number;
  key: string;
  demand: string;
  dimension_key: string;
  position: number;
  number: string | null;
  text_sv: string;
  text_en: string;
  /** As the manual pages number it (the snapshot stores it). */
  readingNumber: string;
}

interface ManualInfo {
  id: number;
  key: ManualKey;
  version: number;
  checksum: string;
  criteria: CriterionRow[];
}

interface UnitRow {
  id: number;
  code: string;
  kind: UnitKind;
  name_sv: string;
  name_en: string;
}

const clamp = (value: number) => Math.max(0, Math.min(3, Math.round(value)));

/** Lower median, as the demo seed agrees a consensus. */
function lowerMedian(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function seedOf(...parts: number[]) {
  let h = 2166136261;
  for (const part of parts) {
    h ^= part;
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

function codeSeed(code: string) {
  return seedOf(...[...code].map((c) => c.charCodeAt(0)));
}

function shortText(text: string) {
  const trimmed = text.replace(/^(Finns|Det finns)\s+/i, "").replace(/[.:?]$/, "");
  return trimmed.length > 120 ? `${trimmed.slice(0, 117)}…` : trimmed;
}

function isoDay(date: string, plusDays: number, time = "09:00:00.000Z") {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + plusDays);
  return `${d.toISOString().slice(0, 10)}T${time}`;
}

function removeDatabase(file: string) {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
}

/**
 * Generates the benchmark database for `scale` at `file` (replacing it). Logs progress lines
 * through `log`.
 */
export async function generateBenchDatabase(file: string, scale: number, log: (line: string) => void = () => {}): Promise<GenerationSummary> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const elapsed = () => {
    const cpu = process.cpuUsage(cpuStarted);
    return `${((performance.now() - started) / 1000).toFixed(1)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s)`;
  };
  const spec = benchSpec(scale);
  removeDatabase(file);
  const { db, sqlite } = openDatabase(file);
  try {
    await prepareDatabase(db, { demo: false, demoReviews: false });

    // ── Synthetic manuals, through the app's manual sync ────────────────────────────────────
    const entries = [];
    for (const key of MANUAL_KEYS) {
      const latest = await db
        .selectFrom("manual_versions")
        .select("id")
        .where("manual_key", "=", key)
        .where("status", "=", "published")
        .orderBy("version", "desc")
        .executeTakeFirst();
      const previousKeys = latest
        ? (await db.selectFrom("manual_criteria").select("key").where("manual_version_id", "=", latest.id).orderBy("position").execute()).map((r) => r.key)
        : [];
      const manual = parseCanonicalManual(syntheticManual(key, spec.criteria, previousKeys));
      entries.push({ file: `bench:${key}/v${SYNTHETIC_MANUAL_VERSION}`, relativePath: `bench/${key}/v${SYNTHETIC_MANUAL_VERSION}.json`, manual, checksum: manualChecksum(manual) });
    }
    await syncManualVersions(db, entries);
    const manuals = new Map<ManualKey, ManualInfo>();
    for (const entry of entries) {
      const key = entry.manual.manual;
      const { id } = await db
        .selectFrom("manual_versions")
        .select("id")
        .where("manual_key", "=", key)
        .where("version", "=", SYNTHETIC_MANUAL_VERSION)
        .executeTakeFirstOrThrow();
      const numbers = criterionNumbers(entry.manual);
      const criteria = await db
        .selectFrom("manual_criteria")
        .select(["id", "key", "demand", "dimension_key", "position", "number", "text_sv", "text_en"])
        .where("manual_version_id", "=", id)
        .orderBy("position")
        .execute();
      manuals.set(key, {
        id,
        key,
        version: entry.manual.version,
        checksum: entry.checksum,
        criteria: criteria.map((c) => ({ ...c, readingNumber: numbers.get(c.key) ?? c.number ?? String(c.position) })),
      });
    }
    log(`  schema, reference data and manuals: ${elapsed()}`);

    // The file is scratch until it is renamed into the cache: write it straight (no WAL copy, no
    // fsync) with a large page cache, and give it back to the app in WAL mode.
    sqlite.pragma("journal_mode = DELETE");
    sqlite.pragma("synchronous = OFF");
    sqlite.pragma("cache_size = -262144");
    // Secondary indexes of the bulk tables are built once at the end (one sort) instead of row by
    // row; they are recreated from their own definitions, so the schema ends exactly as migrated.
    const indexes = sqlite
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${BULK_TABLES.map(() => "?").join(", ")})`)
      .all(...BULK_TABLES) as { name: string; sql: string }[];
    for (const index of indexes) sqlite.exec(`DROP INDEX "${index.name}"`);
    const published = writeBulk(sqlite, spec, manuals);
    for (const index of indexes) sqlite.exec(index.sql);
    sqlite.pragma("journal_mode = WAL");
    log(`  units, people, rounds, reviews, scores, audit entries and ${published} frozen snapshots: ${elapsed()}`);

    const count = (table: string) => (sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    const rows: Record<string, number> = {};
    for (const table of [
      "units",
      "users",
      "rounds",
      "reviews",
      "review_team_members",
      "self_assessments",
      "reviewer_scores",
      "reviewer_submissions",
      "consensus_scores",
      "recommendations",
      "recommendation_criteria",
      "strengths",
      "recommendation_answers",
      "audit_log",
    ]) {
      rows[table] = count(table);
    }
    rows.published_reviews = (sqlite.prepare("SELECT COUNT(*) AS n FROM reviews WHERE stage = 'published'").get() as { n: number }).n;
    const kinds = Object.fromEntries(
      (sqlite.prepare("SELECT kind, COUNT(*) AS n FROM units GROUP BY kind").all() as { kind: UnitKind; n: number }[]).map((r) => [r.kind, r.n]),
    ) as Record<UnitKind, number>;
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    sqlite.close();
    return {
      generatorVersion: GENERATOR_VERSION,
      spec,
      seconds: (performance.now() - started) / 1000,
      bytes: fs.statSync(file).size,
      units: {
        county: kinds.county ?? 0,
        resource_centre: kinds.resource_centre ?? 0,
        node: (kinds.node ?? 0) - spec.municipalities,
        municipality_as_node: spec.municipalities,
        national: kinds.national ?? 0,
        total: rows.units!,
      },
      rows,
      scores: rows.reviewer_scores! + rows.self_assessments! + rows.consensus_scores!,
    };
  } catch (error) {
    if (sqlite.open) sqlite.close();
    removeDatabase(file);
    throw error;
  }
}

/**
 * Everything after the manuals, in one transaction of prepared statements. A published review is
 * written as factual_check and then published with its frozen snapshot, built by the app's own
 * freezeSnapshot from the same facts collectSnapshotInput reads (bench-data.test.ts checks that the
 * stored snapshot is exactly what the app's collector gives). Returns the number published.
 */
function writeBulk(sqlite: ReturnType<typeof openDatabase>["sqlite"], spec: BenchSpec, manuals: Map<ManualKey, ManualInfo>): number {
  const now = "2026-07-01T06:00:00.000Z";
  const st = {
    unit: sqlite.prepare(
      `INSERT INTO units (kind, code, letter, name_sv, name_en, kolada_id, host_county_id, host_organisation, healthcare_region_id, created_at, updated_at)
       VALUES ('node', ?, NULL, ?, ?, NULL, ?, ?, NULL, ?, ?)`,
    ),
    nodeCounty: sqlite.prepare("INSERT INTO node_counties (node_id, county_id) VALUES (?, ?)"),
    user: sqlite.prepare("INSERT INTO users (email, name, home_unit_id, password_hash, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?)"),
    role: sqlite.prepare("INSERT INTO user_roles (user_id, role) VALUES (?, ?)"),
    round: sqlite.prepare(
      `INSERT INTO rounds (name, level, manual_version_id, period_start, period_end, self_assessment_due, scoring_due, consensus_due,
         factual_check_due, publication_due, follow_up_due, synthetic, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
    ),
    review: sqlite.prepare(
      `INSERT INTO reviews (round_id, unit_id, stage, self_assessment_submitted_at, consensus_opened_at, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    member: sqlite.prepare("INSERT INTO review_team_members (review_id, user_id, is_lead, is_user_representative, added_by, added_at) VALUES (?, ?, ?, 0, ?, ?)"),
    self: sqlite.prepare("INSERT INTO self_assessments (review_id, criterion_id, score, cannot_assess, comment, updated_by, updated_at, version) VALUES (?, ?, ?, 0, ?, ?, ?, 1)"),
    score: sqlite.prepare(
      "INSERT INTO reviewer_scores (review_id, criterion_id, reviewer_id, score, cannot_assess, rationale, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
    ),
    submission: sqlite.prepare("INSERT INTO reviewer_submissions (review_id, reviewer_id, submitted_at) VALUES (?, ?, ?)"),
    consensus: sqlite.prepare(
      "INSERT INTO consensus_scores (review_id, criterion_id, score, cannot_assess, rationale, updated_by, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
    ),
    recommendation: sqlite.prepare(
      "INSERT INTO recommendations (review_id, text, priority, timeframe, position, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    recommendationCriterion: sqlite.prepare("INSERT INTO recommendation_criteria (recommendation_id, criterion_id) VALUES (?, ?)"),
    strength: sqlite.prepare("INSERT INTO strengths (review_id, criterion_id, text, internal, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
    answer: sqlite.prepare(
      `INSERT INTO recommendation_answers (recommendation_id, response, planned_action, owner, due_date, progress, progress_note, updated_by, updated_at)
       VALUES (?, ?, ?, 'Regional samordnare för psykisk hälsa', ?, ?, '', ?, ?)`,
    ),
    audit: sqlite.prepare("INSERT INTO audit_log (at, actor_user_id, action, entity_type, entity_id, before_json, after_json, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
    publish: sqlite.prepare(
      `UPDATE reviews SET stage = 'published', published_at = ?, signed_off_by = ?, snapshot_json = ?, snapshot_hash = ?,
         acknowledged_at = ?, acknowledged_by = ?, updated_at = ?, version = version + 1 WHERE id = ? AND stage = 'factual_check'`,
    ),
  };
  const id = (result: { lastInsertRowid: number | bigint }) => Number(result.lastInsertRowid);

  // The audit entry's "after" for a first save, memoised: a handful of distinct texts.
  const afterCache = new Map<string, string>();
  const afterJson = (score: number | null, cannotAssess: boolean, text: string, field: "rationale" | "comment") => {
    const key = `${score}|${cannotAssess}|${field}|${text}`;
    let json = afterCache.get(key);
    if (json === undefined) {
      json = JSON.stringify({ score, cannotAssess, [field]: text, version: 1 });
      afterCache.set(key, json);
    }
    return json;
  };

  let published = 0;
  sqlite.transaction(() => {
    const units = sqlite.prepare("SELECT id, code, kind, name_sv, name_en FROM units ORDER BY code").all() as UnitRow[];
    const counties = units.filter((u) => u.kind === "county");
    const countyByCode = new Map(counties.map((c) => [c.code, c]));
    const national = units.find((u) => u.kind === "national")!;

    // ── Units: the synthetic nodes and the municipalities (as nodes, decision 018) ──────────
    for (let i = 0; i < spec.extraNodes; i++) {
      const n = String(i + 1).padStart(2, "0");
      const host = counties[(i * 5) % counties.length]!;
      const nodeId = id(st.unit.run(`NOD-SYNT-${n}`, `Syntetisk kunskapsnod ${n}`, `Synthetic knowledge node ${n}`, host.id, null, now, now));
      st.nodeCounty.run(nodeId, host.id);
    }
    for (const m of syntheticMunicipalities(spec.municipalities)) {
      const county = countyByCode.get(m.countyCode)!;
      const nodeId = id(st.unit.run(m.code, m.name, m.name.replace("(syntetisk)", "(synthetic)"), county.id, m.name, now, now));
      st.nodeCounty.run(nodeId, county.id);
    }
    const allUnits = sqlite.prepare("SELECT id, code, kind, name_sv, name_en FROM units ORDER BY code").all() as UnitRow[];
    const unitById = new Map(allUnits.map((u) => [u.id, u]));
    const unitsOfLevel = new Map(LEVELS.map((level) => [level, allUnits.filter((u) => u.kind === level)]));

    // ── People ──────────────────────────────────────────────────────────────────────────────
    let person = 0;
    const people = new Map<number, { name: string; homeUnit: UnitRow }>();
    const addUser = (email: string, homeUnitId: number, roles: string[]) => {
      const name = `${FIRST_NAMES[person % FIRST_NAMES.length]} ${LAST_NAMES[(person * 7 + 3) % LAST_NAMES.length]}`;
      person++;
      const userId = id(st.user.run(email, name, homeUnitId, now, now));
      people.set(userId, { name, homeUnit: unitById.get(homeUnitId)! });
      for (const role of roles) st.role.run(userId, role);
      return userId;
    };
    const coordinators = [1, 2, 3, 4].map((k) => addUser(`samordnare.${k}@bench.kollega.test`, national.id, ["coordinator"]));
    addUser("radgivare.1@bench.kollega.test", national.id, ["advisor"]);
    const countyReviewers = counties.map((c) => [1, 2, 3, 4].map((k) => addUser(`granskare.lan${c.code}.${k}@bench.kollega.test`, c.id, ["reviewer"])));
    const rcReviewers = unitsOfLevel.get("resource_centre")!.map((u) => addUser(`granskare.${u.code.toLowerCase()}@bench.kollega.test`, u.id, ["reviewer"]));
    const nodeReviewers = unitsOfLevel.get("node")!.map((u) => addUser(`granskare.${u.code.toLowerCase()}@bench.kollega.test`, u.id, ["reviewer"]));
    const contactOf = new Map<number, number>();
    for (const unit of allUnits) {
      if (unit.kind === "national") continue;
      contactOf.set(unit.id, addUser(`kontakt.${unit.code.toLowerCase()}@bench.kollega.test`, unit.id, ["unit_contact"]));
    }

    /** The team of the i-th unit of a level in period p, lead first (see decision 018 for the rules kept). */
    const C = counties.length;
    const teamOf = (level: UnitKind, i: number, p: number): number[] => {
      const county = (index: number, k: number) => countyReviewers[((index % C) + C) % C]![k % 4]!;
      switch (level) {
        case "county":
          // Five other counties, always "ahead" in code order: two counties, never a mutual review.
          return [1, 2, 3, 4, 5].map((k) => county(i + k, p));
        case "resource_centre": {
          const n = rcReviewers.length;
          return [rcReviewers[(i + 1) % n]!, rcReviewers[(i + 2) % n]!, coordinators[(p + i) % 4]!, county(3 * i + p, p + 1), county(3 * i + p + 10, p + 2)];
        }
        case "node": {
          const n = nodeReviewers.length;
          return [nodeReviewers[(i + 1) % n]!, nodeReviewers[(i + 2) % n]!, coordinators[(p + i) % 4]!, county(i + p, p + 2), county(i + p + 10, p + 3)];
        }
        case "national": {
          // The QA group reviews the national level: counties and nodes. Nobody from the national
          // unit itself (a conflict of interest), so the composition rule reports it incomplete.
          const n = nodeReviewers.length;
          return [county(p, 3), county(p + 7, 3), county(p + 14, 3), nodeReviewers[p % n]!, nodeReviewers[(p + Math.floor(n / 2)) % n]!];
        }
      }
    };

    // ── Rounds and reviews ──────────────────────────────────────────────────────────────────
    const periodRows = periodList(spec.periods);
    const last = periodRows.length - 1;
    for (const period of periodRows) {
      const p = period.index;
      for (const [levelIndex, level] of LEVELS.entries()) {
        const manual = manuals.get(MANUAL_OF_LEVEL[level])!;
        const start = period.start;
        const roundCreated = isoDay(start, -30);
        const round = { name: `${LEVEL_ROUND_NAME[level]} ${period.label} (benchmark)`, level, periodStart: period.start, periodEnd: period.end };
        const roundId = id(
          st.round.run(
            round.name,
            level,
            manual.id,
            period.start,
            period.end,
            isoDay(start, 30).slice(0, 10),
            isoDay(start, 60).slice(0, 10),
            isoDay(start, 90).slice(0, 10),
            isoDay(start, 120).slice(0, 10),
            isoDay(start, 150).slice(0, 10),
            isoDay(start, 330).slice(0, 10),
            coordinators[0]!,
            roundCreated,
            roundCreated,
          ),
        );
        st.audit.run(roundCreated, coordinators[0]!, "round.create", "round", String(roundId), null, JSON.stringify({ name: `${LEVEL_ROUND_NAME[level]} ${period.label}`, level }), "10.0.0.1");

        for (const [i, unit] of unitsOfLevel.get(level)!.entries()) {
          const stage: ReviewStage = p < last ? "published" : RUNNING_STAGES[i % RUNNING_STAGES.length]!;
          const random = createRandom(seedOf(p, levelIndex, i, 0x5eed));
          writeReview({ round: { id: roundId, ...round }, manual, unit, stage, team: teamOf(level, i, p), random, p, start, contactId: contactOf.get(unit.id) ?? null });
        }
      }
    }

    function writeReview({
      round,
      manual,
      unit,
      stage,
      team,
      random,
      p,
      start,
      contactId,
    }: {
      round: SnapshotInput["round"];
      manual: ManualInfo;
      unit: UnitRow;
      stage: ReviewStage;
      team: number[];
      random: Random;
      p: number;
      start: string;
      contactId: number | null;
    }) {
      const roundId = round.id;
      const criteria = manual.criteria;
      const lead = team[0]!;
      const selfAt = isoDay(start, 25);
      const scoredAt = isoDay(start, 55);
      const consensusAt = isoDay(start, 85);
      const feedbackAt = isoDay(start, 100);
      const created = isoDay(start, -20);
      // Published reviews are written as factual_check and published afterwards with their snapshot.
      const storedStage = stage === "published" ? "factual_check" : stage;
      const reviewId = id(
        st.review.run(roundId, unit.id, storedStage, past(stage, "analysis") ? selfAt : null, past(stage, "assessment") ? consensusAt : null, 1 + STAGE_INDEX[storedStage], created, created),
      );
      for (const [m, userId] of team.entries()) st.member.run(reviewId, userId, m === 0 ? 1 : 0, team[0] === userId ? null : lead, created);
      // The stage changes the review went through, as the app logs them.
      const order = Object.keys(STAGE_INDEX) as ReviewStage[];
      for (let s = 1; s <= Math.min(STAGE_INDEX[stage], STAGE_INDEX.factual_check); s++) {
        st.audit.run(isoDay(start, s * 15), s === 1 ? null : lead, "review.stage", "review", String(reviewId), `{"stage":"${order[s - 1]}"}`, `{"stage":"${order[s]}"}`, "10.0.0.1");
      }

      // A unit's maturity drifts upwards over the decade, so a trend has something to show.
      const maturity = 0.6 + createRandom(codeSeed(unit.code)).next() * 1.8 + p * 0.04;
      const truth = criteria.map((c) => clamp(maturity + (DEMAND_OFFSET[c.demand] ?? 0) + (random.next() - 0.5) * 1.2));

      const selfScores: (number | null)[] = criteria.map(() => null);
      if (past(stage, "gathering")) {
        const complete = past(stage, "analysis");
        for (const [c, criterion] of criteria.entries()) {
          if (!complete && c % 3 === 2) continue;
          const score = clamp(truth[c]! + (random.chance(0.35) ? 1 : 0));
          const comment = random.chance(0.5) ? SELF_COMMENT : "";
          selfScores[c] = score;
          st.self.run(reviewId, criterion.id, score, comment, contactId, selfAt);
          st.audit.run(selfAt, contactId, "self_assessment.save", "self_assessment", `${reviewId}:${criterion.id}`, null, afterJson(score, false, comment, "comment"), "10.0.0.3");
        }
        if (complete) st.audit.run(selfAt, contactId, "self_assessment.submit", "review", String(reviewId), null, '{"submitted":true}', "10.0.0.3");
      }

      const given: number[][] = criteria.map(() => []);
      if (past(stage, "analysis")) {
        const allSubmitted = past(stage, "assessment");
        for (const [m, reviewerId] of team.entries()) {
          // While scoring runs, reviewer m has scored the first (m + 1)/6 of the criteria.
          const scoredCount = allSubmitted ? criteria.length : Math.floor((criteria.length * (m + 1)) / (team.length + 1));
          for (let c = 0; c < scoredCount; c++) {
            const criterion = criteria[c]!;
            const cannotAssess = random.chance(0.02);
            const score = cannotAssess ? null : clamp(truth[c]! + random.pick(CLEAR_NOISE));
            const rationale = score === null ? CANNOT_ASSESS_RATIONALE : random.pick(RATIONALES[score]!);
            st.score.run(reviewId, criterion.id, reviewerId, score, cannotAssess ? 1 : 0, rationale, scoredAt);
            st.audit.run(scoredAt, reviewerId, "review.score.save", "reviewer_score", `${reviewId}:${criterion.id}:${reviewerId}`, null, afterJson(score, cannotAssess, rationale, "rationale"), "10.0.0.4");
            if (score !== null) given[c]!.push(score);
          }
          if (allSubmitted) {
            st.submission.run(reviewId, reviewerId, scoredAt);
            st.audit.run(scoredAt, reviewerId, "review.score.submit", "review", String(reviewId), '{"submitted":false}', `{"submitted":true,"reviewerId":${reviewerId}}`, "10.0.0.4");
          }
        }
      }

      const consensus: (number | null)[] = criteria.map(() => null);
      const consensusRows: ({ score: number | null; cannotAssess: boolean; rationale: string } | null)[] = criteria.map(() => null);
      if (past(stage, "assessment")) {
        const complete = past(stage, "feedback");
        for (const [c, criterion] of criteria.entries()) {
          if (!complete && c % 2 === 1) continue;
          const cannotAssess = random.chance(0.01);
          const score = cannotAssess ? null : given[c]!.length ? lowerMedian(given[c]!) : truth[c]!;
          const rationale = score === null ? CANNOT_ASSESS_RATIONALE : random.pick(RATIONALES[score]!);
          consensus[c] = score;
          consensusRows[c] = { score, cannotAssess, rationale };
          st.consensus.run(reviewId, criterion.id, score, cannotAssess ? 1 : 0, rationale, lead, consensusAt);
          st.audit.run(consensusAt, lead, "review.consensus.save", "consensus_score", `${reviewId}:${criterion.id}`, null, afterJson(score, cannotAssess, rationale, "rationale"), "10.0.0.4");
        }
      }

      const recommendations: SnapshotInput["recommendations"] = [];
      const strengths: SnapshotInput["strengths"] = [];
      if (past(stage, "feedback")) {
        const gaps = criteria
          .map((criterion, c) => ({ criterion, c, score: consensus[c] ?? null }))
          .filter((x): x is { criterion: CriterionRow; c: number; score: number } => x.score !== null && x.score < 3)
          .sort((a, b) => a.score - b.score || a.c - b.c);
        for (const [position, gap] of gaps.slice(0, random.int(2, 4)).entries()) {
          const priority = gap.score <= 0 ? "high" : gap.score === 1 ? "medium" : "low";
          const text = `Utveckla arbetet med: ${shortText(gap.criterion.text_sv)}. Ta fram en tidsatt plan med ansvariga och följ upp den i den regionala styrgruppen.`;
          const timeframe = random.pick(TIMEFRAMES);
          const recommendationId = id(st.recommendation.run(reviewId, text, priority, timeframe, position + 1, lead, feedbackAt, feedbackAt));
          const criterionKeys = [gap.criterion.key];
          st.recommendationCriterion.run(recommendationId, gap.criterion.id);
          // Some recommendations span two criteria (a later gap in the list).
          const second = gaps[position + 4];
          if (second && random.chance(0.3)) {
            st.recommendationCriterion.run(recommendationId, second.criterion.id);
            criterionKeys.push(second.criterion.key);
          }
          st.audit.run(feedbackAt, lead, "recommendation.create", "recommendation", String(recommendationId), null, JSON.stringify({ reviewId, text, priority }), "10.0.0.4");
          recommendations.push({ id: recommendationId, position: position + 1, text, priority, timeframe, criterionKeys });
        }
        const strong = criteria.filter((_, c) => consensus[c] === 3);
        for (const criterion of strong.slice(0, random.int(1, 2))) {
          const text = `Väl fungerande: ${shortText(criterion.text_sv)}. Arbetssättet är dokumenterat och följs upp och kan inspirera andra.`;
          const internal = random.chance(0.15) ? 1 : 0;
          const strengthId = id(st.strength.run(reviewId, criterion.id, text, internal, lead, feedbackAt, feedbackAt));
          strengths.push({ id: strengthId, text, criterionKey: criterion.key, internal: internal === 1 });
          st.audit.run(feedbackAt, lead, "strength.create", "strength", String(strengthId), null, JSON.stringify({ reviewId, text, internal: internal === 1 }), "10.0.0.4");
        }
      }

      if (stage === "published") {
        const year = Number(start.slice(0, 4));
        const publishedAt = isoDay(start, 150, "10:00:00.000Z");
        // Earlier periods: the unit has acknowledged the report and answered most recommendations.
        const answered = p < spec.periods - 1;
        const acknowledgedAt = answered ? isoDay(start, 160, "10:00:00.000Z") : null;
        if (answered) {
          for (const { id: recommendationId } of recommendations) {
            if (!random.chance(0.75)) continue;
            st.answer.run(
              recommendationId,
              random.pick(["accept", "accept", "accept", "partly", "decline"]),
              random.pick(PLANNED_ACTIONS),
              `${year + 1}-0${random.int(3, 9)}-30`,
              random.pick(["not_started", "in_progress", "in_progress", "done"]),
              contactId,
              acknowledgedAt,
            );
          }
        }
        // The snapshot holds exactly what collectSnapshotInput reads: see bench-data.test.ts.
        const signer = people.get(lead)!;
        const { json, hash } = freezeSnapshot({
          reviewId,
          unit: { id: unit.id, code: unit.code, kind: unit.kind, nameSv: unit.name_sv, nameEn: unit.name_en },
          round,
          manual: { key: manual.key, version: manual.version, checksum: manual.checksum },
          team: team.map((userId, m) => {
            const member = people.get(userId)!;
            return {
              userId,
              name: member.name,
              homeUnit: { code: member.homeUnit.code, nameSv: member.homeUnit.name_sv, nameEn: member.homeUnit.name_en },
              isLead: m === 0,
              isUserRepresentative: false,
            };
          }),
          criteria: criteria.map((c, i) => {
            const agreed = consensusRows[i];
            return {
              id: c.id,
              key: c.key,
              number: c.readingNumber,
              dimensionKey: c.dimension_key,
              position: c.position,
              textSv: c.text_sv,
              textEn: c.text_en,
              selfScore: selfScores[i] === null ? null : { score: selfScores[i]!, cannotAssess: false },
              consensus: agreed && (agreed.score !== null || agreed.cannotAssess) ? agreed : null,
            };
          }),
          strengths,
          recommendations,
          factualComments: [],
          signedOffBy: { userId: lead, name: signer.name },
          publishedAt,
        });
        st.publish.run(publishedAt, lead, json, hash, acknowledgedAt, answered ? contactId : null, publishedAt, reviewId);
        st.audit.run(publishedAt, lead, "review.publish", "review", String(reviewId), '{"stage":"factual_check"}', JSON.stringify({ stage: "published", hash }), "10.0.0.1");
        if (acknowledgedAt) {
          st.audit.run(acknowledgedAt, contactId, "review.acknowledge", "review", String(reviewId), '{"acknowledgedAt":null}', JSON.stringify({ acknowledgedAt }), "10.0.0.2");
        }
        published++;
      }
    }
  })();
  return published;
}

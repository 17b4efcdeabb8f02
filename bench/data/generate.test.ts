/**
 * The benchmark data generator at a small scale: the same rows on every run, the counts the spec
 * promises, a consistent database, and frozen snapshots exactly as the app's own publication
 * would write them. No timing here (that is `npm run bench`).
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type OpenedDatabase } from "#db/connection";
import { collectSnapshotInput, getStoredSnapshot } from "~/modules/feedback/publish.server";
import { freezeSnapshot } from "~/modules/feedback/snapshot";
import { listRoundReviews } from "~/modules/reviews/round-repository.server";
import { ARTIFACTS_DIR } from "../../tests/setup/paths";
import { generateBenchDatabase, LEVELS, RUNNING_STAGES, type GenerationSummary } from "./generate";
import { benchSpec, parseScale, ScaleError, syntheticMunicipalities } from "./spec";

const SCALE = 0.03;
const dir = path.join(ARTIFACTS_DIR, "bench");
let first: { file: string; summary: GenerationSummary };
let second: { file: string; summary: GenerationSummary };
let opened: OpenedDatabase;

beforeAll(async () => {
  fs.mkdirSync(dir, { recursive: true });
  const files = [randomUUID(), randomUUID()].map((id) => path.join(dir, `${id}.sqlite`));
  first = { file: files[0]!, summary: await generateBenchDatabase(files[0]!, SCALE) };
  second = { file: files[1]!, summary: await generateBenchDatabase(files[1]!, SCALE) };
  opened = openDatabase(first.file);
});

afterAll(() => {
  opened?.sqlite.close();
});

/** Every row of every table, minus the created/updated stamps prepareDatabase takes from the clock. */
function contents(file: string): string {
  const { sqlite } = openDatabase(file);
  const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'kysely_migration' ORDER BY name").pluck().all() as string[]);
  const dump = tables.map((table) => {
    const rows = sqlite.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all() as Record<string, unknown>[];
    const clocked = ["units", "manual_versions", "healthcare_regions"].includes(table);
    return [table, rows.map((row) => (clocked ? { ...row, created_at: null, updated_at: null } : row))];
  });
  sqlite.close();
  return JSON.stringify(dump);
}

describe("bench data generator", () => {
  it("parses --scale and refuses what is not a scale", () => {
    expect(parseScale(undefined)).toBe(1);
    expect(parseScale("0.5")).toBe(0.5);
    for (const bad of ["0", "1.5", "x", "-1"]) expect(() => parseScale(bad)).toThrow(ScaleError);
    expect(syntheticMunicipalities(290)).toHaveLength(290);
    expect(new Set(syntheticMunicipalities(290).map((m) => m.code)).size).toBe(290);
  });

  it("writes the same rows on every run", () => {
    expect(second.summary.rows).toEqual(first.summary.rows);
    expect(contents(second.file)).toBe(contents(first.file));
  });

  it("holds the units, rounds, reviews and scores the spec promises", () => {
    const spec = benchSpec(SCALE);
    const { sqlite } = opened;
    const count = (sql: string, ...params: unknown[]) => sqlite.prepare(sql).pluck().get(...params) as number;
    const units = first.summary.units;
    expect(units).toMatchObject({ county: 21, resource_centre: 6, node: 6 + spec.extraNodes, municipality_as_node: spec.municipalities, national: 1 });
    expect(count("SELECT COUNT(*) FROM units WHERE code LIKE 'KOM-%' AND kind = 'node' AND host_county_id IS NOT NULL")).toBe(spec.municipalities);
    expect(count("SELECT COUNT(*) FROM rounds")).toBe(spec.periods * LEVELS.length);
    // Every unit is reviewed once per period, in the round of its level.
    expect(count("SELECT COUNT(*) FROM reviews")).toBe(units.total * spec.periods);
    expect(count("SELECT COUNT(*) FROM reviews r JOIN rounds ro ON ro.id = r.round_id JOIN units u ON u.id = r.unit_id WHERE u.kind <> ro.level")).toBe(0);
    // Five reviewers and one lead per review, none from the reviewed unit.
    expect(count("SELECT COUNT(*) FROM (SELECT review_id FROM review_team_members GROUP BY review_id HAVING COUNT(*) = 5 AND SUM(is_lead) = 1)")).toBe(units.total * spec.periods);
    expect(count("SELECT COUNT(*) FROM review_team_members m JOIN users u ON u.id = m.user_id JOIN reviews r ON r.id = m.review_id WHERE u.home_unit_id = r.unit_id")).toBe(0);
    // Scores per review by stage: a published review has 5 × 60 reviewer scores, 60 self-assessed and 60 agreed.
    const published = count("SELECT COUNT(*) FROM reviews WHERE stage = 'published'");
    expect(published).toBe(first.summary.rows.published_reviews);
    expect(count("SELECT COUNT(*) FROM reviews r WHERE stage = 'published' AND ((SELECT COUNT(*) FROM reviewer_scores s WHERE s.review_id = r.id) <> 300 OR (SELECT COUNT(*) FROM consensus_scores c WHERE c.review_id = r.id) <> 60 OR (SELECT COUNT(*) FROM self_assessments a WHERE a.review_id = r.id) <> 60)")).toBe(0);
    const byStage = Object.fromEntries((sqlite.prepare("SELECT stage, COUNT(*) AS n FROM reviews GROUP BY stage").all() as { stage: string; n: number }[]).map((r) => [r.stage, r.n]));
    for (const stage of RUNNING_STAGES) expect(byStage[stage], stage).toBeGreaterThan(0);
    // Earlier periods are all published; only the running one has other stages.
    expect(count("SELECT COUNT(*) FROM reviews r JOIN rounds ro ON ro.id = r.round_id WHERE r.stage <> 'published' AND ro.period_start < (SELECT MAX(period_start) FROM rounds)")).toBe(0);
    expect(first.summary.scores).toBe(first.summary.rows.reviewer_scores! + first.summary.rows.self_assessments! + first.summary.rows.consensus_scores!);
    // Recommendations and audit entries in proportion: a few per reviewed unit, one per saved score and more.
    expect(first.summary.rows.recommendations!).toBeGreaterThanOrEqual(2 * published);
    expect(first.summary.rows.audit_log!).toBeGreaterThan(first.summary.scores);
  });

  it("is a consistent database: integrity, foreign keys, and teams without conflicts", async () => {
    const { db, sqlite } = opened;
    expect(sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(sqlite.pragma("foreign_key_check")).toEqual([]);
    const rounds = await db.selectFrom("rounds").select(["id", "level"]).execute();
    for (const round of rounds) {
      for (const review of await listRoundReviews(db, round.id)) {
        // The national level's QA group cannot include the national unit's own people: that
        // composition rule is the only issue the generated teams have (decision 018).
        const issues = review.issues.map((i) => i.code).filter((code) => !(round.level === "national" && code === "qa-group-composition"));
        expect(issues, `${review.unitCode} in round ${round.id}`).toEqual([]);
      }
    }
  });

  it("freezes every published review exactly as the app's own publication would", async () => {
    const { db } = opened;
    const published = await db.selectFrom("reviews").select(["id", "signed_off_by", "published_at", "snapshot_hash"]).where("stage", "=", "published").execute();
    expect(published.length).toBeGreaterThan(0);
    for (const review of published) {
      const { hash } = freezeSnapshot(await collectSnapshotInput(db, review.id, { userId: review.signed_off_by! }, review.published_at!));
      expect(hash, `review ${review.id}`).toBe(review.snapshot_hash);
      expect((await getStoredSnapshot(db, review.id))?.intact).toBe(true);
    }
  });
});

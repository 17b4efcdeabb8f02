/**
 * The raw baseline of `npm run bench` computes the same national aggregation as the app: at a
 * small scale, for every round with published reviews, every number, list and order agrees with
 * what the /national loader's code (resolveNational) gives. And the comparison is not vacuous.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type OpenedDatabase } from "#db/connection";
import { resolveNational } from "~/modules/national/national-data.server";
import { listRoundsWithPublishedReviews } from "~/modules/national/national-repository.server";
import { ARTIFACTS_DIR } from "../../tests/setup/paths";
import { generateBenchDatabase } from "../data/generate";
import { compareAggregations, RawAggregator } from "./raw-aggregation";

let file: string;
let opened: OpenedDatabase;
let raw: RawAggregator;

beforeAll(async () => {
  fs.mkdirSync(path.join(ARTIFACTS_DIR, "bench"), { recursive: true });
  file = path.join(ARTIFACTS_DIR, "bench", `${randomUUID()}.sqlite`);
  await generateBenchDatabase(file, 0.05);
  opened = openDatabase(file);
  raw = new RawAggregator(file);
});

afterAll(() => {
  raw?.close();
  opened?.sqlite.close();
});

describe("raw aggregation baseline", () => {
  it("gives the same numbers as the app for every round", async () => {
    const rounds = await listRoundsWithPublishedReviews(opened.db);
    expect(rounds.length).toBeGreaterThan(4);
    expect(raw.rounds().map((r) => [r.id, r.publishedReviews])).toEqual(rounds.map((r) => [r.id, r.publishedReviews]));
    for (const round of rounds) {
      const app = await resolveNational(opened.db, new URLSearchParams({ round: String(round.id) }));
      if (app.kind !== "ok") throw new Error(`round ${round.id}: ${app.kind}`);
      expect(compareAggregations({ rounds: app.rounds, aggregation: app.aggregation }, raw.aggregate(round.id)), round.name).toEqual([]);
      // Something to compare: units with scores, specific areas or candidates in the larger rounds.
      expect(app.aggregation.units.length).toBe(round.publishedReviews);
    }
  });

  it("notices a difference in any number, list or order", async () => {
    const [round] = await listRoundsWithPublishedReviews(opened.db);
    const app = await resolveNational(opened.db, new URLSearchParams({ round: String(round!.id) }));
    if (app.kind !== "ok") throw new Error(app.kind);
    const same = { rounds: app.rounds, aggregation: app.aggregation };
    const tampered = [
      (r: ReturnType<RawAggregator["aggregate"]>) => (r.units[0]!.mean = (r.units[0]!.mean ?? 0) + 0.001),
      (r: ReturnType<RawAggregator["aggregate"]>) => (r.criterionStats[0]!.gaps += 1),
      (r: ReturnType<RawAggregator["aggregate"]>) => r.units.reverse(),
      (r: ReturnType<RawAggregator["aggregate"]>) => (r.units[0]!.cells[0]!.cannotAssess = !r.units[0]!.cells[0]!.cannotAssess),
      (r: ReturnType<RawAggregator["aggregate"]>) => (r.recommendationThemes.recommendations += 1),
      (r: ReturnType<RawAggregator["aggregate"]>) => (r.national.standardDeviation = (r.national.standardDeviation ?? 0) + 0.01),
    ];
    for (const tamper of tampered) {
      const result = raw.aggregate(round!.id);
      tamper(result);
      expect(compareAggregations(same, result).length, tamper.toString()).toBeGreaterThan(0);
    }
  });
});

/**
 * The raw baseline of the 10-round trend (measurement 1): the numbers app/modules/national/
 * trends.ts gives for a series of rounds, from the raw per-round aggregation (raw-aggregation.ts:
 * raw statements and one typed-array pass per round) and one more pass over its cells per round.
 *
 * The bench's rounds of a level all pin the same manual version (bench/data/manual.ts), so every
 * criterion is comparable in every round, the comparable core is every criterion and there are no
 * retired rows: the baseline refuses a series that mixes versions rather than walk crosswalks.
 * `compareTrends` proves the two agree before anything is timed.
 */
import SQLite from "better-sqlite3";
import { round as roundOutput } from "~/modules/national/aggregation";
import type { NationalTrends } from "~/modules/national/trends";
import { differences, type RawAggregator, type RawRound } from "./raw-aggregation";

export interface RawTrendRound extends RawRound {
  periodStart: string;
  manualVersion: number;
}

interface Point {
  roundId: number;
  n: number;
  mean: number | null;
  cells: number;
  gaps: number;
  gapShare: number | null;
}

export interface RawTrends {
  rounds: { id: number; name: string; periodStart: string; manualVersion: number; publishedReviews: number; units: number }[];
  criteria: { key: string; status: "current"; comparableAcross: true; points: (NationalTrends["criteria"][number]["points"][number] & { comparable: true })[] }[];
  dimensions: { key: string; coreKeys: string[]; excludedKeys: string[]; points: Point[] }[];
  overall: { coreKeys: string[]; points: Point[] };
  units: { code: string; name: { sv: string; en: string }; points: { roundId: number; mean: number | null; scored: number }[] }[];
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class RawTrendAggregator {
  private readonly names: SQLite.Statement<unknown[], unknown>;
  private readonly top: SQLite.Statement<unknown[], unknown>;
  private readonly db: SQLite.Database;

  constructor(
    databasePath: string,
    private readonly raw: RawAggregator,
  ) {
    this.db = new SQLite(databasePath, { readonly: true });
    this.names = this.db.prepare("SELECT code, name_sv, name_en FROM units").raw(true);
    this.top = this.db.prepare(`SELECT MAX(json_extract(j.value, '$.value')) FROM manual_versions mv, json_each(mv.content_json, '$.scale.steps') j WHERE mv.id = ?`).raw(true);
  }

  close() {
    this.db.close();
  }

  trends(series: readonly RawTrendRound[]): RawTrends {
    const rounds = [...series].sort((a, b) => compareText(a.periodStart, b.periodStart) || a.id - b.id);
    if (new Set(rounds.map((r) => r.manualVersionId)).size !== 1) throw new Error("the raw trend handles one manual version only");
    const list = this.raw.rounds();
    const aggregations = rounds.map((r) => this.raw.aggregate(r.id, list));
    const [top] = this.top.get(rounds[0]!.manualVersionId) as [number];
    const names = new Map((this.names.all() as [string, string, string][]).map(([code, sv, en]) => [code, { sv, en }]));
    const last = aggregations.at(-1)!;
    const dimensionOfKey = new Map(last.dimensions.flatMap((d) => d.criterionKeys.map((k) => [k, d.key] as const)));

    // One pass per round over its cells: per dimension and overall, each unit's sum and count, gaps.
    const perRound = aggregations.map((agg, r) => {
      const D = agg.dimensions.length;
      const dimIndex = new Map(agg.dimensions.map((d, i) => [d.key, i]));
      const dimOfCell = agg.units[0]?.cells.map((c) => dimIndex.get(dimensionOfKey.get(c.criterionKey)!)!) ?? [];
      const sums = new Float64Array(D);
      const counts = new Int32Array(D);
      const dimMeans: number[][] = agg.dimensions.map(() => []);
      const dimCells = new Int32Array(D);
      const dimGaps = new Int32Array(D);
      const unitMeans: number[] = [];
      let cells = 0;
      let gaps = 0;
      const unitPoints = new Map<string, { mean: number | null; scored: number }>();
      for (const unit of agg.units) {
        sums.fill(0);
        counts.fill(0);
        let sum = 0;
        let scored = 0;
        unit.cells.forEach((cell, c) => {
          if (cell.score === null) return;
          const d = dimOfCell[c]!;
          sums[d] = sums[d]! + cell.score;
          counts[d]!++;
          dimCells[d]!++;
          sum += cell.score;
          scored++;
          if (cell.score < top) {
            dimGaps[d]!++;
            gaps++;
          }
        });
        for (let d = 0; d < D; d++) if (counts[d]) dimMeans[d]!.push(sums[d]! / counts[d]!);
        cells += scored;
        if (scored) unitMeans.push(sum / scored);
        unitPoints.set(unit.code, { mean: scored ? roundOutput(sum / scored) : null, scored });
      }
      const point = (means: number[], c: number, g: number): Point => ({
        roundId: rounds[r]!.id,
        n: means.length,
        mean: means.length ? roundOutput(means.reduce((s, v) => s + v, 0) / means.length) : null,
        cells: c,
        gaps: g,
        gapShare: c ? roundOutput(g / c) : null,
      });
      return { dims: agg.dimensions.map((_, d) => point(dimMeans[d]!, dimCells[d]!, dimGaps[d]!)), overall: point(unitMeans, cells, gaps), unitPoints };
    });

    const codes = [...new Set(aggregations.flatMap((a) => a.units.map((u) => u.code)))].sort(compareText);
    const criterionKeys = last.dimensions.flatMap((d) => d.criterionKeys);
    return {
      rounds: rounds.map((r, i) => ({ id: r.id, name: r.name, periodStart: r.periodStart, manualVersion: r.manualVersion, publishedReviews: r.publishedReviews, units: aggregations[i]!.units.length })),
      criteria: criterionKeys.map((key) => ({
        key,
        status: "current",
        comparableAcross: true,
        points: aggregations.map((agg, r) => {
          const s = agg.criterionStats.find((stat) => stat.criterionKey === key)!;
          return { roundId: rounds[r]!.id, comparable: true, criterionKey: key, relations: [], caution: false, n: s.n, mean: s.mean, median: s.median, gaps: s.gaps, gapShare: s.gapShare, majorGaps: s.majorGaps, majorGapShare: s.majorGapShare, cannotAssess: s.cannotAssess };
        }),
      })),
      dimensions: last.dimensions.map((d, i) => ({ key: d.key, coreKeys: d.criterionKeys, excludedKeys: [], points: perRound.map((p) => p.dims[i]!) })),
      overall: { coreKeys: criterionKeys, points: perRound.map((p) => p.overall) },
      units: codes.map((code) => ({
        code,
        name: names.get(code)!,
        points: perRound.map((p, r) => ({ roundId: rounds[r]!.id, ...(p.unitPoints.get(code) ?? { mean: null, scored: 0 }) })),
      })),
    };
  }
}

/** Every difference between the app's trends and the raw ones (empty: the same numbers, lists and orders). */
export function compareTrends(app: NationalTrends, raw: RawTrends): string[] {
  return differences(app, raw, "trends");
}

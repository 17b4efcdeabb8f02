/**
 * Measurement 1: the national aggregation of one round and of a 10-round trend, through the
 * app's own code (the functions the /national loader calls) beside the raw baseline
 * (bench/baseline/raw-aggregation.ts), after proving that both give the same numbers.
 */
import { openDatabase, type AppDatabase } from "#db/connection";
import { MAX_SERIES } from "~/modules/national/national-query";
import { loadTrends, resolveNational } from "~/modules/national/national-data.server";
import { listRoundsWithPublishedReviews, type NationalRound } from "~/modules/national/national-repository.server";
import { compareAggregations, RawAggregator } from "../baseline/raw-aggregation";
import { compareTrends, RawTrendAggregator } from "../baseline/raw-trends";
import type { Figure } from "../lib/figures";
import { median, percentile, timeAlternately } from "../lib/stats";
import type { Targets } from "../lib/targets";

/**
 * The trend over `rounds` through the app's code for a series on /national: the rounds list
 * (resolveNational reads it first to check the series) and loadTrends — the versions, each round
 * loaded and aggregated, computeTrends. The page caps a series at MAX_SERIES rounds; the bench's
 * 10-round series runs the same function on 10.
 */
export async function appTrend(db: AppDatabase, rounds: NationalRound[]) {
  await listRoundsWithPublishedReviews(db);
  return loadTrends(db, rounds, null);
}

export function rawTrend(raw: RawTrendAggregator, rounds: NationalRound[]) {
  return raw.trends(rounds);
}

export async function measureAggregation({ databasePath, targets, runs = 25 }: { databasePath: string; targets: Targets; runs?: number }): Promise<Figure[]> {
  const { db, sqlite } = openDatabase(databasePath);
  const raw = new RawAggregator(databasePath);
  const rawTrends = new RawTrendAggregator(databasePath, raw);
  try {
    const { largestRound: round, trendRounds } = targets;
    const search = new URLSearchParams({ round: String(round.id) });

    // The same numbers first, or no timing at all.
    for (const r of [round, ...trendRounds]) {
      const app = await resolveNational(db, new URLSearchParams({ round: String(r.id) }));
      if (app.kind !== "ok") throw new Error(`/national for round ${r.id} answered ${app.kind}`);
      const differences = compareAggregations({ rounds: app.rounds, aggregation: app.aggregation }, raw.aggregate(r.id));
      if (differences.length) throw new Error(`app and raw aggregation of round ${r.id} differ:\n  ${differences.join("\n  ")}`);
    }
    const trendDifferences = compareTrends(await appTrend(db, trendRounds), rawTrend(rawTrends, trendRounds));
    if (trendDifferences.length) throw new Error(`app and raw trend differ:\n  ${trendDifferences.join("\n  ")}`);

    // App and baseline take turns run by run, so load from elsewhere on the machine falls on both alike.
    const one = await timeAlternately([() => resolveNational(db, search), () => raw.aggregate(round.id)], { runs, warmup: 5 });
    const [app, base] = one.wall;
    const trendRuns = Math.max(5, Math.round(runs / 6));
    const trend = await timeAlternately([() => appTrend(db, trendRounds), () => rawTrend(rawTrends, trendRounds)], { runs: trendRuns, warmup: 2 });
    const [appTrendSamples, rawTrendSamples] = trend.wall;
    const cpuNote = (cpu: [number[], number[]]) => `CPU ${median(cpu[0]).toFixed(1)} ms vs ${median(cpu[1]).toFixed(1)} ms (${(median(cpu[0]) / median(cpu[1])).toFixed(2)}×)`;

    const size = `${round.publishedReviews} units × ${(await db.selectFrom("manual_criteria").select((eb) => eb.fn.countAll<number>().as("n")).where("manual_version_id", "=", round.manualVersionId).executeTakeFirstOrThrow()).n} criteria`;
    const appMedian = median(app);
    const baseMedian = median(base);
    const section = "1. National aggregation";
    return [
      {
        section,
        label: `One round (${size}): resolveNational, as the /national loader`,
        value: appMedian,
        unit: "ms",
        baseline: { value: baseMedian, label: "raw better-sqlite3 statements + one typed-array pass" },
        target: { text: "≤ 1.5× baseline and < 100 ms", met: appMedian <= 1.5 * baseMedian && appMedian < 100 },
        note: `${appMedian < 100 ? "< 100 ms met" : "< 100 ms missed"}, ${appMedian <= 1.5 * baseMedian ? "≤ 1.5× met" : "≤ 1.5× missed"}; median of ${runs}; p95 app ${percentile(app, 95).toFixed(1)} ms, raw ${percentile(base, 95).toFixed(1)} ms; ${cpuNote(one.cpu)}`,
      },
      {
        section,
        label: `${trendRounds.length}-round trend (${trendRounds.length} rounds of ${round.level}): loadTrends, what the /national loader runs for a series`,
        value: median(appTrendSamples),
        unit: "ms",
        baseline: { value: median(rawTrendSamples), label: "the raw baseline per round + one pass over its cells" },
        note: `median of ${trendRuns}; ${cpuNote(trend.cpu)}; the same numbers proven before timing; the page allows up to ${MAX_SERIES} rounds in a series`,
      },
    ];
  } finally {
    rawTrends.close();
    raw.close();
    sqlite.close();
  }
}

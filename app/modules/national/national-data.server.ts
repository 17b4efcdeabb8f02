/**
 * One resolution of a /national request for the page and every export: the query checked, the
 * rounds with published reviews listed, the chosen round (default: the latest with published
 * reviews) loaded and aggregated, and the trend series (if any) checked and computed. The callers
 * only decide how to answer.
 */
import type { AppDatabase } from "#db/connection";
import type { MessageKey } from "~/i18n/sv";
import { aggregateRound, type Demand, type NationalAggregation } from "./aggregation";
import { parseNationalQuery, parseSeriesQuery, type NationalQuery, type SeriesMessageKey } from "./national-query";
import {
  getNationalRound,
  listRoundsWithPublishedReviews,
  loadAggregationInput,
  loadTrendVersions,
  roundIdsWithPublishedReviewOf,
} from "./national-repository.server";
import type { NationalRound } from "./round";
import { computeTrends, type NationalTrends } from "./trends";
import { unitComparison, type UnitComparison } from "./unit-view";

export interface SeriesResolution {
  /** The ids as asked for (valid or not), to fill the form in again. */
  ids: number[];
  /** Why the series was refused (400 beside the series field), or null. */
  error: SeriesMessageKey | null;
  trends: NationalTrends | null;
}

export type NationalResolution =
  | { kind: "error"; status: 400 | 404; messageKey: MessageKey }
  /** No round asked for and no round has a published review yet. */
  | { kind: "empty"; query: NationalQuery; rounds: NationalRound[] }
  | {
      kind: "ok";
      query: NationalQuery;
      rounds: NationalRound[];
      round: NationalRound;
      aggregation: NationalAggregation;
      series: SeriesResolution;
    };

export async function resolveNational(db: AppDatabase, search: URLSearchParams): Promise<NationalResolution> {
  const parsed = parseNationalQuery(search);
  if (!parsed.ok) return { kind: "error", status: 400, messageKey: parsed.messageKey };
  const rounds = await listRoundsWithPublishedReviews(db);
  const roundId = parsed.query.round ?? rounds[0]?.id ?? null;
  if (roundId === null) return { kind: "empty", query: parsed.query, rounds };
  const round = rounds.find((r) => r.id === roundId) ?? (await getNationalRound(db, roundId));
  if (!round) return { kind: "error", status: 404, messageKey: "national.error.unknownRound" };
  const input = await loadAggregationInput(db, round);
  const aggregation = aggregateRound(input, { demand: parsed.query.demand });
  const series = await resolveSeries(db, search, rounds, parsed.query.demand);
  return { kind: "ok", query: { ...parsed.query, round: round.id }, rounds, round, aggregation, series };
}

/**
 * The trend series: every id a round with published reviews, all of one level and manual.
 * The rounds are aggregated without the demand filter (a criterion's level may differ between
 * versions); the filter then picks the rows by the newest version's level (trends.ts).
 */
async function resolveSeries(db: AppDatabase, search: URLSearchParams, rounds: NationalRound[], demand: Demand | null): Promise<SeriesResolution> {
  const raw = search.getAll("series").flatMap((value) => (/^[1-9]\d{0,9}$/.test(value) ? [Number(value)] : []));
  const parsed = parseSeriesQuery(search);
  if (!parsed.ok) return { ids: raw, error: parsed.messageKey, trends: null };
  if (parsed.series.length === 0) return { ids: [], error: null, trends: null };
  const chosen = parsed.series.map((id) => rounds.find((r) => r.id === id));
  if (chosen.some((r) => r === undefined)) return { ids: parsed.series, error: "national.error.seriesUnknown", trends: null };
  const seriesRounds = chosen as NationalRound[];
  const first = seriesRounds[0]!;
  if (seriesRounds.some((r) => r.level !== first.level || r.manualKey !== first.manualKey)) {
    return { ids: parsed.series, error: "national.error.seriesMixed", trends: null };
  }
  return { ids: parsed.series, error: null, trends: await loadTrends(db, seriesRounds, demand) };
}

/**
 * The trends of checked rounds (one level and manual, at least one): the manual's versions up to
 * the newest round's, each round loaded and aggregated without the demand filter, then
 * computeTrends. What the /national loader runs for a series (the bench times it too).
 */
export async function loadTrends(db: AppDatabase, seriesRounds: readonly NationalRound[], demand: Demand | null): Promise<NationalTrends> {
  const first = seriesRounds[0]!;
  const targetVersion = Math.max(...seriesRounds.map((r) => r.manualVersion));
  const versions = await loadTrendVersions(db, first.manualKey, targetVersion);
  const trendRounds = [];
  for (const r of seriesRounds) trendRounds.push({ round: r, aggregation: aggregateRound(await loadAggregationInput(db, r)) });
  return computeTrends({ manualKey: first.manualKey, versions, rounds: trendRounds, demand });
}

export type UnitViewResolution =
  | { kind: "error"; status: 400 | 404; messageKey: MessageKey }
  /** The unit has no published review in any round. */
  | { kind: "empty"; rounds: NationalRound[] }
  | { kind: "ok"; rounds: NationalRound[]; round: NationalRound; comparison: UnitComparison };

/**
 * /national/unit for a unit contact: the rounds with a published review of their home unit
 * (latest first), the chosen one (`round`, default the latest) and the comparison. Only the
 * comparison leaves this function: never the aggregation with the other units' rows.
 */
export async function resolveUnitView(db: AppDatabase, search: URLSearchParams, unitId: number, unitCode: string): Promise<UnitViewResolution> {
  const values = search.getAll("round");
  if (values.length > 1 || (values.length === 1 && !/^[1-9]\d{0,9}$/.test(values[0]!))) {
    return { kind: "error", status: 400, messageKey: "nationalUnit.error.badRound" };
  }
  const own = await roundIdsWithPublishedReviewOf(db, unitId);
  const rounds = (await listRoundsWithPublishedReviews(db)).filter((r) => own.has(r.id));
  const roundId = values.length === 1 ? Number(values[0]) : (rounds[0]?.id ?? null);
  if (roundId === null) return { kind: "empty", rounds };
  const round = rounds.find((r) => r.id === roundId);
  // Another unit's round, or none: the same answer, so nothing is learnt about rounds the unit is not in.
  if (!round) return { kind: "error", status: 404, messageKey: "nationalUnit.error.unknownRound" };
  const comparison = unitComparison(aggregateRound(await loadAggregationInput(db, round)), unitCode);
  if (!comparison) return { kind: "error", status: 404, messageKey: "nationalUnit.error.unknownRound" };
  return { kind: "ok", rounds, round, comparison };
}

/**
 * One resolution of a /national request for the page and both exports: the query checked, the
 * rounds with published reviews listed, the chosen round (default: the latest with published
 * reviews) loaded and aggregated. The callers only decide how to answer.
 */
import type { AppDatabase } from "#db/connection";
import type { MessageKey } from "~/i18n/sv";
import { aggregateRound, type NationalAggregation } from "./aggregation";
import { parseNationalQuery, type NationalQuery } from "./national-query";
import { getNationalRound, listRoundsWithPublishedReviews, loadAggregationInput } from "./national-repository.server";
import type { NationalRound } from "./round";

export type NationalResolution =
  | { kind: "error"; status: 400 | 404; messageKey: MessageKey }
  /** No round asked for and no round has a published review yet. */
  | { kind: "empty"; query: NationalQuery; rounds: NationalRound[] }
  | { kind: "ok"; query: NationalQuery; rounds: NationalRound[]; round: NationalRound; aggregation: NationalAggregation };

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
  return { kind: "ok", query: { ...parsed.query, round: round.id }, rounds, round, aggregation };
}

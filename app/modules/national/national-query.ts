/**
 * The query of /national and its exports: `round` (a round id) and `demand` (a level of demand,
 * empty or "all" for every level). The same schema for the page and both exports, so a link
 * copied from the page downloads exactly what the page shows. Pure.
 */
import { z } from "zod";
import { DEMAND_LEVELS } from "~/modules/manuals/manual-schema";
import type { Demand } from "./aggregation";

const QuerySchema = z.object({
  round: z
    .string()
    .regex(/^[1-9]\d{0,9}$/, "national.error.badRound")
    .transform(Number)
    .optional(),
  demand: z
    .union([z.literal(""), z.literal("all"), z.enum(DEMAND_LEVELS)], { error: "national.error.badDemand" })
    .optional()
    .transform((value): Demand | null => (value && value !== "all" ? value : null)),
});

export interface NationalQuery {
  round: number | null;
  demand: Demand | null;
}

export type NationalQueryResult = { ok: true; query: NationalQuery } | { ok: false; messageKey: "national.error.badRound" | "national.error.badDemand" };

export function parseNationalQuery(search: URLSearchParams): NationalQueryResult {
  for (const name of ["round", "demand"] as const) {
    if (search.getAll(name).length > 1) return { ok: false, messageKey: name === "round" ? "national.error.badRound" : "national.error.badDemand" };
  }
  const parsed = QuerySchema.safeParse({
    round: search.get("round") ?? undefined,
    demand: search.get("demand") ?? undefined,
  });
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path[0];
    return { ok: false, messageKey: field === "demand" ? "national.error.badDemand" : "national.error.badRound" };
  }
  return { ok: true, query: { round: parsed.data.round ?? null, demand: parsed.data.demand } };
}

/** Most rounds in one trend series: a chart and a table stay readable. */
export const MAX_SERIES = 8;

export type SeriesMessageKey =
  | "national.error.badSeries"
  | "national.error.seriesTooFew"
  | "national.error.seriesTooMany"
  | "national.error.seriesUnknown"
  | "national.error.seriesMixed";

const SeriesIdSchema = z.string().regex(/^[1-9]\d{0,9}$/).transform(Number);

/**
 * The trend series: `series` repeated, one round id each (checkboxes in a GET form). None means no
 * trend; otherwise 2 to MAX_SERIES distinct ids. Whether they exist and share a level is checked
 * against the database (national-data.server.ts). Kept apart from parseNationalQuery so the
 * round's picture still renders when only the series is wrong (400 beside the series field).
 */
export function parseSeriesQuery(search: URLSearchParams): { ok: true; series: number[] } | { ok: false; messageKey: SeriesMessageKey } {
  const values = search.getAll("series");
  if (values.length === 0) return { ok: true, series: [] };
  // Checked first, so a URL with thousands of values costs nothing more.
  if (values.length > MAX_SERIES) return { ok: false, messageKey: "national.error.seriesTooMany" };
  const ids: number[] = [];
  for (const value of values) {
    const parsed = SeriesIdSchema.safeParse(value);
    if (!parsed.success || ids.includes(parsed.data)) return { ok: false, messageKey: "national.error.badSeries" };
    ids.push(parsed.data);
  }
  if (ids.length < 2) return { ok: false, messageKey: "national.error.seriesTooFew" };
  return { ok: true, series: ids };
}

/** Which table the CSV holds: the score table (default) or, with a series, the trend table. */
export function parseTableQuery(search: URLSearchParams): "scores" | "trends" | null {
  const values = search.getAll("table");
  if (values.length === 0) return "scores";
  if (values.length > 1) return null;
  return values[0] === "scores" || values[0] === "trends" ? values[0] : null;
}

/** The query string for a round, filter and series (page links and export links). */
export function nationalSearch(query: { round: number | null; demand: Demand | null; series?: readonly number[] }): string {
  const params = new URLSearchParams();
  if (query.round !== null) params.set("round", String(query.round));
  if (query.demand) params.set("demand", query.demand);
  for (const id of query.series ?? []) params.append("series", String(id));
  const text = params.toString();
  return text ? `?${text}` : "";
}

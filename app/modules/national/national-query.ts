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

/** The query string for a round and filter (page links and export links). */
export function nationalSearch(query: { round: number | null; demand: Demand | null }): string {
  const params = new URLSearchParams();
  if (query.round !== null) params.set("round", String(query.round));
  if (query.demand) params.set("demand", query.demand);
  const text = params.toString();
  return text ? `?${text}` : "";
}

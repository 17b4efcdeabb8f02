/**
 * Demo values for the Kolada panels (decision 014), so the demo works fully offline: for every KPI
 * a manual links, a made-up but plausible series per county and for the whole country, 2020–2025,
 * deterministic, marked `synthetic` (the panels say "Demovärden (syntetiska)") and with a fixed
 * fetch time. A real fetch replaces them. Seeded in demo mode into an empty cache only.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema";
import { createRandom } from "./random";

type Db = Kysely<Database>;

export const DEMO_KOLADA_FETCHED_AT = "2026-11-01T06:00:00.000Z";
export const DEMO_KOLADA_YEARS = [2020, 2021, 2022, 2023, 2024, 2025];

/** Titles for the demo's linked KPIs, marked as demo; any other linked id gets a generic one. */
const DEMO_TITLES: Record<string, { title: string; level: number; spread: number; trend: number }> = {
  N79136: { title: "Självmord, antal per 100 000 invånare (demo)", level: 13, spread: 4, trend: -0.2 },
  N79131: { title: "Invånare med kontakt med psykiatrisk öppenvård, andel (%) (demo)", level: 5.5, spread: 1.5, trend: 0.15 },
  U79160: { title: "Första besök i barn- och ungdomspsykiatrin inom 30 dagar, andel (%) (demo)", level: 68, spread: 14, trend: 1.2 },
  N79149: { title: "Återinskrivning inom 30 dagar efter psykiatrisk slutenvård, andel (%) (demo)", level: 17, spread: 4, trend: -0.3 },
};

const round1 = (value: number) => Math.round(value * 10) / 10;

export async function seedDemoKolada(db: Db): Promise<boolean> {
  if (await db.selectFrom("kolada_values").select("kpi_id").limit(1).executeTakeFirst()) return false;
  const versions = await db.selectFrom("manual_versions").select("content_json").execute();
  const kpiIds = [
    ...new Set(
      versions.flatMap((v) => {
        const content = JSON.parse(v.content_json) as { dimensions: { criteria: { kpis?: string[] }[] }[] };
        return content.dimensions.flatMap((d) => d.criteria.flatMap((c) => c.kpis ?? []));
      }),
    ),
  ].sort();
  if (kpiIds.length === 0) return false;
  const counties = (await db.selectFrom("units").select("kolada_id").where("kind", "=", "county").where("kolada_id", "is not", null).orderBy("kolada_id").execute()).map(
    (u) => u.kolada_id!,
  );
  const random = createRandom(1400);
  await db.transaction().execute(async (trx) => {
    for (const kpiId of kpiIds) {
      const spec = DEMO_TITLES[kpiId] ?? { title: `Nyckeltal ${kpiId} (demo)`, level: 50, spread: 10, trend: 0 };
      await trx.insertInto("kolada_kpis").values({ id: kpiId, title: spec.title, description: "Syntetiskt demovärde, inte från Kolada.", synthetic: 1, fetched_at: DEMO_KOLADA_FETCHED_AT }).execute();
      const offsets = new Map(counties.map((id) => [id, (random.next() * 2 - 1) * spec.spread]));
      const rows = DEMO_KOLADA_YEARS.flatMap((year, index) => {
        const values = counties.map((id) => ({ id, value: Math.max(0, round1(spec.level + offsets.get(id)! + spec.trend * index + (random.next() - 0.5) * spec.spread * 0.3)) }));
        const national = round1(values.reduce((sum, r) => sum + r.value, 0) / values.length);
        return [...values, { id: "0000", value: national }].map(({ id, value }) => ({
          kpi_id: kpiId,
          municipality_id: id,
          period: year,
          gender: "T" as const,
          value,
          status: null,
          synthetic: 1 as const,
          fetched_at: DEMO_KOLADA_FETCHED_AT,
        }));
      });
      // One statement per KPI (132 rows, well under SQLite's variable limit).
      await trx.insertInto("kolada_values").values(rows).execute();
    }
  });
  return true;
}

/**
 * The Kolada cache in the database (decision 014): KPI titles, values (KPI × region × year ×
 * gender) with their fetch time, and what the last fetch of each KPI gave. Pages read only from
 * here; kolada-refresh.server.ts writes here after a fetch. Demo values carry `synthetic = 1`
 * until a real fetch replaces them.
 */
import type { AppDatabase } from "#db/connection";
import type { CachedKpi, CachedValue, FetchState } from "./kolada-panel";
import type { KoladaDataRow, KoladaKpi } from "./kolada-schemas";

export interface CacheRead {
  kpis: Map<string, CachedKpi>;
  values: CachedValue[];
  fetches: Map<string, FetchState>;
}

/** Everything cached for these KPIs (totals only), read in three small queries. */
export async function readKoladaCache(db: AppDatabase, kpiIds: readonly string[]): Promise<CacheRead> {
  if (kpiIds.length === 0) return { kpis: new Map(), values: [], fetches: new Map() };
  const ids = [...new Set(kpiIds)];
  const [kpis, values, fetches] = await Promise.all([
    db.selectFrom("kolada_kpis").select(["id", "title", "synthetic", "fetched_at"]).where("id", "in", ids).execute(),
    db
      .selectFrom("kolada_values")
      .select(["kpi_id", "municipality_id", "period", "value", "synthetic", "fetched_at"])
      .where("kpi_id", "in", ids)
      .where("gender", "=", "T")
      .execute(),
    db.selectFrom("kolada_fetches").selectAll().where("kpi_id", "in", ids).execute(),
  ]);
  return {
    kpis: new Map(kpis.map((k) => [k.id, { id: k.id, title: k.title, synthetic: k.synthetic === 1, fetchedAt: k.fetched_at }])),
    values: values.map((v) => ({
      kpiId: v.kpi_id,
      municipalityId: v.municipality_id,
      period: v.period,
      value: v.value,
      synthetic: v.synthetic === 1,
      fetchedAt: v.fetched_at,
    })),
    fetches: new Map(
      fetches.map((f) => [f.kpi_id, { lastAttemptAt: f.last_attempt_at, lastSuccessAt: f.last_success_at, lastError: f.last_error, lastErrorAt: f.last_error_at }]),
    ),
  };
}

export async function readFetchStates(db: AppDatabase, kpiIds: readonly string[]): Promise<Map<string, FetchState>> {
  return (await readKoladaCache(db, kpiIds)).fetches;
}

/**
 * Stores a successful fetch in one transaction: the KPI's title and, for every region and year
 * asked for, the answered values. Values of those regions and years that Kolada no longer has are
 * removed, so the cache says what Kolada said at `fetchedAt` (and no synthetic demo value survives).
 */
export async function storeKoladaFetch(
  db: AppDatabase,
  {
    kpiId,
    kpi,
    rows,
    municipalityIds,
    years,
    fetchedAt,
  }: { kpiId: string; kpi: KoladaKpi | null; rows: KoladaDataRow[]; municipalityIds: string[]; years: number[]; fetchedAt: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (kpi) {
      const values = {
        title: kpi.title,
        description: kpi.description ?? "",
        operating_area: kpi.operating_area ?? "",
        is_divided_by_gender: (kpi.is_divided_by_gender ? 1 : 0) as 0 | 1,
        synthetic: 0 as const,
        fetched_at: fetchedAt,
      };
      await trx
        .insertInto("kolada_kpis")
        .values({ id: kpiId, ...values })
        .onConflict((oc) => oc.column("id").doUpdateSet(values))
        .execute();
    }
    await trx.deleteFrom("kolada_values").where("kpi_id", "=", kpiId).where("municipality_id", "in", municipalityIds).where("period", "in", years).execute();
    for (const row of rows) {
      if (row.kpi !== kpiId) continue;
      for (const value of row.values) {
        await trx
          .insertInto("kolada_values")
          .values({
            kpi_id: kpiId,
            municipality_id: row.municipality,
            period: row.period,
            gender: value.gender,
            value: value.value,
            status: value.status ?? null,
            synthetic: 0,
            fetched_at: fetchedAt,
          })
          .onConflict((oc) => oc.columns(["kpi_id", "municipality_id", "period", "gender"]).doUpdateSet({ value: value.value, status: value.status ?? null, synthetic: 0, fetched_at: fetchedAt }))
          .execute();
      }
    }
    await trx
      .insertInto("kolada_fetches")
      .values({ kpi_id: kpiId, last_attempt_at: fetchedAt, last_success_at: fetchedAt, last_error: null, last_error_at: null })
      .onConflict((oc) => oc.column("kpi_id").doUpdateSet({ last_attempt_at: fetchedAt, last_success_at: fetchedAt, last_error: null, last_error_at: null }))
      .execute();
  });
}

/** Records a failed fetch; the cached values stay as they were. */
export async function recordKoladaFailure(db: AppDatabase, { kpiId, code, at }: { kpiId: string; code: string; at: string }): Promise<void> {
  await db
    .insertInto("kolada_fetches")
    .values({ kpi_id: kpiId, last_attempt_at: at, last_success_at: null, last_error: code, last_error_at: at })
    .onConflict((oc) => oc.column("kpi_id").doUpdateSet({ last_attempt_at: at, last_error: code, last_error_at: at }))
    .execute();
}

/** The Kolada ids of the 21 counties, for ranking and fetching. */
export async function countyKoladaIds(db: AppDatabase): Promise<string[]> {
  const rows = await db.selectFrom("units").select("kolada_id").where("kind", "=", "county").where("kolada_id", "is not", null).orderBy("kolada_id").execute();
  return rows.map((r) => r.kolada_id!);
}

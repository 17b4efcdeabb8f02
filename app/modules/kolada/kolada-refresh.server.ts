/**
 * Refreshing the Kolada cache (decision 014). Pages never wait for this: a loader only *schedules*
 * a background refresh of the KPIs it shows (run after the response, de-duplicated per KPI, each
 * request bounded by KOLADA_TIMEOUT_MS), and the refresh button's action waits for one bounded
 * refresh before redirecting. A failure is recorded with its code and the cached values stay.
 */
import type { AppDatabase } from "#db/connection";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { countyKoladaIds, readFetchStates, recordKoladaFailure, storeKoladaFetch } from "./kolada-cache.server";
import { createKoladaClient, KoladaError, type KoladaClient, type KoladaErrorCode } from "./kolada-client.server";
import { needsRefresh, refreshYears, type RefreshPolicy } from "./kolada-panel";
import { NATIONAL_ID } from "./kolada-schemas";

export type RefreshOutcome = { kpiId: string; ok: true } | { kpiId: string; ok: false; code: KoladaErrorCode };

export function koladaClientFromEnv(): KoladaClient {
  const env = getEnv();
  return createKoladaClient({ baseUrl: env.KOLADA_BASE_URL, timeoutMs: env.KOLADA_TIMEOUT_MS });
}

export function refreshPolicyFromEnv(): RefreshPolicy {
  const env = getEnv();
  return { maxAgeMs: env.KOLADA_MAX_AGE_HOURS * 3600_000, retryAfterFailureMs: 10 * 60_000 };
}

/** Whether loaders schedule background refreshes (KOLADA_AUTO_REFRESH; off in demo mode by default). */
export function autoRefreshEnabled(): boolean {
  const env = getEnv();
  return env.KOLADA_AUTO_REFRESH ?? !env.KOLLEGA_DEMO;
}

/** Fetches one KPI (its catalogue entry and the values of every county and the country) and stores the result. */
export async function refreshKpi(db: AppDatabase, client: KoladaClient, kpiId: string, now = new Date()): Promise<RefreshOutcome> {
  const municipalityIds = [...(await countyKoladaIds(db)), NATIONAL_ID];
  const years = refreshYears(now);
  try {
    const [kpis, rows] = await Promise.all([client.getKpis([kpiId]), client.getValues(kpiId, municipalityIds, years)]);
    await storeKoladaFetch(db, { kpiId, kpi: kpis.find((k) => k.id === kpiId) ?? null, rows, municipalityIds, years, fetchedAt: new Date().toISOString() });
    return { kpiId, ok: true };
  } catch (error) {
    if (!(error instanceof KoladaError)) throw error;
    await recordKoladaFailure(db, { kpiId, code: error.code, at: new Date().toISOString() });
    return { kpiId, ok: false, code: error.code };
  }
}

// One refresh per KPI at a time in this process: a page viewed by ten reviewers starts one fetch.
const inFlight = new Map<string, Promise<RefreshOutcome>>();

function refreshOnce(kpiId: string, run: () => Promise<RefreshOutcome>): Promise<RefreshOutcome> {
  const running = inFlight.get(kpiId);
  if (running) return running;
  const started = run().finally(() => inFlight.delete(kpiId));
  inFlight.set(kpiId, started);
  return started;
}

/** The refresh button: fetch these KPIs now (bounded by the client's timeouts) and say how it went. */
export function refreshKpisNow(kpiIds: readonly string[], { db = getDb(), client = koladaClientFromEnv() }: { db?: AppDatabase; client?: KoladaClient } = {}) {
  return Promise.all([...new Set(kpiIds)].map((kpiId) => refreshOnce(kpiId, () => refreshKpi(db, client, kpiId))));
}

/**
 * Schedules a background refresh of the KPIs whose cache is due (KOLADA_MAX_AGE_HOURS, or ten
 * minutes after a failure), after the current response: the caller never awaits it. Errors are
 * logged as a warning and never reach a page.
 */
export function scheduleBackgroundRefresh(kpiIds: readonly string[]): void {
  if (kpiIds.length === 0 || !autoRefreshEnabled()) return;
  const ids = [...new Set(kpiIds)].filter((id) => !inFlight.has(id));
  if (ids.length === 0) return;
  const job = new Promise<void>((resolve) => setImmediate(resolve))
    .then(async () => {
      const db = getDb();
      const client = koladaClientFromEnv();
      const policy = refreshPolicyFromEnv();
      const states = await readFetchStates(db, ids);
      const due = ids.filter((id) => needsRefresh(states.get(id) ?? null, new Date(), policy));
      await Promise.all(due.map((kpiId) => refreshOnce(kpiId, () => refreshKpi(db, client, kpiId))));
    })
    .catch((error: unknown) => console.warn(`Kolada: bakgrundsuppdateringen misslyckades: ${(error as Error).message}`))
    .finally(() => scheduled.delete(job));
  scheduled.add(job);
}

// Background jobs not yet finished (scheduled, or reading the fetch log before they start a fetch).
const scheduled = new Set<Promise<void>>();

/** For tests: wait until every background refresh of this process has finished. */
export async function settleBackgroundRefreshes(): Promise<void> {
  while (inFlight.size || scheduled.size) await Promise.allSettled([...inFlight.values(), ...scheduled]);
}

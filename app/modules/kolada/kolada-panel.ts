/**
 * What the evidence panel of one Kolada indicator shows for one county (decision 014), computed
 * from cached values only: the county's values for the most recent years, the national value
 * beside each, the county's place among the regions with a value that year, where the values
 * came from and when, and whether the last attempt to refresh them failed. Also when a KPI's cache
 * needs a refresh, and the frozen snapshot a reviewer attaches as evidence. Pure.
 */
import { NATIONAL_ID } from "./kolada-schemas";

export interface CachedKpi {
  id: string;
  title: string;
  synthetic: boolean;
  fetchedAt: string;
}

export interface CachedValue {
  kpiId: string;
  municipalityId: string;
  period: number;
  /** Totals only (gender T): the panel compares regions, not women and men. */
  value: number | null;
  synthetic: boolean;
  fetchedAt: string;
}

export interface FetchState {
  lastAttemptAt: string;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface PanelYear {
  year: number;
  county: number | null;
  national: number | null;
  /** 1 = highest value among the regions with a value that year. */
  rank: number | null;
  /** Regions with a value that year (at most 21). */
  rankedOf: number;
}

export type PanelStatus =
  /** Values in the cache and the last attempt (if any) succeeded. */
  | "current"
  /** Values in the cache, but the last refresh failed: "showing values from <time>". */
  | "stale"
  /** Nothing cached and the last attempt failed. */
  | "unavailable"
  /** Nothing cached, never fetched. */
  | "empty";

export interface IndicatorPanel {
  kpiId: string;
  title: string | null;
  years: PanelYear[];
  status: PanelStatus;
  /** When the shown values were fetched (the oldest of them), null without values. */
  fetchedAt: string | null;
  /** Demo values made up by the seed, not fetched from Kolada. */
  synthetic: boolean;
  lastError: string | null;
  lastErrorAt: string | null;
}

export const PANEL_YEARS = 5;

/** The panel of one KPI for one county (Kolada id, e.g. "0019") among `regionIds` (the 21 counties). */
export function buildIndicatorPanel({
  kpiId,
  countyId,
  regionIds,
  kpi,
  values,
  fetchState,
  yearCount = PANEL_YEARS,
}: {
  kpiId: string;
  countyId: string;
  regionIds: readonly string[];
  kpi: CachedKpi | null;
  values: readonly CachedValue[];
  fetchState: FetchState | null;
  yearCount?: number;
}): IndicatorPanel {
  const regions = new Set(regionIds);
  const own = values.filter((v) => v.kpiId === kpiId && (v.municipalityId === countyId || v.municipalityId === NATIONAL_ID || regions.has(v.municipalityId)));
  const years = [...new Set(own.filter((v) => v.value !== null && (v.municipalityId === countyId || v.municipalityId === NATIONAL_ID)).map((v) => v.period))]
    .sort((a, b) => b - a)
    .slice(0, yearCount);
  const rows: PanelYear[] = years.map((year) => {
    const ofYear = own.filter((v) => v.period === year);
    const county = ofYear.find((v) => v.municipalityId === countyId)?.value ?? null;
    const national = ofYear.find((v) => v.municipalityId === NATIONAL_ID)?.value ?? null;
    const ranked = ofYear.filter((v) => regions.has(v.municipalityId) && v.value !== null).map((v) => v.value!);
    // Competition ranking: ties share the better place ("1, 2, 2, 4").
    const rank = county === null ? null : 1 + ranked.filter((v) => v > county).length;
    return { year, county, national, rank, rankedOf: ranked.length };
  });
  const shown = own.filter((v) => years.includes(v.period));
  const fetchedAt = shown.length ? shown.map((v) => v.fetchedAt).sort()[0]! : null;
  const failedLast = !!fetchState?.lastError && (!fetchState.lastSuccessAt || fetchState.lastErrorAt! > fetchState.lastSuccessAt);
  const status: PanelStatus = rows.length ? (failedLast ? "stale" : "current") : failedLast ? "unavailable" : "empty";
  return {
    kpiId,
    title: kpi?.title ?? null,
    years: rows,
    status,
    fetchedAt,
    synthetic: shown.some((v) => v.synthetic) || (!shown.length && !!kpi?.synthetic),
    lastError: failedLast ? fetchState!.lastError : null,
    lastErrorAt: failedLast ? fetchState!.lastErrorAt : null,
  };
}

export interface RefreshPolicy {
  /** Values older than this are fetched again. */
  maxAgeMs: number;
  /** After a failed attempt, wait this long before the next automatic one. */
  retryAfterFailureMs: number;
}

export const DEFAULT_REFRESH_POLICY: RefreshPolicy = { maxAgeMs: 24 * 3600_000, retryAfterFailureMs: 10 * 60_000 };

/** Whether an automatic (background) refresh of a KPI is due. */
export function needsRefresh(fetch: FetchState | null, now: Date, policy: RefreshPolicy = DEFAULT_REFRESH_POLICY): boolean {
  if (!fetch) return true;
  const at = now.getTime();
  if (fetch.lastError && fetch.lastErrorAt && at - Date.parse(fetch.lastErrorAt) < policy.retryAfterFailureMs) return false;
  if (!fetch.lastSuccessAt) return true;
  return at - Date.parse(fetch.lastSuccessAt) >= policy.maxAgeMs;
}

/** The years a refresh asks for: the last `count` full years before `now`. */
export function refreshYears(now: Date, count = PANEL_YEARS + 1): number[] {
  const last = now.getUTCFullYear() - 1;
  return Array.from({ length: count }, (_, i) => last - count + 1 + i);
}

export const SNAPSHOT_KIND = "kolada-indicator" as const;

/** What an attached snapshot freezes: the panel as the reviewer saw it, with its source. */
export interface IndicatorSnapshot {
  kind: typeof SNAPSHOT_KIND;
  kpiId: string;
  title: string | null;
  county: { koladaId: string; nameSv: string; nameEn: string };
  years: PanelYear[];
  fetchedAt: string | null;
  synthetic: boolean;
  source: string;
  kpiUrl: string;
  attachedAt: string;
}

export function indicatorSnapshot(
  panel: IndicatorPanel,
  { county, kpiUrl, attachedAt }: { county: IndicatorSnapshot["county"]; kpiUrl: string; attachedAt: string },
): IndicatorSnapshot {
  return {
    kind: SNAPSHOT_KIND,
    kpiId: panel.kpiId,
    title: panel.title,
    county,
    years: panel.years,
    fetchedAt: panel.fetchedAt,
    synthetic: panel.synthetic,
    source: panel.synthetic ? "Demovärden (syntetiska), inte från Kolada" : "Kolada (RKA)",
    kpiUrl,
    attachedAt,
  };
}

/** A stored snapshot read back; null when the text is not one (never trusted blindly). */
export function parseIndicatorSnapshot(json: string | null): IndicatorSnapshot | null {
  if (!json) return null;
  try {
    const value = JSON.parse(json) as Partial<IndicatorSnapshot>;
    if (value?.kind !== SNAPSHOT_KIND || typeof value.kpiId !== "string" || !Array.isArray(value.years)) return null;
    return value as IndicatorSnapshot;
  } catch {
    return null;
  }
}

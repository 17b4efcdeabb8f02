import { describe, expect, it } from "vitest";
import { buildIndicatorPanel, indicatorSnapshot, needsRefresh, parseIndicatorSnapshot, refreshYears, type CachedValue } from "./kolada-panel";

const REGIONS = ["0001", "0003", "0019", "0025"];
const at = "2026-11-01T06:00:00.000Z";
const v = (municipalityId: string, period: number, value: number | null, extra: Partial<CachedValue> = {}): CachedValue => ({
  kpiId: "N79136",
  municipalityId,
  period,
  value,
  synthetic: false,
  fetchedAt: at,
  ...extra,
});

const values = [
  v("0000", 2024, 12.5),
  v("0001", 2024, 10),
  v("0003", 2024, 14),
  v("0019", 2024, 14),
  v("0025", 2024, 20),
  v("0000", 2023, 12),
  v("0019", 2023, 11),
  v("0001", 2023, null),
  v("0000", 2019, 9),
  v("0000", 2020, 9),
  v("0000", 2021, 9),
  v("0000", 2022, 9),
  // Another KPI is never mixed in.
  { ...v("0019", 2024, 99), kpiId: "U79160" },
];

describe("indicator panel", () => {
  const panel = buildIndicatorPanel({ kpiId: "N79136", countyId: "0019", regionIds: REGIONS, kpi: { id: "N79136", title: "Självmord", synthetic: false, fetchedAt: at }, values, fetchState: null });

  it("shows the most recent years first, at most five, with the national value beside the county's", () => {
    expect(panel.years.map((y) => y.year)).toEqual([2024, 2023, 2022, 2021, 2020]);
    expect(panel.years[0]).toEqual({ year: 2024, county: 14, national: 12.5, rank: 2, rankedOf: 4 });
    expect(panel.years[2]).toEqual({ year: 2022, county: null, national: 9, rank: null, rankedOf: 0 });
    expect(panel.title).toBe("Självmord");
    expect(panel.status).toBe("current");
    expect(panel.fetchedAt).toBe(at);
  });

  it("ranks ties to the better place and counts only regions with a value", () => {
    expect(panel.years[0]!.rank).toBe(2);
    expect(panel.years[1]).toMatchObject({ county: 11, rank: 1, rankedOf: 1 });
  });

  it("says the values are stale when the last refresh failed after the last success", () => {
    const stale = buildIndicatorPanel({
      kpiId: "N79136",
      countyId: "0019",
      regionIds: REGIONS,
      kpi: null,
      values,
      fetchState: { lastAttemptAt: "2026-11-02T00:00:00Z", lastSuccessAt: at, lastError: "timeout", lastErrorAt: "2026-11-02T00:00:00Z" },
    });
    expect(stale).toMatchObject({ status: "stale", lastError: "timeout", title: null });
  });

  it("is unavailable without values after a failure, and empty before any fetch", () => {
    const none = { kpiId: "N79136", countyId: "0019", regionIds: REGIONS, kpi: null, values: [] };
    expect(buildIndicatorPanel({ ...none, fetchState: { lastAttemptAt: at, lastSuccessAt: null, lastError: "unreachable", lastErrorAt: at } }).status).toBe("unavailable");
    expect(buildIndicatorPanel({ ...none, fetchState: null }).status).toBe("empty");
  });

  it("marks synthetic demo values", () => {
    const demo = buildIndicatorPanel({ kpiId: "N79136", countyId: "0019", regionIds: REGIONS, kpi: null, values: values.map((x) => ({ ...x, synthetic: true })), fetchState: null });
    expect(demo.synthetic).toBe(true);
    expect(panel.synthetic).toBe(false);
  });

  it("freezes a snapshot that reads back, and refuses anything else", () => {
    const snapshot = indicatorSnapshot(panel, { county: { koladaId: "0019", nameSv: "Region Västmanland", nameEn: "Region Västmanland" }, kpiUrl: "https://www.kolada.se/x", attachedAt: at });
    expect(parseIndicatorSnapshot(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot.source).toBe("Kolada (RKA)");
    expect(parseIndicatorSnapshot("{}")).toBeNull();
    expect(parseIndicatorSnapshot("not json")).toBeNull();
    expect(parseIndicatorSnapshot(null)).toBeNull();
  });
});

describe("refresh policy", () => {
  const now = new Date("2026-11-02T12:00:00Z");
  it("refreshes what was never fetched or is older than the maximum age", () => {
    expect(needsRefresh(null, now)).toBe(true);
    expect(needsRefresh({ lastAttemptAt: "2026-11-02T11:00:00Z", lastSuccessAt: "2026-11-02T11:00:00Z", lastError: null, lastErrorAt: null }, now)).toBe(false);
    expect(needsRefresh({ lastAttemptAt: "2026-11-01T11:00:00Z", lastSuccessAt: "2026-11-01T11:00:00Z", lastError: null, lastErrorAt: null }, now)).toBe(true);
  });
  it("waits a while after a failure before trying again by itself", () => {
    expect(needsRefresh({ lastAttemptAt: "2026-11-02T11:55:00Z", lastSuccessAt: null, lastError: "timeout", lastErrorAt: "2026-11-02T11:55:00Z" }, now)).toBe(false);
    expect(needsRefresh({ lastAttemptAt: "2026-11-02T11:00:00Z", lastSuccessAt: null, lastError: "timeout", lastErrorAt: "2026-11-02T11:00:00Z" }, now)).toBe(true);
  });
  it("asks for the last six full years", () => {
    expect(refreshYears(now)).toEqual([2020, 2021, 2022, 2023, 2024, 2025]);
  });
});

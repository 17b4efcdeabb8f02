/**
 * What the synthetic benchmark data holds at a given scale (issue 8). Pure.
 *
 * `--scale 1` is the largest: the national picture the report meant the infrastructure to grow
 * into ("generellt tillämpbart") — 21 counties, 290 municipalities, 6 resource centres, 20 nodes
 * and the national level, reviewed twice a year for a decade (20 periods) against 60-criterion
 * manuals, five reviewers per review plus the self-assessment and the consensus. Smaller scales
 * shrink the municipalities, the extra nodes and the periods; the real reference data (counties,
 * resource centres, the six real nodes, the national unit) is always there.
 *
 * Municipalities are units of kind `node` (decision 018): the product has no municipality kind
 * yet, and a node is what the app's code already handles for a unit run by a municipality.
 */

/** Bump when the generated data changes, so cached files are regenerated. */
export const GENERATOR_VERSION = 1;

export const MAX_SCALE = 1;
export const MIN_SCALE = 0.01;

/** Municipalities per county (SCB, 2024): 290 in all. */
export const MUNICIPALITIES_PER_COUNTY: Readonly<Record<string, number>> = {
  "01": 26,
  "03": 8,
  "04": 9,
  "05": 13,
  "06": 13,
  "07": 8,
  "08": 12,
  "09": 1,
  "10": 5,
  "12": 33,
  "13": 6,
  "14": 49,
  "17": 16,
  "18": 12,
  "19": 10,
  "20": 15,
  "21": 10,
  "22": 7,
  "23": 8,
  "24": 15,
  "25": 14,
};

export const TOTAL_MUNICIPALITIES = 290;
/** The reference data has six real knowledge nodes; the issue counts 20. */
export const REAL_NODES = 6;
export const TARGET_NODES = 20;

export interface BenchSpec {
  scale: number;
  /** Synthetic knowledge nodes on top of the six real ones. */
  extraNodes: number;
  municipalities: number;
  /** Review periods (two a year); every unit is reviewed once per period, the last one is in progress. */
  periods: number;
  criteria: number;
  dimensions: number;
  reviewersPerReview: number;
}

export class ScaleError extends Error {}

/** Parses a `--scale` value: a number in (0, 1], 1 being the national scale of issue 8. */
export function parseScale(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return MAX_SCALE;
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale < MIN_SCALE || scale > MAX_SCALE) {
    throw new ScaleError(`--scale must be a number from ${MIN_SCALE} to ${MAX_SCALE} (1 = national scale), got "${value}"`);
  }
  return scale;
}

export function benchSpec(scale: number): BenchSpec {
  return {
    scale,
    extraNodes: Math.round((TARGET_NODES - REAL_NODES) * scale),
    municipalities: Math.round(TOTAL_MUNICIPALITIES * scale),
    periods: Math.max(2, Math.round(20 * scale)),
    criteria: 60,
    dimensions: 4,
    reviewersPerReview: 5,
  };
}

export interface SyntheticMunicipality {
  code: string;
  countyCode: string;
  name: string;
}

/**
 * The first `count` synthetic municipalities, taken round-robin over the counties (so a small
 * scale still spreads over the country). Codes follow SCB's pattern: county code + two digits.
 */
export function syntheticMunicipalities(count: number): SyntheticMunicipality[] {
  const all: (SyntheticMunicipality & { index: number })[] = [];
  for (const [countyCode, n] of Object.entries(MUNICIPALITIES_PER_COUNTY)) {
    for (let i = 1; i <= n; i++) {
      const number = `${countyCode}${String(i + 10).padStart(2, "0")}`;
      all.push({ code: `KOM-${number}`, countyCode, name: `Kommun ${number} (syntetisk)`, index: i });
    }
  }
  all.sort((a, b) => a.index - b.index || (a.countyCode < b.countyCode ? -1 : a.countyCode > b.countyCode ? 1 : 0));
  return all.slice(0, count).map(({ index: _index, ...m }) => m);
}

/** The half-year periods, oldest first; the last one starts 2026-07-01 and is in progress. */
export function periods(count: number): { index: number; label: string; start: string; end: string }[] {
  return Array.from({ length: count }, (_, index) => {
    const back = count - 1 - index;
    const startMonth = 2026 * 12 + 6 - back * 6; // months since year 0, 0-based month
    const year = Math.floor(startMonth / 12);
    const month = startMonth % 12; // 0 or 6
    const half = month === 0 ? "H1" : "H2";
    const start = `${year}-${month === 0 ? "01-01" : "07-01"}`;
    const end = `${year}-${month === 0 ? "06-30" : "12-31"}`;
    return { index, label: `${year} ${half}`, start, end };
  });
}

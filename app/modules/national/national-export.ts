/**
 * The national exports, both written from the one aggregation object the page shows.
 *
 * CSV (`/national/export.csv`), for Swedish Excel: UTF-8 with a byte-order mark, semicolons,
 * CRLF line ends, one row per unit × criterion in the page's order (units by code, criteria in
 * manual order). Columns:
 *   round_id; manual; manual_version; unit_code; unit_name; healthcare_regions; criterion_key;
 *   criterion_number; dimension; demand; score; cannot_assess
 * `unit_name` and `healthcare_regions` are the Swedish names (regions joined with ", "),
 * `dimension` and `demand` the stable keys, `score` the consensus score or empty (no score or
 * cannot assess), `cannot_assess` 1 or 0. Every row names its manual version and criterion key,
 * so rows from rounds on different manual versions are never confused.
 *
 * JSON (`/national/export.json`): `{ format, formatVersion, round, ...aggregation }` with keys
 * in a fixed order, indented; the same round and filter always give the same bytes.
 *
 * Pure: no database, no request.
 */
import type { NationalAggregation } from "./aggregation";
import type { NationalRound } from "./round";

export const CSV_COLUMNS = [
  "round_id",
  "manual",
  "manual_version",
  "unit_code",
  "unit_name",
  "healthcare_regions",
  "criterion_key",
  "criterion_number",
  "dimension",
  "demand",
  "score",
  "cannot_assess",
] as const;

export const JSON_FORMAT = "kollega.national-aggregation";
export const JSON_FORMAT_VERSION = 1;

export type ExportRound = Pick<
  NationalRound,
  "id" | "name" | "level" | "manualKey" | "manualVersion" | "periodStart" | "periodEnd" | "synthetic" | "publishedReviews"
>;

/**
 * One CSV field. Quoted when it holds a separator, quote or line break; text that a spreadsheet
 * would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function nationalCsv(round: ExportRound, aggregation: NationalAggregation): string {
  const regionName = new Map(aggregation.regions.breakdown.map((r) => [r.code, r.name.sv]));
  const criteria = new Map(aggregation.criteria.map((c) => [c.key, c]));
  const lines = [CSV_COLUMNS.join(";")];
  for (const unit of aggregation.units) {
    const regions = unit.regionCodes.map((code) => regionName.get(code) ?? code).join(", ");
    for (const cell of unit.cells) {
      const criterion = criteria.get(cell.criterionKey)!;
      lines.push(
        [
          round.id,
          round.manualKey,
          round.manualVersion,
          unit.code,
          unit.name.sv,
          regions,
          criterion.key,
          criterion.number,
          criterion.dimensionKey,
          criterion.demand,
          cell.score,
          cell.cannotAssess ? 1 : 0,
        ]
          .map(csvField)
          .join(";"),
      );
    }
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export function nationalJson(round: ExportRound, aggregation: NationalAggregation): string {
  const document = {
    format: JSON_FORMAT,
    formatVersion: JSON_FORMAT_VERSION,
    round: {
      id: round.id,
      name: round.name,
      level: round.level,
      manualKey: round.manualKey,
      manualVersion: round.manualVersion,
      periodStart: round.periodStart,
      periodEnd: round.periodEnd,
      synthetic: round.synthetic,
      publishedReviews: round.publishedReviews,
    },
    ...aggregation,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** File name for a download: the round id and, when filtered, the level of demand. */
export function exportFileName(round: Pick<ExportRound, "id">, demand: string | null, extension: "csv" | "json") {
  return `nationell-bild-omgang-${round.id}${demand ? `-${demand}` : ""}.${extension}`;
}

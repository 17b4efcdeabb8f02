/**
 * The national exports, all written from the one aggregation object (and trend object) the page
 * shows. The format is documented in docs/exports.md; this module is its one implementation.
 *
 * Two tables, each defined once (`scoreTable`, `trendTable`) and written three ways:
 * - CSV (`/national/export.csv`, `?table=trends` for the trend table), for Swedish Excel: UTF-8
 *   with a byte-order mark, semicolons, CRLF line ends, the column KEYS as header row;
 * - XLSX (`/national/export.xlsx`): sheet "Poäng" (the score table), "Trender" (the trend table,
 *   when a series is chosen) and "Kolumner" (every column's key with its Swedish and English
 *   name); the header row of a data sheet has the Swedish column names, in the same order as the
 *   keys; numbers are numeric cells;
 * - JSON (`/national/export.json`): `{ format, formatVersion, round, ...aggregation, trends }`
 *   with keys in a fixed order, indented; the same query always gives the same bytes.
 *
 * Score table: one row per unit × criterion in the page's order (units by code, criteria in
 * manual order). Trend table: per criterion row, then per dimension, the overall core and per
 * unit, one row per round of the series (oldest first). Every row names its round, manual
 * version and criterion key(s), so rows from rounds on different manual versions are never
 * confused.
 *
 * Pure: no database, no request.
 */
import type { NationalAggregation } from "./aggregation";
import type { NationalRound } from "./round";
import type { NationalTrends, TrendAggregatePoint, TrendCriterionRow, TrendValue } from "./trends";
import { buildXlsx, type XlsxCell, type XlsxSheet } from "./xlsx";

export type ExportCell = string | number | null;

export interface ExportColumn {
  key: string;
  sv: string;
  en: string;
}

export interface ExportTable {
  columns: readonly ExportColumn[];
  rows: ExportCell[][];
}

export const SCORE_COLUMNS = [
  { key: "round_id", sv: "Omgång (id)", en: "Round (id)" },
  { key: "manual", sv: "Manual", en: "Manual" },
  { key: "manual_version", sv: "Manualversion", en: "Manual version" },
  { key: "unit_code", sv: "Enhetskod", en: "Unit code" },
  { key: "unit_name", sv: "Enhet", en: "Unit" },
  { key: "healthcare_regions", sv: "Sjukvårdsregioner", en: "Healthcare regions" },
  { key: "criterion_key", sv: "Kriterienyckel", en: "Criterion key" },
  { key: "criterion_number", sv: "Kriterienummer", en: "Criterion number" },
  { key: "dimension", sv: "Dimension", en: "Dimension" },
  { key: "demand", sv: "Kravnivå", en: "Level of demand" },
  { key: "score", sv: "Konsensuspoäng", en: "Consensus score" },
  { key: "cannot_assess", sv: "Ej bedömbart", en: "Cannot assess" },
] as const satisfies readonly ExportColumn[];

/** The score table's column keys, in order (the CSV header). */
export const CSV_COLUMNS = SCORE_COLUMNS.map((c) => c.key);

export const TREND_COLUMNS = [
  { key: "manual", sv: "Manual", en: "Manual" },
  { key: "target_version", sv: "Jämförs i version", en: "Compared in version" },
  { key: "scope", sv: "Nivå", en: "Scope" },
  { key: "row_key", sv: "Radnyckel", en: "Row key" },
  { key: "anchor_version", sv: "Radens version", en: "Row's version" },
  { key: "dimension", sv: "Dimension", en: "Dimension" },
  { key: "unit_code", sv: "Enhetskod", en: "Unit code" },
  { key: "unit_name", sv: "Enhet", en: "Unit" },
  { key: "round_id", sv: "Omgång (id)", en: "Round (id)" },
  { key: "round_name", sv: "Omgång", en: "Round" },
  { key: "manual_version", sv: "Omgångens manualversion", en: "Round's manual version" },
  { key: "criterion_key", sv: "Kriterienycklar i omgångens version", en: "Criterion keys in the round's version" },
  { key: "comparable", sv: "Jämförbart", en: "Comparable" },
  { key: "relation", sv: "Relation i korsreferensen", en: "Crosswalk relation" },
  { key: "n", sv: "n", en: "n" },
  { key: "mean", sv: "Medelvärde", en: "Mean" },
  { key: "median", sv: "Median", en: "Median" },
  { key: "gap_share", sv: "Andel med gap", en: "Share with a gap" },
  { key: "major_gap_share", sv: "Andel med stort gap", en: "Share with a major gap" },
] as const satisfies readonly ExportColumn[];

export const JSON_FORMAT = "kollega.national-aggregation";
/** 2: `trends` added (null without a series). */
export const JSON_FORMAT_VERSION = 2;

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

export function scoreTable(round: ExportRound, aggregation: NationalAggregation): ExportTable {
  const regionName = new Map(aggregation.regions.breakdown.map((r) => [r.code, r.name.sv]));
  const criteria = new Map(aggregation.criteria.map((c) => [c.key, c]));
  const rows: ExportCell[][] = [];
  for (const unit of aggregation.units) {
    const regions = unit.regionCodes.map((code) => regionName.get(code) ?? code).join(", ");
    for (const cell of unit.cells) {
      const criterion = criteria.get(cell.criterionKey)!;
      rows.push([
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
      ]);
    }
  }
  return { columns: SCORE_COLUMNS, rows };
}

/** The relation column of a criterion point: "same", the relations joined with "+", or why not comparable. */
function relationText(point: TrendCriterionRow["points"][number]): string {
  if (!point.comparable) return point.reason;
  return point.relations.length === 0 ? "same" : point.relations.join("+");
}

export function trendTable(trends: NationalTrends): ExportTable {
  const roundOf = new Map(trends.rounds.map((r) => [r.id, r]));
  const rows: ExportCell[][] = [];
  const base = (roundId: number) => {
    const r = roundOf.get(roundId)!;
    return { id: r.id, name: r.name, version: r.manualVersion };
  };
  for (const row of trends.criteria) {
    for (const point of row.points) {
      const r = base(point.roundId);
      const value = point.comparable ? (point as TrendValue) : null;
      rows.push([
        trends.manualKey,
        trends.targetVersion,
        "criterion",
        row.key,
        row.anchorVersion,
        row.dimensionKey,
        null,
        null,
        r.id,
        r.name,
        r.version,
        point.comparable ? point.criterionKey : point.criterionKeys.join(",") || null,
        point.comparable ? 1 : 0,
        relationText(point),
        value ? value.n : null,
        value?.mean ?? null,
        value?.median ?? null,
        value?.gapShare ?? null,
        value?.majorGapShare ?? null,
      ]);
    }
  }
  /** The core's keys as a round calls them, from the comparable criterion rows. */
  const coreKeysIn = (coreKeys: readonly string[], roundIndex: number) =>
    coreKeys
      .map((key) => trends.criteria.find((c) => c.status === "current" && c.key === key)!.points[roundIndex] as TrendValue)
      .map((p) => p.criterionKey)
      .join(",");
  const aggregateRows = (scope: "dimension" | "overall", key: string | null, dimension: string | null, coreKeys: readonly string[], points: TrendAggregatePoint[] | null) => {
    trends.rounds.forEach((round, i) => {
      const point = points?.[i] ?? null;
      rows.push([
        trends.manualKey,
        trends.targetVersion,
        scope,
        key,
        trends.targetVersion,
        dimension,
        null,
        null,
        round.id,
        round.name,
        round.manualVersion,
        point ? coreKeysIn(coreKeys, i) : null,
        point ? 1 : 0,
        point ? "core" : "no_core",
        point ? point.n : null,
        point?.mean ?? null,
        null,
        point?.gapShare ?? null,
        null,
      ]);
    });
  };
  for (const dimension of trends.dimensions) aggregateRows("dimension", dimension.key, dimension.key, dimension.coreKeys, dimension.points);
  aggregateRows("overall", "overall", null, trends.overall.coreKeys, trends.overall.points);
  const hasCore = trends.overall.points !== null;
  for (const unit of trends.units) {
    unit.points.forEach((point, i) => {
      const round = trends.rounds[i]!;
      rows.push([
        trends.manualKey,
        trends.targetVersion,
        "unit",
        "overall",
        trends.targetVersion,
        null,
        unit.code,
        unit.name.sv,
        round.id,
        round.name,
        round.manualVersion,
        hasCore && point.scored > 0 ? coreKeysIn(trends.overall.coreKeys, i) : null,
        hasCore ? 1 : 0,
        hasCore ? "core" : "no_core",
        point.scored,
        point.mean,
        null,
        null,
        null,
      ]);
    });
  }
  return { columns: TREND_COLUMNS, rows };
}

function csvOf(table: ExportTable): string {
  const lines = [table.columns.map((c) => c.key).join(";"), ...table.rows.map((row) => row.map(csvField).join(";"))];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export function nationalCsv(round: ExportRound, aggregation: NationalAggregation): string {
  return csvOf(scoreTable(round, aggregation));
}

export function trendCsv(trends: NationalTrends): string {
  return csvOf(trendTable(trends));
}

export const XLSX_SHEETS = { scores: "Poäng", trends: "Trender", columns: "Kolumner" } as const;

function sheetOf(name: string, table: ExportTable): XlsxSheet {
  return {
    name,
    header: table.columns.map((c) => c.sv),
    rows: table.rows as XlsxCell[][],
    widths: table.columns.map((c) => Math.min(40, Math.max(10, c.sv.length + 2))),
  };
}

/** The workbook: the score table, the trend table when there is a series, and the column key list. */
export function nationalXlsx(round: ExportRound, aggregation: NationalAggregation, trends: NationalTrends | null): Uint8Array {
  const sheets: XlsxSheet[] = [sheetOf(XLSX_SHEETS.scores, scoreTable(round, aggregation))];
  if (trends) sheets.push(sheetOf(XLSX_SHEETS.trends, trendTable(trends)));
  const described = [
    [XLSX_SHEETS.scores, SCORE_COLUMNS],
    ...(trends ? [[XLSX_SHEETS.trends, TREND_COLUMNS] as const] : []),
  ] as const;
  sheets.push({
    name: XLSX_SHEETS.columns,
    header: ["Blad", "Nyckel", "Kolumnnamn", "Column name"],
    rows: [
      ...described.flatMap(([sheet, columns]) => columns.map((c) => [sheet, c.key, c.sv, c.en])),
      ["Format", JSON_FORMAT, `formatversion ${JSON_FORMAT_VERSION}`, `format version ${JSON_FORMAT_VERSION}`],
    ],
    widths: [12, 20, 36, 36],
  });
  return buildXlsx(sheets);
}

export function nationalJson(round: ExportRound, aggregation: NationalAggregation, trends: NationalTrends | null = null): string {
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
    trends,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** File name for a download: the round id, the level of demand when filtered, "-trender" for the trend CSV. */
export function exportFileName(
  round: Pick<ExportRound, "id">,
  demand: string | null,
  extension: "csv" | "json" | "xlsx",
  table: "scores" | "trends" = "scores",
) {
  return `nationell-bild-omgang-${round.id}${demand ? `-${demand}` : ""}${table === "trends" ? "-trender" : ""}.${extension}`;
}

/**
 * A minimal, valid Office Open XML workbook (.xlsx) from plain tables, zipped with fflate: no
 * formulas, no shared strings, one style for the header row. Enough for Excel, LibreOffice and
 * Numbers to open it and for a script to read it, and small enough to check by reading the XML.
 *
 * - Numbers are numeric cells (`<c><v>2.5</v></c>`), so a spreadsheet can compute with them.
 * - Text is an inline string (`t="inlineStr"`), XML-escaped, with characters XML 1.0 cannot carry
 *   removed. An inline string is never evaluated, so text that looks like a formula stays text
 *   (the CSV needs an apostrophe for that; the XLSX does not).
 * - null leaves the cell out (an empty cell).
 * - The first row is the header (bold, frozen, with an auto filter).
 * - The same tables always give the same bytes (fixed timestamps in the zip).
 *
 * Pure: no database, no request.
 */
import { strToU8, zipSync, type Zippable } from "fflate";

export type XlsxCell = string | number | null;

export interface XlsxSheet {
  /** 1–31 characters, none of : \ / ? * [ ], unique in the workbook (case-insensitive). */
  name: string;
  header: readonly string[];
  rows: readonly (readonly XlsxCell[])[];
  /** Column widths in characters (optional, per column). */
  widths?: readonly number[];
}

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Zip entry time: fixed, so the file depends on its content only. */
const ZIP_TIME = new Date(2000, 0, 1, 0, 0, 0);

/** Characters XML 1.0 allows: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and the astral planes. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlEscape(text: string): string {
  return text
    .replace(NOT_XML_CHAR, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = "";
  let n = index + 1;
  while (n > 0) {
    const rest = (n - 1) % 26;
    name = String.fromCharCode(65 + rest) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

export function assertSheetNames(names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (name.length < 1 || name.length > 31 || /[:\\/?*[\]]/.test(name) || name.startsWith("'") || name.endsWith("'")) {
      throw new Error(`Invalid sheet name: ${JSON.stringify(name)}`);
    }
    const folded = name.toLowerCase();
    if (seen.has(folded)) throw new Error(`Duplicate sheet name: ${JSON.stringify(name)}`);
    seen.add(folded);
  }
}

function cellXml(ref: string, value: XlsxCell, style?: number): string {
  if (value === null) return "";
  const s = style ? ` s="${style}"` : "";
  if (typeof value === "number") {
    // NaN and infinities are not numbers a spreadsheet can hold: an empty cell.
    return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : "";
  }
  const text = xmlEscape(value);
  const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : "";
  return `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${text}</t></is></c>`;
}

function rowXml(index: number, cells: readonly XlsxCell[], style?: number): string {
  const r = index + 1;
  return `<row r="${r}">${cells.map((value, c) => cellXml(`${columnName(c)}${r}`, value, style)).join("")}</row>`;
}

/** Columns in use: the header's or the longest row's. */
function widthOf(sheet: XlsxSheet): number {
  return sheet.rows.reduce((max, row) => Math.max(max, row.length), Math.max(sheet.header.length, 1));
}

export function sheetXml(sheet: XlsxSheet): string {
  const width = widthOf(sheet);
  const lastRef = `${columnName(width - 1)}${sheet.rows.length + 1}`;
  const cols = sheet.widths?.length
    ? `<cols>${sheet.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join("")}</cols>`
    : "";
  return (
    XML_HEAD +
    `<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    `<dimension ref="A1:${lastRef}"/>` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/>` +
    cols +
    `<sheetData>${rowXml(0, sheet.header, 1)}${sheet.rows.map((row, i) => rowXml(i + 1, row)).join("")}</sheetData>` +
    (sheet.header.length ? `<autoFilter ref="A1:${lastRef}"/>` : "") +
    `</worksheet>`
  );
}

const STYLES =
  XML_HEAD +
  `<styleSheet xmlns="${MAIN_NS}">` +
  `<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
  `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
  `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
  `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
  `<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
  `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
  `</styleSheet>`;

/** The workbook as the bytes of an .xlsx file. */
export function buildXlsx(sheets: readonly XlsxSheet[]): Uint8Array {
  if (sheets.length === 0) throw new Error("A workbook needs at least one sheet");
  assertSheetNames(sheets.map((s) => s.name));
  const contentTypes =
    XML_HEAD +
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
    `<Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
    `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
    sheets
      .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
      .join("") +
    `</Types>`;
  const rootRels =
    XML_HEAD +
    `<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const workbook =
    XML_HEAD +
    `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>` +
    sheets.map((s, i) => `<sheet name="${xmlEscape(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("") +
    `</sheets>` +
    // The auto filters need their defined names for Excel to keep them.
    `<definedNames>${sheets
      .map((s, i) => {
        const width = widthOf(s);
        const quoted = `'${s.name.replace(/'/g, "''")}'`;
        return `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${xmlEscape(`${quoted}!$A$1:$${columnName(width - 1)}$${s.rows.length + 1}`)}</definedName>`;
      })
      .join("")}</definedNames>` +
    `</workbook>`;
  const workbookRels =
    XML_HEAD +
    `<Relationships xmlns="${PKG_REL_NS}">` +
    sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("") +
    `<Relationship Id="rId${sheets.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>` +
    `</Relationships>`;

  const files: Zippable = {
    "[Content_Types].xml": strToU8(contentTypes),
    "_rels/.rels": strToU8(rootRels),
    "xl/workbook.xml": strToU8(workbook),
    "xl/_rels/workbook.xml.rels": strToU8(workbookRels),
    "xl/styles.xml": strToU8(STYLES),
  };
  sheets.forEach((sheet, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(sheet));
  });
  return zipSync(files, { level: 6, mtime: ZIP_TIME });
}

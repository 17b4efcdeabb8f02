/**
 * Reads back the workbooks xlsx.ts writes, for tests (not shipped: only tests import it): the
 * sheet names from workbook.xml and every sheet's cells, numbers as numbers, inline strings as
 * text, missing cells as null. A strict reader of our own output, not a general XLSX parser.
 */
import { strFromU8, unzipSync } from "fflate";

export interface ReadSheet {
  name: string;
  rows: (string | number | null)[][];
}

function unescape(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

function columnIndex(letters: string): number {
  return [...letters].reduce((n, ch) => n * 26 + (ch.charCodeAt(0) - 64), 0) - 1;
}

export function readSheets(bytes: Uint8Array): ReadSheet[] {
  const files = unzipSync(bytes);
  const workbook = strFromU8(files["xl/workbook.xml"]!);
  const names = [...workbook.matchAll(/<sheet name="([^"]*)" sheetId="(\d+)"/g)].map((m) => unescape(m[1]!));
  return names.map((name, i) => {
    const xml = strFromU8(files[`xl/worksheets/sheet${i + 1}.xml`]!);
    const rows: (string | number | null)[][] = [];
    for (const row of xml.matchAll(/<row r="(\d+)">(.*?)<\/row>/g)) {
      const cells: (string | number | null)[] = [];
      for (const cell of row[2]!.matchAll(/<c r="([A-Z]+)\d+"(?: s="\d+")?( t="inlineStr")?>(.*?)<\/c>/g)) {
        const index = columnIndex(cell[1]!);
        while (cells.length < index) cells.push(null);
        if (cell[2]) cells.push(unescape(/<t(?: xml:space="preserve")?>(.*?)<\/t>/s.exec(cell[3]!)![1]!));
        else cells.push(Number(/<v>(.*?)<\/v>/.exec(cell[3]!)![1]));
      }
      rows[Number(row[1]) - 1] = cells;
    }
    // Trailing empty cells are not written: pad every row to the header's width.
    const width = rows[0]?.length ?? 0;
    return { name, rows: rows.map((r) => [...(r ?? []), ...Array<null>(Math.max(0, width - (r?.length ?? 0))).fill(null)]) };
  });
}

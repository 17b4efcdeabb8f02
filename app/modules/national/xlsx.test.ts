import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { assertSheetNames, buildXlsx, columnName, sheetXml, xmlEscape } from "./xlsx";
import { readSheets } from "./xlsx.fixture";

describe("xlsx helpers", () => {
  it("names columns A … Z, AA …", () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual(["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
  });

  it("escapes XML and drops characters XML 1.0 cannot carry", () => {
    expect(xmlEscape(`<a href="x">Tom & 'Jerry'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;");
    expect(xmlEscape("a\u0000b\u0008c\u000bd\tе\n")).toBe("abcd\tе\n");
    expect(xmlEscape("Västra Götaland 😀")).toBe("Västra Götaland 😀");
  });

  it("refuses sheet names Excel refuses", () => {
    expect(() => assertSheetNames(["Poäng", "Trender"])).not.toThrow();
    for (const bad of ["", "a".repeat(32), "a/b", "a:b", "x?", "[x]", "'x"]) expect(() => assertSheetNames([bad]), bad).toThrow();
    expect(() => assertSheetNames(["Blad", "blad"])).toThrow(/Duplicate/);
  });
});

describe("sheetXml", () => {
  const xml = sheetXml({ name: "S", header: ["Namn", "Poäng"], rows: [["=1+1", 2.5], [" kant ", null], ["<b>", Number.NaN]] });

  it("writes a bold header row, numbers as numeric cells and text as inline strings", () => {
    expect(xml).toContain('<row r="1"><c r="A1" s="1" t="inlineStr"><is><t>Namn</t></is></c><c r="B1" s="1" t="inlineStr"><is><t>Poäng</t></is></c></row>');
    // A formula-looking text stays text: an inline string is never evaluated.
    expect(xml).toContain('<c r="A2" t="inlineStr"><is><t>=1+1</t></is></c><c r="B2"><v>2.5</v></c>');
    // Leading or trailing spaces are kept; null and NaN leave the cell out.
    expect(xml).toContain('<row r="3"><c r="A3" t="inlineStr"><is><t xml:space="preserve"> kant </t></is></c></row>');
    expect(xml).toContain('<row r="4"><c r="A4" t="inlineStr"><is><t>&lt;b&gt;</t></is></c></row>');
    expect(xml).toContain('<dimension ref="A1:B4"/>');
    expect(xml).toContain('<autoFilter ref="A1:B4"/>');
    expect(xml).toContain('state="frozen"');
  });
});

describe("buildXlsx", () => {
  const bytes = buildXlsx([
    { name: "Första", header: ["a", "b"], rows: [[1, "x & y"]] },
    { name: "Andra's", header: ["c"], rows: [] },
  ]);
  const files = unzipSync(bytes);

  it("is a zip with content types, relationships, workbook, styles and one part per sheet", () => {
    expect([...bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    const types = strFromU8(files["[Content_Types].xml"]!);
    expect(types).toContain('<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>');
    expect(types).toContain("spreadsheetml.sheet.main+xml");
    expect(strFromU8(files["_rels/.rels"]!)).toContain('Target="xl/workbook.xml"');
    const rels = strFromU8(files["xl/_rels/workbook.xml.rels"]!);
    expect(rels).toContain('Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"');
    expect(rels).toContain('Target="styles.xml"');
    const workbook = strFromU8(files["xl/workbook.xml"]!);
    expect(workbook).toContain('<sheet name="Andra&apos;s" sheetId="2" r:id="rId2"/>');
    expect(workbook).toContain("&apos;Andra&apos;&apos;s&apos;!$A$1:$A$1");
    for (const [name, content] of Object.entries(files)) expect(strFromU8(content).startsWith("<?xml"), name).toBe(true);
  });

  it("reads back with the same cells", () => {
    expect(readSheets(bytes)).toEqual([
      { name: "Första", rows: [["a", "b"], [1, "x & y"]] },
      { name: "Andra's", rows: [["c"]] },
    ]);
  });

  it("needs a sheet", () => {
    expect(() => buildXlsx([])).toThrow();
  });
});

import { describe, expect, it } from "vitest";
import { docxFile, exeFile, htmlFile, pdfFile, pngFile, textFile, zipFile } from "../../../tests/evidence-files";
import { downloadContentType, sniffContentType, isSafePlainText, zipEntryNames } from "./content-sniffer";

const encode = (text: string) => new TextEncoder().encode(text);

describe("sniffContentType: decided by content, never by name", () => {
  it("accepts PDF, PNG, JPEG and Office documents by their bytes", () => {
    expect(sniffContentType(pdfFile(), "x.pdf")).toMatchObject({ ok: true, mediaType: "application/pdf" });
    expect(sniffContentType(pngFile(), "bild.png")).toMatchObject({ ok: true, mediaType: "image/png" });
    expect(sniffContentType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]), "foto.jpg")).toMatchObject({ ok: true, mediaType: "image/jpeg" });
    expect(sniffContentType(docxFile(), "plan.docx")).toMatchObject({ ok: true, extensions: ["docx"] });
    const xlsx = zipFile({ "[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>" });
    expect(sniffContentType(xlsx, "siffror.xlsx")).toMatchObject({ ok: true, extensions: ["xlsx"] });
    const pptx = zipFile({ "[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<presentation/>" });
    expect(sniffContentType(pptx, "bilder.pptx")).toMatchObject({ ok: true, extensions: ["pptx"] });
  });

  it("ignores the name: a PDF called .txt is a PDF, a program called .pdf is refused", () => {
    expect(sniffContentType(pdfFile(), "rapport.txt")).toMatchObject({ ok: true, mediaType: "application/pdf" });
    expect(sniffContentType(exeFile(), "rapport.pdf")).toEqual({ ok: false, reason: "not-allowed" });
    expect(sniffContentType(htmlFile(), "anteckningar.txt")).toEqual({ ok: false, reason: "not-allowed" });
  });

  it("refuses ZIP archives that are not Office documents, and macro documents", () => {
    expect(sniffContentType(zipFile({ "readme.txt": "hej", "word/document.xml": "<w/>" }), "x.docx")).toEqual({ ok: false, reason: "not-allowed" });
    expect(sniffContentType(zipFile({ "[Content_Types].xml": "<Types/>", "other/thing.xml": "<x/>" }), "x.docx")).toEqual({ ok: false, reason: "not-allowed" });
    expect(sniffContentType(docxFile({ "word/vbaProject.bin": "macro" }), "x.docx")).toEqual({ ok: false, reason: "not-allowed" });
    // A local header without a central directory (truncated archive).
    expect(sniffContentType(docxFile().subarray(0, 200), "x.docx")).toEqual({ ok: false, reason: "not-allowed" });
  });

  it("accepts UTF-8 text and CSV, telling them apart by the name only", () => {
    expect(sniffContentType(textFile(), "data.csv")).toMatchObject({ ok: true, mediaType: "text/csv; charset=utf-8" });
    expect(sniffContentType(encode("Åtgärdsplan för 2026\r\n\tpunkt 1 < punkt 2\n"), "plan.txt")).toMatchObject({ ok: true, mediaType: "text/plain; charset=utf-8" });
    expect(sniffContentType(encode("\ufeffmed BOM"), "bom.txt")).toMatchObject({ ok: true });
  });

  it("refuses text that is not valid UTF-8, holds NUL or control bytes, or looks like markup or a script", () => {
    expect(sniffContentType(new Uint8Array([0x68, 0x65, 0x6a, 0x00, 0x21]), "nul.txt").ok).toBe(false);
    expect(sniffContentType(new Uint8Array([0x68, 0xe5, 0x6a]), "latin1.txt").ok).toBe(false); // "hå j" in Latin-1
    expect(sniffContentType(encode("färg \u001b[31mröd"), "ansi.txt").ok).toBe(false);
    for (const text of [
      "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
      "  <?xml version='1.0'?><svg/>",
      "Hej\n<SCRIPT src=//evil.example></SCRIPT>",
      "<html>",
      "text </script> text",
      "<img src=x onerror=alert(1)>",
      "#!/bin/sh\nrm -rf /\n",
      "<?php echo 1; ?>",
      "<iframe src=https://evil.example>",
    ]) {
      expect(isSafePlainText(encode(text)), text).toBe(false);
    }
    // Comparisons and words that merely start like a tag name are fine.
    expect(isSafePlainText(encode("andel < 5 % och <formulär> och a<b"))).toBe(true);
  });

  it("refuses empty files with their own reason", () => {
    expect(sniffContentType(new Uint8Array(), "tom.pdf")).toEqual({ ok: false, reason: "empty" });
  });
});

describe("zipEntryNames", () => {
  it("reads the central directory of a well-formed archive and gives up on a broken one", () => {
    expect(zipEntryNames(docxFile())).toEqual(["[Content_Types].xml", "_rels/.rels", "word/document.xml"]);
    expect(zipEntryNames(encode("PK\u0003\u0004 not really"))).toBeNull();
    const broken = docxFile();
    // Point the end record's directory offset past the end.
    new DataView(broken.buffer, broken.byteOffset).setUint32(broken.length - 6, 0xfffffff0, true);
    expect(zipEntryNames(broken)).toBeNull();
  });
});

describe("downloadContentType", () => {
  it("serves stored upload types as they are and anything else as application/octet-stream", () => {
    expect(downloadContentType("application/pdf")).toBe("application/pdf");
    expect(downloadContentType("text/plain; charset=utf-8")).toBe("text/plain; charset=utf-8");
    for (const type of ["text/html", "text/html; charset=utf-8", "application/xhtml+xml", "image/svg+xml", "application/javascript", "", null]) {
      expect(downloadContentType(type), String(type)).toBe("application/octet-stream");
    }
  });
});

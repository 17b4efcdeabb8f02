import { describe, expect, it } from "vitest";
import { asciiFileName, etagMatches, parsePdfLang, pdfEtag } from "./pdf-request";

describe("PDF request", () => {
  it("takes lang=sv|en, defaults to the reader's language and refuses anything else", () => {
    expect(parsePdfLang(new URLSearchParams(""), "en")).toEqual({ ok: true, locale: "en" });
    expect(parsePdfLang(new URLSearchParams("lang=sv"), "en")).toEqual({ ok: true, locale: "sv" });
    expect(parsePdfLang(new URLSearchParams("lang=en"), "sv")).toEqual({ ok: true, locale: "en" });
    for (const bad of ["lang=", "lang=de", "lang=SV", "lang=sv&lang=en", "lang=%00"]) {
      expect(parsePdfLang(new URLSearchParams(bad), "sv"), bad).toEqual({ ok: false, messageKey: "pdf.error.badLang" });
    }
  });

  it("makes ASCII file names", () => {
    expect(asciiFileName(["granskningsrapport", "Länsgranskning 2025", "Region Jönköpings län", "sv"], "pdf")).toBe(
      "granskningsrapport-lansgranskning-2025-region-jonkopings-lan-sv.pdf",
    );
    expect(asciiFileName(["Ærø \"x\"; rm -rf /", "", "Straße"], "pdf")).toBe("aero-x-rm-rf-strasse.pdf");
    expect(asciiFileName(["日本"], "pdf")).toBe("kollega.pdf");
    expect(asciiFileName(["a".repeat(300)], "pdf")).toHaveLength(124);
  });

  it("tags the bytes with the content hash and answers If-None-Match", () => {
    const etag = pdfEtag("f".repeat(64), new Uint8Array([1, 2, 3]));
    expect(etag).toMatch(/^"f{16}-[0-9a-f]{32}"$/);
    expect(pdfEtag("f".repeat(64), new Uint8Array([1, 2, 4]))).not.toBe(etag);
    expect(etagMatches(etag, etag)).toBe(true);
    expect(etagMatches(`"other", W/${etag}`, etag)).toBe(true);
    expect(etagMatches("*", etag)).toBe(true);
    expect(etagMatches(null, etag)).toBe(false);
    expect(etagMatches('"other"', etag)).toBe(false);
  });
});

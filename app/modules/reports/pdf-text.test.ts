import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isWinAnsi, pdfSafe, pdfText } from "./pdf-text";

const allDrawable = (text: string) => [...text].every((c) => c === "\n" || isWinAnsi(c.codePointAt(0)!));

describe("pdfText", () => {
  it("keeps Swedish, the manual texts' quotes and dashes, and other WinAnsi text as it is", () => {
    const text = "Åäö ÅÄÖ é ü ß “citat” ‘enkla’ – — … € • ‰ š ž Œ 50 % (region/landsting)";
    expect(pdfText(text)).toBe(text);
  });

  it("replaces symbols with plain equivalents and strips accents WinAnsi lacks", () => {
    expect(pdfText("≥ 50 % och ≤ 3 → klart, −2")).toBe(">= 50 % och <= 3 -> klart, -2");
    expect(pdfText("Čáhppes Đuoddara ŋ ŧ ł ő")).toBe("Cáhppes Duoddara n t l o");
  });

  it("turns each emoji or unknown character into one question mark, however many code points it has", () => {
    expect(pdfText("Bra 👍🏽 jobbat 👨‍👩‍👧 中文 𝔸")).toBe("Bra ? jobbat ? ?? ?");
  });

  it("composes combining accents, drops invisible and control characters, keeps line breaks", () => {
    expect(pdfText("e\u0301 a\u200bb\u200d\ufeffc\u0007d\tе")).toBe("é abcd ?");
    expect(pdfText("rad ett\r\nrad två\rrad tre")).toBe("rad ett\nrad två\nrad tre");
    expect(pdfText("50\u202f%")).toBe("50\u00a0%");
    expect(pdfText("lone \ud800 surrogate")).toBe("lone ? surrogate");
  });

  it("gives drawable text for any string", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => allDrawable(pdfText(text))));
  });

  it("maps every string in plain data and leaves everything else alone", () => {
    const date = new Date(0);
    expect(pdfSafe({ a: "≥", b: [1, "→", null], c: { d: true, e: "ok" }, date })).toEqual({ a: ">=", b: [1, "->", null], c: { d: true, e: "ok" }, date });
  });
});

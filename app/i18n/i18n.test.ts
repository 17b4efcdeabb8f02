import { describe, expect, it } from "vitest";
import { en } from "./en";
import { translator } from "./i18n";
import { sv } from "./sv";

describe("dictionaries", () => {
  it("have a non-empty text for every key in both languages", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(sv).sort());
    for (const [key, text] of Object.entries(sv)) expect(text.trim(), key).not.toBe("");
    for (const [key, text] of Object.entries(en)) expect(text.trim(), key).not.toBe("");
  });

  it("use the same placeholders in both languages", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(sv) as (keyof typeof sv)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(sv[key]));
    }
  });

  it("fills in placeholders", () => {
    expect(translator("sv")("start.welcome", { name: "Ulla" })).toBe("Välkommen, Ulla");
    expect(translator("en")("start.welcome", { name: "Ulla" })).toBe("Welcome, Ulla");
  });
});

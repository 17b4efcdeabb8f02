import { describe, expect, it } from "vitest";
import { MAX_SERIES, nationalSearch, parseNationalQuery, parseSeriesQuery, parseTableQuery } from "./national-query";

const parse = (query: string) => parseNationalQuery(new URLSearchParams(query));

describe("the national query", () => {
  it("accepts nothing, a round, a level of demand, and 'all' or empty for every level", () => {
    expect(parse("")).toEqual({ ok: true, query: { round: null, demand: null } });
    expect(parse("round=12")).toEqual({ ok: true, query: { round: 12, demand: null } });
    expect(parse("round=12&demand=basic")).toEqual({ ok: true, query: { round: 12, demand: "basic" } });
    expect(parse("demand=")).toEqual({ ok: true, query: { round: null, demand: null } });
    expect(parse("demand=all")).toEqual({ ok: true, query: { round: null, demand: null } });
    // Unknown parameters (Remix's own, tracking) are ignored.
    expect(parse("round=3&_data=x&utm=y")).toEqual({ ok: true, query: { round: 3, demand: null } });
  });

  it("refuses malformed rounds and levels with a message key", () => {
    for (const bad of ["round=", "round=0", "round=-1", "round=01", "round=1.5", "round=abc", "round=12345678901", "round=1&round=2"]) {
      expect(parse(bad), bad).toEqual({ ok: false, messageKey: "national.error.badRound" });
    }
    for (const bad of ["demand=expert", "demand=BASIC", "demand=basic&demand=advanced"]) {
      expect(parse(bad), bad).toEqual({ ok: false, messageKey: "national.error.badDemand" });
    }
  });

  it("writes the query back for links", () => {
    expect(nationalSearch({ round: 4, demand: null })).toBe("?round=4");
    expect(nationalSearch({ round: 4, demand: "advanced" })).toBe("?round=4&demand=advanced");
    expect(nationalSearch({ round: null, demand: null })).toBe("");
    expect(nationalSearch({ round: 4, demand: null, series: [2, 4] })).toBe("?round=4&series=2&series=4");
  });

  it("reads a trend series: none, or 2 to MAX_SERIES distinct round ids", () => {
    const series = (query: string) => parseSeriesQuery(new URLSearchParams(query));
    expect(series("")).toEqual({ ok: true, series: [] });
    expect(series("series=3&series=1")).toEqual({ ok: true, series: [3, 1] });
    expect(series("series=1")).toEqual({ ok: false, messageKey: "national.error.seriesTooFew" });
    const many = Array.from({ length: MAX_SERIES + 1 }, (_, i) => `series=${i + 1}`).join("&");
    expect(series(many)).toEqual({ ok: false, messageKey: "national.error.seriesTooMany" });
    for (const bad of ["series=", "series=0", "series=x&series=2", "series=2&series=2", "series=1e3&series=2", "series=99999999999&series=1"]) {
      expect(series(bad), bad).toEqual({ ok: false, messageKey: "national.error.badSeries" });
    }
  });

  it("reads the CSV table: scores by default, trends, nothing else", () => {
    const table = (query: string) => parseTableQuery(new URLSearchParams(query));
    expect(table("")).toBe("scores");
    expect(table("table=trends")).toBe("trends");
    expect(table("table=scores")).toBe("scores");
    expect(table("table=x")).toBeNull();
    expect(table("table=scores&table=trends")).toBeNull();
  });
});

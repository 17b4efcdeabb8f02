import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/utils/env.server";

describe("Kolada settings", () => {
  it("default to the public v3 API, a 5 s timeout, a day's cache and no automatic refresh decided yet", () => {
    const env = parseEnv({});
    expect(env.KOLADA_BASE_URL).toBe("https://api.kolada.se/v3");
    expect(env.KOLADA_TIMEOUT_MS).toBe(5000);
    expect(env.KOLADA_MAX_AGE_HOURS).toBe(24);
    expect(env.KOLADA_AUTO_REFRESH).toBeUndefined();
    expect(env.KOLLEGA_MOCKS).toBe(false);
  });

  it("refuse a base URL that is not http(s) and a timeout out of range, naming the variable", () => {
    expect(() => parseEnv({ KOLADA_BASE_URL: "ftp://example.org/v3" })).toThrow(EnvError);
    expect(() => parseEnv({ KOLADA_BASE_URL: "not a url" })).toThrow(/KOLADA_BASE_URL/);
    expect(() => parseEnv({ KOLADA_TIMEOUT_MS: "10" })).toThrow(/KOLADA_TIMEOUT_MS/);
    expect(() => parseEnv({ KOLADA_AUTO_REFRESH: "kanske" })).toThrow(/KOLADA_AUTO_REFRESH/);
    expect(parseEnv({ KOLADA_AUTO_REFRESH: "1", KOLADA_BASE_URL: "http://127.0.0.1:9/v3" })).toMatchObject({ KOLADA_AUTO_REFRESH: true, KOLADA_BASE_URL: "http://127.0.0.1:9/v3" });
  });
});

import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.server";

describe("configuration", () => {
  it("has working defaults for the demo", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_PATH).toBe("data/kollega.sqlite");
    expect(env.KOLLEGA_DEMO).toBe(true);
  });

  it("requires SESSION_SECRET outside demo mode and says so", () => {
    expect(() => parseEnv({ KOLLEGA_DEMO: "0" })).toThrow(EnvError);
    expect(() => parseEnv({ KOLLEGA_DEMO: "0" })).toThrow(/SESSION_SECRET/);
    expect(parseEnv({ KOLLEGA_DEMO: "0", SESSION_SECRET: "x".repeat(32) }).KOLLEGA_DEMO).toBe(false);
  });

  it("names each bad variable", () => {
    try {
      parseEnv({ PORT: "hej", KOLLEGA_DEMO: "kanske", SESSION_SECRET: "kort" });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/KOLLEGA_DEMO/);
      expect(message).toMatch(/SESSION_SECRET: minst 32 tecken/);
    }
  });

  it("reads TRUST_PROXY as a number of proxies or their addresses, and refuses anything else", () => {
    expect(parseEnv({}).TRUST_PROXY).toBeUndefined();
    expect(parseEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: "loopback, 10.0.0.0/8,::1" }).TRUST_PROXY).toEqual(["loopback", "10.0.0.0/8", "::1"]);
    for (const bad of ["yes", "11", "10.0.0.0/33", "10.0.0.1/8/1", "example.org", "loopback,"]) {
      expect(() => parseEnv({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY: antalet proxyservrar/);
    }
  });
});

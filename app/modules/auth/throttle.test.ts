import { describe, expect, it } from "vitest";
import { THROTTLE_POLICY, isThrottled, windowStart } from "./throttle";

describe("sign-in throttling policy", () => {
  it("lets an account try until it reaches the failure limit", () => {
    expect(isThrottled({ accountFailures: THROTTLE_POLICY.maxAccountFailures - 1, ipFailures: 0 })).toBe(false);
    expect(isThrottled({ accountFailures: THROTTLE_POLICY.maxAccountFailures, ipFailures: 0 })).toBe(true);
  });

  it("throttles an IP that fails across many accounts", () => {
    expect(isThrottled({ accountFailures: 0, ipFailures: THROTTLE_POLICY.maxIpFailures })).toBe(true);
  });

  it("counts failures in a window reaching back the configured minutes", () => {
    const now = new Date("2026-11-25T10:00:00.000Z");
    expect(windowStart(now)).toBe("2026-11-25T09:45:00.000Z");
  });
});

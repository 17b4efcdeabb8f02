import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "~/modules/auth/guards.server";
import { contentSecurityPolicy, isCrossOriginWrite } from "./security";

const request = (method: string, headers: Record<string, string>) => ({ method, headers: { host: "kollega.example", ...headers } }) as any;

describe("cross-origin guard", () => {
  it("lets reads through whatever their origin", () => {
    expect(isCrossOriginWrite(request("GET", { origin: "https://evil.example" }))).toBe(false);
  });
  it("accepts same-origin writes and refuses others", () => {
    expect(isCrossOriginWrite(request("POST", { origin: "https://kollega.example" }))).toBe(false);
    expect(isCrossOriginWrite(request("POST", { origin: "https://evil.example" }))).toBe(true);
    expect(isCrossOriginWrite(request("POST", { origin: "https://kollega.example.evil.example" }))).toBe(true);
    expect(isCrossOriginWrite(request("POST", { origin: "null" }))).toBe(true);
    expect(isCrossOriginWrite(request("POST", { origin: "not a url" }))).toBe(true);
    expect(isCrossOriginWrite(request("DELETE", { "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossOriginWrite(request("POST", { "sec-fetch-site": "same-origin" }))).toBe(false);
  });
});

describe("content security policy", () => {
  it("allows scripts only from this site or with the nonce", () => {
    const csp = contentSecurityPolicy("abc");
    expect(csp).toContain("script-src 'self' 'nonce-abc'");
    expect(csp).toContain("frame-ancestors 'none'");
  });
});

describe("redirects after sign-in", () => {
  it("keep users on this site", () => {
    expect(safeRedirectPath("/admin/users?x=1")).toBe("/admin/users?x=1");
    for (const bad of ["//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)", null, undefined]) {
      expect(safeRedirectPath(bad)).toBe("/");
    }
  });
});

/**
 * HTTP-level protections applied to every response before Remix sees the request:
 * security headers with a per-request CSP nonce, and refusal of state-changing requests that come
 * from another origin (the second line of defence behind SameSite=Lax cookies).
 */
import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";

export function contentSecurityPolicy(nonce: string) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // Inline style attributes (chart colours, widths) are allowed; inline scripts are not.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The headers every response carries besides its Content-Security-Policy (and HSTS, when on). */
const COMMON_SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ["X-Content-Type-Options", "nosniff"],
  ["X-Frame-Options", "DENY"],
  ["Referrer-Policy", "same-origin"],
  ["Cross-Origin-Opener-Policy", "same-origin"],
  ["Cross-Origin-Resource-Policy", "same-origin"],
  ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"],
];
const HSTS = ["Strict-Transport-Security", "max-age=31536000; includeSubDomains"] as const;

function commonSecurityHeaders(hsts: boolean) {
  return hsts ? [...COMMON_SECURITY_HEADERS, HSTS] : COMMON_SECURITY_HEADERS;
}

/** Sets the security headers every page carries and returns the response's CSP nonce. */
export function setSecurityHeaders(res: ServerResponse, { hsts }: { hsts: boolean }): string {
  const nonce = randomBytes(16).toString("base64");
  res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
  for (const [name, value] of commonSecurityHeaders(hsts)) res.setHeader(name, value);
  return nonce;
}

/**
 * The policy of an answer that is data, never a page (the autosave's JSON): nothing in it may load,
 * run or be framed, so it needs no nonce.
 */
export const DATA_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * The security headers of a data answer, the same as a page's but with DATA_CONTENT_SECURITY_POLICY,
 * as the flat name/value list `res.writeHead` takes, built once per HSTS setting and written with
 * the answer's own headers in one call. On the autosave's path setting them one by one cost a
 * tenth of a save (docs/benchmarks.md).
 */
const DATA_SECURITY_HEADERS = [false, true].map((hsts) => [["Content-Security-Policy", DATA_CONTENT_SECURITY_POLICY] as const, ...commonSecurityHeaders(hsts)].flat());

export function dataSecurityHeaders(hsts: boolean): readonly string[] {
  return DATA_SECURITY_HEADERS[hsts ? 1 : 0]!;
}

export function securityHeaders({ hsts }: { hsts: boolean }) {
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = setSecurityHeaders(res, { hsts });
    next();
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A state-changing request is accepted only when the browser says it comes from this site:
 * Origin matches the Host, or (without Origin) Sec-Fetch-Site is not cross-site. Clients that
 * send neither header (curl, scripts) carry no browser cookies cross-site and are let through.
 */
export function isCrossOriginWrite(req: { method?: string | undefined; headers: IncomingHttpHeaders }): boolean {
  if (SAFE_METHODS.has(req.method ?? "GET")) return false;
  const origin = req.headers.origin;
  const host = req.headers["x-forwarded-host"] ?? req.headers.host;
  if (origin !== undefined) {
    if (origin === "null") return true;
    try {
      return new URL(origin).host !== host;
    } catch {
      return true;
    }
  }
  const site = req.headers["sec-fetch-site"];
  return site === "cross-site";
}

const CROSS_ORIGIN_REFUSAL =
  '<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Förfrågan nekad – Kollega</title></head>' +
  "<body><main><h1>Förfrågan nekad</h1><p>Förfrågan kom från en annan webbplats och har inte utförts. " +
  'Gå tillbaka till <a href="/">Kollega</a> och försök igen.</p>' +
  '<p lang="en">The request came from another site and was refused.</p></main></body></html>';

/** The 403 page for a refused cross-origin write (Express's or the bare response alike). */
export function sendCrossOriginRefusal(res: ServerResponse) {
  res.statusCode = 403;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(CROSS_ORIGIN_REFUSAL));
  res.end(CROSS_ORIGIN_REFUSAL);
}

export function refuseCrossOriginWrites() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!isCrossOriginWrite(req)) return next();
    sendCrossOriginRefusal(res);
  };
}

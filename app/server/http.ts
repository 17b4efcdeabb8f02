/**
 * The Express application around the Remix build: security headers, the cross-origin guard,
 * static assets and the Remix request handler; and in front of it (createHttpHandler) the JSON
 * autosave, answered on Node's request and response. Used by scripts/start.ts.
 */
import type { RequestListener } from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { SCORE_AUTOSAVE_ROUTE } from "~/modules/scoring/autosave-endpoint.server";
import { answerScoreAutosave, autosaveReviewIdOf, scoreAutosave } from "./autosave";
import { isCrossOriginWrite, refuseCrossOriginWrites, securityHeaders, sendCrossOriginRefusal, setSecurityHeaders } from "./security";

export interface HttpAppOptions {
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** Directory holding `build/` client assets and the static files. */
  publicDir?: string;
  mode?: string;
  hsts?: boolean;
  /** Express "trust proxy" (TRUST_PROXY): set behind a reverse proxy so req.ip is the client. */
  trustProxy?: boolean | number | string | string[];
}

export function createHttpApp({ build, publicDir = "public", mode = "production", hsts = false, trustProxy = false }: HttpAppOptions) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxy);
  app.use(securityHeaders({ hsts }));
  // The scoring page's autosave as JSON (decision 023), past the same cross-origin guard as every
  // form post; mounted before compression and the static files, which a ~150-byte JSON answer to
  // a POST never needs.
  app.post(SCORE_AUTOSAVE_ROUTE, refuseCrossOriginWrites(), scoreAutosave({ hsts }));
  app.use(compression());
  // Fingerprinted build assets never change: cache them for a year.
  app.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static(publicDir, { maxAge: "1h", index: false }));
  app.use(refuseCrossOriginWrites());
  app.all(
    "*",
    createRequestHandler({
      build,
      mode,
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? "unknown" }),
    }),
  );
  return app;
}

/**
 * What the HTTP server runs for each request: the scoring page's autosave straight to its handler,
 * past the cross-origin guard Express would have applied first (its answer carries the security
 * headers of data, app/server/autosave.ts, decision 027), everything else
 * to Express. Express's own work per request (its request and response objects, the query parser,
 * the router) cost about as much CPU as the whole save (docs/benchmarks.md, decision 023). Behind
 * a proxy (`trustProxy`) every request goes through Express, whose req.ip reads X-Forwarded-For.
 */
export function createHttpHandler(options: HttpAppOptions): RequestListener {
  const app = createHttpApp(options);
  if (options.trustProxy) return app;
  const hsts = options.hsts ?? false;
  return (req, res) => {
    const reviewId = autosaveReviewIdOf(req.method, req.url);
    if (reviewId === null) return app(req, res);
    if (isCrossOriginWrite(req)) {
      setSecurityHeaders(res, { hsts });
      return sendCrossOriginRefusal(res);
    }
    // Its answer carries the same security headers, with the policy of data (security.ts).
    void answerScoreAutosave(req, res, { reviewId, ip: req.socket.remoteAddress ?? "unknown", hsts });
  };
}

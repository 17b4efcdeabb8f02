/**
 * The HTTP side of the JSON autosave endpoint (decision 023): reads the urlencoded body (at most
 * 64 KB: one criterion's fields with a 4000-character rationale fit many times over) and writes
 * the answer of handleScoreAutosave as JSON.
 *
 * app/server/http.ts answers it on Node's own request and response, before Express (decision 025:
 * Express's per-request work cost as much as the save), after the same security headers
 * and cross-origin guard every request gets. Behind a reverse proxy (`trust proxy`) it is an
 * Express route instead, so the client address comes from Express's reading of X-Forwarded-For.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Request, Response } from "express";
import { handleScoreAutosave } from "~/modules/scoring/autosave-endpoint.server";
import { scoreAutosavePath } from "~/modules/scoring/score-fields";
import { getDb } from "~/utils/db.server";
import { dataSecurityHeaders } from "./security";

const BODY_LIMIT = 64 * 1024;

/** The answer with every header in one writeHead: the security headers of data (security.ts) and its own. */
function sendJson(res: ServerResponse, status: number, body: unknown, hsts: boolean) {
  const text = JSON.stringify(body);
  res.writeHead(status, [
    ...dataSecurityHeaders(hsts),
    "Content-Type",
    "application/json; charset=utf-8",
    "Cache-Control",
    "no-store",
    "Content-Length",
    String(Buffer.byteLength(text)),
  ]);
  res.end(text);
}

/** Past this the connection is cut instead of reading on to answer 413. */
const DRAIN_LIMIT = 1024 * 1024;

/** The body as text, or null when it is larger than BODY_LIMIT (read to its end, so the 413 arrives). */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > DRAIN_LIMIT) req.destroy();
      else if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > BODY_LIMIT ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("close", () => resolve(null));
    req.on("error", reject);
  });
}

/** The media type of a Content-Type header, without parameters, in lower case. */
function mediaType(header: string | undefined) {
  return (header ?? "").split(";", 1)[0]!.trim().toLowerCase();
}

/**
 * Answers one autosave; `reviewId` is the address's segment, unparsed; `ip` goes to the audit
 * entry; `hsts` as for every response (app/server/http.ts).
 */
export async function answerScoreAutosave(req: IncomingMessage, res: ServerResponse, { reviewId, ip, hsts }: { reviewId: string; ip: string; hsts: boolean }) {
  try {
    if (mediaType(req.headers["content-type"]) !== "application/x-www-form-urlencoded") {
      return sendJson(res, 415, { intent: "save", ok: false, message: "form.invalidValue" }, hsts);
    }
    const body = await readBody(req);
    if (body === null) return sendJson(res, 413, { intent: "save", ok: false, message: "form.invalidValue" }, hsts);
    const answer = await handleScoreAutosave(getDb(), { reviewId, cookieHeader: req.headers.cookie, form: new URLSearchParams(body), ip });
    sendJson(res, answer.status, answer.body, hsts);
  } catch (error) {
    console.error(error);
    if (!res.headersSent) sendJson(res, 500, { intent: "save", ok: false, message: "error.unexpected" }, hsts);
  }
}

/** The same as an Express route (behind a proxy); its answer's headers replace the page headers Express set. */
export function scoreAutosave({ hsts }: { hsts: boolean }) {
  return (req: Request, res: Response) => answerScoreAutosave(req, res, { reviewId: String(req.params.reviewId), ip: req.ip ?? "unknown", hsts });
}

/** The endpoint's address (scoreAutosavePath, the one definition) as a pattern with the id's segment as group 1. */
const AUTOSAVE_PATH = new RegExp(
  `^${scoreAutosavePath("\0")
    .split("\0")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))
    .join("([^/]+)")}/?$`,
  "i",
);

/**
 * The :reviewId segment when the request is for the endpoint (Express's matching: any case, an
 * optional trailing slash, the query ignored, the segment decoded), else null.
 */
export function autosaveReviewIdOf(method: string | undefined, url: string | undefined): string | null {
  if (method !== "POST" || !url) return null;
  const path = url.split("?", 1)[0]!;
  const match = AUTOSAVE_PATH.exec(path);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return match[1]!;
  }
}

/**
 * Express's side of the JSON autosave endpoint (decision 023): reads the urlencoded body (at most
 * 64 KB: one criterion's fields with a 4000-character rationale fit many times over) and writes
 * the answer of handleScoreAutosave as JSON. Mounted in app/server/http.ts after the security
 * headers and the cross-origin guard, before Remix.
 */
import type { Request, Response } from "express";
import { handleScoreAutosave } from "~/modules/scoring/autosave-endpoint.server";
import { getDb } from "~/utils/db.server";

const BODY_LIMIT = 64 * 1024;

function sendJson(res: Response, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.status(status);
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Content-Length", Buffer.byteLength(text));
  res.end(text);
}

/** Past this the connection is cut instead of reading on to answer 413. */
const DRAIN_LIMIT = 1024 * 1024;

/** The body as text, or null when it is larger than BODY_LIMIT (read to its end, so the 413 arrives). */
function readBody(req: Request): Promise<string | null> {
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

export function scoreAutosave() {
  return async (req: Request, res: Response) => {
    try {
      if (!req.is("application/x-www-form-urlencoded")) return sendJson(res, 415, { intent: "save", ok: false, message: "form.invalidValue" });
      const body = await readBody(req);
      if (body === null) return sendJson(res, 413, { intent: "save", ok: false, message: "form.invalidValue" });
      const answer = await handleScoreAutosave(getDb(), {
        reviewId: String(req.params.reviewId),
        cookieHeader: req.headers.cookie,
        form: new URLSearchParams(body),
        ip: req.ip ?? "unknown",
      });
      sendJson(res, answer.status, answer.body);
    } catch (error) {
      console.error(error);
      if (!res.headersSent) sendJson(res, 500, { intent: "save", ok: false, message: "error.unexpected" });
    }
  };
}

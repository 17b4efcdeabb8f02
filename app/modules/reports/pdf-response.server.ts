/**
 * The HTTP answers of the PDF routes: the file with its headers, 304 for a known ETag, 4xx in
 * words. (`X-Content-Type-Options: nosniff` comes with every answer from app/server.)
 */
import type { Translate } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { etagMatches, pdfEtag } from "./pdf-request";

/**
 * The PDF inline (browsers show it; "save" keeps the file name). `private`: what a report shows
 * depends on who asks, so no shared cache may keep it; `no-cache`: the browser asks again each time
 * (the guard runs), and an unchanged file costs only a 304 through the ETag.
 */
export function pdfResponse(request: Request, bytes: Uint8Array, { fileName, contentHash }: { fileName: string; contentHash: string }): Response {
  const etag = pdfEtag(contentHash, bytes);
  const headers = {
    "Cache-Control": "private, no-cache",
    ETag: etag,
  };
  if (etagMatches(request.headers.get("If-None-Match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      ...headers,
      "Content-Type": "application/pdf",
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": `inline; filename="${fileName}"`,
    },
  });
}

/** A 4xx with a message in the reader's language, as plain text (the answer of a file address). */
export function pdfError(status: 400 | 404, t: Translate, messageKey: MessageKey): Response {
  return new Response(`${t(messageKey)}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
  });
}

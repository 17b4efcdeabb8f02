/**
 * renderNationalPdf: the national report as PDF bytes from an already computed aggregation — no
 * database, no request. The same round, filter, data and language always give the same bytes
 * (decision 010): the document's date is the data's (the latest publication in the round).
 */
import { renderToBuffer } from "@react-pdf/renderer";
import { translator } from "~/i18n/i18n";
import { NationalPdfDocument } from "./national-pdf";
import { nationalPdfData, type NationalPdfInput } from "./national-pdf-data";
import { registeredPdfRenderer } from "./pdf-renderer-registry";

export type { NationalPdfInput } from "./national-pdf-data";

export async function renderNationalPdf(input: NationalPdfInput): Promise<Buffer> {
  const t = translator(input.locale);
  return renderToBuffer(<NationalPdfDocument data={nationalPdfData(input, t)} t={t} />);
}

/**
 * What the route calls: in the server's PDF worker when one is registered (decision 026; at national
 * scale the document takes seconds and would hold up every other request), else on this thread.
 */
export async function drawNationalPdf(input: NationalPdfInput): Promise<Buffer> {
  const renderer = registeredPdfRenderer();
  return renderer ? renderer.renderNational(input) : renderNationalPdf(input);
}

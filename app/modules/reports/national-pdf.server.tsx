/**
 * renderNationalPdf: the national report as PDF bytes from an already computed aggregation — no
 * database, no request. The same round, filter, data and language always give the same bytes
 * (decision 010): the document's date is the data's (the latest publication in the round).
 */
import { renderToBuffer } from "@react-pdf/renderer";
import { translator } from "~/i18n/i18n";
import { NationalPdfDocument } from "./national-pdf";
import { nationalPdfData, type NationalPdfInput } from "./national-pdf-data";

export type { NationalPdfInput } from "./national-pdf-data";

export async function renderNationalPdf(input: NationalPdfInput): Promise<Buffer> {
  const t = translator(input.locale);
  return renderToBuffer(<NationalPdfDocument data={nationalPdfData(input, t)} t={t} />);
}

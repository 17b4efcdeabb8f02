/**
 * Where PDFs are drawn (decision 026). The server registers its PDF worker thread
 * (app/server/pdf-renderer.ts); without one (tests that call loaders in-process, scripts) the
 * documents are drawn on the calling thread. On globalThis, like the database handle: the reports
 * modules exist twice in the server process (in the Remix build and in the server's own module
 * graph), and both must find the same worker and the same code identity.
 */
import type { NationalPdfInput } from "./national-pdf-data";
import type { ReviewPdfData } from "./review-pdf-data";

export interface PdfRenderer {
  /** A review report from data prepared by reviewPdfData. */
  renderReview(data: ReviewPdfData): Promise<Buffer>;
  /** A national report (renderNationalPdf's input). */
  renderNational(input: NationalPdfInput): Promise<Buffer>;
  /** What draws: sha256 of the server build and the renderer's version (part of every stored render's key). */
  codeIdentity: string;
}

const registry = globalThis as unknown as { __kollegaPdfRenderer?: PdfRenderer };

/** Registers (or with null removes) the renderer every later PDF goes to. */
export function registerPdfRenderer(renderer: PdfRenderer | null) {
  registry.__kollegaPdfRenderer = renderer ?? undefined;
}

export function registeredPdfRenderer(): PdfRenderer | undefined {
  return registry.__kollegaPdfRenderer;
}

/**
 * The review report PDF through its stored render (decision 024). Rendering a 12-page report costs
 * about a second of CPU (docs/benchmarks.md) while its input hardly ever changes: the snapshot is
 * frozen at publication, only the unit's answers move. So the bytes are kept per review, language
 * and audience beside the key of what they were drawn from, and a request whose key matches gets
 * them back without a render.
 *
 * The key covers everything the bytes depend on:
 * - the printed data, exactly as the document receives it (`reviewPdfData`: snapshot, hash and
 *   whether it is intact, the manual's texts, the answers, language and audience), and
 * - the code that draws it: the bytes of the server module this runs in (the whole server build in
 *   production, so any deployed change of layout or wording renders again) and the version of
 *   @react-pdf/renderer (a dependency, outside the build).
 * The caller has already run the review's guard; the audience in the key and the row keeps the
 * team's version (internal strengths) apart from everyone else's.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { AppDatabase } from "#db/connection";
import { translator } from "~/i18n/i18n";
import { reviewPdfData, type ReviewPdfInput } from "./review-pdf-data";
import { renderReviewPdfData } from "./review-pdf.server";

let codeIdentityMemo: string | undefined;

/** sha256 of this module's file (in production the server build) and the renderer's version; once per process. */
function codeIdentity(): string {
  if (codeIdentityMemo === undefined) {
    const rendererVersion = (createRequire(import.meta.url)("@react-pdf/renderer/package.json") as { version: string }).version;
    codeIdentityMemo = createHash("sha256").update(readFileSync(fileURLToPath(import.meta.url))).update(`\0@react-pdf/renderer@${rendererVersion}`).digest("hex");
  }
  return codeIdentityMemo;
}

/** The render key of a document's data: what a stored render must have been drawn from to be reused. */
export function renderKeyOf(data: unknown): string {
  return createHash("sha256").update(codeIdentity()).update("\0").update(JSON.stringify(data)).digest("hex");
}

/** The PDF bytes for a review whose report the caller may read: the stored render when its key matches, else a new one (stored). */
export async function reviewPdfBytes(db: AppDatabase, reviewId: number, input: ReviewPdfInput): Promise<Uint8Array> {
  const t = translator(input.locale);
  const data = reviewPdfData(input, t);
  const renderKey = renderKeyOf(data);
  const stored = await db
    .selectFrom("review_pdf_renders")
    .select("pdf")
    .where("review_id", "=", reviewId)
    .where("locale", "=", input.locale)
    .where("audience", "=", input.audience)
    .where("render_key", "=", renderKey)
    .executeTakeFirst();
  if (stored) return stored.pdf;

  const pdf = await renderReviewPdfData(data, t);
  // Two readers missing at once both render and both write the same bytes: the last write wins, harmlessly.
  await db
    .insertInto("review_pdf_renders")
    .values({ review_id: reviewId, locale: input.locale, audience: input.audience, render_key: renderKey, pdf, rendered_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(["review_id", "locale", "audience"]).doUpdateSet((eb) => ({ render_key: eb.ref("excluded.render_key"), pdf: eb.ref("excluded.pdf"), rendered_at: eb.ref("excluded.rendered_at") })))
    .execute();
  return pdf;
}

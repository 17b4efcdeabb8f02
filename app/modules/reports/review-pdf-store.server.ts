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
 *
 * Renders happen off the request path where the server allows it (decision 026): with a renderer
 * registered (the server's PDF worker thread, app/server/pdf-renderer.ts) the drawing runs there,
 * and `scheduleReviewPdfRenders` draws all four versions (sv/en × team/reader) in the background
 * after a publication or a change of the unit's answers, so readers find them stored.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { AppDatabase } from "#db/connection";
import type { Locale } from "#db/schema";
import { translator, type Translate } from "~/i18n/i18n";
import { registeredPdfRenderer } from "./pdf-renderer-registry";
import { loadReport, reviewPdfInputOf, type LoadedReport } from "./report.server";
import { reviewPdfData, type ReviewPdfData, type ReviewPdfInput } from "./review-pdf-data";
import { renderReviewPdfData } from "./review-pdf.server";

/** In the server's PDF worker when one is registered, else on this thread. */
function draw(data: ReviewPdfData, t: Translate): Promise<Buffer> {
  const renderer = registeredPdfRenderer();
  return renderer ? renderer.renderReview(data) : renderReviewPdfData(data, t);
}

let codeIdentityMemo: string | undefined;

/**
 * What draws: the registered renderer's identity (the server's worker: its server build), else
 * sha256 of this module's file (in a build, the build) and the renderer's version; once per process.
 * Every copy of this module in a process (the Remix build's and the server's own) reads the same
 * registered identity, so they agree on every key.
 */
function codeIdentity(): string {
  const renderer = registeredPdfRenderer();
  if (renderer) return renderer.codeIdentity;
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

  const pdf = await draw(data, t);
  // Two readers missing at once both render and both write the same bytes: the last write wins, harmlessly.
  await db
    .insertInto("review_pdf_renders")
    .values({ review_id: reviewId, locale: input.locale, audience: input.audience, render_key: renderKey, pdf, rendered_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(["review_id", "locale", "audience"]).doUpdateSet((eb) => ({ render_key: eb.ref("excluded.render_key"), pdf: eb.ref("excluded.pdf"), rendered_at: eb.ref("excluded.rendered_at") })))
    .execute();
  return pdf;
}

const LOCALES: readonly Locale[] = ["sv", "en"];
const AUDIENCES: readonly ReviewPdfInput["audience"][] = ["team", "reader"];
/** Changes within this time (a unit answering one recommendation after another) render once. */
const SCHEDULE_DELAY_MS = 2000;
const scheduled = new Map<number, ReturnType<typeof setTimeout>>();

/**
 * After a publication or a change of the unit's answers: draws every version of the review's PDF
 * that is not stored with its current key, in the background, one after another. Only with a
 * renderer registered (the server); elsewhere renders stay on first request. Never throws: a failed
 * background render is logged and the next request renders as before.
 */
export function scheduleReviewPdfRenders(db: AppDatabase, reviewId: number, { delayMs = SCHEDULE_DELAY_MS }: { delayMs?: number } = {}) {
  if (!registeredPdfRenderer()) return;
  clearTimeout(scheduled.get(reviewId));
  const timer = setTimeout(() => {
    scheduled.delete(reviewId);
    void renderAllVersions(db, reviewId).catch((error) => console.error(`Background PDF render of review ${reviewId} failed:`, error));
  }, delayMs);
  timer.unref();
  scheduled.set(reviewId, timer);
}

/** Every language and audience of the review's PDF stored with its current key (renders what is missing). */
export async function renderAllVersions(db: AppDatabase, reviewId: number): Promise<void> {
  const report = await loadReport(db, reviewId);
  if (!report) return;
  for (const locale of LOCALES) {
    for (const audience of AUDIENCES) await reviewPdfBytes(db, reviewId, reviewPdfInputOf(report, locale, audience));
  }
}

/**
 * After the server starts: the stored versions whose key is no longer current (a deploy changed
 * the drawing code, so every key) are drawn again in the background, one after another — only
 * those someone had already asked for, so the work is bounded by what readers use. Answers how
 * many were drawn.
 */
export async function renewStoredReviewPdfs(db: AppDatabase): Promise<number> {
  const rows = await db.selectFrom("review_pdf_renders").select(["review_id", "locale", "audience", "render_key"]).orderBy("review_id").execute();
  let renewed = 0;
  let report: LoadedReport | null = null;
  let reportOf: number | null = null;
  for (const row of rows) {
    if (reportOf !== row.review_id) {
      report = await loadReport(db, row.review_id);
      reportOf = row.review_id;
    }
    if (!report) continue;
    const input = reviewPdfInputOf(report, row.locale, row.audience);
    if (renderKeyOf(reviewPdfData(input, translator(row.locale))) === row.render_key) continue;
    await reviewPdfBytes(db, row.review_id, input);
    renewed++;
  }
  return renewed;
}

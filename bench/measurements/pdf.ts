/**
 * Measurement 4: PDF rendering through the app's own code — what the two PDF routes call after
 * their guard — for the largest round: the review report of one of its published reviews with the
 * review's lead as the reader (the team's version, the longest), and the round's national report.
 * Each beside the floor of the renderer: `@react-pdf/renderer` rendering a one-page document, so
 * the ratio says how much of the time is the report and how much is react-pdf itself.
 *
 * Timed: the route's work without the HTTP layer — for the review PDF `loadReport` and
 * `reviewPdfBytes` (routes/reviews.$reviewId.report[.]pdf.tsx) twice: as a request is served
 * (its stored render, decision 024) and as the server draws it where no stored render matches —
 * in its PDF worker thread on the server build (decision 026), after a publication or an answer
 * (the stored render removed: a new render, stored); for the national PDF
 * `resolveNational`, the JSON export's hash, `nationalDocumentDate` and `renderNationalPdf`
 * (routes/national.report[.]pdf.tsx). The note gives loadReport's share, pages and sizes.
 */
import { Document, Page, renderToBuffer, Text } from "@react-pdf/renderer";
import { createElement } from "react";
import { openDatabase, type AppDatabase } from "#db/connection";
import { snapshotHash } from "~/modules/feedback/snapshot";
import { resolveNational } from "~/modules/national/national-data.server";
import { nationalJson } from "~/modules/national/national-export";
import { renderNationalPdf } from "~/modules/reports/national-pdf.server";
import { nationalDocumentDate } from "~/modules/reports/national-report.server";
import { loadReport, reviewPdfInputOf } from "~/modules/reports/report.server";
import { renderReviewPdf, type ReviewPdfInput } from "~/modules/reports/review-pdf.server";
import { registerPdfRenderer } from "~/modules/reports/pdf-renderer-registry";
import { reviewPdfBytes } from "~/modules/reports/review-pdf-store.server";
import { startPdfRenderer } from "~/server/pdf-renderer";
import type { Figure } from "../lib/figures";
import { median, percentile, timeAlternately } from "../lib/stats";
import type { Targets } from "../lib/targets";

/** The floor: react-pdf laying out and writing one A4 page with one line of text (Helvetica). */
export function renderFloorPdf(): Promise<Buffer> {
  return renderToBuffer(
    createElement(
      Document,
      { title: "Kollega", creationDate: new Date(0), modificationDate: new Date(0) },
      createElement(Page, { size: "A4", style: { padding: 40, fontSize: 10 } }, createElement(Text, null, "Kollega")),
    ),
  );
}

/** Pages of a PDF written by pdfkit (react-pdf's writer): its page objects, `/Type /Page`. */
export function pdfPageCount(bytes: Uint8Array): number {
  return Buffer.from(bytes).toString("latin1").match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
}

/** The review PDF as its route makes it for `viewerLocale`, audience the team (the lead). */
export async function reviewPdfForLead(db: AppDatabase, reviewId: number, locale: ReviewPdfInput["locale"]) {
  const report = await loadReport(db, reviewId);
  if (!report) throw new Error(`review ${reviewId} has no stored snapshot`);
  return renderReviewPdf(reviewPdfInputOf(report, locale, "team"));
}

/** The review PDF as its route serves it to the lead: through the stored render (decision 024). */
export async function servedReviewPdfForLead(db: AppDatabase, reviewId: number, locale: ReviewPdfInput["locale"]) {
  const report = await loadReport(db, reviewId);
  if (!report) throw new Error(`review ${reviewId} has no stored snapshot`);
  return reviewPdfBytes(db, reviewId, reviewPdfInputOf(report, locale, "team"));
}

export async function nationalPdfOf(db: AppDatabase, roundId: number, locale: ReviewPdfInput["locale"]) {
  const result = await resolveNational(db, new URLSearchParams({ round: String(roundId) }));
  if (result.kind !== "ok") throw new Error(`/national for round ${roundId} answered ${result.kind}`);
  const { round, aggregation } = result;
  const contentHash = snapshotHash(nationalJson(round, aggregation));
  return renderNationalPdf({ round, aggregation, locale, documentDate: await nationalDocumentDate(db, round.id), contentHash });
}

export async function measurePdf({ databasePath, targets, runs = 30 }: { databasePath: string; targets: Targets; runs?: number }): Promise<Figure[]> {
  const { db, sqlite } = openDatabase(databasePath);
  try {
    const round = targets.largestRound;
    // The published review of the round with the most recommendations (the longest report), and its lead.
    const review = await db
      .selectFrom("reviews")
      .innerJoin("review_team_members as m", (join) => join.onRef("m.review_id", "=", "reviews.id").on("m.is_lead", "=", 1))
      .innerJoin("users", "users.id", "m.user_id")
      .leftJoin("recommendations as rec", "rec.review_id", "reviews.id")
      .select((eb) => ["reviews.id as reviewId", "users.locale as locale", eb.fn.count<number>("rec.id").as("recommendations")])
      .where("reviews.round_id", "=", round.id)
      .where("reviews.stage", "=", "published")
      .groupBy(["reviews.id", "users.locale"])
      .orderBy("recommendations", "desc")
      .orderBy("reviews.id")
      .executeTakeFirstOrThrow();
    const locale = review.locale;

    // The review PDF twice before timing, byte-stable (decision 010): the same bytes, or the timing means nothing.
    const reviewBytes = await reviewPdfForLead(db, review.reviewId, locale);
    if (!reviewBytes.equals(await reviewPdfForLead(db, review.reviewId, locale))) throw new Error("the review PDF is not byte-stable");
    const floorBytes = await renderFloorPdf();
    const reviewRuns = Math.min(runs, 10);
    // The first request: no stored render for this review, language and audience.
    const forgetRender = () => db.deleteFrom("review_pdf_renders").where("review_id", "=", review.reviewId).execute();
    const firstRequest = async () => {
      await forgetRender();
      return servedReviewPdfForLead(db, review.reviewId, locale);
    };
    if (!reviewBytes.equals(Buffer.from(await firstRequest()))) throw new Error("the stored render differs from the render");
    // As the server draws it: in its PDF worker thread on the server build (decision 026).
    const renderer = startPdfRenderer();
    registerPdfRenderer(renderer);
    let firstTimes: Awaited<ReturnType<typeof timeAlternately>>;
    try {
      if (!reviewBytes.equals(Buffer.from(await firstRequest()))) throw new Error("the PDF worker's render differs from the render on this thread");
      firstTimes = await timeAlternately([firstRequest, renderFloorPdf], { runs: reviewRuns, warmup: 2 });
    } finally {
      registerPdfRenderer(null);
      await renderer.close();
    }
    // Every later request: the stored render.
    await servedReviewPdfForLead(db, review.reviewId, locale);
    if (!reviewBytes.equals(Buffer.from(await servedReviewPdfForLead(db, review.reviewId, locale)))) throw new Error("the served PDF differs from the render");
    const servedTimes = await timeAlternately([() => servedReviewPdfForLead(db, review.reviewId, locale), renderFloorPdf], { runs, warmup: 3 });
    await forgetRender();
    // The national PDF of the largest round takes about 40 s (75 pages, 310 units; decision 022):
    // one timed run, whose bytes are the ones reported.
    let nationalBytes: Buffer = Buffer.alloc(0);
    const nationalRuns = 1;
    const nationalTimes = await timeAlternately(
      [
        async () => {
          nationalBytes = await nationalPdfOf(db, round.id, locale);
        },
        renderFloorPdf,
      ],
      { runs: nationalRuns, warmup: 0 },
    );
    const reviewPages = pdfPageCount(reviewBytes);
    const nationalPages = pdfPageCount(nationalBytes);
    if (pdfPageCount(floorBytes) !== 1 || reviewPages < 2 || nationalPages < 2) throw new Error(`unexpected page counts: review ${reviewPages}, national ${nationalPages}, floor ${pdfPageCount(floorBytes)}`);
    // The load alone, to tell the database's share from the renderer's.
    const reportLoad: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      await loadReport(db, review.reviewId);
      reportLoad.push(performance.now() - started);
    }

    const kb = (bytes: Uint8Array) => `${(bytes.byteLength / 1024).toFixed(0)} KB`;
    const cpu = (samples: [number[], number[]]) => `CPU ${median(samples[0]).toFixed(0)} ms vs ${median(samples[1]).toFixed(1)} ms for the floor`;
    const section = "4. PDF rendering";
    const servedMedian = median(servedTimes.wall[0]);
    const firstMedian = median(firstTimes.wall[0]);
    return [
      {
        section,
        label: `Review report PDF, the lead's (team) version, ${locale} (review ${review.reviewId}, ${review.recommendations} recommendations), as the route serves it: loadReport + reviewPdfBytes with its stored render (drawn after publication, decision 026)`,
        value: servedMedian,
        unit: "ms",
        baseline: { value: median(servedTimes.wall[1]), label: `react-pdf rendering a one-page document (${kb(floorBytes)})` },
        target: { text: "< 500 ms", met: servedMedian < 500 },
        note: `${reviewPages} pages, ${kb(reviewBytes)}, the same bytes as a fresh render; median of ${runs}, p95 ${percentile(servedTimes.wall[0], 95).toFixed(1)} ms; loadReport alone ${median(reportLoad).toFixed(1)} ms; ${cpu(servedTimes.cpu)}`,
      },
      {
        section,
        label: "Drawing the same PDF where no stored render matches, in the server's PDF worker: loadReport + reviewPdfBytes through the worker (decision 026; the server does it after a publication or an answer, before a reader asks)",
        value: firstMedian,
        unit: "ms",
        baseline: { value: median(firstTimes.wall[1]), label: "react-pdf rendering a one-page document" },
        note: `median of ${reviewRuns}, p95 ${percentile(firstTimes.wall[0], 95).toFixed(0)} ms; off the request path, except for a request that comes before the background render (it waits this long); ${cpu(firstTimes.cpu)} (the process's, worker included)`,
      },
      {
        section,
        label: `National report PDF of ${round.name} (${round.publishedReviews} units): resolveNational + hash + renderNationalPdf, as the route (which draws it in the server's PDF worker, decision 026)`,
        value: median(nationalTimes.wall[0]),
        unit: "ms",
        baseline: { value: median(nationalTimes.wall[1]), label: "react-pdf rendering a one-page document" },
        note: `${nationalPages} pages, ${kb(nationalBytes)}; one run; ${cpu(nationalTimes.cpu)}`,
      },
    ];
  } finally {
    sqlite.close();
  }
}

/**
 * /reviews/:reviewId/report.pdf against real SQLite: the same readers as the HTML report, the same
 * contents (internal strengths only for the team, nothing of reviewers' own scores or the factual
 * check), both languages, the document's metadata, the HTTP headers, byte stability (twice in
 * this process and once in another) and the snapshot hash in every footer. PDFs are read with
 * pdftotext and pdfinfo (poppler-utils).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { getStoredSnapshot, publishReview } from "~/modules/feedback/publish.server";
import { createRecommendation } from "~/modules/feedback/feedback-repository.server";
import { saveAnswer } from "~/modules/feedback/follow-up.server";
import { loadReport } from "~/modules/reports/report.server";
import { renderReviewPdf } from "~/modules/reports/review-pdf.server";
import { reviewPdfData } from "~/modules/reports/review-pdf-data";
import { registerPdfRenderer } from "~/modules/reports/pdf-renderer-registry";
import { renewStoredReviewPdfs, scheduleReviewPdfRenders } from "~/modules/reports/review-pdf-store.server";
import { translator } from "~/i18n/i18n";
import { startPdfRenderer } from "~/server/pdf-renderer";
import { action as followUpAction } from "~/routes/reviews.$reviewId.follow-up";
import { loader as pdfLoader } from "~/routes/reviews.$reviewId.report[.]pdf";
import { loader as reportLoader } from "~/routes/reviews.$reviewId.report";
import { getDb } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { idOfUser, reviewVersionOf } from "../factories";
import { INTERNAL_SECRET, REVIEWER_SECRET, feedbackFixture, leadAudit, publishedFixture, setStage } from "../feedback-fixtures";
import { pdfBytesOf, pdfCatalog, pdfInfo, pdfToText, renderInChildProcess } from "../pdf";
import { DEMO, callAction, callLoader } from "../route";

const PDF_TIMEOUT = 180_000;

beforeEach(() => {
  useFreshDatabase();
});

const ROLES = {
  unitContact: DEMO.unitContact,
  lead: DEMO.reviewer,
  teamMember: DEMO.reviewerSkane,
  coordinator: DEMO.coordinator,
  advisor: DEMO.advisor,
  otherUnitContact: DEMO.unitContactStockholm,
  otherReviewer: DEMO.reviewerNorrbotten,
  editor: DEMO.editor,
  admin: DEMO.admin,
} as const;

function pdfOf(reviewId: number, as: string | undefined, query = "", headers: Record<string, string> = {}) {
  return callLoader(pdfLoader, { path: `/reviews/${reviewId}/report.pdf${query}`, params: { reviewId: String(reviewId) }, as, headers });
}

describe("review report PDF", () => {
  it(
    "answers every role exactly as the HTML report does, before and after publication",
    async () => {
      const fixture = await feedbackFixture();
      const params = { reviewId: String(fixture.reviewId) };
      const statuses = async () => {
        const got: Record<string, [number, number]> = {};
        for (const [who, email] of Object.entries(ROLES)) {
          const html = await callLoader(reportLoader, { path: `/reviews/${fixture.reviewId}/report`, params, as: email });
          const pdf = await pdfOf(fixture.reviewId, email);
          got[who] = [html.status, pdf.status];
        }
        return got;
      };
      // Not yet published: no report, in either form, for anyone.
      expect(Object.values(await statuses())).toEqual(Object.values(ROLES).map(() => [404, 404]));
      const anonymous = await pdfOf(fixture.reviewId, undefined);
      expect(anonymous.status).toBe(302);
      expect(anonymous.location).toBe(`/login?redirectTo=${encodeURIComponent(`/reviews/${fixture.reviewId}/report.pdf`)}`);

      const published = await publishedFixture({ unitCode: "03" });
      const after: Record<string, [number, number]> = {};
      for (const [who, email] of Object.entries(ROLES)) {
        const html = await callLoader(reportLoader, { path: `/reviews/${published.reviewId}/report`, params: { reviewId: String(published.reviewId) }, as: email });
        const pdf = await pdfOf(published.reviewId, email);
        after[who] = [html.status, pdf.status];
        if (pdf.status === 200) expect(pdf.headers.get("Content-Type"), who).toBe("application/pdf");
      }
      expect(after).toEqual({
        unitContact: [200, 200],
        lead: [200, 200],
        teamMember: [200, 200],
        coordinator: [200, 200],
        advisor: [200, 200],
        otherUnitContact: [404, 404],
        otherReviewer: [404, 404],
        editor: [404, 404],
        admin: [404, 404],
      });
      // A review id that does not exist, or is not a number.
      expect((await pdfOf(999_999, DEMO.coordinator)).status).toBe(404);
      expect((await callLoader(pdfLoader, { path: "/reviews/abc/report.pdf", params: { reviewId: "abc" }, as: DEMO.coordinator })).status).toBe(404);
    },
    PDF_TIMEOUT,
  );

  it(
    "prints the unit, every criterion key and every recommendation; internal strengths only for the team, nothing of blind scores or the factual check",
    async () => {
      const fixture = await publishedFixture();
      const stored = (await getStoredSnapshot(getDb(), fixture.reviewId))!;
      const unitText = pdfToText(await pdfBytesOf(await pdfOf(fixture.reviewId, DEMO.unitContact)));
      expect(unitText).toContain("Region Uppsala");
      expect(unitText).toContain("Granskningsrapport");
      expect(unitText).toContain("Bedömning per kriterium");
      for (const criterion of stored.snapshot.criteria) {
        expect(unitText, criterion.key).toContain(criterion.key);
        expect(unitText, criterion.key).toContain(`Konsensusmotivering ${criterion.key}`);
      }
      for (const recommendation of stored.snapshot.recommendations) expect(unitText).toContain(recommendation.text);
      expect(unitText).toContain("Tydlig ledning.");
      expect(unitText).not.toContain(INTERNAL_SECRET);
      expect(unitText).not.toContain("(intern)");
      expect(unitText).not.toContain(REVIEWER_SECRET);
      // The factual check's comments are in the snapshot but not in the report (HTML or PDF).
      expect(unitText).not.toContain("Forumet inrättades 2024");

      for (const email of [DEMO.coordinator, DEMO.advisor]) {
        expect(pdfToText(await pdfBytesOf(await pdfOf(fixture.reviewId, email))), email).not.toContain(INTERNAL_SECRET);
      }
      const teamText = pdfToText(await pdfBytesOf(await pdfOf(fixture.reviewId, DEMO.reviewerSkane)));
      expect(teamText).toContain(`${INTERNAL_SECRET} (intern)`);
      expect(teamText).toContain("Teamets version");
      expect(teamText).not.toContain(REVIEWER_SECRET);
    },
    PDF_TIMEOUT,
  );

  it(
    "speaks English when asked (or when the reader chose English), with document metadata and the catalog's language",
    async () => {
      const fixture = await publishedFixture();
      const stored = (await getStoredSnapshot(getDb(), fixture.reviewId))!;
      const sv = await pdfBytesOf(await pdfOf(fixture.reviewId, DEMO.coordinator, "?lang=sv"));
      const en = await pdfBytesOf(await pdfOf(fixture.reviewId, DEMO.coordinator, "?lang=en"));
      const enText = pdfToText(en);
      for (const heading of ["Review report", "Summary", "Profile per dimension", "Assessment per criterion", "Strengths", "Recommendations", "Method", "High priority"]) {
        expect(enText, heading).toContain(heading);
      }
      expect(enText).not.toContain("Bedömning per kriterium");
      expect(enText).toMatch(/Page 1 of \d+/);

      const svInfo = pdfInfo(sv);
      expect(svInfo.Title).toBe(`Granskningsrapport – Region Uppsala – ${stored.snapshot.round.name}`);
      expect(svInfo.Author).toBe("Kollega");
      expect(svInfo.Creator).toBe("Kollega");
      expect(svInfo["Page size"]).toMatch(/^595\.28 x 841\.89 pts \(A4\)/);
      expect(new Date(svInfo.CreationDate!).toISOString()).toBe(new Date(stored.snapshot.publishedAt.replace(/\.\d{3}Z$/, "Z")).toISOString());
      expect(pdfInfo(en).Title).toBe(`Review report – Uppsala Region – ${stored.snapshot.round.name}`);
      expect(pdfCatalog(sv)).toContain("/Lang (sv)");
      expect(pdfCatalog(en)).toContain("/Lang (en)");

      // Without ?lang the reader's language decides.
      await getDb().updateTable("users").set({ locale: "en" }).where("email", "=", DEMO.advisor).execute();
      expect(pdfCatalog(await pdfBytesOf(await pdfOf(fixture.reviewId, DEMO.advisor)))).toContain("/Lang (en)");
      expect(pdfCatalog(await pdfBytesOf(await pdfOf(fixture.reviewId, DEMO.coordinator)))).toContain("/Lang (sv)");
    },
    PDF_TIMEOUT,
  );

  it(
    "refuses a bad lang with 400 and a message in the reader's language, sends inline with an ASCII name, private caching and an ETag",
    async () => {
      const fixture = await publishedFixture();
      for (const query of ["?lang=de", "?lang=", "?lang=sv&lang=en", "?lang=%F0%9F%98%80"]) {
        const bad = await pdfOf(fixture.reviewId, DEMO.coordinator, query);
        expect(bad.status, query).toBe(400);
        expect(bad.data, query).toBe("Ogiltigt språk: ange lang=sv (svenska) eller lang=en (engelska).\n");
      }
      await getDb().updateTable("users").set({ locale: "en" }).where("email", "=", DEMO.advisor).execute();
      expect((await pdfOf(fixture.reviewId, DEMO.advisor, "?lang=fr")).data).toBe("Invalid language: use lang=sv (Swedish) or lang=en (English).\n");
      // Who may not see the review learns nothing from a bad lang either.
      expect((await pdfOf(fixture.reviewId, DEMO.unitContactStockholm, "?lang=de")).status).toBe(404);

      const ok = await pdfOf(fixture.reviewId, DEMO.unitContact, "?lang=sv");
      const bytes = await pdfBytesOf(ok);
      expect(ok.headers.get("Content-Disposition")).toBe('inline; filename="granskningsrapport-testomgang-county-v1-region-uppsala-sv.pdf"');
      expect(ok.headers.get("Cache-Control")).toBe("private, no-cache");
      expect(ok.headers.get("Content-Length")).toBe(String(bytes.byteLength));
      const etag = ok.headers.get("ETag")!;
      expect(etag).toMatch(new RegExp(`^"${fixture.hash.slice(0, 16)}-[0-9a-f]{32}"$`));
      const team = await pdfOf(fixture.reviewId, DEMO.reviewerSkane, "?lang=sv");
      expect(team.headers.get("Content-Disposition")).toBe('inline; filename="granskningsrapport-testomgang-county-v1-region-uppsala-team-sv.pdf"');
      expect(team.headers.get("ETag"), "the team's version is another file").not.toBe(etag);
      const en = await pdfOf(fixture.reviewId, DEMO.unitContact, "?lang=en");
      expect(en.headers.get("Content-Disposition")).toBe('inline; filename="review-report-testomgang-county-v1-uppsala-region-en.pdf"');

      const notModified = await pdfOf(fixture.reviewId, DEMO.unitContact, "?lang=sv", { "If-None-Match": etag });
      expect(notModified.status).toBe(304);
      expect(notModified.headers.get("ETag")).toBe(etag);
      expect((await pdfOf(fixture.reviewId, DEMO.unitContact, "?lang=en", { "If-None-Match": etag })).status).toBe(200);
      // Not a way around the guard: someone who may not read the report gets 404, ETag or not.
      expect((await pdfOf(fixture.reviewId, DEMO.unitContactStockholm, "?lang=sv", { "If-None-Match": etag })).status).toBe(404);
    },
    PDF_TIMEOUT,
  );

  it(
    "gives the same bytes for the same snapshot, language and audience — twice here and once in another process — with the stored hash in every footer",
    async () => {
      const fixture = await publishedFixture();
      const first = await pdfBytesOf(await pdfOf(fixture.reviewId, DEMO.unitContact, "?lang=sv"));
      const second = await pdfBytesOf(await pdfOf(fixture.reviewId, DEMO.coordinator, "?lang=sv"));
      expect(Buffer.compare(Buffer.from(first), Buffer.from(second))).toBe(0);

      const report = (await loadReport(getDb(), fixture.reviewId))!;
      const input = {
        snapshot: report.stored.snapshot,
        hash: report.stored.hash,
        intact: report.stored.intact,
        manual: report.manual,
        answers: report.answers,
        locale: "sv" as const,
        audience: "reader" as const,
      };
      const direct = await renderReviewPdf(input);
      expect(Buffer.compare(direct, Buffer.from(first))).toBe(0);
      const elsewhere = renderInChildProcess("review", input);
      expect(Buffer.compare(Buffer.from(elsewhere), Buffer.from(first))).toBe(0);
      // The trailer's /ID comes from the document information, so it is the same too.
      const id = /\/ID \[<([0-9a-f]+)>/.exec(Buffer.from(first).toString("latin1"))?.[1];
      expect(id).toMatch(/^[0-9a-f]{32}$/);

      // The footer of every page carries the stored snapshot hash.
      const stored = (await getStoredSnapshot(getDb(), fixture.reviewId))!;
      expect(stored.hash).toBe(fixture.hash);
      const pages = Number(pdfInfo(first).Pages);
      expect(pages).toBeGreaterThan(2);
      const text = pdfToText(first);
      expect(text.split(`Kontrollsumma (sha256): ${stored.hash}`).length - 1).toBe(pages);
      expect(text).toContain(`Sida ${pages} av ${pages}`);
    },
    PDF_TIMEOUT,
  );

  it(
    "renders any user text: typographic characters, symbols outside the standard fonts, emoji, invisible characters and endless words",
    async () => {
      const fixture = await feedbackFixture();
      const hostile = [
        "Citat “så här” – och — tankstreck; ≥ 50 % och ≤ 3 → mål.",
        "Emoji 👍🏽 och 👨‍👩‍👧, kinesiska 中文, matematik 𝔸, samiska Čáhppes ŋ.",
        "Osynligt:\u200b\u200d\ufeff\u202e slut. Kontroll\u0007tecken.",
        `Ord utan slut: ${"Verksamhetsutvecklingsinsatser".repeat(12)} och https://example.org/${"a".repeat(400)}`,
        "Lång motivering. ".repeat(400),
      ].join("\n");
      await createRecommendation(getDb(), fixture.reviewId, { text: hostile, priority: "medium", timeframe: "≤ 6 mån 🗓", criterionIds: [fixture.criteria[0]!.id] }, await leadAudit());
      const published = await publishedFixtureFrom(fixture.reviewId);
      const bytes = await pdfBytesOf(await pdfOf(published, DEMO.unitContact, "?lang=sv"));
      const text = pdfToText(bytes).replace(/\s+/g, " ");
      expect(text).toContain("Citat “så här” – och — tankstreck; >= 50 % och <= 3 -> mål.");
      expect(text).toContain("Emoji ? och ?, kinesiska ??, matematik ?, samiska Cáhppes n.");
      expect(text).toContain("Osynligt: slut. Kontrolltecken.");
      expect(text).toContain("<= 6 mån ?");
      // The endless word is broken over lines, not cut off: all of it is there.
      expect(pdfToText(bytes).replace(/-\n/g, "")).toContain("Verksamhetsutvecklingsinsatser".repeat(12));
      expect(Number(pdfInfo(bytes).Pages)).toBeGreaterThan(4);
    },
    PDF_TIMEOUT,
  );
});

describe("stored renders of the review PDF (decision 024)", () => {
  const rows = () =>
    getDb().selectFrom("review_pdf_renders").select(["review_id", "locale", "audience", "render_key"]).orderBy("locale").orderBy("audience").execute();

  it(
    "serves the stored bytes while what the PDF prints is unchanged, renders again when the unit answers, and keeps languages and audiences apart",
    async () => {
      const fixture = await publishedFixture();
      const first = await pdfBytesOf(await pdfOf(fixture.reviewId, DEMO.unitContact, "?lang=sv"));
      expect(await rows()).toEqual([{ review_id: fixture.reviewId, locale: "sv", audience: "reader", render_key: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
      const [readerSv] = await rows();

      // A marked row proves the next answer comes from the store, not from a new render.
      const marked = Buffer.from("%PDF-1.3 stored render\n");
      await getDb().updateTable("review_pdf_renders").set({ pdf: marked }).where("review_id", "=", fixture.reviewId).execute();
      const again = await pdfOf(fixture.reviewId, DEMO.coordinator, "?lang=sv");
      expect(Buffer.from(await pdfBytesOf(again)).toString()).toBe(marked.toString());
      expect(again.headers.get("Content-Length")).toBe(String(marked.byteLength));

      // The team's version and the English one are other files with rows of their own; the reader's row is untouched.
      const team = pdfToText(await pdfBytesOf(await pdfOf(fixture.reviewId, DEMO.reviewerSkane, "?lang=sv")));
      expect(team).toContain(`${INTERNAL_SECRET} (intern)`);
      expect(pdfToText(await pdfBytesOf(await pdfOf(fixture.reviewId, DEMO.unitContact, "?lang=en")))).toContain("Review report");
      expect((await rows()).map((r) => `${r.locale}/${r.audience}`)).toEqual(["en/reader", "sv/reader", "sv/team"]);
      expect((await rows()).find((r) => r.locale === "sv" && r.audience === "reader")).toEqual(readerSv);

      // The unit answers a recommendation: what the PDF prints changed, so it is drawn again and the row replaced.
      const unit = { actorUserId: await idOfUser(DEMO.unitContact), ip: "127.0.0.1" };
      await saveAnswer(
        getDb(),
        fixture.reviewId,
        { recommendationId: fixture.recommendations[1]!, expectedVersion: 0, response: "partly", plannedAction: "Kompetensplan beslutas i regionstyrelsen.", owner: "HR-direktören", dueDate: "2027-03-31", progress: "in_progress", progressNote: "" },
        unit,
      );
      const answered = await pdfBytesOf(await pdfOf(fixture.reviewId, DEMO.unitContact, "?lang=sv"));
      expect(pdfToText(answered)).toContain("Kompetensplan beslutas i regionstyrelsen.");
      expect(Buffer.compare(Buffer.from(answered), Buffer.from(first))).not.toBe(0);
      const afterAnswer = (await rows()).find((r) => r.locale === "sv" && r.audience === "reader")!;
      expect(afterAnswer.render_key).not.toBe(readerSv!.render_key);
      // … and what is now stored is that new render, equal to drawing the same data afresh.
      const report = (await loadReport(getDb(), fixture.reviewId))!;
      const fresh = await renderReviewPdf({ snapshot: report.stored.snapshot, hash: report.stored.hash, intact: report.stored.intact, manual: report.manual, answers: report.answers, locale: "sv", audience: "reader" });
      expect(Buffer.compare(fresh, Buffer.from(answered))).toBe(0);
    },
    PDF_TIMEOUT,
  );
});

describe("review PDFs drawn in the PDF worker, ahead of the first reader (decision 026)", () => {
  it(
    "draws the same bytes in the worker thread, and after publication or an answer stores all four versions in the background",
    async () => {
      const fixture = await publishedFixture();
      const renderer = startPdfRenderer();
      registerPdfRenderer(renderer);
      try {
        // The worker's bytes are the main thread's: the same document, only the thread differs.
        const report = (await loadReport(getDb(), fixture.reviewId))!;
        const input = { snapshot: report.stored.snapshot, hash: report.stored.hash, intact: report.stored.intact, manual: report.manual, answers: report.answers, locale: "sv" as const, audience: "reader" as const };
        const inWorker = await renderer.renderReview(reviewPdfData(input, translator("sv")));
        expect(Buffer.compare(inWorker, await renderReviewPdf(input))).toBe(0);

        // Scheduled after the publication: all four versions appear without anyone asking.
        scheduleReviewPdfRenders(getDb(), fixture.reviewId, { delayMs: 0 });
        const versions = async () => (await getDb().selectFrom("review_pdf_renders").select(["locale", "audience", "render_key"]).where("review_id", "=", fixture.reviewId).orderBy("locale").orderBy("audience").execute());
        await expect.poll(async () => (await versions()).map((r) => `${r.locale}/${r.audience}`), { timeout: 60_000, interval: 200 }).toEqual(["en/reader", "en/team", "sv/reader", "sv/team"]);
        const before = await versions();

        // A start after a deploy: a stored version drawn by other code is drawn again, the others kept.
        await getDb().updateTable("review_pdf_renders").set({ render_key: "drawn-by-older-code" }).where("review_id", "=", fixture.reviewId).where("locale", "=", "en").where("audience", "=", "team").execute();
        expect(await renewStoredReviewPdfs(getDb())).toBe(1);
        expect(await versions()).toEqual(before);

        // The reader's request is then served from the store: the same bytes the worker drew.
        const served = await pdfBytesOf(await pdfOf(fixture.reviewId, DEMO.unitContact, "?lang=sv"));
        expect(Buffer.compare(Buffer.from(served), inWorker)).toBe(0);

        // An answer changes what every version prints: the follow-up action schedules them again.
        const answered = await callAction(followUpAction, {
          as: DEMO.unitContact,
          params: { reviewId: String(fixture.reviewId) },
          form: { intent: "answer", recommendationId: String(fixture.recommendations[0]!), version: "0", response: "accept", plannedAction: "Ny rutin", owner: "Förvaltningschefen", dueDate: "2027-06-30", progress: "not_started" },
        });
        expect(answered.status).toBe(200);
        await expect
          .poll(async () => (await versions()).every((row, i) => row.render_key !== before[i]!.render_key), { timeout: 90_000, interval: 250 })
          .toBe(true);
        expect(pdfToText(await pdfBytesOf(await pdfOf(fixture.reviewId, DEMO.unitContact, "?lang=sv")))).toContain("Ny rutin");
      } finally {
        registerPdfRenderer(null);
        await renderer.close();
      }
    },
    PDF_TIMEOUT,
  );
});

/** Sends a feedback fixture through factual check and publication (as publishedFixture does). */
async function publishedFixtureFrom(reviewId: number): Promise<number> {
  await setStage(reviewId, "factual_check");
  await publishReview(getDb(), { reviewId, expectedVersion: await reviewVersionOf(reviewId) }, await leadAudit());
  return reviewId;
}

/**
 * Evidence of a review: links, uploads checked by content and stored outside public/ with a
 * checksum, the team's notes hidden from the unit, downloads only for those allowed, removal.
 * Through the real action and the download route, with files written to a per-test UPLOAD_DIR.
 */
import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ReviewStage } from "#db/schema";
import * as download from "~/routes/reviews.$reviewId.evidence.$evidenceId";
import * as page from "~/routes/reviews.$reviewId.self-assessment";
import { addFileEvidence } from "~/modules/self-assessment/evidence.server";
import { getDb } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { docxFile, exeFile, htmlFile, pdfFile, pngFile, textFile } from "../evidence-files";
import { createReviewFixture, type ReviewFixture } from "../factories";
import { DEMO, callAction, callLoader } from "../route";

let uploadDir = "";
beforeEach(() => {
  useFreshDatabase();
  uploadDir = process.env.UPLOAD_DIR!;
});
afterEach(() => {
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const storedFiles = () => (fs.existsSync(uploadDir) ? fs.readdirSync(uploadDir) : []);
const evidenceRows = (reviewId: number) => getDb().selectFrom("evidence").selectAll().where("review_id", "=", reviewId).orderBy("id").execute();

const load = (fixture: ReviewFixture, as: string) => callLoader(page.loader, { as, params: { reviewId: String(fixture.reviewId) } });

const post = (fixture: ReviewFixture, as: string, form: Record<string, string> | FormData) =>
  callAction(page.action, { as, params: { reviewId: String(fixture.reviewId) }, path: `/reviews/${fixture.reviewId}/self-assessment`, form });

function upload(fixture: ReviewFixture, as: string, bytes: Uint8Array, fileName: string, extra: Record<string, string> = {}) {
  const form = new FormData();
  form.set("intent", "add-file");
  for (const [key, value] of Object.entries(extra)) form.set(key, value);
  form.set("file", new File([bytes as BlobPart], fileName, { type: "application/octet-stream" }));
  return post(fixture, as, form);
}

const fetchFile = (fixture: ReviewFixture, as: string, evidenceId: number) =>
  callLoader(download.loader, { as, params: { reviewId: String(fixture.reviewId), evidenceId: String(evidenceId) } });

async function bodyBytes(result: { data: unknown }) {
  const data = result.data;
  if (data instanceof Response) return new Uint8Array(await data.arrayBuffer());
  return new TextEncoder().encode(String(data));
}

describe("links", () => {
  it("lets the unit contact add http(s) links per criterion or for the whole review, and refuses anything else", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    const criterion = fixture.criteria[3]!;
    const added = await post(fixture, DEMO.unitContact, { intent: "add-link", criterionId: String(criterion.id), url: "https://www.regionuppsala.se/plan", title: "" });
    expect(added.status).toBe(302);
    expect(added.location).toBe(`/reviews/${fixture.reviewId}/self-assessment?done=evidenceAdded&criterion=${criterion.id}#evidence-${criterion.key}`);
    expect((await post(fixture, DEMO.unitContact, { intent: "add-link", criterionId: "", url: "http://intra.example/styrdokument", title: "Styrdokument" })).status).toBe(302);
    for (const url of ["javascript:alert(1)", "data:text/html,hej", "ftp://example.se/x", "www.example.se", ""]) {
      const refused = await post(fixture, DEMO.unitContact, { intent: "add-link", criterionId: String(criterion.id), url });
      expect(refused.status, url).toBe(400);
      expect(refused.data.fieldErrors.url.length).toBe(1);
    }
    const rows = await evidenceRows(fixture.reviewId);
    expect(rows.map((r) => [r.kind, r.origin, r.criterion_id, r.title, r.url])).toEqual([
      ["link", "unit", criterion.id, "https://www.regionuppsala.se/plan", "https://www.regionuppsala.se/plan"],
      ["link", "unit", null, "Styrdokument", "http://intra.example/styrdokument"],
    ]);
    const audit = await getDb().selectFrom("audit_log").selectAll().where("action", "=", "evidence.add").execute();
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ kind: "link", origin: "unit", url: "https://www.regionuppsala.se/plan" });
  });

  it("refuses evidence for a criterion outside the review's manual version", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    const result = await post(fixture, DEMO.unitContact, { intent: "add-link", criterionId: "999999", url: "https://example.se" });
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors.criterionId).toEqual(["selfAssessment.error.unknownCriterion"]);
    expect(await evidenceRows(fixture.reviewId)).toEqual([]);
  });
});

describe("uploads", () => {
  it("accepts a real PDF, PNG and Word document, stores them under random keys with their checksum, and serves them byte-identical", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    const criterion = fixture.criteria[0]!;
    const files = [
      { bytes: pdfFile(), name: "Verksamhetsplan 2026.pdf", type: "application/pdf" },
      { bytes: pngFile(), name: "../../organisation.png", type: "image/png" },
      { bytes: docxFile(), name: "Åtgärdsplan.docx", type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
    ];
    for (const file of files) {
      const result = await upload(fixture, DEMO.unitContact, file.bytes, file.name, { criterionId: String(criterion.id) });
      expect(result.status, file.name).toBe(302);
    }
    const rows = await evidenceRows(fixture.reviewId);
    expect(rows.map((r) => [r.kind, r.origin, r.file_name, r.media_type, r.size_bytes])).toEqual([
      ["file", "unit", "Verksamhetsplan 2026.pdf", "application/pdf", files[0]!.bytes.length],
      ["file", "unit", "organisation.png", "image/png", files[1]!.bytes.length],
      ["file", "unit", "Åtgärdsplan.docx", files[2]!.type, files[2]!.bytes.length],
    ]);
    expect(storedFiles().sort()).toEqual(rows.map((r) => r.storage_key).sort());
    for (const [i, row] of rows.entries()) {
      expect(row.storage_key).toMatch(/^[a-f0-9]{32}$/);
      expect(row.sha256).toBe(sha256(files[i]!.bytes));
      for (const who of [DEMO.unitContact, DEMO.reviewer, DEMO.coordinator]) {
        const result = await fetchFile(fixture, who, row.id);
        expect(result.status).toBe(200);
        expect(result.headers.get("Content-Type")).toBe(files[i]!.type);
        expect(result.headers.get("X-Content-Type-Options")).toBe("nosniff");
        expect(result.headers.get("Cache-Control")).toBe("private, no-store");
        expect(result.headers.get("Content-Disposition")).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''/);
        expect(Buffer.from(await bodyBytes(result)).equals(Buffer.from(files[i]!.bytes))).toBe(true);
      }
    }
    expect((await fetchFile(fixture, DEMO.reviewer, rows[2]!.id)).headers.get("Content-Disposition")).toBe(
      `attachment; filename="Atgardsplan.docx"; filename*=UTF-8''%C3%85tg%C3%A4rdsplan.docx`,
    );
    // The page lists them with a download address and never the storage key.
    const view = await load(fixture, DEMO.unitContact);
    expect(view.data.evidence.map((e: { downloadPath: string }) => e.downloadPath)).toEqual(rows.map((r) => `/reviews/${fixture.reviewId}/evidence/${r.id}`));
    expect(JSON.stringify(view.data)).not.toContain(rows[0]!.storage_key);
  });

  it("never serves a stored file as HTML: a row with an HTML type (written around the upload checks) downloads as an octet-stream attachment", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    const id = await addFileEvidence(
      getDb(),
      { reviewId: fixture.reviewId, criterionId: fixture.criteria[0]!.id, origin: "unit", title: "Sida", fileName: "sida.html", bytes: htmlFile(), detected: { mediaType: "text/html; charset=utf-8", extensions: ["html"] } },
      { actorUserId: null },
    );
    const result = await fetchFile(fixture, DEMO.reviewer, id);
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toBe("application/octet-stream");
    expect(result.headers.get("Content-Disposition")).toMatch(/^attachment;/);
    expect(result.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(result.headers.get("Content-Security-Policy")).toBe("default-src 'none'; sandbox");
  });

  it("refuses a program disguised as PDF and an HTML page disguised as text, leaving nothing behind", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    for (const [bytes, name] of [
      [exeFile(), "rapport.pdf"],
      [htmlFile(), "anteckningar.txt"],
      [docxFile({ "word/vbaProject.bin": "Attribute VB_Name" }), "makro.docx"],
    ] as const) {
      const result = await upload(fixture, DEMO.unitContact, bytes, name);
      expect(result.status, name).toBe(400);
      expect(result.data.fieldErrors.file).toEqual(["evidence.error.fileType"]);
    }
    const empty = await upload(fixture, DEMO.unitContact, new Uint8Array(), "tom.pdf");
    expect(empty.status).toBe(400);
    const missing = await post(fixture, DEMO.unitContact, (() => {
      const form = new FormData();
      form.set("intent", "add-file");
      form.set("file", new File([], "", { type: "application/octet-stream" }));
      return form;
    })());
    expect(missing.status).toBe(400);
    expect(missing.data.fieldErrors.file).toEqual(["evidence.error.fileRequired"]);
    expect(await evidenceRows(fixture.reviewId)).toEqual([]);
    expect(storedFiles()).toEqual([]);
  });

  it("refuses files over 10 MB with 413 and stores nothing", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(pdfFile().subarray(0, 100));
    const result = await upload(fixture, DEMO.unitContact, big, "stor.pdf", { criterionId: String(fixture.criteria[0]!.id) });
    expect(result.status).toBe(413);
    expect(result.data).toMatchObject({ intent: "add-file", criterionId: fixture.criteria[0]!.id, fieldErrors: { file: ["evidence.error.tooLarge"] } });
    expect(await evidenceRows(fixture.reviewId)).toEqual([]);
    expect(storedFiles()).toEqual([]);
    // Exactly 10 MB is still fine.
    const limit = new Uint8Array(10 * 1024 * 1024);
    limit.set(pdfFile().subarray(0, 100));
    expect((await upload(fixture, DEMO.unitContact, limit, "precis.pdf")).status).toBe(302);
  });

  it("answers 404 to everyone who may not see the file", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    await upload(fixture, DEMO.unitContact, pdfFile(), "plan.pdf");
    const [row] = await evidenceRows(fixture.reviewId);
    for (const email of [DEMO.unitContactStockholm, DEMO.advisor, DEMO.editor, DEMO.admin, DEMO.reviewerNorrbotten]) {
      expect((await fetchFile(fixture, email, row!.id)).status, email).toBe(404);
    }
    // The right evidence id under another review is not found either.
    const other = await createReviewFixture({ stage: "gathering" });
    expect((await fetchFile(other, DEMO.reviewer, row!.id)).status).toBe(404);
    expect((await fetchFile(fixture, DEMO.reviewer, 99_999)).status).toBe(404);
    expect((await callLoader(download.loader, { as: DEMO.reviewer, params: { reviewId: String(fixture.reviewId), evidenceId: "x" } })).status).toBe(404);
  });

  it("answers 410 and logs when the stored file no longer matches its checksum", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    await upload(fixture, DEMO.unitContact, pdfFile(), "plan.pdf");
    const [row] = await evidenceRows(fixture.reviewId);
    fs.appendFileSync(path.join(uploadDir, row!.storage_key!), "tampered");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const result = await fetchFile(fixture, DEMO.reviewer, row!.id);
    expect(result.status).toBe(410);
    expect(String(result.data)).toContain("Filen är skadad");
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("does not match its checksum"));
    fs.rmSync(path.join(uploadDir, row!.storage_key!));
    expect((await fetchFile(fixture, DEMO.reviewer, row!.id)).status).toBe(410);
  });
});

describe("the team's evidence and interview notes", () => {
  it("are added by team members while gathering or analysing and never reach the unit contact, not even in the loader data", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    const criterion = fixture.criteria[5]!;
    const secret = "Intervju: samordnaren beskrev konflikter i styrgruppen";
    expect((await post(fixture, DEMO.reviewer, { intent: "add-note", criterionId: String(criterion.id), title: "Intervju med länssamordnaren", body: secret })).status).toBe(302);
    expect((await upload(fixture, DEMO.reviewerSkane, pdfFile("Teamets underlag"), "teamets-anteckningar.pdf")).status).toBe(302);
    expect((await post(fixture, DEMO.reviewerSkane, { intent: "add-link", url: "https://example.se/team" })).status).toBe(302);
    const rows = await evidenceRows(fixture.reviewId);
    expect(rows.map((r) => [r.kind, r.origin])).toEqual([
      ["note", "team"],
      ["file", "team"],
      ["link", "team"],
    ]);

    const contactView = await load(fixture, DEMO.unitContact);
    expect(contactView.data.evidence).toEqual([]);
    const serialised = JSON.stringify(contactView.data);
    expect(serialised).not.toContain(secret);
    expect(serialised).not.toContain("Intervju med länssamordnaren");
    expect(serialised).not.toContain("teamets-anteckningar");
    expect((await fetchFile(fixture, DEMO.unitContact, rows[1]!.id)).status).toBe(404);

    for (const email of [DEMO.reviewer, DEMO.coordinator]) {
      const view = await load(fixture, email);
      expect(view.data.evidence.map((e: { origin: string }) => e.origin)).toEqual(["team", "team", "team"]);
      expect(view.data.evidence[0]).toMatchObject({ kind: "note", body: secret, criterionId: criterion.id });
      expect((await fetchFile(fixture, email, rows[1]!.id)).status).toBe(200);
    }

    const analysis = await createReviewFixture({ stage: "analysis" });
    expect((await post(analysis, DEMO.reviewerSkane, { intent: "add-note", body: "Anteckning under analysen" })).status).toBe(302);
    const assessment = await createReviewFixture({ stage: "assessment" });
    expect((await post(assessment, DEMO.reviewerSkane, { intent: "add-note", body: "För sent" })).status).toBe(403);
  });

  it("refuses notes from the unit and the coordinator, evidence from the unit after gathering, and bad notes", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    for (const email of [DEMO.unitContact, DEMO.coordinator]) {
      expect((await post(fixture, email, { intent: "add-note", body: "x" })).status, email).toBe(403);
    }
    expect((await post(fixture, DEMO.coordinator, { intent: "add-link", url: "https://example.se" })).status).toBe(403);
    expect((await post(fixture, DEMO.reviewer, { intent: "add-note", body: "   " })).data.fieldErrors.body).toEqual(["evidence.error.noteRequired"]);
    expect((await post(fixture, DEMO.reviewer, { intent: "add-note", body: "x".repeat(20_001) })).data.fieldErrors.body).toEqual(["evidence.error.noteTooLong"]);
    expect((await post(fixture, DEMO.reviewer, { intent: "add-note", body: "x".repeat(20_000) })).status).toBe(302);
    const analysis = await createReviewFixture({ stage: "analysis" });
    expect((await upload(analysis, DEMO.unitContact, pdfFile(), "sen.pdf")).status).toBe(403);
    expect((await evidenceRows(fixture.reviewId)).length + (await evidenceRows(analysis.reviewId)).length).toBe(1);
    expect(storedFiles()).toEqual([]);
  });
});

describe("removing evidence", () => {
  it("removes one's own evidence and its file while adding is allowed, audit-logged; others' evidence stays", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    await upload(fixture, DEMO.unitContact, pdfFile(), "plan.pdf", { criterionId: String(fixture.criteria[0]!.id) });
    await post(fixture, DEMO.reviewer, { intent: "add-note", body: "Teamets anteckning" });
    const [unitFile, teamNote] = await evidenceRows(fixture.reviewId);
    expect(storedFiles()).toEqual([unitFile!.storage_key]);

    const view = await load(fixture, DEMO.unitContact);
    expect(view.data.evidence.map((e: { removable: boolean }) => e.removable)).toEqual([true]);
    expect((await load(fixture, DEMO.reviewerSkane)).data.evidence.map((e: { removable: boolean }) => e.removable)).toEqual([false, false]);

    expect((await post(fixture, DEMO.reviewer, { intent: "remove-evidence", evidenceId: String(unitFile!.id) })).status).toBe(403);
    expect((await post(fixture, DEMO.reviewerSkane, { intent: "remove-evidence", evidenceId: String(teamNote!.id) })).status).toBe(403);
    // The unit contact cannot even see the team's note: 404, not 403.
    expect((await post(fixture, DEMO.unitContact, { intent: "remove-evidence", evidenceId: String(teamNote!.id) })).status).toBe(404);

    const removed = await post(fixture, DEMO.unitContact, { intent: "remove-evidence", evidenceId: String(unitFile!.id) });
    expect(removed.status).toBe(302);
    expect(removed.location).toContain(`#evidence-${fixture.criteria[0]!.key}`);
    expect(storedFiles()).toEqual([]);
    expect((await evidenceRows(fixture.reviewId)).map((r) => r.id)).toEqual([teamNote!.id]);
    const audit = await getDb().selectFrom("audit_log").selectAll().where("action", "=", "evidence.remove").executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before_json!)).toMatchObject({ id: unitFile!.id, file_name: "plan.pdf", sha256: unitFile!.sha256 });
    expect(audit.before_json).not.toContain(unitFile!.storage_key!);
    expect((await fetchFile(fixture, DEMO.reviewer, unitFile!.id)).status).toBe(404);

    expect((await post(fixture, DEMO.reviewer, { intent: "remove-evidence", evidenceId: String(teamNote!.id) })).status).toBe(302);
  });

  it("keeps the unit's evidence once the stage has moved on", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    await upload(fixture, DEMO.unitContact, pdfFile(), "plan.pdf");
    const [row] = await evidenceRows(fixture.reviewId);
    await getDb().updateTable("reviews").set({ stage: "analysis" as ReviewStage }).where("id", "=", fixture.reviewId).execute();
    expect((await post(fixture, DEMO.unitContact, { intent: "remove-evidence", evidenceId: String(row!.id) })).status).toBe(403);
    expect(storedFiles()).toHaveLength(1);
    // Still readable by the team after gathering.
    expect((await fetchFile(fixture, DEMO.reviewerSkane, row!.id)).status).toBe(200);
  });
});

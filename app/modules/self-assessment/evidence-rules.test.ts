import { describe, expect, it } from "vitest";
import type { ReviewStage, Role } from "#db/schema";
import { reviewAccess } from "~/modules/reviews/access";
import {
  canRemoveEvidence,
  canSeeEvidence,
  contentDisposition,
  defaultTitle,
  downloadFileName,
  formatBytes,
  isAllowedLink,
  originForNewEvidence,
  sanitizeFileName,
} from "./evidence-rules";

const UPPSALA = 3;
const facts = (stage: ReviewStage, selfAssessmentSubmitted = false) => ({
  unitId: UPPSALA,
  stage,
  teamMemberIds: [1, 2],
  leadId: 1,
  submittedReviewerIds: [],
  selfAssessmentSubmitted,
});
const viewer = (userId: number, role: Role, homeUnitId = 100) => ({ userId, roles: [role], homeUnitId });
const lead = viewer(1, "reviewer", 1);
const contact = viewer(4, "unit_contact", UPPSALA);
const coordinator = viewer(10, "coordinator");

describe("who sees, adds and removes evidence", () => {
  it("shows the unit's evidence to the team, the unit and the coordinator, the team's only to the team and the coordinator", () => {
    for (const who of [lead, contact, coordinator]) expect(canSeeEvidence(reviewAccess(who, facts("gathering")), "unit")).toBe(true);
    expect(canSeeEvidence(reviewAccess(lead, facts("gathering")), "team")).toBe(true);
    expect(canSeeEvidence(reviewAccess(coordinator, facts("gathering")), "team")).toBe(true);
    expect(canSeeEvidence(reviewAccess(contact, facts("gathering")), "team")).toBe(false);
    expect(canSeeEvidence(reviewAccess(viewer(11, "advisor"), facts("published")), "unit")).toBe(false);
  });

  it("adds the unit's evidence while it may edit, the team's while gathering or analysing", () => {
    expect(originForNewEvidence(reviewAccess(contact, facts("gathering")))).toBe("unit");
    expect(originForNewEvidence(reviewAccess(contact, facts("gathering", true)))).toBeNull();
    expect(originForNewEvidence(reviewAccess(contact, facts("analysis")))).toBeNull();
    expect(originForNewEvidence(reviewAccess(lead, facts("analysis")))).toBe("team");
    expect(originForNewEvidence(reviewAccess(lead, facts("assessment")))).toBeNull();
    expect(originForNewEvidence(reviewAccess(coordinator, facts("gathering")))).toBeNull();
  });

  it("removes only one's own evidence, while that origin may still be added", () => {
    const access = reviewAccess(contact, facts("gathering"));
    expect(canRemoveEvidence(access, 4, { origin: "unit", createdBy: 4 })).toBe(true);
    expect(canRemoveEvidence(access, 4, { origin: "unit", createdBy: 9 })).toBe(false);
    expect(canRemoveEvidence(reviewAccess(contact, facts("analysis")), 4, { origin: "unit", createdBy: 4 })).toBe(false);
    expect(canRemoveEvidence(reviewAccess(lead, facts("analysis")), 1, { origin: "team", createdBy: 1 })).toBe(true);
    expect(canRemoveEvidence(reviewAccess(lead, facts("analysis")), 1, { origin: "unit", createdBy: 1 })).toBe(false);
  });
});

describe("links", () => {
  it("allows absolute http and https addresses only", () => {
    expect(isAllowedLink("https://www.regionuppsala.se/plan.pdf")).toBe(true);
    expect(isAllowedLink("http://intranat.example/sida?x=1#a")).toBe(true);
    for (const bad of ["javascript:alert(1)", "data:text/html,<script>", "ftp://x.example/f", "file:///etc/passwd", "www.example.se", "/relative", "https://user:pw@example.se", ""]) {
      expect(isAllowedLink(bad), bad).toBe(false);
    }
  });
});

describe("file names", () => {
  it("keeps only a safe, readable name", () => {
    expect(sanitizeFileName("C:\\Users\\anna\\Verksamhetsplan 2026.pdf")).toBe("Verksamhetsplan 2026.pdf");
    expect(sanitizeFileName("../../etc/passwd")).toBe("passwd");
    expect(sanitizeFileName("rapport\u202egpj.exe")).toBe("rapportgpj.exe");
    expect(sanitizeFileName('a<b>:"c|?*.txt')).toBe("a_b___c___.txt");
    expect(sanitizeFileName("  ..  ")).toBe("fil");
    expect(sanitizeFileName("Åtgärdsplan\u0000.docx")).toBe("Åtgärdsplan.docx");
    const long = sanitizeFileName(`${"x".repeat(300)}.pdf`);
    expect(long.length).toBe(150);
    expect(long.endsWith(".pdf")).toBe(true);
  });

  it("adds the detected type's extension when the name claims another", () => {
    expect(downloadFileName("plan.pdf", { extensions: ["pdf"] })).toBe("plan.pdf");
    expect(downloadFileName("plan.exe", { extensions: ["pdf"] })).toBe("plan.exe.pdf");
    expect(downloadFileName("foto.JPEG", { extensions: ["jpg", "jpeg"] })).toBe("foto.JPEG");
    expect(downloadFileName("utan-ändelse", { extensions: ["png"] })).toBe("utan-ändelse.png");
  });

  it("builds an attachment Content-Disposition with an ASCII fallback and the UTF-8 name", () => {
    expect(contentDisposition("Åtgärdsplan (v2).pdf")).toBe(
      `attachment; filename="Atgardsplan (v2).pdf"; filename*=UTF-8''%C3%85tg%C3%A4rdsplan%20%28v2%29.pdf`,
    );
    expect(contentDisposition('a"b.txt')).toBe(`attachment; filename="a_b.txt"; filename*=UTF-8''a%22b.txt`);
  });
});

describe("titles and sizes", () => {
  it("falls back to the address, the file name or the note's first line", () => {
    expect(defaultTitle("link", { url: "https://example.se" })).toBe("https://example.se");
    expect(defaultTitle("file", { fileName: "plan.pdf" })).toBe("plan.pdf");
    expect(defaultTitle("note", { body: "\n  Intervju med länssamordnaren\nmer text" })).toBe("Intervju med länssamordnaren");
    expect(defaultTitle("note", { body: "x".repeat(100) }).length).toBe(80);
  });

  it("formats sizes", () => {
    expect(formatBytes(850)).toBe("850 B");
    expect(formatBytes(12_345)).toBe("12 kB");
    expect(formatBytes(3_500_000)).toBe("3,3 MB");
    expect(formatBytes(3_500_000, "en")).toBe("3.3 MB");
  });
});

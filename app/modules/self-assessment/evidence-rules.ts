/**
 * Evidence rules that need no database: who sees and removes which evidence, what a link may
 * point to, and how an uploaded file's name is made safe to show and to send back. Pure.
 */
import type { ReviewAccess } from "~/modules/reviews/access";
import { extensionOf, type DetectedType } from "./content-sniffer";

export type EvidenceOrigin = "unit" | "team";
/** `kolada`: a frozen snapshot of Kolada indicator values (app/modules/kolada/, decision 015). */
export type EvidenceKind = "file" | "link" | "note" | "kolada";

/** Unit evidence is part of the self-assessment; team evidence and notes stay with the team and the coordinator. */
export function canSeeEvidence(access: ReviewAccess, origin: EvidenceOrigin): boolean {
  return origin === "unit" ? access.canSeeSelfAssessment : access.canSeeTeamEvidence;
}

/** The origin of evidence this viewer adds now, or null when they may not add any. */
export function originForNewEvidence(access: ReviewAccess): EvidenceOrigin | null {
  if (access.canEditSelfAssessment) return "unit";
  if (access.canAddTeamEvidence) return "team";
  return null;
}

/** One's own evidence, while one may still add evidence of that origin. */
export function canRemoveEvidence(access: ReviewAccess, userId: number, evidence: { origin: EvidenceOrigin; createdBy: number | null }): boolean {
  if (evidence.createdBy !== userId) return false;
  return evidence.origin === "unit" ? access.canEditSelfAssessment : access.canAddTeamEvidence;
}

/** Links must be absolute http(s) addresses with a host and without embedded credentials. */
export function isAllowedLink(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" && url.username === "" && url.password === "";
}

const MAX_FILE_NAME = 150;

/**
 * A file name safe to show and to put in a Content-Disposition header: only the last path part,
 * Unicode NFC, no control or bidirectional-override characters, no characters Windows forbids in
 * names, at most 150 characters (keeping the extension), never empty.
 */
export function sanitizeFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? "";
  let name = base
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "")
    .replace(/[<>:"|?*]/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, "");
  if ([...name].length > MAX_FILE_NAME) {
    const extension = extensionOf(name);
    const chars = [...name];
    name = extension
      ? chars.slice(0, MAX_FILE_NAME - extension.length - 1).join("").trimEnd() + "." + extension
      : chars.slice(0, MAX_FILE_NAME).join("").trimEnd();
  }
  return name || "fil";
}

/**
 * The name a downloaded file gets: the sanitised name, with the detected type's extension added
 * when the name claims another (a PDF uploaded as "x.exe" is saved as "x.exe.pdf").
 */
export function downloadFileName(sanitized: string, detected: Pick<DetectedType, "extensions">): string {
  const extension = extensionOf(sanitized);
  if (detected.extensions.includes(extension)) return sanitized;
  return `${sanitized}.${detected.extensions[0]}`;
}

/** RFC 6266 / 5987: an ASCII fallback and the exact UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A title for evidence added without one. */
export function defaultTitle(kind: EvidenceKind, { url, fileName, body }: { url?: string | null; fileName?: string | null; body?: string | null }): string {
  if (kind === "link" && url) return url.length > 200 ? `${url.slice(0, 199)}…` : url;
  if (kind === "file" && fileName) return fileName;
  const firstLine = (body ?? "").trim().split(/\r?\n/)[0]?.trim() ?? "";
  return firstLine.length > 80 ? `${firstLine.slice(0, 79)}…` : firstLine || "–";
}

/** Bytes for people: "850 B", "12 kB", "3,4 MB" (a decimal point in English). */
export function formatBytes(size: number, locale: "sv" | "en" = "sv"): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} kB`;
  const mb = (size / (1024 * 1024)).toFixed(1);
  return `${locale === "sv" ? mb.replace(".", ",") : mb} MB`;
}

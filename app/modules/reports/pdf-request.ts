/**
 * What the two PDF routes share about the request and the answer: the `lang` query parameter
 * (sv | en, default the viewer's language), a safe ASCII file name, and the ETag. Pure.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Locale } from "#db/schema";

const LangSchema = z.enum(["sv", "en"], { error: "pdf.error.badLang" });

export type PdfLangResult = { ok: true; locale: Locale } | { ok: false; messageKey: "pdf.error.badLang" };

/** `?lang=sv|en`; missing → the viewer's language; repeated, empty or anything else → an error. */
export function parsePdfLang(search: URLSearchParams, viewerLocale: Locale): PdfLangResult {
  const values = search.getAll("lang");
  if (values.length === 0) return { ok: true, locale: viewerLocale };
  if (values.length > 1) return { ok: false, messageKey: "pdf.error.badLang" };
  const parsed = LangSchema.safeParse(values[0]);
  return parsed.success ? { ok: true, locale: parsed.data } : { ok: false, messageKey: "pdf.error.badLang" };
}

/**
 * A file name that every browser and mail client keeps as it is: the parts transliterated to
 * ASCII (å → a, é → e …), lower case, anything else a hyphen, at most 120 characters.
 */
export function asciiFileName(parts: readonly string[], extension: string): string {
  const slug = parts
    .map((part) =>
      part
        .normalize("NFD")
        .replace(/\p{M}+/gu, "")
        .replace(/[æÆ]/g, "ae")
        .replace(/[øØ]/g, "o")
        .replace(/ß/g, "ss")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, ""),
    )
    .filter(Boolean)
    .join("-")
    .slice(0, 120)
    .replace(/-+$/g, "");
  return `${slug || "kollega"}.${extension}`;
}

/**
 * A strong ETag for PDF bytes: the content hash the report is built from (the snapshot's, or
 * the national data's) and a digest of the bytes themselves. The bytes are stable for the same
 * data, language and audience, so the tag changes exactly when the file would.
 */
export function pdfEtag(contentHash: string, bytes: Uint8Array): string {
  const digest = createHash("sha256").update(bytes).digest("hex").slice(0, 32);
  return `"${contentHash.slice(0, 16)}-${digest}"`;
}

/** Whether an If-None-Match header names this ETag (a list, weak tags or `*`). */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === etag);
}

/**
 * The canonical content of a manual version and its checksum. Canonical = what ManualFileSchema
 * parses out of a file (defaults filled in, unknown keys dropped), without the editor hint
 * `$schema`. The checksum is sha256 over that content with object keys sorted, so indentation,
 * key order and `$schema` in a file never change it, while any change of content does.
 */
import { createHash } from "node:crypto";
import { ManualFileSchema, type ManualFile } from "./manual-schema";

/** The canonical content: parsed, defaults applied, `$schema` removed. */
export function canonicalManual(parsed: ManualFile): ManualFile {
  const { $schema: _schema, ...content } = parsed;
  return content;
}

/** Parses anything that should be a manual (file, export, DB row) into canonical content. */
export function parseCanonicalManual(value: unknown): ManualFile {
  return canonicalManual(ManualFileSchema.parse(value));
}

/** JSON with object keys sorted at every level: the same content always gives the same text. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => stableStringify(item ?? null)).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** sha256 (hex) of the canonical content. */
export function manualChecksum(manual: ManualFile): string {
  return createHash("sha256").update(stableStringify(canonicalManual(manual)), "utf8").digest("hex");
}

/** The canonical JSON text as stored in the database and exported: schema key order, 2-space indent. */
export function canonicalJson(manual: ManualFile): string {
  return `${JSON.stringify(canonicalManual(manual), null, 2)}\n`;
}

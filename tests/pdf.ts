/**
 * Reading PDFs in tests with poppler-utils (installed by tests/setup/global-setup.ts): text with
 * pdftotext, document information with pdfinfo, and the catalog dictionary from the raw bytes
 * (pdfkit writes it uncompressed), plus rendering in a separate Node process (tests/render-pdf-child.ts)
 * to prove that the bytes do not depend on the process.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import type { RouteResult } from "./route";
import { ARTIFACTS_DIR } from "./setup/paths";

function tempFile(extension: string): string {
  const dir = path.join(ARTIFACTS_DIR, "pdf");
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${randomUUID()}.${extension}`);
}

function withFile<T>(bytes: Uint8Array, use: (file: string) => T): T {
  const file = tempFile("pdf");
  fs.writeFileSync(file, bytes);
  try {
    return use(file);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** The PDF's text (pdftotext, UTF-8); `layout` keeps table rows on one line. No-break spaces become spaces. */
export function pdfToText(bytes: Uint8Array, { layout = false }: { layout?: boolean } = {}): string {
  return withFile(bytes, (file) => execFileSync("pdftotext", [...(layout ? ["-layout"] : []), "-enc", "UTF-8", file, "-"], { encoding: "utf8" })).replace(/\u00a0/g, " ");
}

/** pdfinfo's fields (Title, Author, Creator, Producer, CreationDate, Pages, Page size …), dates in ISO form. */
export function pdfInfo(bytes: Uint8Array): Record<string, string> {
  const out = withFile(bytes, (file) => execFileSync("pdfinfo", ["-isodates", file], { encoding: "utf8" }));
  return Object.fromEntries(
    out
      .split("\n")
      .filter((line) => line.includes(":"))
      .map((line) => {
        const at = line.indexOf(":");
        return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
      }),
  );
}

/** The document catalog's dictionary as written (where /Lang is). */
export function pdfCatalog(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString("latin1");
  const match = /<<[^<>]*\/Type \/Catalog[^<>]*>>/.exec(text);
  if (!match) throw new Error("no catalog found");
  return match[0];
}

/** The bytes of a PDF answer from callLoader, after checking it is one. */
export async function pdfBytesOf(result: RouteResult): Promise<Uint8Array> {
  expect(result.status).toBe(200);
  expect(result.headers.get("Content-Type")).toBe("application/pdf");
  const bytes = new Uint8Array(await (result.data as Response).arrayBuffer());
  expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
  return bytes;
}

/** Renders in a new Node process from the same input (JSON) and returns the bytes. */
export function renderInChildProcess(kind: "review" | "national", input: unknown): Uint8Array {
  const inputFile = tempFile("json");
  const outputFile = tempFile("pdf");
  fs.writeFileSync(inputFile, JSON.stringify({ kind, input }));
  try {
    execFileSync(process.execPath, ["--import", "tsx", "tests/render-pdf-child.ts", inputFile, outputFile], { stdio: ["ignore", "ignore", "inherit"] });
    return new Uint8Array(fs.readFileSync(outputFile));
  } finally {
    fs.rmSync(inputFile, { force: true });
    fs.rmSync(outputFile, { force: true });
  }
}

/**
 * Renders one PDF in its own process, for the byte-stability tests (tests/pdf.ts):
 * `node --import tsx tests/render-pdf-child.ts <input.json> <output.pdf>`, where the input is
 * `{ kind: "review" | "national", input }` as renderReviewPdf / renderNationalPdf take it.
 */
import fs from "node:fs";
import { renderNationalPdf, type NationalPdfInput } from "~/modules/reports/national-pdf.server";
import { renderReviewPdf, type ReviewPdfInput } from "~/modules/reports/review-pdf.server";

const [inputFile, outputFile] = process.argv.slice(2);
if (!inputFile || !outputFile) throw new Error("usage: render-pdf-child.ts <input.json> <output.pdf>");
const { kind, input } = JSON.parse(fs.readFileSync(inputFile, "utf8")) as { kind: "review" | "national"; input: unknown };
const bytes = kind === "review" ? await renderReviewPdf(input as ReviewPdfInput) : await renderNationalPdf(input as NationalPdfInput);
fs.writeFileSync(outputFile, bytes);

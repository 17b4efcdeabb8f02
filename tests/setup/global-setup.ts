/**
 * Runs once per `vitest run`: installs poppler-utils when missing (the PDF tests read PDFs with
 * pdftotext and pdfinfo) and builds the template database (migrations, reference data,
 * manuals, demo accounts) that every test copies, so each test starts from a fresh, complete
 * database in a few milliseconds.
 */
import fs from "node:fs";
import { openDatabase } from "#db/connection";
import { prepareDatabase } from "#db/prepare";
import { ensureSystemPackages, POPPLER } from "../../scripts/ensure-system-packages";
import { ARTIFACTS_DIR, TEMPLATE_DB } from "./paths";

export default async function globalSetup() {
  // pdftotext and pdfinfo read the PDF reports in tests/integration/*-pdf.test.ts.
  ensureSystemPackages([POPPLER], (message) => console.log(`[global-setup] ${message}`));
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(TEMPLATE_DB + suffix, { force: true });
  const { db, sqlite } = openDatabase(TEMPLATE_DB);
  // Demo accounts but no demo rounds: each test builds exactly the reviews it talks about
  // (tests/factories.ts); the demo rounds have their own test.
  await prepareDatabase(db, { demo: true, demoReviews: false });
  // Fold the WAL into the main file so a plain file copy is complete.
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
}

/**
 * `npm start` (after the build): validates the configuration, prepares the database (migrations,
 * reference data, manuals, demo accounts), then serves the Remix build on PORT.
 */
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { openDatabase } from "#db/connection";
import { prepareDatabase } from "#db/prepare";
import { DEMO_PASSWORD, DEMO_USERS } from "#db/seed/demo-users";
import { ManualFilesError } from "~/modules/manuals/manual-validation";
import { registerPdfRenderer } from "~/modules/reports/pdf-renderer-registry";
import { renewStoredReviewPdfs } from "~/modules/reports/review-pdf-store.server";
import { createHttpHandler } from "~/server/http";
import { startPdfRenderer } from "~/server/pdf-renderer";
import { getDb } from "~/utils/db.server";
import { EnvError, parseEnv } from "~/utils/env.server";

async function main() {
  process.env.NODE_ENV ??= "production";
  let env;
  try {
    env = parseEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  if (env.KOLLEGA_MOCKS) {
    // Development and browser tests only (msw is a dev dependency): Kolada answers from the
    // handlers in tests/mocks instead of the network. Never set in production.
    const { startMockServer } = await import("../tests/mocks/index");
    startMockServer({ koladaBaseUrl: env.KOLADA_BASE_URL });
    console.log(`Mockläge: Kolada (${env.KOLADA_BASE_URL}) besvaras av tests/mocks.`);
  }

  const opened = openDatabase(env.DATABASE_PATH);
  const prepared = await prepareDatabase(opened.db, { demo: env.KOLLEGA_DEMO });
  opened.sqlite.close();
  if (prepared.migrations.length) console.log(`Databas: ${prepared.migrations.length} migrering(ar) körda.`);
  if (prepared.demoUsersDeactivated) console.log(`Demoläge av: ${prepared.demoUsersDeactivated} demokonto(n) inaktiverade.`);

  const buildPath = path.resolve("build/index.js");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  // PDFs are drawn in a worker thread, off the main thread (decision 026).
  const pdfRenderer = startPdfRenderer();
  registerPdfRenderer(pdfRenderer);
  const server = http.createServer(createHttpHandler({ build, mode: env.NODE_ENV, hsts: env.COOKIE_SECURE ?? false, trustProxy: env.TRUST_PROXY ?? false }));
  server.listen(env.PORT, env.HOST, () => {
    const url = `http://localhost:${env.PORT}`;
    console.log(`Kollega körs på ${url} (databas ${env.DATABASE_PATH})`);
    if (env.KOLLEGA_DEMO) {
      console.log(`\nDemoläge. Demokonton (lösenord: ${DEMO_PASSWORD}):`);
      for (const user of DEMO_USERS) console.log(`  ${user.email.padEnd(36)} ${user.role}`);
      console.log("");
    }
  });
  // PDFs readers had asked for, drawn by older code: drawn again in the worker meanwhile.
  renewStoredReviewPdfs(getDb())
    .then((renewed) => {
      if (renewed) console.log(`PDF: ${renewed} lagrade granskningsrapporter ritade på nytt.`);
    })
    .catch((error) => console.error("Stored review PDFs could not be renewed:", error));
  const shutdown = () => server.close(() => process.exit(0));
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((error) => {
  // A refused criteria file is an operator's error with its own clear message: no stack trace.
  if (error instanceof ManualFilesError) {
    console.error(error.message);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});

// The PDF worker thread (app/server/pdf-renderer.ts): loads the server build named in workerData and
// draws with the functions its app/entry.server.tsx exports — review reports (drawReviewPdf, from
// data the main thread prepared) and national reports (renderNationalPdf) — sending the bytes back.
// Plain JavaScript: the build needs no TypeScript loader.
import { parentPort, workerData } from "node:worker_threads";

const build = await import(workerData.build);
const drawers = { review: build.entry.module.drawReviewPdf, national: build.entry.module.renderNationalPdf };
for (const [kind, draw] of Object.entries(drawers)) {
  if (typeof draw !== "function") throw new Error(`${workerData.build}: its entry.server exports nothing to draw a ${kind} PDF`);
}

parentPort.on("message", async ({ id, kind, input }) => {
  try {
    // A copy with a buffer of its own, handed over without another copy.
    const pdf = new Uint8Array(await drawers[kind](input));
    parentPort.postMessage({ id, ok: true, pdf }, [pdf.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});

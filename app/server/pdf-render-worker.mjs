// The PDF worker thread (app/server/pdf-renderer.ts): loads the server build named in workerData and
// draws review reports with its drawReviewPdf (exported by app/entry.server.tsx) from data the main
// thread prepared, sending the bytes back. Plain JavaScript: the build needs no TypeScript loader.
import { parentPort, workerData } from "node:worker_threads";

const build = await import(workerData.build);
const draw = build.entry.module.drawReviewPdf;
if (typeof draw !== "function") throw new Error(`${workerData.build} does not export drawReviewPdf from its entry.server`);

parentPort.on("message", async ({ id, data }) => {
  try {
    // A copy with a buffer of its own, handed over without another copy.
    const pdf = new Uint8Array(await draw(data));
    parentPort.postMessage({ id, ok: true, pdf }, [pdf.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});

/**
 * /reviews/:reviewId/evidence/:evidenceId — downloads one evidence file (resource route). Only for
 * those who may see that evidence (the unit's: team, unit contact, coordinator; the team's: team
 * and coordinator), everyone else 404. Always an attachment with the type detected at upload,
 * never rendered inline; the checksum recorded at upload is verified on every read (410 when the
 * file is damaged or gone).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound } from "~/modules/auth/guards.server";
import { requireReviewContext } from "~/modules/reviews/review-pages.server";
import { downloadContentType } from "~/modules/self-assessment/content-sniffer";
import { canSeeEvidence, contentDisposition } from "~/modules/self-assessment/evidence-rules";
import { getEvidence, readEvidenceFile } from "~/modules/self-assessment/evidence.server";
import { getDb } from "~/utils/db.server";

const ParamsSchema = z.object({ evidenceId: z.coerce.number().int().positive() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { context } = await requireReviewContext(request, params);
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) notFound();
  const evidence = await getEvidence(getDb(), context.review.id, parsed.data.evidenceId);
  if (!evidence || evidence.kind !== "file" || !canSeeEvidence(context.access, evidence.origin)) notFound();
  const read = await readEvidenceFile(evidence);
  if (!read.ok) {
    console.warn(`evidence ${evidence.id} of review ${evidence.reviewId}: stored file ${read.problem === "missing" ? "is missing" : "does not match its checksum"}`);
    return new Response("Filen är skadad och kan inte hämtas. Be den som lade till den att ladda upp den igen.\n\nThe file is damaged and cannot be downloaded.\n", {
      status: 410,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
    });
  }
  return new Response(new Uint8Array(read.bytes), {
    status: 200,
    headers: {
      "Content-Type": downloadContentType(evidence.mediaType),
      "Content-Length": String(read.bytes.byteLength),
      "Content-Disposition": contentDisposition(evidence.fileName ?? "fil"),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}

/**
 * Reads the self-assessment page's form bodies: plain forms through readFormData, file uploads
 * (multipart/form-data) through Remix's multipart parser with our own in-memory handler. The
 * handler keeps at most MAX_UPLOAD_BYTES of one file; a larger file is read to its end and thrown
 * away (so the browser gets the answer instead of a reset connection), and nothing is stored.
 */
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { readFormData } from "~/utils/form-data.server";
import { MAX_UPLOAD_BYTES } from "./content-sniffer";

/** Text fields: the longest is a 20 000-character note (up to 4 bytes a character in UTF-8). */
const MAX_FIELD_BYTES = 100_000;
const MAX_PARTS = 20;
/** Beyond this the body is not even drained: the request is cut off. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/**
 * The form, or what was wrong with the body. With an oversized file the other fields are still
 * there (to show the message next to the right form), the file is not.
 */
export type FormBody = { ok: true; formData: FormData } | { ok: false; problem: "too-large" | "unreadable"; formData: FormData | null };

export async function readPageFormData(request: Request): Promise<FormBody> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type)) return { ok: true, formData: await readFormData(request) };
  let problem: "too-large" | "unreadable" | null = null;
  let parts = 0;
  let files = 0;
  let total = 0;
  const handler: UploadHandler = async ({ filename, contentType, data }) => {
    parts += 1;
    const isFile = typeof filename === "string";
    const limit = isFile ? MAX_UPLOAD_BYTES : MAX_FIELD_BYTES;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      total += chunk.byteLength;
      if (total > MAX_DRAIN_BYTES) throw new Error("request body too large");
      if (size > limit) {
        problem ??= isFile ? "too-large" : "unreadable";
        chunks.length = 0;
        continue;
      }
      chunks.push(chunk);
    }
    if (size > limit) return undefined;
    if (parts > MAX_PARTS) {
      problem = "unreadable";
      return undefined;
    }
    if (isFile) {
      // An empty file field (nothing chosen) arrives as a part without name and content.
      if (!filename && size === 0) return undefined;
      files += 1;
      if (files > 1 || problem) {
        problem ??= "unreadable";
        return undefined;
      }
      return new File(chunks as BlobPart[], filename, { type: contentType });
    }
    return Buffer.concat(chunks).toString("utf8");
  };
  try {
    const formData = await unstable_parseMultipartFormData(request, handler);
    return problem ? { ok: false, problem, formData } : { ok: true, formData };
  } catch {
    return { ok: false, problem: problem ?? "unreadable", formData: null };
  }
}

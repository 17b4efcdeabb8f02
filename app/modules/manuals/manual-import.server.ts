/**
 * Importing a manual file as a new draft: the text goes through the same checks as the files under
 * criteria/ (strict JSON, duplicate keys, ManualFileSchema, unknown keys; every issue with JSON path
 * and line), and then becomes draft version N+1 of the manual whatever version and status the file
 * states. Also reads an upload with a byte limit, so a huge body is refused without buffering it.
 */
import { data } from "@remix-run/node";
import { canonicalManual } from "./manual-canonical.server";
import { proposedCrosswalk } from "./manual-editor";
import { checkManualText } from "./manual-files.server";
import { checkMessage, fromSchemaMessage } from "./manual-messages";
import { ManualFileSchema, type ManualFile, type ManualKey } from "./manual-schema";
import { validateCrosswalk, type ManualIssue } from "./manual-validation";

export interface CheckedImport {
  manual: ManualFile | null;
  issues: ManualIssue[];
  /** True when the file's own crosswalk did not lead from the previous version and one was proposed. */
  crosswalkProposed: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Checks an imported text and turns it into the content of draft `version` of `manualKey`. The
 * file's crosswalk is kept when the file is that very version; otherwise (or when it has none) a
 * crosswalk from `previous` is proposed by matching keys.
 */
export function checkImportText(
  text: string,
  { file, manualKey, version, previous }: { file: string; manualKey: ManualKey; version: number; previous: ManualFile | null }
): CheckedImport {
  let keepCrosswalk = false;
  let fileManual: unknown;
  const { parsed, issues, locator } = checkManualText(text, file, (raw) => {
    if (!isRecord(raw)) return raw;
    fileManual = raw.manual;
    const { publishedAt: _publishedAt, crosswalk, ...rest } = raw;
    keepCrosswalk = version > 1 && raw.version === version && crosswalk !== undefined;
    // Without a crosswalk of its own the schema would refuse a version above 1; one is proposed below.
    return { ...rest, version, status: "draft", ...(keepCrosswalk ? { crosswalk } : version > 1 ? { crosswalk: [] } : {}) };
  });
  if (typeof fileManual === "string" && fileManual !== manualKey) {
    issues.push({
      file,
      path: ["manual"],
      line: locator?.line(["manual"]),
      ...checkMessage("manuals.check.wrongManual", { manual: fileManual, target: manualKey }),
    });
  }
  if (!parsed || issues.length > 0) return { manual: null, issues, crosswalkProposed: false };
  let manual = parsed;
  const crosswalkProposed = version > 1 && !keepCrosswalk;
  if (crosswalkProposed && previous) manual = { ...manual, crosswalk: proposedCrosswalk(previous, manual) };
  if (keepCrosswalk && previous) {
    // The file's own crosswalk is checked as `npm run manuals:check` checks a draft file.
    const crosswalkIssues = validateCrosswalk(previous, manual).map((issue) => ({ file, ...issue, line: locator?.line(issue.path) }));
    if (crosswalkIssues.length > 0) return { manual: null, issues: crosswalkIssues, crosswalkProposed: false };
  }
  // The proposal only names keys of the two versions; parsing again keeps the content canonical.
  const final = ManualFileSchema.safeParse(manual);
  if (!final.success) {
    return {
      manual: null,
      issues: final.error.issues.map((issue) => {
        const at = issue.path.filter((s): s is string | number => typeof s !== "symbol");
        return { file, path: at, line: locator?.line(at), ...fromSchemaMessage(issue.message) };
      }),
      crosswalkProposed: false,
    };
  }
  return { manual: canonicalManual(final.data), issues: [], crosswalkProposed };
}

/** The request body is larger than the limit: 413, and the body is not read any further. */
export class BodyTooLargeError extends Error {}

/**
 * Reads a form body of at most `maxBytes` (by Content-Length when given, and while streaming
 * otherwise). A larger body throws BodyTooLargeError; an unreadable one answers 400.
 */
export async function readLimitedFormData(request: Request, maxBytes: number): Promise<FormData> {
  const declared = Number(request.headers.get("Content-Length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLargeError();
  if (!request.body) return new FormData();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError();
    }
    chunks.push(value);
  }
  const buffered = new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: Buffer.concat(chunks),
  });
  try {
    return await buffered.formData();
  } catch {
    throw data({ message: "unreadable form body" }, { status: 400 });
  }
}

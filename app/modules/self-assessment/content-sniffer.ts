/**
 * Which evidence files Kollega accepts, decided by their CONTENT (magic bytes and structure), never
 * by the name or the type the browser claims: PDF, PNG, JPEG, Word/Excel/PowerPoint (Office Open
 * XML, without macros) and plain UTF-8 text or CSV. Everything else — programs, archives, HTML,
 * SVG, scripts, a program renamed .pdf, an HTML page renamed .txt — is refused. Pure: bytes in,
 * verdict out.
 */

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export interface DetectedType {
  /** Stored with the file and sent as Content-Type on download. */
  mediaType: string;
  /** File-name extensions that fit the type; the first is added to a name without one of them. */
  extensions: readonly string[];
}

export type SniffResult = ({ ok: true } & DetectedType) | { ok: false; reason: "empty" | "not-allowed" };

const PDF: DetectedType = { mediaType: "application/pdf", extensions: ["pdf"] };
const PNG: DetectedType = { mediaType: "image/png", extensions: ["png"] };
const JPEG: DetectedType = { mediaType: "image/jpeg", extensions: ["jpg", "jpeg"] };
const DOCX: DetectedType = { mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extensions: ["docx"] };
const XLSX: DetectedType = { mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extensions: ["xlsx"] };
const PPTX: DetectedType = { mediaType: "application/vnd.openxmlformats-officedocument.presentationml.presentation", extensions: ["pptx"] };
const CSV: DetectedType = { mediaType: "text/csv; charset=utf-8", extensions: ["csv"] };
const TEXT: DetectedType = { mediaType: "text/plain; charset=utf-8", extensions: ["txt", "md", "csv", "tsv", "text"] };

/** What the upload field's `accept` attribute offers (a hint for the file picker; the server decides). */
/** Every media type an upload can be stored with (what sniffContentType answers). */
export const STORED_MEDIA_TYPES: ReadonlySet<string> = new Set([PDF, PNG, JPEG, DOCX, XLSX, PPTX, CSV, TEXT].map((t) => t.mediaType));

/**
 * The Content-Type a download is served with: the stored type when it is one an upload can have,
 * else application/octet-stream. Defence in depth: a row with any other type (written by hand, or
 * by an older version) is never served as HTML or script, even though downloads are attachments.
 */
export function downloadContentType(storedMediaType: string | null): string {
  return storedMediaType && STORED_MEDIA_TYPES.has(storedMediaType) ? storedMediaType : "application/octet-stream";
}

export const ACCEPT_ATTRIBUTE = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.txt,.csv,application/pdf,image/png,image/jpeg,text/plain,text/csv";

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  if (bytes.length < signature.length) return false;
  return signature.every((b, i) => bytes[i] === b);
}

/**
 * The file's type, or why it is refused. `fileName` only chooses between plain text and CSV for a
 * text file; it never makes a file acceptable.
 */
export function sniffContentType(bytes: Uint8Array, fileName = ""): SniffResult {
  if (bytes.length === 0) return { ok: false, reason: "empty" };
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { ok: true, ...PDF }; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ok: true, ...PNG };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { ok: true, ...JPEG };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const office = officeType(bytes);
    return office ? { ok: true, ...office } : { ok: false, reason: "not-allowed" };
  }
  if (isSafePlainText(bytes)) {
    return { ok: true, ...(/\.csv$/i.test(fileName.trim()) ? CSV : TEXT) };
  }
  return { ok: false, reason: "not-allowed" };
}

/** The names in a ZIP archive's central directory, or null when it is not a well-formed archive. */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  // The end-of-central-directory record is 22 bytes plus a comment of at most 65535 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  // ZIP64 markers: an Office document under the size limit never needs them.
  if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff) return null;
  if (offset + size > eocd) return null;
  const decoder = new TextDecoder("utf-8");
  const names: string[] = [];
  let p = offset;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > offset + size || view.getUint32(p, true) !== CENTRAL) return null;
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const end = p + 46 + nameLength;
    if (end > offset + size) return null;
    names.push(decoder.decode(bytes.subarray(p + 46, end)));
    p = end + extraLength + commentLength;
  }
  return names;
}

/** A Word, Excel or PowerPoint document (Office Open XML) without macros, else null. */
function officeType(bytes: Uint8Array): DetectedType | null {
  const names = zipEntryNames(bytes);
  if (!names || !names.includes("[Content_Types].xml")) return null;
  // Macro projects and embedded ActiveX make a document executable: refuse them.
  if (names.some((name) => /(^|\/)vbaProject\.bin$/i.test(name) || /(^|\/)activeX\//i.test(name))) return null;
  if (names.includes("word/document.xml")) return DOCX;
  if (names.includes("xl/workbook.xml")) return XLSX;
  if (names.includes("ppt/presentation.xml")) return PPTX;
  return null;
}

/**
 * Text that cannot turn into active content: valid UTF-8, no NUL or other control characters
 * than tab, line breaks and form feed, no script shebang and nothing that looks like HTML, SVG
 * or XML markup (a browser might render or run it if it were ever opened inline).
 */
export function isSafePlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return false;
  }
  // Control characters: C0 except \t \n \f \r, DEL and C1.
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/.test(text)) return false;
  if (text.trimStart().startsWith("#!")) return false;
  return !LOOKS_LIKE_MARKUP.test(text);
}

const LOOKS_LIKE_MARKUP = new RegExp(
  [
    // Declarations and server-side code: <!DOCTYPE, <?xml, <?php, <% … %>.
    String.raw`<\s*(?:!doctype|\?xml|\?php|%)`,
    // Opening or closing tags of elements that render or run: <script>, </svg>, <img src=…>, <svg:svg>.
    String.raw`<\s*\/?\s*(?:[a-z]+:)?(?:html|head|body|script|svg|iframe|frame|frameset|object|embed|applet|meta|link|style|base|form|img|math|template|xml|xsl)(?=[\s/>]|$)`,
  ].join("|"),
  "i",
);

/** The extension of a file name, lower-case, without the dot ("" when none). */
export function extensionOf(fileName: string): string {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(fileName);
  return match ? match[1]!.toLowerCase() : "";
}

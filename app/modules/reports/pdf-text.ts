/**
 * Text for the PDF reports, which use the PDF standard fonts (Helvetica, Courier: nothing to
 * embed, small files, byte-stable output — decision 010). Those fonts are encoded in WinAnsi
 * (Windows-1252): Swedish, Finnish and most Western European letters, the curly quotes and
 * dashes of the manual texts, € • … are in it; ≥, →, Sami č/đ/ŋ/ŧ, Cyrillic, emoji and other
 * symbols are not, and pdfkit would draw garbage for them. Every string that goes into a PDF
 * passes through `pdfText` first, so no user's text can break a report:
 *
 * 1. NFC, so "e" + combining acute becomes "é";
 * 2. per grapheme (what a reader sees as one character; emoji sequences stay one): kept when it
 *    is in WinAnsi; else a known replacement (≥ → ">=", − → "-", narrow no-break space → no-break
 *    space …); else the letter without its accents when that is in WinAnsi (č → c, ő → o);
 *    else "?" — one per grapheme, so a family emoji is one "?";
 * 3. control characters (except line breaks) and invisible format characters are dropped, tabs
 *    become spaces.
 *
 * Pure.
 */

/** Code points of Windows-1252's 0x80–0x9F range that the standard fonts can draw. */
const WIN_ANSI_EXTRAS = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
  0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178,
]);

export function isWinAnsi(codePoint: number): boolean {
  return (codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa0 && codePoint <= 0xff) || WIN_ANSI_EXTRAS.has(codePoint);
}

/** Replacements for characters outside WinAnsi that have a plain equivalent. */
const REPLACEMENTS: Record<string, string> = {
  "≥": ">=",
  "≤": "<=",
  "≠": "!=",
  "≈": "~",
  "−": "-", // minus sign (Intl uses it for negative numbers)
  "‐": "-",
  "‑": "-",
  "‒": "–",
  "―": "—",
  "→": "->",
  "←": "<-",
  "↔": "<->",
  "⇒": "=>",
  "⇐": "<=",
  "′": "'",
  "″": '"',
  "‛": "‘",
  "‟": "“",
  "⁄": "/",
  "∕": "/",
  "∙": "·",
  "◦": "•",
  "▪": "•",
  "■": "•",
  "●": "•",
  "✓": "v",
  "✔": "v",
  "✗": "x",
  "✘": "x",
  "ł": "l",
  "Ł": "L",
  "đ": "d",
  "Đ": "D",
  "ŋ": "n",
  "Ŋ": "N",
  "ŧ": "t",
  "Ŧ": "T",
  "ħ": "h",
  "Ħ": "H",
  "ı": "i",
  "ĸ": "k",
  "ʼ": "’",
};

/** Spaces of other widths: a no-break space keeps "50 %" together, a plain one breaks. */
const NO_BREAK_SPACES = new Set([0x202f, 0x2007]);
const SPACES = new Set([0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2008, 0x2009, 0x200a, 0x205f, 0x3000, 0x1680]);
/** Invisible characters (format characters such as zero-width spaces, joiners, BOM, direction marks; variation selectors). */
const INVISIBLE = /[\p{Cf}\ufe00-\ufe0f]/gu;

const segmenter = new Intl.Segmenter("sv", { granularity: "grapheme" });

/** Line feeds are kept as they are: the PDF text breaks the line there. */
function allWinAnsi(text: string): boolean {
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    if (codePoint !== 0x0a && !isWinAnsi(codePoint)) return false;
  }
  return true;
}

function mapGrapheme(grapheme: string): string {
  if (grapheme === "\n" || grapheme === "\r\n" || grapheme === "\r") return "\n";
  if (grapheme === "\t") return " ";
  if (allWinAnsi(grapheme)) return grapheme;
  const first = grapheme.codePointAt(0)!;
  if (first < 0x20 || (first >= 0x7f && first < 0xa0)) return "";
  // Invisible characters (zero-width spaces and joiners, BOM, direction marks, variation
  // selectors) carry no text: without them the grapheme may be plain text again.
  const visible = grapheme.replace(INVISIBLE, "");
  if (visible === "") return "";
  if (allWinAnsi(visible)) return visible;
  const only = visible.codePointAt(0)!;
  if (visible.length <= 2 && String.fromCodePoint(only) === visible) {
    if (NO_BREAK_SPACES.has(only)) return "\u00a0";
    if (SPACES.has(only)) return " ";
  }
  const replacement = REPLACEMENTS[visible];
  if (replacement !== undefined) return replacement;
  // A letter with accents outside WinAnsi: the base letter (and any accent WinAnsi has).
  const stripped = visible.normalize("NFD").replace(/\p{M}+/gu, "").normalize("NFC");
  if (stripped.length > 0 && allWinAnsi(stripped)) return stripped;
  const strippedReplacement = REPLACEMENTS[stripped];
  if (strippedReplacement !== undefined) return strippedReplacement;
  return "?";
}

/** The text with every character the PDF standard fonts cannot draw replaced (see above). */
export function pdfText(text: string): string {
  const normalised = text.normalize("NFC");
  if (allWinAnsi(normalised)) return normalised;
  let out = "";
  for (const { segment } of segmenter.segment(normalised)) out += mapGrapheme(segment);
  return out;
}

/**
 * A copy of plain data (objects, arrays, strings, numbers …) with every string passed through
 * `pdfText`: the PDF documents get their data through this, so no field can be forgotten.
 */
export function pdfSafe<T>(value: T): T {
  if (typeof value === "string") return pdfText(value) as T;
  if (Array.isArray(value)) return value.map((item) => pdfSafe(item)) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, pdfSafe(v)])) as T;
  }
  return value;
}

/** Numbers on the national page in the reader's language (decimal comma in Swedish). Pure. */
import type { Locale } from "#db/schema";

const TAGS: Record<Locale, string> = { sv: "sv-SE", en: "en-GB" };
const decimalFormats = new Map<string, Intl.NumberFormat>();

export function formatDecimal(locale: Locale, value: number, digits = 1): string {
  const key = `${locale}:${digits}`;
  let format = decimalFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(TAGS[locale], { minimumFractionDigits: digits, maximumFractionDigits: digits });
    decimalFormats.set(key, format);
  }
  return format.format(value);
}

/** A share 0–1 as a whole percentage ("50 %" in Swedish, "50%" in English). */
export function formatShare(locale: Locale, share: number): string {
  return new Intl.NumberFormat(TAGS[locale], { style: "percent", maximumFractionDigits: 0 }).format(share);
}

/** "0, 1 eller 2" / "0, 1 or 2". */
export function joinOr(items: readonly string[], or: string): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${or} ${items[items.length - 1]}`;
}

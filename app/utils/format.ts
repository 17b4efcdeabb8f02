/** Dates the Swedish way (ISO dates, 24-hour times) in Europe/Stockholm, for both languages. */
const dateTime = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm", dateStyle: "short", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm", dateStyle: "short" });

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : "";
}

/** A stored date (YYYY-MM-DD) or timestamp shown as a date. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return "";
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : dateOnly.format(new Date(value));
}

/** Today's date in Stockholm, for deadlines. */
export function todayInStockholm(now = new Date()): string {
  return dateOnly.format(now);
}

/**
 * The good-practice library ("en samlad kunskapsbas"): the strengths recorded in published
 * reviews, taken from their frozen snapshots so that an entry never changes after publication.
 * Pure: extracting entries from a snapshot (internal strengths are dropped here, for everyone),
 * parsing and checking the query of /good-practice, filtering, sorting, paging and grouping.
 */
import { z } from "zod";
import type { MessageKey } from "~/i18n/sv";
import { MANUAL_KEYS, type ManualKey } from "~/modules/manuals/manual-schema";

export const PAGE_SIZE = 50;
export const MAX_TEXT_LENGTH = 200;

export interface LibraryCriterion {
  key: string;
  number: string;
  position: number;
  dimensionKey: string;
  textSv: string;
  textEn: string;
}

export interface LibraryEntry {
  strengthId: number;
  reviewId: number;
  text: string;
  unit: { id: number; code: string; nameSv: string; nameEn: string };
  round: { id: number; name: string; periodStart: string };
  manual: { key: ManualKey; version: number };
  /** null: a strength the team did not tie to a criterion. */
  criterion: LibraryCriterion | null;
  publishedAt: string;
}

/** The parts of a stored snapshot the library reads; checked field by field, never trusted blindly. */
interface SnapshotLike {
  reviewId?: unknown;
  unit?: { id?: unknown; code?: unknown; nameSv?: unknown; nameEn?: unknown };
  round?: { id?: unknown; name?: unknown; periodStart?: unknown };
  manual?: { key?: unknown; version?: unknown };
  criteria?: unknown;
  strengths?: unknown;
  publishedAt?: unknown;
}

const str = (v: unknown): v is string => typeof v === "string";
const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * The library entries of one published review. Internal strengths never leave this function:
 * the library is the shared space, so they are left out for every reader, the team included.
 * A snapshot that lacks the expected shape gives no entries rather than an error.
 */
export function entriesFromSnapshot(reviewId: number, snapshot: unknown): LibraryEntry[] {
  const s = (snapshot ?? {}) as SnapshotLike;
  const unit = s.unit;
  const round = s.round;
  const manual = s.manual;
  if (!unit || !round || !manual || !Array.isArray(s.strengths)) return [];
  if (!num(unit.id) || !str(unit.code) || !str(unit.nameSv) || !str(unit.nameEn)) return [];
  if (!num(round.id) || !str(round.name) || !str(round.periodStart)) return [];
  if (!str(manual.key) || !(MANUAL_KEYS as readonly string[]).includes(manual.key) || !num(manual.version)) return [];
  const criteria = new Map<string, LibraryCriterion>();
  for (const c of Array.isArray(s.criteria) ? (s.criteria as Record<string, unknown>[]) : []) {
    if (str(c.key) && str(c.number) && num(c.position) && str(c.dimensionKey) && str(c.textSv) && str(c.textEn)) {
      criteria.set(c.key, { key: c.key, number: c.number, position: c.position, dimensionKey: c.dimensionKey, textSv: c.textSv, textEn: c.textEn });
    }
  }
  const entries: LibraryEntry[] = [];
  for (const raw of s.strengths as Record<string, unknown>[]) {
    if (!raw || raw.internal !== false || !num(raw.id) || !str(raw.text)) continue;
    entries.push({
      strengthId: raw.id,
      reviewId,
      text: raw.text,
      unit: { id: unit.id, code: unit.code, nameSv: unit.nameSv, nameEn: unit.nameEn },
      round: { id: round.id, name: round.name, periodStart: round.periodStart },
      manual: { key: manual.key as ManualKey, version: manual.version },
      criterion: str(raw.criterionKey) ? (criteria.get(raw.criterionKey) ?? null) : null,
      publishedAt: str(s.publishedAt) ? s.publishedAt : "",
    });
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------
// The query

export const LIBRARY_FIELDS = ["manual", "dimension", "criterion", "unit", "q", "page"] as const;
export type LibraryField = (typeof LIBRARY_FIELDS)[number];

/** A manual version in the address: `county-v1`, `resource-centre-v2`. */
export function manualParam(manual: { key: string; version: number }): string {
  return `${manual.key}-v${manual.version}`;
}

const ManualParamSchema = z
  .string()
  .regex(new RegExp(`^(${MANUAL_KEYS.join("|")})-v([1-9]\\d{0,5})$`), "library.error.manual")
  .transform((value) => {
    const match = /^(.+)-v(\d+)$/.exec(value)!;
    return { key: match[1] as ManualKey, version: Number(match[2]) };
  });
const KeySchema = (message: MessageKey) => z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, message).max(100, message);

const QuerySchema = z.object({
  manual: ManualParamSchema.optional(),
  dimension: KeySchema("library.error.dimension").optional(),
  criterion: KeySchema("library.error.criterion").optional(),
  unit: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/, "library.error.unit").optional(),
  q: z.string().max(MAX_TEXT_LENGTH, "library.error.text").optional(),
  page: z.string().regex(/^[1-9]\d{0,4}$/, "library.error.page").transform(Number).optional(),
});

export interface LibraryQuery {
  manual: { key: ManualKey; version: number } | null;
  dimension: string | null;
  criterion: string | null;
  unit: string | null;
  q: string | null;
  page: number;
}

/** What the query is checked against: the manual versions with their dimension and criterion keys, the unit codes. */
export interface LibraryCatalogue {
  manuals: { key: ManualKey; version: number; dimensionKeys: readonly string[]; criterionKeys: readonly string[] }[];
  unitCodes: ReadonlySet<string>;
}

export type LibraryErrors = Partial<Record<LibraryField, MessageKey>>;

export type LibraryQueryResult =
  | { ok: true; query: LibraryQuery }
  /** `values` are the raw values, to fill the form in again beside the messages. */
  | { ok: false; errors: LibraryErrors; values: Partial<Record<LibraryField, string>> };

/**
 * Parses the query string of /good-practice. Empty values mean "all". Form errors name the field
 * they belong to: malformed values, a repeated parameter, a manual version, dimension, criterion
 * or unit that does not exist, or a dimension or criterion without a manual version.
 */
export function parseLibraryQuery(search: URLSearchParams, catalogue: LibraryCatalogue): LibraryQueryResult {
  const values: Partial<Record<LibraryField, string>> = {};
  const errors: LibraryErrors = {};
  const raw: Partial<Record<LibraryField, string>> = {};
  for (const field of LIBRARY_FIELDS) {
    const all = search.getAll(field);
    const value = all[0]?.trim() ?? "";
    values[field] = (all[0] ?? "").slice(0, MAX_TEXT_LENGTH + 50);
    if (all.length > 1) errors[field] = field === "q" ? "library.error.text" : (`library.error.${field}` as MessageKey);
    else if (value !== "") raw[field] = value;
  }
  const parsed = QuerySchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as LibraryField;
      errors[field] ??= issue.message as MessageKey;
    }
  }
  const data = parsed.success ? parsed.data : ({} as z.infer<typeof QuerySchema>);
  const manual = data.manual ?? null;
  const known = manual ? catalogue.manuals.find((m) => m.key === manual.key && m.version === manual.version) : undefined;
  if (manual && !known) errors.manual ??= "library.error.manualUnknown";
  if (data.dimension && !errors.dimension) {
    if (!manual) errors.dimension = "library.error.needsManual";
    else if (known && !known.dimensionKeys.includes(data.dimension)) errors.dimension = "library.error.dimensionUnknown";
  }
  if (data.criterion && !errors.criterion) {
    if (!manual) errors.criterion = "library.error.needsManual";
    else if (known && !known.criterionKeys.includes(data.criterion)) errors.criterion = "library.error.criterionUnknown";
  }
  if (data.unit && !errors.unit && !catalogue.unitCodes.has(data.unit)) errors.unit = "library.error.unitUnknown";
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return {
    ok: true,
    query: {
      manual,
      dimension: data.dimension ?? null,
      criterion: data.criterion ?? null,
      unit: data.unit ?? null,
      q: data.q ?? null,
      page: data.page ?? 1,
    },
  };
}

/** The query string of a library page (form state and paging links), without empty filters. */
export function librarySearch(query: Omit<LibraryQuery, "page"> & { page?: number }): string {
  const params = new URLSearchParams();
  if (query.manual) params.set("manual", manualParam(query.manual));
  if (query.dimension) params.set("dimension", query.dimension);
  if (query.criterion) params.set("criterion", query.criterion);
  if (query.unit) params.set("unit", query.unit);
  if (query.q) params.set("q", query.q);
  if (query.page && query.page > 1) params.set("page", String(query.page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

// ---------------------------------------------------------------------------------------------
// Filtering, order, pages and groups

/** Lower case with Swedish rules and without surrounding space, for case-insensitive matching. */
function fold(text: string) {
  return text.toLocaleLowerCase("sv-SE");
}

/**
 * The entries matching every given filter. Free text matches the strength, the criterion's text
 * in either language, its reading number or key, and the unit's name or code.
 */
export function filterEntries(entries: readonly LibraryEntry[], query: Omit<LibraryQuery, "page">): LibraryEntry[] {
  const needle = query.q ? fold(query.q) : null;
  return entries.filter((e) => {
    if (query.manual && (e.manual.key !== query.manual.key || e.manual.version !== query.manual.version)) return false;
    if (query.dimension && e.criterion?.dimensionKey !== query.dimension) return false;
    if (query.criterion && e.criterion?.key !== query.criterion) return false;
    if (query.unit && e.unit.code !== query.unit) return false;
    if (needle) {
      const haystack = [e.text, e.unit.nameSv, e.unit.nameEn, e.unit.code, e.criterion?.textSv, e.criterion?.textEn, e.criterion?.key, e.criterion?.number];
      if (!haystack.some((text) => text && fold(text).includes(needle))) return false;
    }
    return true;
  });
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Reading order: manual (the manuals' fixed order), newest version first; within a version by the
 * criterion's position (strengths without a criterion last), then unit code, newest round first,
 * then the strength's id so the order is total and paging stable.
 */
export function sortEntries(entries: readonly LibraryEntry[]): LibraryEntry[] {
  return [...entries].sort(
    (a, b) =>
      MANUAL_KEYS.indexOf(a.manual.key) - MANUAL_KEYS.indexOf(b.manual.key) ||
      b.manual.version - a.manual.version ||
      (a.criterion?.position ?? Number.MAX_SAFE_INTEGER) - (b.criterion?.position ?? Number.MAX_SAFE_INTEGER) ||
      byText(a.unit.code, b.unit.code) ||
      byText(b.round.periodStart, a.round.periodStart) ||
      a.strengthId - b.strengthId,
  );
}

export interface LibraryPage<T> {
  items: T[];
  page: number;
  pages: number;
  total: number;
  /** 1-based positions of the first and last item shown (0 when there is none). */
  from: number;
  to: number;
}

/** One page of at most `size` items; a page past the end shows the last page. */
export function paginate<T>(items: readonly T[], page: number, size = PAGE_SIZE): LibraryPage<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(Math.max(1, page), pages);
  const start = (current - 1) * size;
  const shown = items.slice(start, start + size);
  return { items: shown, page: current, pages, total: items.length, from: shown.length ? start + 1 : 0, to: start + shown.length };
}

export interface LibraryGroup {
  /** Unique per manual version and criterion. */
  id: string;
  manual: { key: ManualKey; version: number };
  criterion: LibraryCriterion | null;
  entries: LibraryEntry[];
}

/** Consecutive entries of one manual version and criterion under one heading (input in reading order). */
export function groupEntries(entries: readonly LibraryEntry[]): LibraryGroup[] {
  const groups: LibraryGroup[] = [];
  for (const entry of entries) {
    const id = `${manualParam(entry.manual)}:${entry.criterion?.key ?? "-"}`;
    const last = groups[groups.length - 1];
    if (last?.id === id) last.entries.push(entry);
    else groups.push({ id, manual: entry.manual, criterion: entry.criterion, entries: [entry] });
  }
  return groups;
}

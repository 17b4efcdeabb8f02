/**
 * Reads the good-practice library from the database: the strengths of every published review,
 * taken from its frozen snapshot (./library.ts drops internal strengths), the manual versions and
 * units the filters offer, and which reports the viewer may open.
 *
 * Only reviews in stage `published` with a stored snapshot count; a review in any earlier stage
 * contributes nothing. A published snapshot never changes (a database trigger refuses it), so
 * the entries are cached per review id and snapshot hash.
 */
import type { AppDatabase } from "#db/connection";
import type { CurrentUser } from "~/modules/users/users.server";
import { ManualFileSchema, MANUAL_KEYS, type ManualKey } from "~/modules/manuals/manual-schema";
import { criterionNumbers, dimensionNumber } from "~/modules/manuals/manual-view";
import { reviewAccess } from "~/modules/reviews/access";
import { entriesFromSnapshot, type LibraryCatalogue, type LibraryEntry } from "./library";

const entryCache = new Map<string, LibraryEntry[]>();

/** Every library entry of every published review (internal strengths already left out). */
export async function loadLibraryEntries(db: AppDatabase): Promise<LibraryEntry[]> {
  const reviews = await db
    .selectFrom("reviews")
    .select(["id", "snapshot_hash"])
    .where("stage", "=", "published")
    .where("snapshot_json", "is not", null)
    .where("snapshot_hash", "is not", null)
    .orderBy("id")
    .execute();
  const cacheKey = (r: { id: number; snapshot_hash: string | null }) => `${r.id}:${r.snapshot_hash}`;
  const missing = reviews.filter((r) => !entryCache.has(cacheKey(r))).map((r) => r.id);
  // Read the (large) snapshot texts only for reviews not seen before, in batches.
  for (let i = 0; i < missing.length; i += 200) {
    const rows = await db
      .selectFrom("reviews")
      .select(["id", "snapshot_hash", "snapshot_json"])
      .where("id", "in", missing.slice(i, i + 200))
      .where("stage", "=", "published")
      .execute();
    for (const row of rows) {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(row.snapshot_json ?? "null");
      } catch {
        parsed = null;
      }
      entryCache.set(cacheKey(row), entriesFromSnapshot(row.id, parsed));
    }
  }
  if (entryCache.size > 20_000) entryCache.clear();
  return reviews.flatMap((r) => entryCache.get(cacheKey(r)) ?? []);
}

export interface LibraryManualOption {
  key: ManualKey;
  version: number;
  titleSv: string;
  titleEn: string;
  dimensions: { key: string; number: string; titleSv: string; titleEn: string }[];
  criteria: { key: string; number: string; dimensionKey: string; textSv: string; textEn: string }[];
}

/** The published manual versions that published reviews used, with their dimensions and criteria (filter lists). */
export async function listLibraryManuals(db: AppDatabase): Promise<LibraryManualOption[]> {
  const rows = await db
    .selectFrom("manual_versions")
    .select(["id", "manual_key", "version", "title_sv", "title_en", "content_json"])
    .where("status", "=", "published")
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("rounds")
          .innerJoin("reviews", "reviews.round_id", "rounds.id")
          .whereRef("rounds.manual_version_id", "=", "manual_versions.id")
          .where("reviews.stage", "=", "published")
          .select("reviews.id"),
      ),
    )
    .execute();
  return rows
    .map((row) => {
      const manual = ManualFileSchema.parse(JSON.parse(row.content_json));
      const numbers = criterionNumbers(manual);
      return {
        key: row.manual_key,
        version: row.version,
        titleSv: row.title_sv,
        titleEn: row.title_en,
        dimensions: manual.dimensions.map((d, i) => ({ key: d.key, number: dimensionNumber(manual, i), titleSv: d.title.sv, titleEn: d.title.en })),
        criteria: manual.dimensions.flatMap((d) =>
          d.criteria.map((c) => ({ key: c.key, number: numbers.get(c.key)!, dimensionKey: d.key, textSv: c.text.sv, textEn: c.text.en })),
        ),
      };
    })
    .sort((a, b) => MANUAL_KEYS.indexOf(a.key) - MANUAL_KEYS.indexOf(b.key) || b.version - a.version);
}

export interface LibraryUnitOption {
  code: string;
  nameSv: string;
  nameEn: string;
}

/** Every unit (codes to check the filter against; the form offers those with entries). */
export async function listUnits(db: AppDatabase): Promise<LibraryUnitOption[]> {
  const rows = await db.selectFrom("units").select(["code", "name_sv", "name_en"]).orderBy("code").execute();
  return rows.map((r) => ({ code: r.code, nameSv: r.name_sv, nameEn: r.name_en }));
}

export function libraryCatalogue(manuals: readonly LibraryManualOption[], units: readonly LibraryUnitOption[]): LibraryCatalogue {
  return {
    manuals: manuals.map((m) => ({ key: m.key, version: m.version, dimensionKeys: m.dimensions.map((d) => d.key), criterionKeys: m.criteria.map((c) => c.key) })),
    unitCodes: new Set(units.map((u) => u.code)),
  };
}

/**
 * The reviews among `reviewIds` whose published report the viewer may open — the same rule as
 * the report page (access.ts: canReadPublishedReport: team, the unit's contacts, coordinator,
 * advisor), so the library never links to a page that answers 404.
 */
export async function readableReports(db: AppDatabase, viewer: CurrentUser, reviewIds: readonly number[]): Promise<Set<number>> {
  if (reviewIds.length === 0) return new Set();
  const ids = [...new Set(reviewIds)];
  const reviews = await db.selectFrom("reviews").select(["id", "unit_id", "stage"]).where("id", "in", ids).execute();
  const members = await db.selectFrom("review_team_members").select(["review_id", "user_id", "is_lead"]).where("review_id", "in", ids).execute();
  const readable = new Set<number>();
  for (const review of reviews) {
    const team = members.filter((m) => m.review_id === review.id);
    const access = reviewAccess(
      { userId: viewer.id, roles: viewer.roles, homeUnitId: viewer.homeUnit.id },
      {
        unitId: review.unit_id,
        stage: review.stage,
        teamMemberIds: team.map((m) => m.user_id),
        leadId: team.find((m) => m.is_lead === 1)?.user_id ?? null,
        submittedReviewerIds: [],
      },
    );
    if (access.canReadPublishedReport) readable.add(review.id);
  }
  return readable;
}

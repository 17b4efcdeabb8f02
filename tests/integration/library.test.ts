/**
 * The good-practice library (/good-practice): every signed-in role reads the non-internal
 * strengths of published reviews; internal strengths and unpublished reviews never appear; the
 * filters work; bad query values answer 400 with the message on their field; report links only
 * for those who may read the report.
 */
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { loader as calibrationLoader } from "~/routes/manuals.$manual.calibration";
import { loader } from "~/routes/good-practice";
import { getDb } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { INTERNAL_SECRET, feedbackFixture, publishedFixture } from "../feedback-fixtures";
import { DEMO, callLoader, sessionCookieFor } from "../route";

beforeEach(() => {
  useFreshDatabase();
});

const ALL = Object.values(DEMO);

type Entry = { text: string; reviewId: number; unit: { code: string }; canReadReport: boolean; criterion: { key: string; number: string } | null };
function entriesOf(data: { groups: { entries: Entry[] }[] }): Entry[] {
  return data.groups.flatMap((g) => g.entries);
}

async function insertStrength(reviewId: number, text: string, internal: 0 | 1, criterionId: number | null = null) {
  const now = new Date().toISOString();
  await getDb().insertInto("strengths").values({ review_id: reviewId, criterion_id: criterionId, text, internal, created_by: null, created_at: now, updated_at: now }).execute();
}

describe("/good-practice", () => {
  it("sends anonymous visitors to the login page", async () => {
    const result = await callLoader(loader, { path: "/good-practice?q=x" });
    expect(result.status).toBe(302);
    expect(result.location).toBe(`/login?${new URLSearchParams({ redirectTo: "/good-practice?q=x" })}`);
  });

  it("says so when nothing is published yet", async () => {
    const result = await callLoader(loader, { path: "/good-practice", as: DEMO.reviewer });
    expect(result.status).toBe(200);
    expect(result.data.empty).toBe(true);
    expect(result.data.groups).toEqual([]);
  });

  it("shows every role the non-internal strengths of published reviews, never internal or unpublished ones", async () => {
    const published = await publishedFixture();
    // An unpublished review (feedback stage) with a strength of its own.
    const draft = await feedbackFixture({ unitCode: "12" });
    await insertStrength(draft.reviewId, "OPUBLICERAD-STYRKA", 0);
    for (const email of ALL) {
      const result = await callLoader(loader, { path: "/good-practice", as: email });
      expect(result.status, email).toBe(200);
      const entries = entriesOf(result.data);
      expect(entries.map((e) => e.text), email).toEqual(["Tydlig ledning."]);
      expect(entries[0]!.reviewId).toBe(published.reviewId);
      expect(entries[0]!.criterion).toMatchObject({ key: published.criteria[0]!.key, number: "1.1" });
      const text = JSON.stringify(result.data);
      expect(text, email).not.toContain(INTERNAL_SECRET);
      expect(text, email).not.toContain("OPUBLICERAD-STYRKA");
    }
  });

  it("reads the frozen snapshot: a strength changed in the table after publication does not show", async () => {
    const published = await publishedFixture();
    // The app refuses such a change; even if the row changed, the library reads the snapshot.
    await getDb().updateTable("strengths").set({ text: "ÄNDRAD EFTER PUBLICERING", internal: 0 }).where("review_id", "=", published.reviewId).execute();
    const result = await callLoader(loader, { path: "/good-practice", as: DEMO.advisor });
    expect(entriesOf(result.data).map((e) => e.text)).toEqual(["Tydlig ledning."]);
    expect(JSON.stringify(result.data)).not.toContain(INTERNAL_SECRET);
  });

  it("links to the report only for those who may read it", async () => {
    await publishedFixture();
    const readers: string[] = [DEMO.coordinator, DEMO.advisor, DEMO.reviewer, DEMO.reviewerSkane, DEMO.unitContact];
    for (const email of ALL) {
      const result = await callLoader(loader, { path: "/good-practice", as: email });
      expect(entriesOf(result.data)[0]!.canReadReport, email).toBe(readers.includes(email));
    }
  });

  it("filters by manual version, dimension, criterion, unit and free text", async () => {
    const uppsala = await publishedFixture();
    const skane = await publishedFixture({ unitCode: "12" });
    const [first, , third] = uppsala.criteria;
    await insertStrength(skane.reviewId, "placeholder", 0); // not in the snapshot: added after publication
    const texts = async (query: string) => {
      const result = await callLoader(loader, { path: `/good-practice${query}`, as: DEMO.unitContactStockholm });
      expect(result.status, query).toBe(200);
      return entriesOf(result.data).map((e) => `${e.unit.code}:${e.text}`);
    };
    expect(await texts("")).toEqual(["03:Tydlig ledning.", "12:Tydlig ledning."]);
    expect(await texts("?unit=12")).toEqual(["12:Tydlig ledning."]);
    expect(await texts(`?manual=county-v1&criterion=${first!.key}`)).toEqual(["03:Tydlig ledning.", "12:Tydlig ledning."]);
    expect(await texts(`?manual=county-v1&criterion=${third!.key}`)).toEqual([]);
    const dimension = await getDb().selectFrom("manual_criteria").select("dimension_key").where("id", "=", first!.id).executeTakeFirstOrThrow();
    const otherDimension = await getDb().selectFrom("manual_criteria").select("dimension_key").where("manual_version_id", "=", uppsala.manualVersionId).where("dimension_key", "!=", dimension.dimension_key).executeTakeFirstOrThrow();
    expect(await texts(`?manual=county-v1&dimension=${dimension.dimension_key}`)).toHaveLength(2);
    expect(await texts(`?manual=county-v1&dimension=${otherDimension.dimension_key}`)).toEqual([]);
    expect(await texts("?q=TYDLIG")).toHaveLength(2);
    expect(await texts("?q=Sk%C3%A5ne")).toEqual(["12:Tydlig ledning."]);
    expect(await texts("?q=placeholder")).toEqual([]);
  });

  it("answers bad values with 400 and the message on the field, keeping the form", async () => {
    await publishedFixture();
    const cases: [string, string, string][] = [
      ["?manual=county", "manual", "library.error.manual"],
      ["?manual=county-v7", "manual", "library.error.manualUnknown"],
      ["?criterion=politiskt-forum", "criterion", "library.error.needsManual"],
      ["?manual=county-v1&criterion=finns-inte", "criterion", "library.error.criterionUnknown"],
      ["?manual=county-v1&dimension=%3Cb%3E", "dimension", "library.error.dimension"],
      ["?unit=99", "unit", "library.error.unitUnknown"],
      [`?q=${"x".repeat(300)}`, "q", "library.error.text"],
      ["?page=abc", "page", "library.error.page"],
      ["?unit=01&unit=03", "unit", "library.error.unit"],
    ];
    for (const [query, field, messageKey] of cases) {
      const result = await callLoader(loader, { path: `/good-practice${query}`, as: DEMO.reviewer });
      expect(result.status, query).toBe(400);
      expect(result.thrown, query).toBe(false);
      expect(result.data.errors, query).toEqual({ [field]: messageKey });
      expect(result.data.form.manuals.length, query).toBeGreaterThan(0);
    }
    // The criterion list follows the chosen manual even when the query is refused.
    const refused = await callLoader(loader, { path: "/good-practice?manual=county-v1&criterion=finns-inte", as: DEMO.reviewer });
    expect(refused.data.form.criteria).toHaveLength(23);
  });

  it("pages by 50", async () => {
    const published = await publishedFixture();
    // Strengths are read from the snapshot, and a published snapshot cannot be changed (trigger):
    // a second published review carries a copy of it with 60 more strengths.
    const db = getDb();
    const row = await db.selectFrom("reviews").select(["snapshot_json", "round_id"]).where("id", "=", published.reviewId).executeTakeFirstOrThrow();
    const snapshot = JSON.parse(row.snapshot_json!);
    for (let i = 0; i < 60; i++) snapshot.strengths.push({ id: 10_000 + i, text: `Extra ${i}`, criterionKey: null, internal: false });
    const unit = await db.selectFrom("units").select("id").where("code", "=", "14").executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    await db
      .insertInto("reviews")
      .values({ round_id: row.round_id, unit_id: unit.id, stage: "published", published_at: now, snapshot_json: JSON.stringify(snapshot), snapshot_hash: "copy", created_at: now, updated_at: now })
      .execute();
    const first = await callLoader(loader, { path: "/good-practice", as: DEMO.reviewer });
    expect(first.data.hits).toMatchObject({ page: 1, pages: 2, total: 62, from: 1, to: 50 });
    const second = await callLoader(loader, { path: "/good-practice?page=2", as: DEMO.reviewer });
    expect(second.data.hits).toMatchObject({ page: 2, total: 62, from: 51, to: 62 });
    expect(entriesOf(second.data)).toHaveLength(12);
  });
});

describe("hostile queries", () => {
  it("never answer 5xx on the library or the calibration page", async () => {
    await publishedFixture();
    const cookie = await sessionCookieFor(DEMO.editor);
    const value = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom("", "county-v1", "county-v0", "national-v99999999", "<script>", "' OR 1=1 --", "\u0000", "1e309", "-1", "𝕂".repeat(300), "politiskt-forum"),
    );
    const field = fc.constantFrom("manual", "dimension", "criterion", "unit", "q", "page", "version", "other");
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(field, value), { maxLength: 6 }), async (pairs) => {
        const query = new URLSearchParams(pairs).toString();
        const library = await callLoader(loader, { path: `/good-practice?${query}`, cookie });
        expect([200, 400]).toContain(library.status);
        const calibration = await callLoader(calibrationLoader, { path: `/manuals/county/calibration?${query}`, params: { manual: "county" }, cookie });
        expect([200, 400]).toContain(calibration.status);
      }),
      { numRuns: 60 },
    );
  });
});

/**
 * Writes the reference data idempotently: units and regions are matched on their codes, so
 * running it twice (every `npm start` does) changes nothing and keeps ids stable. Admin edits
 * of names are kept: only missing rows are inserted and links are completed.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema";
import {
  COUNTIES,
  HEALTHCARE_REGIONS,
  NATIONAL_UNIT,
  NODES,
  RESOURCE_CENTRES,
  koladaIdForCounty,
} from "./reference-data";

export async function seedReferenceData(db: Kysely<Database>) {
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("healthcare_regions")
      .values(HEALTHCARE_REGIONS.map((r) => ({ code: r.code, name_sv: r.nameSv, name_en: r.nameEn })))
      .onConflict((oc) => oc.column("code").doNothing())
      .execute();
    const regionIds = new Map(
      (await trx.selectFrom("healthcare_regions").select(["id", "code"]).execute()).map((r) => [r.code, r.id]),
    );

    const base = { created_at: now, updated_at: now, letter: null, kolada_id: null, host_county_id: null, host_organisation: null, healthcare_region_id: null };
    await trx
      .insertInto("units")
      .values([
        { ...base, kind: "national", code: NATIONAL_UNIT.code, name_sv: NATIONAL_UNIT.nameSv, name_en: NATIONAL_UNIT.nameEn },
        ...COUNTIES.map((c) => ({
          ...base,
          kind: "county" as const,
          code: c.code,
          letter: c.letter,
          name_sv: c.nameSv,
          name_en: c.nameEn,
          kolada_id: koladaIdForCounty(c.code),
        })),
        ...RESOURCE_CENTRES.map((rc) => ({
          ...base,
          kind: "resource_centre" as const,
          code: rc.code,
          name_sv: rc.nameSv,
          name_en: rc.nameEn,
          healthcare_region_id: regionIds.get(rc.healthcareRegion)!,
        })),
      ])
      .onConflict((oc) => oc.column("code").doNothing())
      .execute();
    const unitIds = new Map(
      (await trx.selectFrom("units").select(["id", "code"]).execute()).map((u) => [u.code, u.id]),
    );

    await trx
      .insertInto("units")
      .values(
        NODES.map((n) => ({
          ...base,
          kind: "node" as const,
          code: n.code,
          name_sv: n.nameSv,
          name_en: n.nameEn,
          host_organisation: n.hostOrganisation ?? null,
          host_county_id: unitIds.get(n.hostCounty)!,
        })),
      )
      .onConflict((oc) => oc.column("code").doNothing())
      .execute();
    const nodeIds = new Map(
      (await trx.selectFrom("units").select(["id", "code"]).where("kind", "=", "node").execute()).map((u) => [
        u.code,
        u.id,
      ]),
    );

    await trx
      .insertInto("county_healthcare_regions")
      .values(
        HEALTHCARE_REGIONS.flatMap((region) =>
          region.counties.map((c) => ({
            county_id: unitIds.get(c.code)!,
            healthcare_region_id: regionIds.get(region.code)!,
            part_sv: c.partSv ?? null,
            part_en: c.partEn ?? null,
          })),
        ),
      )
      .onConflict((oc) => oc.columns(["county_id", "healthcare_region_id"]).doNothing())
      .execute();

    await trx
      .insertInto("node_counties")
      .values(
        NODES.flatMap((node) =>
          node.connectedCounties.map((code) => ({ node_id: nodeIds.get(node.code)!, county_id: unitIds.get(code)! })),
        ),
      )
      .onConflict((oc) => oc.columns(["node_id", "county_id"]).doNothing())
      .execute();
  });
}

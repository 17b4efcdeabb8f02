/** Organisational units: counties, resource centres, nodes and the national level. */
import type { AppDatabase } from "#db/connection";
import type { UnitKind } from "#db/schema";
import { writeAudit, type AuditContext } from "../audit/audit.server";

export interface UnitListRow {
  id: number;
  kind: UnitKind;
  code: string;
  letter: string | null;
  nameSv: string;
  nameEn: string;
  koladaId: string | null;
  hostOrganisation: string | null;
  active: boolean;
  /** Healthcare regions of a county (several for Halland) or the one a resource centre serves. */
  regions: { nameSv: string; nameEn: string; partSv: string | null; partEn: string | null }[];
  hostCountyNameSv: string | null;
  hostCountyNameEn: string | null;
  connectedCountyIds: number[];
  version: number;
}

const KIND_ORDER: Record<UnitKind, number> = { national: 0, county: 1, resource_centre: 2, node: 3 };

export async function listUnits(db: AppDatabase): Promise<UnitListRow[]> {
  const units = await db
    .selectFrom("units")
    .leftJoin("units as host", "host.id", "units.host_county_id")
    .select([
      "units.id",
      "units.kind",
      "units.code",
      "units.letter",
      "units.name_sv",
      "units.name_en",
      "units.kolada_id",
      "units.host_organisation",
      "units.active",
      "units.version",
      "units.healthcare_region_id",
      "host.name_sv as host_name_sv",
      "host.name_en as host_name_en",
    ])
    .orderBy("units.code")
    .execute();
  const regions = await db.selectFrom("healthcare_regions").selectAll().execute();
  const countyRegions = await db.selectFrom("county_healthcare_regions").selectAll().execute();
  const nodeCounties = await db.selectFrom("node_counties").selectAll().execute();
  const regionById = new Map(regions.map((r) => [r.id, r]));
  return units
    .map((u) => {
      const linked =
        u.kind === "county"
          ? countyRegions
              .filter((cr) => cr.county_id === u.id)
              .map((cr) => ({ region: regionById.get(cr.healthcare_region_id)!, partSv: cr.part_sv, partEn: cr.part_en }))
          : u.healthcare_region_id
            ? [{ region: regionById.get(u.healthcare_region_id)!, partSv: null, partEn: null }]
            : [];
      return {
        id: u.id,
        kind: u.kind,
        code: u.code,
        letter: u.letter,
        nameSv: u.name_sv,
        nameEn: u.name_en,
        koladaId: u.kolada_id,
        hostOrganisation: u.host_organisation,
        active: u.active === 1,
        version: u.version,
        regions: linked.map((l) => ({ nameSv: l.region.name_sv, nameEn: l.region.name_en, partSv: l.partSv, partEn: l.partEn })),
        hostCountyNameSv: u.host_name_sv,
        hostCountyNameEn: u.host_name_en,
        connectedCountyIds: nodeCounties.filter((nc) => nc.node_id === u.id).map((nc) => nc.county_id),
      };
    })
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.code.localeCompare(b.code));
}

export async function getUnit(db: AppDatabase, unitId: number) {
  return (await listUnits(db)).find((u) => u.id === unitId) ?? null;
}

/** Active units for pickers (home unit of a user), in the same order as the list. */
export async function listActiveUnitOptions(db: AppDatabase) {
  return (await listUnits(db)).filter((u) => u.active).map((u) => ({ id: u.id, kind: u.kind, nameSv: u.nameSv, nameEn: u.nameEn }));
}

export interface UnitUpdateInput {
  unitId: number;
  expectedVersion: number;
  nameSv: string;
  nameEn: string;
  hostOrganisation: string | null;
  active: boolean;
  /** Only for nodes: the counties connected by agreement (nodavtal). */
  connectedCountyIds?: number[];
}

export class StaleUnitError extends Error {}

/** Saves an edit if nobody else saved since `expectedVersion` was read; audited with before/after. */
export async function updateUnit(db: AppDatabase, input: UnitUpdateInput, audit: AuditContext) {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("units").selectAll().where("id", "=", input.unitId).executeTakeFirst();
    if (!before) throw new StaleUnitError();
    const result = await trx
      .updateTable("units")
      .set((eb) => ({
        name_sv: input.nameSv,
        name_en: input.nameEn,
        host_organisation: input.hostOrganisation,
        active: input.active ? 1 : 0,
        updated_at: new Date().toISOString(),
        version: eb("version", "+", 1),
      }))
      .where("id", "=", input.unitId)
      .where("version", "=", input.expectedVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new StaleUnitError();
    let connectedBefore: number[] | undefined;
    if (before.kind === "node" && input.connectedCountyIds) {
      connectedBefore = (
        await trx.selectFrom("node_counties").select("county_id").where("node_id", "=", input.unitId).execute()
      ).map((r) => r.county_id);
      await trx.deleteFrom("node_counties").where("node_id", "=", input.unitId).execute();
      if (input.connectedCountyIds.length) {
        await trx
          .insertInto("node_counties")
          .values(input.connectedCountyIds.map((county_id) => ({ node_id: input.unitId, county_id })))
          .execute();
      }
    }
    await writeAudit(trx, audit, {
      action: "unit.update",
      entityType: "unit",
      entityId: input.unitId,
      before: {
        nameSv: before.name_sv,
        nameEn: before.name_en,
        hostOrganisation: before.host_organisation,
        active: before.active === 1,
        connectedCountyIds: connectedBefore,
      },
      after: {
        nameSv: input.nameSv,
        nameEn: input.nameEn,
        hostOrganisation: input.hostOrganisation,
        active: input.active,
        connectedCountyIds: input.connectedCountyIds,
      },
    });
  });
}

export async function countyIds(db: AppDatabase) {
  return (await db.selectFrom("units").select("id").where("kind", "=", "county").execute()).map((r) => r.id);
}

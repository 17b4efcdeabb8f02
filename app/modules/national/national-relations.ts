/**
 * Which county, node and resource-centre criteria are evidence for a national criterion phrased
 * over all of them ("Samtliga län har …", "Noderna når …"): criteria/national-relations.json,
 * validated here (decision 020). Pure: the file's shape, and a check of its keys against the
 * criterion keys of every published manual version, which the test runs on the real files.
 */
import { z } from "zod";
import relationsFile from "../../../criteria/national-relations.json";

import { RELATED_MANUALS } from "./related-manuals";

export { LEVEL_OF_MANUAL, RELATED_MANUALS, type RelatedManual } from "./related-manuals";

const Key = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "a criterion key is lower-case kebab-case");

export const NationalRelationsSchema = z
  .object({
    description: z.string().optional(),
    relations: z.array(
      z
        .object({
          national: Key,
          related: z
            .array(z.object({ manual: z.enum(RELATED_MANUALS), criteria: z.array(Key).min(1) }).strict())
            .min(1)
            .refine((list) => new Set(list.map((r) => r.manual)).size === list.length, "each manual once per national criterion")
            .refine((list) => list.every((r) => new Set(r.criteria).size === r.criteria.length), "each related criterion once"),
        })
        .strict(),
    ),
  })
  .strict()
  .refine((file) => new Set(file.relations.map((r) => r.national)).size === file.relations.length, "each national criterion once");
export type NationalRelations = z.infer<typeof NationalRelationsSchema>;
export type NationalRelation = NationalRelations["relations"][number];

let parsed: Map<string, NationalRelation> | undefined;

/** The relations by national criterion key (the file is part of the build and parsed once). */
export function nationalRelations(): Map<string, NationalRelation> {
  parsed ??= new Map(NationalRelationsSchema.parse(relationsFile).relations.map((r) => [r.national, r]));
  return parsed;
}

export interface ManualKeys {
  manual: "county" | "resource-centre" | "node" | "national";
  version: number;
  criterionKeys: ReadonlySet<string>;
}

/**
 * Every key the relations name that some published version of its manual lacks, as readable
 * lines ("n2c-1-…: county v2 has no criterion staff-resources"). A key retired in a new manual
 * version must be replaced here before that version is published.
 */
export function missingRelationKeys(relations: NationalRelations, manuals: readonly ManualKeys[]): string[] {
  const problems: string[] = [];
  const versionsOf = (manual: ManualKeys["manual"]) => manuals.filter((m) => m.manual === manual);
  for (const relation of relations.relations) {
    const national = versionsOf("national");
    if (national.length === 0) problems.push(`${relation.national}: no published national manual`);
    for (const version of national) {
      if (!version.criterionKeys.has(relation.national)) problems.push(`${relation.national}: national v${version.version} has no such criterion`);
    }
    for (const related of relation.related) {
      const versions = versionsOf(related.manual);
      if (versions.length === 0) problems.push(`${relation.national}: no published ${related.manual} manual`);
      for (const version of versions) {
        for (const key of related.criteria) {
          if (!version.criterionKeys.has(key)) problems.push(`${relation.national}: ${related.manual} v${version.version} has no criterion ${key}`);
        }
      }
    }
  }
  return problems;
}

/**
 * Carrying a criterion key from an older manual version into a newer one through the crosswalks
 * (product.md, "Criteria manuals"): each version from 2 on says how every criterion of the version
 * before it maps into it. same / reworded / moved keep the criterion, split maps it to all its
 * targets, merged to the one target, retired to nothing. Versions further apart are walked step by
 * step. Pure: the follow-up of open recommendations uses it to show which criterion of the new
 * review an old recommendation now belongs to.
 */
import type { CrosswalkEntry, CrosswalkType } from "../manuals/manual-schema";

/** One manual version on the way: its criterion keys and its crosswalk from the version before. */
export interface CrosswalkStep {
  version: number;
  keys: readonly string[];
  crosswalk?: readonly CrosswalkEntry[];
}

export type MappingStatus =
  /** The criterion exists in the target version with the same meaning (only same on the way). */
  | "same"
  /** It maps to one or more criteria of the target version, but changed on the way. */
  | "changed"
  /** It was retired on the way: no criterion of the target version carries it. */
  | "retired"
  /** Neither the crosswalk nor the keys say where it went. */
  | "unmapped";

export interface CriterionMapping {
  fromKey: string;
  status: MappingStatus;
  /** Keys in the target version, in the order the crosswalks list them. */
  toKeys: string[];
  /** The kinds of change met on the way (without "same"), in order. */
  changes: CrosswalkType[];
}

/**
 * Maps one key through `steps`: the versions after the source version up to and including the
 * target, oldest first. No steps means source and target are the same version.
 */
export function mapCriterionKey(fromKey: string, steps: readonly CrosswalkStep[]): CriterionMapping {
  let current = [fromKey];
  const changes: CrosswalkType[] = [];
  let retired = false;
  for (const step of steps) {
    const next: string[] = [];
    for (const key of current) {
      const entries = (step.crosswalk ?? []).filter((entry) => entry.from.includes(key));
      if (entries.length === 0) {
        // No entry for the key: it carries on unchanged if the version still has it.
        if (step.keys.includes(key)) next.push(key);
        continue;
      }
      for (const entry of entries) {
        if (entry.type !== "same" && !changes.includes(entry.type)) changes.push(entry.type);
        if (entry.type === "retired" || entry.to.length === 0) {
          retired = true;
          continue;
        }
        for (const to of entry.to) if (!next.includes(to)) next.push(to);
      }
    }
    current = next;
    if (current.length === 0) break;
  }
  if (current.length === 0) return { fromKey, status: retired ? "retired" : "unmapped", toKeys: [], changes };
  return { fromKey, status: changes.length === 0 ? "same" : "changed", toKeys: current, changes };
}

/**
 * The steps from version `from` to version `to` of one manual, given all its versions. Returns
 * null when the target is older than the source (a crosswalk only reads forward).
 */
export function crosswalkSteps(versions: readonly CrosswalkStep[], from: number, to: number): CrosswalkStep[] | null {
  if (to < from) return null;
  return [...versions].filter((v) => v.version > from && v.version <= to).sort((a, b) => a.version - b.version);
}

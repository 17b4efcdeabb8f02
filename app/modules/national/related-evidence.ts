/**
 * Evidence for a national criterion from the levels below it (decision 020): for each related
 * county, node or resource-centre criterion, how many units of the latest published round of that
 * level are at each step of the scale, how many could not be assessed or have no consensus, and
 * which units have a gap (any consensus below the top step, as everywhere in Kollega). Pure: the
 * repository hands in the round's published units and their consensus scores.
 */
import type { LocalizedText } from "~/modules/manuals/manual-schema";
import type { RelatedManual } from "./national-relations";

export interface UnitScore {
  unitId: number;
  name: LocalizedText;
  /** Null: no consensus row, or "cannot assess". */
  score: number | null;
  cannotAssess: boolean;
}

export interface StepCount {
  value: number;
  label: LocalizedText;
  count: number;
}

export interface CriterionEvidence {
  key: string;
  number: string;
  text: LocalizedText;
  steps: StepCount[];
  cannotAssess: number;
  /** Published units without a consensus score for the criterion. */
  unscored: number;
  /** Units with a gap, lowest score first; empty for viewers who may not see other units' names. */
  gapUnits: { name: LocalizedText; score: number }[];
  gapCount: number;
}

export interface LevelEvidence {
  manual: RelatedManual;
  /** The latest round of the level with published reviews; null when there is none yet. */
  round: { id: number; name: string; publishedReviews: number; lastPublishedAt: string; manualVersion: number } | null;
  /** Demo data: labelled as synthetic. */
  synthetic: boolean;
  /** The scale of the round's manual version (the table's columns). */
  scale: { value: number; label: LocalizedText }[];
  cannotAssessLabel: LocalizedText | null;
  criteria: CriterionEvidence[];
  /** Related criteria that the round's manual version does not have (retired or renamed since). */
  missingKeys: string[];
}

/** One related criterion's counts over the round's published units. */
export function summariseCriterion(
  criterion: { key: string; number: string; text: LocalizedText },
  scale: { value: number; label: LocalizedText }[],
  units: readonly UnitScore[],
  { showNames }: { showNames: boolean },
): CriterionEvidence {
  const top = Math.max(...scale.map((s) => s.value));
  const steps = scale.map((s) => ({ value: s.value, label: s.label, count: units.filter((u) => !u.cannotAssess && u.score === s.value).length }));
  const gaps = units
    .filter((u): u is UnitScore & { score: number } => !u.cannotAssess && u.score !== null && u.score < top)
    .sort((a, b) => a.score - b.score || a.name.sv.localeCompare(b.name.sv, "sv"));
  return {
    ...criterion,
    steps,
    cannotAssess: units.filter((u) => u.cannotAssess).length,
    unscored: units.filter((u) => !u.cannotAssess && u.score === null).length,
    gapUnits: showNames ? gaps.map((u) => ({ name: u.name, score: u.score })) : [],
    gapCount: gaps.length,
  };
}

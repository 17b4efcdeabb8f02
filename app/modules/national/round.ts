import type { UnitKind } from "#db/schema";
import type { ManualKey } from "~/modules/manuals/manual-schema";

/** A review round as the national picture shows it. */
export interface NationalRound {
  id: number;
  name: string;
  level: UnitKind;
  manualVersionId: number;
  manualKey: ManualKey;
  manualVersion: number;
  periodStart: string;
  periodEnd: string;
  synthetic: boolean;
  /** Reviews of the round in stage 'published': the only ones the aggregation reads. */
  publishedReviews: number;
}

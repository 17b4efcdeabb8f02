/**
 * The manuals whose results can be evidence for the national level, and the level each reviews.
 * Kept apart from national-relations.ts (zod and the relations file) because the scoring page's
 * browser code needs LEVEL_OF_MANUAL: importing it from there sent all of zod to the browser.
 */
import type { UnitKind } from "#db/schema";

export const RELATED_MANUALS = ["county", "resource-centre", "node"] as const;
export type RelatedManual = (typeof RELATED_MANUALS)[number];
export const LEVEL_OF_MANUAL: Record<RelatedManual, UnitKind> = { county: "county", "resource-centre": "resource_centre", node: "node" };

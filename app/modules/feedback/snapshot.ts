/**
 * The frozen report of a published review (product.md, step 5: "publishing freezes a snapshot …
 * that never changes"). Pure: `buildSnapshot` puts the review's data into one fixed shape with
 * every list in a defined order, `serializeSnapshot` writes it as JSON with object keys sorted at
 * every level, and `snapshotHash` is the sha256 of that text. The same data always gives the same
 * text and hash, so anyone can check a stored report against its hash.
 */
import { createHash } from "node:crypto";
import type { IndicatorSnapshot } from "../kolada/kolada-panel";

export const SNAPSHOT_FORMAT = 1;

export interface SnapshotTeamMember {
  userId: number;
  name: string;
  homeUnit: { code: string; nameSv: string; nameEn: string };
  isLead: boolean;
  isUserRepresentative: boolean;
}

export interface SnapshotCriterion {
  id: number;
  key: string;
  number: string;
  dimensionKey: string;
  position: number;
  textSv: string;
  textEn: string;
  selfScore: { score: number | null; cannotAssess: boolean } | null;
  consensus: { score: number | null; cannotAssess: boolean; rationale: string } | null;
}

export interface SnapshotRecommendation {
  id: number;
  position: number;
  text: string;
  priority: "high" | "medium" | "low";
  timeframe: string;
  criterionKeys: string[];
}

export interface SnapshotStrength {
  id: number;
  text: string;
  criterionKey: string | null;
  internal: boolean;
}

export interface SnapshotFactualComment {
  id: number;
  criterionKey: string | null;
  text: string;
  createdAt: string;
  teamResponse: string | null;
}

/**
 * A Kolada snapshot attached as evidence before publication (decision 015), frozen again here.
 * Snapshots published before this existed have no `indicators` and read as having none.
 */
export interface SnapshotIndicator {
  evidenceId: number;
  criterionKey: string | null;
  origin: "unit" | "team";
  /** sha256 of the evidence row's snapshot text. */
  sha256: string | null;
  values: IndicatorSnapshot;
}

export interface SnapshotInput {
  reviewId: number;
  unit: { id: number; code: string; kind: string; nameSv: string; nameEn: string };
  round: { id: number; name: string; level: string; periodStart: string; periodEnd: string };
  manual: { key: string; version: number; checksum: string };
  team: SnapshotTeamMember[];
  criteria: SnapshotCriterion[];
  strengths: SnapshotStrength[];
  recommendations: SnapshotRecommendation[];
  factualComments: SnapshotFactualComment[];
  /** Left out (not an empty list) when there are none, so such snapshots read exactly as before. */
  indicators?: SnapshotIndicator[];
  signedOffBy: { userId: number; name: string };
  publishedAt: string;
}

export interface ReviewSnapshot extends SnapshotInput {
  format: typeof SNAPSHOT_FORMAT;
}

const byNumber = (a: number, b: number) => a - b;
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The snapshot with every list in its defined order (whatever order the input came in). */
export function buildSnapshot(input: SnapshotInput): ReviewSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    ...input,
    team: [...input.team].sort((a, b) => Number(b.isLead) - Number(a.isLead) || byText(a.name, b.name) || byNumber(a.userId, b.userId)),
    criteria: [...input.criteria].sort((a, b) => byNumber(a.position, b.position) || byText(a.key, b.key)),
    strengths: [...input.strengths].sort((a, b) => byNumber(a.id, b.id)),
    recommendations: [...input.recommendations]
      .sort((a, b) => byNumber(a.position, b.position) || byNumber(a.id, b.id))
      .map((r) => ({ ...r, criterionKeys: [...r.criterionKeys].sort(byText) })),
    factualComments: [...input.factualComments].sort((a, b) => byNumber(a.id, b.id)),
    indicators: input.indicators?.length ? [...input.indicators].sort((a, b) => byNumber(a.evidenceId, b.evidenceId)) : undefined,
  };
}

/** JSON with object keys sorted at every level; undefined properties are left out. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => stableStringify(item ?? null)).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => byText(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function serializeSnapshot(snapshot: ReviewSnapshot): string {
  return stableStringify(snapshot);
}

/** sha256 (hex) of the serialised snapshot text. */
export function snapshotHash(json: string): string {
  return createHash("sha256").update(json, "utf8").digest("hex");
}

/** The snapshot as stored: its text and hash, computed together. */
export function freezeSnapshot(input: SnapshotInput): { snapshot: ReviewSnapshot; json: string; hash: string } {
  const snapshot = buildSnapshot(input);
  const json = serializeSnapshot(snapshot);
  return { snapshot, json, hash: snapshotHash(json) };
}

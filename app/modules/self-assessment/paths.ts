/** Addresses and in-page anchors of the self-assessment page, shared by server and browser. */

export function selfAssessmentPath(reviewId: number) {
  return `/reviews/${reviewId}/self-assessment`;
}

export function evidencePath(reviewId: number, evidenceId: number) {
  return `/reviews/${reviewId}/evidence/${evidenceId}`;
}

export function criterionAnchor(key: string) {
  return `criterion-${key}`;
}

/** The evidence section of a criterion, or of the whole review (null). */
export function evidenceAnchor(key: string | null) {
  return key ? `evidence-${key}` : "evidence-review";
}

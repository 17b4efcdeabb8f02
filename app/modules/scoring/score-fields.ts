/**
 * The score forms' shared constants, in a module without zod: the score editors in the browser
 * import these, and importing them from score-input.ts pulled all of zod (about 90 KB gzip) into
 * the scoring and consensus pages' JavaScript (docs/benchmarks.md). score-input.ts re-exports them.
 */

/** The form value of "cannot assess" in a score's radio group. */
export const CANNOT_ASSESS = "cannot_assess";
/** Longest rationale the forms accept (the parser refuses longer ones with a message). */
export const RATIONALE_MAX = 4000;

/**
 * The JSON autosave endpoint of a scoring page (decision 023): Express answers it in front of
 * Remix; the page's autosave posts there with JavaScript, the forms post to the page itself.
 */
export function scoreAutosavePath(reviewId: number | string): string {
  return `/reviews/${reviewId}/scoring/autosave`;
}

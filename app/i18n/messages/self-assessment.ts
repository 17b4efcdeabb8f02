/** Interface strings for the review's self-assessment pages. */
export const sv = {
  "selfAssessment.title": "Självvärdering",
} as const;

export const en: Record<keyof typeof sv, string> = {
  "selfAssessment.title": "Self-assessment",
};

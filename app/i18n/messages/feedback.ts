/** Interface strings for the review's feedback pages. */
export const sv = {
  "feedback.title": "Rekommendationer och styrkor",
} as const;

export const en: Record<keyof typeof sv, string> = {
  "feedback.title": "Recommendations and strengths",
};

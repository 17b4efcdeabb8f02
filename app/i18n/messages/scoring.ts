/** Interface strings for the review's scoring pages. */
export const sv = {
  "scoring.title": "Min bedömning",
} as const;

export const en: Record<keyof typeof sv, string> = {
  "scoring.title": "My scores",
};

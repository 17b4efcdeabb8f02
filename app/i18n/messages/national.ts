/** Interface strings for the national picture. */
export const sv = {
  "national.title": "Nationell bild",
} as const;

export const en: Record<keyof typeof sv, string> = {
  "national.title": "National picture",
};

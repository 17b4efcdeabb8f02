/** Interface strings for PDF versions of the review report and the national report. */
export const sv = {} as const;

export const en: Record<keyof typeof sv, string> = {};

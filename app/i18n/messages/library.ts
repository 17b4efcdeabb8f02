/** Interface strings for the good-practice library (strengths from published reviews). */
export const sv = {} as const;

export const en: Record<keyof typeof sv, string> = {};

/** Interface strings for Kolada indicators beside the criteria. */
export const sv = {} as const;

export const en: Record<keyof typeof sv, string> = {};

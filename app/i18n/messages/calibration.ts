/** Interface strings for calibration for editors (how reviewers read each criterion). */
export const sv = {} as const;

export const en: Record<keyof typeof sv, string> = {};

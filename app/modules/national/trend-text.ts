/** Words for the trends that the page and the national PDF print alike. */
import type { Translate } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import type { TrendPoint } from "./trends";

/** Why a criterion's round has no number: the crosswalk relation, with the keys it names. */
export function notComparableReason(t: Translate, point: Extract<TrendPoint, { comparable: false }>): string {
  const keys = point.criterionKeys.join(", ");
  switch (point.reason) {
    case "split":
      return keys ? t("trends.reason.split", { keys }) : t("trends.reason.splitNoKeys");
    case "merged":
      return t("trends.reason.merged", { keys });
    default:
      return t(`trends.reason.${point.reason}` as MessageKey);
  }
}

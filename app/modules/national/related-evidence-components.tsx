/**
 * The evidence from the levels below beside a national criterion (decision 020): per related
 * level one table, related criteria as rows, the scale's steps as columns, then "cannot assess"
 * and the units with a gap. Server-rendered, so it reads the same with and without JavaScript.
 */
import { TableCaption, TableScroll } from "~/components/table-scroll";
import type { MessageKey } from "~/i18n/sv";
import { pick, useLocale, useT } from "~/i18n/i18n";
import { formatDate } from "~/utils/format";
import { LEVEL_OF_MANUAL } from "./related-manuals";
import type { LevelEvidence } from "./related-evidence";

export function RelatedEvidenceSection({ levels, headingLevel, idPrefix }: { levels: LevelEvidence[] | undefined; headingLevel: 4 | 5; idPrefix: string }) {
  const t = useT();
  const locale = useLocale();
  if (!levels?.length) return null;
  const Heading = headingLevel === 4 ? "h4" : "h5";
  const headingId = `${idPrefix}-related-heading`;
  return (
    <section className="related-evidence" aria-labelledby={headingId}>
      <Heading id={headingId}>{t("relatedEvidence.title")}</Heading>
      <p className="field__hint">{t("relatedEvidence.intro")}</p>
      {levels.map((level) => {
        const levelName = t(`level.${LEVEL_OF_MANUAL[level.manual]}` as MessageKey);
        if (!level.round) {
          return (
            <p key={level.manual} className="muted">
              {t("relatedEvidence.noRound", { level: levelName })}
            </p>
          );
        }
        return (
          <div key={level.manual}>
            <TableScroll>
              <table className="related-evidence__table">
                <TableCaption>
                  {t("relatedEvidence.caption", {
                    level: levelName,
                    round: level.round.name,
                    date: formatDate(level.round.lastPublishedAt),
                    count: level.round.publishedReviews,
                  })}
                  {level.synthetic ? <span className="badge badge--warning"> {t("rounds.synthetic")}</span> : null}
                </TableCaption>
                <thead>
                  <tr>
                    <th scope="col">{t("relatedEvidence.criterion")}</th>
                    {level.scale.map((step) => (
                      <th scope="col" key={step.value}>
                        {step.value} – {pick(locale, step.label)}
                      </th>
                    ))}
                    <th scope="col">{level.cannotAssessLabel ? pick(locale, level.cannotAssessLabel) : "–"}</th>
                    <th scope="col">{t("relatedEvidence.gaps")}</th>
                  </tr>
                </thead>
                <tbody>
                  {level.criteria.map((criterion) => (
                    <tr key={criterion.key}>
                      <th scope="row">
                        {criterion.number} {pick(locale, criterion.text)}
                      </th>
                      {criterion.steps.map((step) => (
                        <td key={step.value}>{step.count}</td>
                      ))}
                      <td>
                        {criterion.cannotAssess}
                        {criterion.unscored ? ` (${t("relatedEvidence.unscored", { count: criterion.unscored })})` : ""}
                      </td>
                      <td>
                        {criterion.gapCount === 0 ? (
                          t("relatedEvidence.noGaps")
                        ) : criterion.gapUnits.length ? (
                          <ul className="related-evidence__units">
                            {criterion.gapUnits.map((unit) => (
                              <li key={unit.name.sv}>
                                {pick(locale, unit.name)} ({unit.score})
                              </li>
                            ))}
                          </ul>
                        ) : (
                          t("relatedEvidence.gapCount", { count: criterion.gapCount })
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            {level.missingKeys.length ? (
              <p className="muted">{t("relatedEvidence.missing", { manual: level.manual, version: level.round.manualVersion, keys: level.missingKeys.join(", ") })}</p>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}

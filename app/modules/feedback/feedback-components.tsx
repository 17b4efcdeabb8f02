/** Presentational pieces of the feedback, factual-check and follow-up pages. */
import type { Priority } from "#db/schema";
import { ErrorList } from "~/components/forms";
import { pick, useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { formatDate } from "~/utils/format";
import type { OpenRecommendation } from "./carry-over.server";
import type { GapLevel } from "./gaps";

export interface ScaleView {
  scale: { value: number; labelSv: string; labelEn: string }[];
  cannotAssess: { sv: string; en: string };
}

/** A score as "2 – Delvis på plats", "Ej bedömbart" or a dash when there is none. */
export function ScoreText({ value, scale }: { value: { score: number | null; cannotAssess: boolean } | null; scale: ScaleView }) {
  const t = useT();
  const locale = useLocale();
  if (!value) return <span className="muted">{t("feedback.score.none")}</span>;
  if (value.cannotAssess) return <>{pick(locale, scale.cannotAssess)}</>;
  const step = scale.scale.find((s) => s.value === value.score);
  return (
    <>
      {value.score}
      {step ? ` – ${pick(locale, { sv: step.labelSv, en: step.labelEn })}` : ""}
    </>
  );
}

export function PriorityBadge({ priority }: { priority: Priority }) {
  const t = useT();
  return <span className={`badge priority priority--${priority}`}>{t(`feedback.priority.${priority}` as MessageKey)}</span>;
}

export function GapBadge({ gap }: { gap: GapLevel }) {
  const t = useT();
  return <span className={`badge gap gap--${gap}`}>{t(`feedback.gap.${gap}` as MessageKey)}</span>;
}

export interface CriterionOption {
  id: number;
  number: string;
  textSv: string;
  textEn: string;
}

export interface DimensionOptions {
  key: string;
  number: string;
  titleSv: string;
  titleEn: string;
  criteria: CriterionOption[];
}

/** Checkboxes for the criteria of the pinned manual version, grouped by dimension. */
export function CriterionCheckboxes({
  idPrefix,
  name,
  dimensions,
  checked,
  errors,
}: {
  idPrefix: string;
  name: string;
  dimensions: DimensionOptions[];
  checked: readonly number[];
  errors?: string[];
}) {
  const t = useT();
  const locale = useLocale();
  const errorId = errors?.length ? `${idPrefix}-criteria-error` : undefined;
  return (
    <fieldset className="field criterion-choice" aria-describedby={errorId}>
      <legend>{t("feedback.recommendation.criteria")}</legend>
      <ErrorList id={errorId} errors={errors} />
      {dimensions.map((dimension) => (
        <fieldset key={dimension.key} className="criterion-choice__dimension">
          <legend>
            {dimension.number}. {pick(locale, { sv: dimension.titleSv, en: dimension.titleEn })}
          </legend>
          {dimension.criteria.map((criterion) => (
            <label key={criterion.id} className="checkbox">
              <input type="checkbox" name={name} value={criterion.id} defaultChecked={checked.includes(criterion.id)} />
              <span>
                <span className="criterion-choice__number">{criterion.number}</span> {pick(locale, { sv: criterion.textSv, en: criterion.textEn })}
              </span>
            </label>
          ))}
        </fieldset>
      ))}
    </fieldset>
  );
}

/** Options for "one criterion or general" selects. */
export function CriterionSelectOptions({ criteria, generalLabel }: { criteria: CriterionOption[]; generalLabel: string }) {
  const locale = useLocale();
  return (
    <>
      <option value="">{generalLabel}</option>
      {criteria.map((c) => (
        <option key={c.id} value={c.id}>
          {c.number} {truncate(pick(locale, { sv: c.textSv, en: c.textEn }), 90)}
        </option>
      ))}
    </>
  );
}

export function truncate(text: string, max: number) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Open recommendations from the unit's earlier published reviews, mapped to this review's
 * criteria. Rendered on the review overview (the next round "opens with" them).
 */
export function CarryOverSection({ items }: { items: OpenRecommendation[] }) {
  const t = useT();
  const locale = useLocale();
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="carry-over-heading" className="carry-over">
      <h2 id="carry-over-heading">{t("followUp.carryOver.title")}</h2>
      <p>{t("followUp.carryOver.intro", { count: items.length })}</p>
      <ul className="card-list carry-over__list">
        {items.map((item) => (
          <li key={item.recommendationId} className="card">
            <h3>
              {item.roundName} <PriorityBadge priority={item.priority} />
            </h3>
            <p>{item.text}</p>
            <dl className="facts">
              <dt>{t("followUp.carryOver.status")}</dt>
              <dd>
                {item.answer
                  ? `${t(`followUp.response.${item.answer.response}` as MessageKey)} · ${t(`followUp.progress.${item.answer.progress}` as MessageKey)}`
                  : t("followUp.carryOver.notAnswered")}
                {item.answer?.dueDate ? ` · ${t("followUp.carryOver.due", { date: formatDate(item.answer.dueDate) })}` : ""}
              </dd>
              <dt>{t("followUp.carryOver.criteria")}</dt>
              <dd>
                <ul className="inline-list">
                  {item.criteria.map((c) => (
                    <li key={c.fromKey}>
                      {c.status === "retired" ? (
                        t("followUp.carryOver.retired", { number: c.fromNumber ?? c.fromKey })
                      ) : c.status === "unmapped" ? (
                        t("followUp.carryOver.unmapped", { number: c.fromNumber ?? c.fromKey })
                      ) : (
                        <>
                          {c.targets.map((target) => `${target.number} ${truncate(pick(locale, { sv: target.textSv, en: target.textEn }), 80)}`).join("; ")}
                          {c.status === "changed" ? ` (${c.changes.map((change) => t(`followUp.carryOver.change.${change}` as MessageKey)).join(", ")})` : ""}
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              </dd>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}

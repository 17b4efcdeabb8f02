/**
 * The parts of the /national page. Every table is a real table with header cells scoped to rows
 * or columns; every coloured cell carries its number as text (colour is never the only signal),
 * and abbreviations ("–", "E/B") are spelled out for screen readers with visually hidden text.
 */
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { SelectField } from "~/components/forms";
import { TableCaption, TableScroll } from "~/components/table-scroll";
import { pick, useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { DEMAND_LEVELS } from "~/modules/manuals/manual-schema";
import { formatDate } from "~/utils/format";
import { nearestStepIndex, type NationalAggregation } from "./aggregation";
import { heatColour } from "./heat-colours";
import { formatDecimal, formatShare, joinOr } from "./national-format";
import { nationalSearch } from "./national-query";
import type { NationalRound } from "./round";

type Aggregation = NationalAggregation;
type Unit = Aggregation["units"][number];

export function RoundForm({
  rounds,
  current,
  demand,
  series = [],
}: {
  rounds: NationalRound[];
  current: NationalRound;
  demand: string | null;
  /** The trend series, kept when the round or filter changes. */
  series?: readonly number[];
}) {
  const t = useT();
  const options = rounds.some((r) => r.id === current.id) ? rounds : [current, ...rounds];
  return (
    <Form method="get" action="/national" className="national-form" aria-label={t("national.form.label")} key={`${current.id}-${demand ?? ""}`}>
      {series.map((id) => (
        <input key={id} type="hidden" name="series" value={id} />
      ))}
      <SelectField label={t("national.form.round")} selectProps={{ id: "national-round", name: "round", defaultValue: String(current.id) }}>
        {options.map((round) => (
          <option key={round.id} value={round.id}>
            {t("national.form.roundOption", { name: round.name, published: round.publishedReviews })}
          </option>
        ))}
      </SelectField>
      <SelectField label={t("national.form.demand")} selectProps={{ id: "national-demand", name: "demand", defaultValue: demand ?? "" }}>
        <option value="">{t("national.form.allDemands")}</option>
        {DEMAND_LEVELS.map((level) => (
          <option key={level} value={level}>
            {t(`manuals.demand.${level}` as MessageKey)}
          </option>
        ))}
      </SelectField>
      <div className="actions">
        <button type="submit" className="button">
          {t("national.form.submit")}
        </button>
      </div>
    </Form>
  );
}

export function RoundFacts({ round, aggregation }: { round: NationalRound; aggregation: Aggregation }) {
  const t = useT();
  const locale = useLocale();
  const { national } = aggregation;
  return (
    <dl className="facts">
      <dt>{t("national.facts.round")}</dt>
      <dd>
        {round.name}
        {round.synthetic ? (
          <>
            {" "}
            <span className="badge badge--warning">{t("national.synthetic")}</span>
          </>
        ) : null}
      </dd>
      <dt>{t("national.facts.level")}</dt>
      <dd>{t(`level.${round.level}` as MessageKey)}</dd>
      <dt>{t("national.facts.manual")}</dt>
      <dd>
        <Link to={`/manuals/${round.manualKey}/${round.manualVersion}`}>
          {t(`manuals.kind.${round.manualKey}` as MessageKey)}, {t("national.facts.manualVersion", { version: round.manualVersion })}
        </Link>
      </dd>
      <dt>{t("national.facts.period")}</dt>
      <dd>
        {formatDate(round.periodStart)} – {formatDate(round.periodEnd)}
      </dd>
      <dt>{t("national.facts.published")}</dt>
      <dd>{round.publishedReviews}</dd>
      <dt>{t("national.facts.filter")}</dt>
      <dd>{aggregation.filter.demand ? t(`manuals.demand.${aggregation.filter.demand}` as MessageKey) : t("national.form.allDemands")}</dd>
      {national.mean !== null ? (
        <>
          <dt>{t("national.facts.nationalMean")}</dt>
          <dd>
            {t("national.facts.nationalMeanValue", {
              mean: formatDecimal(locale, national.mean, 2),
              sd: formatDecimal(locale, national.standardDeviation ?? 0, 2),
              n: national.unitsWithMean,
            })}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

export function ExportLinks({
  roundId,
  demand,
  series = [],
}: {
  roundId: number;
  demand: Aggregation["filter"]["demand"];
  series?: readonly number[];
}) {
  const t = useT();
  const search = nationalSearch({ round: roundId, demand, series });
  return (
    <section aria-labelledby="national-exports" className="national-exports">
      <h2 id="national-exports">{t("national.exports.heading")}</h2>
      <ul className="inline-list">
        <li>
          <a href={`/national/export.csv${search}`} download>
            {t("national.exports.csv")}
          </a>
        </li>
        <li>
          <a href={`/national/export.xlsx${search}`} download>
            {t("national.exports.xlsx")}
          </a>
        </li>
        <li>
          <a href={`/national/export.json${search}`} download>
            {t("national.exports.json")}
          </a>
        </li>
        {/* The national report as PDF in both languages, with the page's round and filter. */}
        {(["sv", "en"] as const).map((lang) => (
          <li key={`pdf-${lang}`}>
            <a href={`/national/report.pdf${search ? `${search}&` : "?"}lang=${lang}`} hrefLang={lang} type="application/pdf">
              {t(`pdf.link.${lang}`)}
            </a>
          </li>
        ))}
      </ul>
      <p className="field__hint">{t("national.exports.format")}</p>
    </section>
  );
}

/** Helpers that depend on the aggregation: colours per step, labels, lookups. */
export function useAggregationView(aggregation: Aggregation) {
  const t = useT();
  const locale = useLocale();
  const steps = aggregation.scale.steps;
  const colours = steps.map((_, i) => heatColour(i, steps.length));
  const stepIndex = new Map(steps.map((s, i) => [s.value, i]));
  const criteria = new Map(aggregation.criteria.map((c) => [c.key, c]));
  const dimensions = new Map(aggregation.dimensions.map((d) => [d.key, d]));
  const units = new Map(aggregation.units.map((u) => [u.code, u]));
  const regions = new Map(aggregation.regions.breakdown.map((r) => [r.code, r]));
  const majorValues = joinOr(aggregation.scale.majorGapValues.map(String), t("national.or"));
  const topLabel = (() => {
    const top = steps[steps.length - 1];
    return top ? `${top.value} ${pick(locale, top.label)}` : "";
  })();
  const cannotAssessLabel = pick(locale, aggregation.scale.cannotAssess.label);
  return { t, locale, steps, colours, stepIndex, criteria, dimensions, units, regions, majorValues, topLabel, cannotAssessLabel };
}

type View = ReturnType<typeof useAggregationView>;

function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">{children}</span>;
}

/** A short mark shown to the eye and its meaning read to screen readers. */
function Abbreviated({ short, long }: { short: string; long: string }) {
  return (
    <>
      <span aria-hidden="true">{short}</span>
      <VisuallyHidden>{long}</VisuallyHidden>
    </>
  );
}

export function UnitLink({ unit }: { unit: Pick<Unit, "reviewId" | "name"> }) {
  const locale = useLocale();
  return <Link to={`/reviews/${unit.reviewId}`}>{pick(locale, unit.name)}</Link>;
}

function ScoreCell({ view, cell, specific }: { view: View; cell: Unit["cells"][number]; specific: boolean }) {
  const { t } = view;
  if (cell.cannotAssess) {
    return (
      <td className="heat-cell heat-cell--cannot-assess">
        <Abbreviated short={t("national.cell.cannotAssess")} long={view.cannotAssessLabel} />
      </td>
    );
  }
  if (cell.score === null) {
    return (
      <td className="heat-cell heat-cell--empty">
        <Abbreviated short={t("national.cell.noScore")} long={t("national.cell.noScoreLong")} />
      </td>
    );
  }
  const colour = view.colours[view.stepIndex.get(cell.score) ?? 0]!;
  return (
    <td className={`heat-cell${specific ? " heat-cell--specific" : ""}`} style={{ backgroundColor: colour.background, color: colour.text }}>
      {cell.score}
      {specific ? <VisuallyHidden> ({t("national.cell.specific")})</VisuallyHidden> : null}
    </td>
  );
}

function MeanCell({ view, mean }: { view: View; mean: number | null }) {
  const { t, locale } = view;
  if (mean === null) {
    return (
      <td className="heat-cell heat-cell--empty">
        <Abbreviated short={t("national.cell.notComputable")} long={t("national.cell.notComputableLong")} />
      </td>
    );
  }
  const colour = view.colours[nearestStepIndex(view.steps, mean)]!;
  return (
    <td className="heat-cell" style={{ backgroundColor: colour.background, color: colour.text }}>
      {formatDecimal(locale, mean, 1)}
    </td>
  );
}

export function Legend({ aggregation, view }: { aggregation: Aggregation; view: View }) {
  const { t, locale } = view;
  return (
    <section aria-labelledby="national-legend" className="national-legend">
      <h2 id="national-legend">{t("national.legend.heading")}</h2>
      <p>{t("national.legend.intro")}</p>
      <ul className="legend-list">
        {aggregation.scale.steps.map((step, i) => (
          <li key={step.value}>
            <span className="legend-swatch" style={{ backgroundColor: view.colours[i]!.background, color: view.colours[i]!.text }} aria-hidden="true">
              {step.value}
            </span>{" "}
            {t("national.legend.step", { value: step.value, label: pick(locale, step.label) })}
          </li>
        ))}
        <li>
          <span className="legend-swatch heat-cell--empty" aria-hidden="true">
            {t("national.cell.noScore")}
          </span>{" "}
          {t("national.legend.noScore")}
        </li>
        <li>
          <span className="legend-swatch heat-cell--cannot-assess" aria-hidden="true">
            {t("national.cell.cannotAssess")}
          </span>{" "}
          {t("national.legend.cannotAssess", { label: pick(locale, aggregation.scale.cannotAssess.label) })}
        </li>
        <li>
          <span className="legend-swatch heat-cell--specific" style={{ backgroundColor: view.colours[0]?.background, color: view.colours[0]?.text }} aria-hidden="true">
            {aggregation.scale.steps[0]?.value}
          </span>{" "}
          {t("national.legend.specific")}
        </li>
      </ul>
      <p>{t("national.legend.meanColour")}</p>
      <p>{t("national.definitions", { top: view.topLabel, major: view.majorValues })}</p>
    </section>
  );
}

function CriterionLabel({ view, criterionKey }: { view: View; criterionKey: string }) {
  const criterion = view.criteria.get(criterionKey)!;
  return (
    <>
      <span className="criterion-number">{criterion.number}</span> {pick(view.locale, criterion.text)}
    </>
  );
}

export function DimensionMatrix({ aggregation, view }: { aggregation: Aggregation; view: View }) {
  const { t, locale } = view;
  return (
    <section aria-labelledby="national-dimensions">
      <h2 id="national-dimensions">{t("national.dimensions.heading")}</h2>
      <TableScroll>
        <table className="heatmap">
          <TableCaption>{t("national.dimensions.caption")}</TableCaption>
          <thead>
            <tr>
              <th scope="col">{t("national.matrix.unit")}</th>
              {aggregation.dimensions.map((d) => (
                <th scope="col" key={d.key}>
                  {d.number}. {pick(locale, d.title)}
                </th>
              ))}
              <th scope="col">{t("national.dimensions.mean")}</th>
            </tr>
          </thead>
          <tbody>
            {aggregation.units.map((unit) => (
              <tr key={unit.code}>
                <th scope="row">
                  <UnitLink unit={unit} />
                </th>
                {unit.dimensions.map((d) => (
                  <MeanCell key={d.dimensionKey} view={view} mean={d.mean} />
                ))}
                <MeanCell view={view} mean={unit.mean} />
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

export function CriterionMatrix({ aggregation, view }: { aggregation: Aggregation; view: View }) {
  const { t, locale } = view;
  const specific = new Set(aggregation.specificAreas.cells.map((c) => `${c.unitCode}|${c.criterionKey}`));
  return (
    <section aria-labelledby="national-matrix">
      <h2 id="national-matrix">{t("national.matrix.heading")}</h2>
      <p>
        {t("national.matrix.textsNote")} <a href="#national-criteria">{t("national.criteria.heading")}</a>.
      </p>
      <TableScroll>
        <table className="heatmap heatmap--criteria">
          <TableCaption>{t("national.matrix.caption")}</TableCaption>
          <colgroup>
            <col />
          </colgroup>
          {aggregation.dimensions.map((d) => (
            <colgroup key={d.key} span={d.criterionKeys.length} />
          ))}
          <thead>
            <tr>
              <td />
              {aggregation.dimensions.map((d) => (
                <th scope="colgroup" colSpan={d.criterionKeys.length} key={d.key} className="heatmap__dimension">
                  {d.number}. {pick(locale, d.title)}
                </th>
              ))}
            </tr>
            <tr>
              <th scope="col">{t("national.matrix.unit")}</th>
              {aggregation.criteria.map((c) => (
                <th scope="col" key={c.key} className="heatmap__criterion" title={pick(locale, c.text)}>
                  <span aria-hidden="true">{c.number}</span>
                  <VisuallyHidden>{t("national.matrix.criterionHeader", { number: c.number, text: pick(locale, c.text) })}</VisuallyHidden>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {aggregation.units.map((unit) => (
              <tr key={unit.code}>
                <th scope="row">
                  <UnitLink unit={unit} />
                </th>
                {unit.cells.map((cell) => (
                  <ScoreCell key={cell.criterionKey} view={view} cell={cell} specific={specific.has(`${unit.code}|${cell.criterionKey}`)} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

function ShareCell({ view, share }: { view: View; share: number | null }) {
  return <td className="number">{share === null ? <Abbreviated short="–" long={view.t("national.cell.notComputableLong")} /> : formatShare(view.locale, share)}</td>;
}

function DecimalCell({ view, value, digits = 1 }: { view: View; value: number | null; digits?: number }) {
  return (
    <td className="number">
      {value === null ? <Abbreviated short="–" long={view.t("national.cell.notComputableLong")} /> : formatDecimal(view.locale, value, digits)}
    </td>
  );
}

export function CriterionTable({ aggregation, view }: { aggregation: Aggregation; view: View }) {
  const { t } = view;
  return (
    <section aria-labelledby="national-criteria">
      <h2 id="national-criteria">{t("national.criteria.heading")}</h2>
      <TableScroll>
        <table className="national-table">
          <TableCaption>{t("national.criteria.caption")}</TableCaption>
          <thead>
            <tr>
              <th scope="col">{t("national.criteria.criterion")}</th>
              <th scope="col">{t("national.criteria.demand")}</th>
              <th scope="col" className="number">{t("national.criteria.n")}</th>
              <th scope="col" className="number">{t("national.criteria.mean")}</th>
              <th scope="col" className="number">{t("national.criteria.median")}</th>
              <th scope="col" className="number">{t("national.criteria.gapShare")}</th>
              <th scope="col" className="number">{t("national.criteria.majorGapShare")}</th>
              <th scope="col" className="number">{t("national.criteria.cannotAssess")}</th>
              <th scope="col" className="number">{t("national.criteria.missing")}</th>
            </tr>
          </thead>
          <tbody>
            {aggregation.criterionStats.map((stat) => {
              const criterion = view.criteria.get(stat.criterionKey)!;
              return (
                <tr key={stat.criterionKey} id={`criterion-${stat.criterionKey}`}>
                  <th scope="row">
                    <CriterionLabel view={view} criterionKey={stat.criterionKey} />
                  </th>
                  <td>{t(`manuals.demand.${criterion.demand}` as MessageKey)}</td>
                  <td className="number">{stat.n}</td>
                  <DecimalCell view={view} value={stat.mean} />
                  <DecimalCell view={view} value={stat.median} />
                  <ShareCell view={view} share={stat.gapShare} />
                  <ShareCell view={view} share={stat.majorGapShare} />
                  <td className="number">{stat.cannotAssess}</td>
                  <td className="number">{stat.missing}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

export function GeneralAreas({ aggregation, view }: { aggregation: Aggregation; view: View }) {
  const { t, locale } = view;
  return (
    <section aria-labelledby="national-general">
      <h2 id="national-general">{t("national.general.heading")}</h2>
      <p className="rule">{t("national.general.rule", { share: formatShare(locale, aggregation.rules.generalGapShare) })}</p>
      {aggregation.generalAreas.length === 0 ? (
        <p>{t("national.general.none")}</p>
      ) : (
        <TableScroll>
          <table className="national-table">
            <TableCaption>{t("national.general.caption")}</TableCaption>
            <thead>
              <tr>
                <th scope="col">{t("national.criteria.criterion")}</th>
                <th scope="col" className="number">{t("national.general.gaps")}</th>
                <th scope="col" className="number">{t("national.criteria.gapShare")}</th>
              </tr>
            </thead>
            <tbody>
              {aggregation.generalAreas.map((area) => (
                <tr key={area.criterionKey}>
                  <th scope="row">
                    <CriterionLabel view={view} criterionKey={area.criterionKey} />
                  </th>
                  <td className="number">{t("national.general.gapsValue", { gaps: area.gaps, n: area.n })}</td>
                  <td className="number">{formatShare(locale, area.gapShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

export function SpecificAreas({ aggregation, view }: { aggregation: Aggregation; view: View }) {
  const { t, locale } = view;
  const { cells, units } = aggregation.specificAreas;
  const { national, rules } = aggregation;
  const canApplyUnitRule = national.mean !== null && (national.standardDeviation ?? 0) > 0;
  return (
    <section aria-labelledby="national-specific">
      <h2 id="national-specific">{t("national.specific.heading")}</h2>
      <h3>{t("national.specific.cellsHeading")}</h3>
      <p className="rule">{t("national.specific.cellsRule", { steps: rules.specificStepsBelowMedian })}</p>
      {cells.length === 0 ? (
        <p>{t("national.specific.cellsNone")}</p>
      ) : (
        <TableScroll>
          <table className="national-table">
            <TableCaption>{t("national.specific.cellsCaption")}</TableCaption>
            <thead>
              <tr>
                <th scope="col">{t("national.matrix.unit")}</th>
                <th scope="col">{t("national.criteria.criterion")}</th>
                <th scope="col" className="number">{t("national.specific.score")}</th>
                <th scope="col" className="number">{t("national.specific.median")}</th>
                <th scope="col" className="number">{t("national.specific.stepsBelow")}</th>
              </tr>
            </thead>
            <tbody>
              {cells.map((cell) => (
                <tr key={`${cell.unitCode}|${cell.criterionKey}`}>
                  <th scope="row">
                    <UnitLink unit={view.units.get(cell.unitCode)!} />
                  </th>
                  <td>
                    <CriterionLabel view={view} criterionKey={cell.criterionKey} />
                  </td>
                  <td className="number">{cell.score}</td>
                  <td className="number">{formatDecimal(locale, cell.median, 1)}</td>
                  <td className="number">{formatDecimal(locale, cell.stepsBelow, 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h3>{t("national.specific.unitsHeading")}</h3>
      <p className="rule">
        {canApplyUnitRule
          ? t("national.specific.unitsRule", {
              sd: rules.specificSdBelowMean,
              mean: formatDecimal(locale, national.mean!, 2),
              sdValue: formatDecimal(locale, national.standardDeviation!, 2),
            })
          : t("national.specific.unitsRuleNoSpread", { sd: rules.specificSdBelowMean })}
      </p>
      {units.length === 0 ? (
        canApplyUnitRule ? <p>{t("national.specific.unitsNone")}</p> : null
      ) : (
        <TableScroll>
          <table className="national-table">
            <TableCaption>{t("national.specific.unitsCaption")}</TableCaption>
            <thead>
              <tr>
                <th scope="col">{t("national.matrix.unit")}</th>
                <th scope="col" className="number">{t("national.specific.unitMean")}</th>
                <th scope="col" className="number">{t("national.specific.sdBelow")}</th>
              </tr>
            </thead>
            <tbody>
              {units.map((unit) => (
                <tr key={unit.unitCode}>
                  <th scope="row">
                    <UnitLink unit={view.units.get(unit.unitCode)!} />
                  </th>
                  <td className="number">{formatDecimal(locale, unit.mean, 2)}</td>
                  <td className="number">{formatDecimal(locale, unit.sdBelow, 2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

export function Regions({ aggregation, view }: { aggregation: Aggregation; view: View }) {
  const { t, locale } = view;
  const { breakdown, multiRegionUnits, unitsWithoutRegion } = aggregation.regions;
  const unitName = (code: string) => pick(locale, view.units.get(code)!.name);
  const regionName = (code: string) => pick(locale, view.regions.get(code)!.name);
  return (
    <section aria-labelledby="national-regions">
      <h2 id="national-regions">{t("national.regions.heading")}</h2>
      {breakdown.length === 0 ? (
        <p>{t("national.regions.none")}</p>
      ) : (
        <>
          <p className="rule">{t("national.regions.rule")}</p>
          {multiRegionUnits.map((unit) => (
            <p key={unit.unitCode} className="rule">
              {t("national.regions.multi", { unit: unitName(unit.unitCode), regions: unit.regionCodes.map(regionName).join(", ") })}
            </p>
          ))}
          {unitsWithoutRegion.length > 0 ? <p>{t("national.regions.without", { units: unitsWithoutRegion.map(unitName).join(", ") })}</p> : null}
          <TableScroll>
            <table className="heatmap">
              <TableCaption>{t("national.regions.caption")}</TableCaption>
              <thead>
                <tr>
                  <th scope="col">{t("national.regions.region")}</th>
                  <th scope="col">{t("national.regions.units")}</th>
                  {aggregation.dimensions.map((d) => (
                    <th scope="col" key={d.key}>
                      {d.number}. {pick(locale, d.title)}
                    </th>
                  ))}
                  <th scope="col">{t("national.dimensions.mean")}</th>
                </tr>
              </thead>
              <tbody>
                {breakdown.map((region) => (
                  <tr key={region.code}>
                    <th scope="row">{pick(locale, region.name)}</th>
                    <td className="national-units">{region.unitCodes.map(unitName).join(", ")}</td>
                    {region.dimensions.map((d) => (
                      <MeanCell key={d.dimensionKey} view={view} mean={d.mean} />
                    ))}
                    <MeanCell view={view} mean={region.mean} />
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </section>
  );
}

export function InDepthCandidates({ aggregation, view }: { aggregation: Aggregation; view: View }) {
  const { t, locale } = view;
  const { rules } = aggregation;
  return (
    <section aria-labelledby="national-in-depth">
      <h2 id="national-in-depth">{t("national.inDepth.heading")}</h2>
      <p className="rule">
        {t("national.inDepth.rule", { majorGaps: rules.inDepthMajorGaps, major: view.majorValues, dimensions: rules.inDepthSpecificDimensions })}
      </p>
      {aggregation.inDepthCandidates.length === 0 ? (
        <p>{t("national.inDepth.none")}</p>
      ) : (
        <TableScroll>
          <table className="national-table">
            <TableCaption>{t("national.inDepth.caption")}</TableCaption>
            <thead>
              <tr>
                <th scope="col">{t("national.matrix.unit")}</th>
                <th scope="col" className="number">{t("national.inDepth.majorGaps")}</th>
                <th scope="col">{t("national.inDepth.specificDimensions")}</th>
                <th scope="col">{t("national.inDepth.reasons")}</th>
              </tr>
            </thead>
            <tbody>
              {aggregation.inDepthCandidates.map((candidate) => (
                <tr key={candidate.unitCode}>
                  <th scope="row">
                    <UnitLink unit={view.units.get(candidate.unitCode)!} />
                  </th>
                  <td className="number">{candidate.majorGaps}</td>
                  <td>
                    {candidate.specificDimensions.length === 0 ? (
                      <Abbreviated short="–" long={t("national.inDepth.noSpecificDimensions")} />
                    ) : (
                      candidate.specificDimensions.map((key) => pick(locale, view.dimensions.get(key)?.title ?? { sv: key, en: key })).join(", ")
                    )}
                  </td>
                  <td>
                    {candidate.reasons
                      .map((reason) =>
                        reason === "majorGaps"
                          ? t("national.inDepth.reason.majorGaps", { count: candidate.majorGaps, min: rules.inDepthMajorGaps })
                          : t("national.inDepth.reason.specificDimensions", {
                              count: candidate.specificDimensions.length,
                              min: rules.inDepthSpecificDimensions,
                            }),
                      )
                      .join("; ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

export function RecommendationThemes({ aggregation, view }: { aggregation: Aggregation; view: View }) {
  const { t } = view;
  const { recommendationThemes } = aggregation;
  const shown = recommendationThemes.criteria.filter((theme) => theme.total > 0);
  return (
    <section aria-labelledby="national-themes">
      <h2 id="national-themes">{t("national.themes.heading")}</h2>
      <p>{t("national.themes.summary", { total: recommendationThemes.recommendations, unlinked: recommendationThemes.unlinked })}</p>
      {shown.length === 0 ? (
        <p>{t("national.themes.none")}</p>
      ) : (
        <TableScroll>
          <table className="national-table">
            <TableCaption>{t("national.themes.caption")}</TableCaption>
            <thead>
              <tr>
                <th scope="col">{t("national.criteria.criterion")}</th>
                <th scope="col" className="number">{t("national.themes.total")}</th>
                <th scope="col" className="number">{t("national.themes.high")}</th>
                <th scope="col" className="number">{t("national.themes.medium")}</th>
                <th scope="col" className="number">{t("national.themes.low")}</th>
                <th scope="col" className="number">{t("national.themes.units")}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((theme) => (
                <tr key={theme.criterionKey}>
                  <th scope="row">
                    <CriterionLabel view={view} criterionKey={theme.criterionKey} />
                  </th>
                  <td className="number">{theme.total}</td>
                  <td className="number">{theme.high}</td>
                  <td className="number">{theme.medium}</td>
                  <td className="number">{theme.low}</td>
                  <td className="number">{theme.units}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

export const SECTIONS: { id: string; label: MessageKey }[] = [
  { id: "national-legend", label: "national.legend.heading" },
  { id: "national-dimensions", label: "national.dimensions.heading" },
  { id: "national-matrix", label: "national.matrix.heading" },
  { id: "national-criteria", label: "national.criteria.heading" },
  { id: "national-general", label: "national.general.heading" },
  { id: "national-specific", label: "national.specific.heading" },
  { id: "national-regions", label: "national.regions.heading" },
  { id: "national-in-depth", label: "national.inDepth.heading" },
  { id: "national-themes", label: "national.themes.heading" },
];

export function Contents({ extra = [] }: { extra?: { id: string; label: MessageKey }[] }) {
  const t = useT();
  return (
    <nav aria-labelledby="national-toc" className="toc">
      <h2 id="national-toc">{t("national.toc.label")}</h2>
      <ul>
        {[...SECTIONS, ...extra].map((section) => (
          <li key={section.id}>
            <a href={`#${section.id}`}>{t(section.label)}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

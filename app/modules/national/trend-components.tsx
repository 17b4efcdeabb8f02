/**
 * The trend section of /national: the GET form for a series of rounds, a server-rendered SVG line
 * chart (readable without JavaScript; lines differ by colour, dash pattern and marker shape, so
 * colour is never the only signal) and the tables with every number. "Ej jämförbart" / "Not
 * comparable" stands in place of a number with the crosswalk relation that makes it so.
 */
import { Form } from "@remix-run/react";
import { ErrorList } from "~/components/forms";
import { TableCaption, TableScroll } from "~/components/table-scroll";
import { pick, useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import type { Demand } from "./aggregation";
import { formatDecimal, formatShare } from "./national-format";
import { nationalSearch } from "./national-query";
import type { NationalRound } from "./round";
import { notComparableReason } from "./trend-text";
import { chartGeometry, DEFAULT_LAYOUT, LINE_STYLES, OVERALL_STYLE, type LineStyle } from "./trend-chart";
import type { NationalTrends, TrendAggregatePoint, TrendPoint } from "./trends";

function Marker({ x, y, style }: { x: number; y: number; style: LineStyle }) {
  const r = 5;
  if (style.marker === "square") return <rect x={x - r} y={y - r} width={2 * r} height={2 * r} fill={style.colour} />;
  if (style.marker === "triangle") return <polygon points={`${x},${y - r - 1} ${x + r + 1},${y + r} ${x - r - 1},${y + r}`} fill={style.colour} />;
  if (style.marker === "diamond") return <polygon points={`${x},${y - r - 1} ${x + r + 1},${y} ${x},${y + r + 1} ${x - r - 1},${y}`} fill={style.colour} />;
  return <circle cx={x} cy={y} r={r} fill={style.colour} />;
}

function LegendSwatch({ style }: { style: LineStyle }) {
  return (
    <svg width="44" height="14" viewBox="0 0 44 14" aria-hidden="true" focusable="false">
      <line x1="2" y1="7" x2="42" y2="7" stroke={style.colour} strokeWidth="2.5" strokeDasharray={style.dash || undefined} />
      <Marker x={22} y={7} style={style} />
    </svg>
  );
}

export function SeriesForm({
  rounds,
  current,
  demand,
  seriesIds,
  error,
}: {
  rounds: NationalRound[];
  current: NationalRound;
  demand: Demand | null;
  seriesIds: number[];
  error: MessageKey | null;
}) {
  const t = useT();
  const options = rounds.filter((r) => r.level === current.level);
  const errorId = error ? "national-series-error" : undefined;
  if (options.length < 2) return <p>{t("trends.form.onlyOne")}</p>;
  return (
    <Form method="get" action="/national#national-trends" className="trend-form" aria-label={t("trends.form.label")} key={`${current.id}-${seriesIds.join(",")}`}>
      <input type="hidden" name="round" value={current.id} />
      {demand ? <input type="hidden" name="demand" value={demand} /> : null}
      <fieldset aria-describedby={errorId} aria-invalid={error ? true : undefined}>
        <legend>{t("trends.form.legend")}</legend>
        <ul className="checkbox-list">
          {[...options].reverse().map((round) => (
            <li key={round.id}>
              <label>
                <input type="checkbox" name="series" value={round.id} defaultChecked={seriesIds.includes(round.id)} />{" "}
                {t("trends.form.option", { name: round.name, version: round.manualVersion, published: round.publishedReviews })}
              </label>
            </li>
          ))}
        </ul>
        <ErrorList id={errorId} errors={error ? [error] : null} />
      </fieldset>
      <div className="actions">
        <button type="submit" className="button">
          {t("trends.form.submit")}
        </button>
      </div>
    </Form>
  );
}

function NotComparable({ reason }: { reason: string }) {
  const t = useT();
  return (
    <span className="not-comparable">
      {t("trends.notComparable")} <span className="not-comparable__reason">({reason})</span>
    </span>
  );
}

function CriterionPointCell({ point }: { point: TrendPoint }) {
  const t = useT();
  const locale = useLocale();
  if (!point.comparable) {
    return (
      <td className="trend-cell">
        <NotComparable reason={notComparableReason(t, point)} />
      </td>
    );
  }
  return (
    <td className="trend-cell number">
      {point.mean === null
        ? t("trends.noScore")
        : t("trends.value", {
            mean: formatDecimal(locale, point.mean, 2),
            gapShare: point.gapShare === null ? "–" : formatShare(locale, point.gapShare),
            n: point.n,
          })}
      {point.caution ? (
        <>
          {" "}
          <span aria-hidden="true" title={t("trends.caution")}>
            ⚠
          </span>
          <span className="visually-hidden">({t("trends.caution")})</span>
        </>
      ) : null}
    </td>
  );
}

function AggregateCell({ point }: { point: TrendAggregatePoint }) {
  const t = useT();
  const locale = useLocale();
  return (
    <td className="trend-cell number">
      {point.mean === null
        ? t("trends.noScore")
        : t("trends.value", {
            mean: formatDecimal(locale, point.mean, 2),
            gapShare: point.gapShare === null ? "–" : formatShare(locale, point.gapShare),
            n: point.n,
          })}
    </td>
  );
}

function RoundHeaders({ trends }: { trends: NationalTrends }) {
  const t = useT();
  return (
    <>
      {trends.rounds.map((round) => (
        <th scope="col" key={round.id} className="number">
          {round.name}
          <br />
          <span className="trend-version">{t("national.facts.manualVersion", { version: round.manualVersion })}</span>
        </th>
      ))}
    </>
  );
}

export function TrendChart({ trends, steps }: { trends: NationalTrends; steps: number[] }) {
  const t = useT();
  const locale = useLocale();
  const lines = [
    ...trends.dimensions
      .filter((d) => d.points !== null)
      .map((d, i) => ({ key: d.key, label: `${d.number}. ${pick(locale, d.title)}`, points: d.points!, style: LINE_STYLES[i % LINE_STYLES.length]! })),
    ...(trends.overall.points ? [{ key: "overall", label: t("trends.chart.overall"), points: trends.overall.points, style: OVERALL_STYLE }] : []),
  ];
  if (lines.length === 0) return <p>{t("trends.chart.noData")}</p>;
  const geometry = chartGeometry(
    trends.rounds.length,
    steps,
    lines.map((line) => ({ key: line.key, values: line.points.map((p) => p.mean) })),
  );
  const { width, height, margin } = DEFAULT_LAYOUT;
  return (
    <figure className="trend-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="trend-chart-title trend-chart-desc" className="trend-chart__svg">
        <title id="trend-chart-title">{t("trends.chart.title")}</title>
        <desc id="trend-chart-desc">{t("trends.chart.desc")}</desc>
        {geometry.grid.map((line) => (
          <g key={line.value}>
            <line x1={margin.left} x2={width - margin.right} y1={line.y} y2={line.y} stroke="#8a9199" strokeWidth="1" />
            <text x={margin.left - 8} y={line.y + 4} textAnchor="end" fontSize="13" fill="#1a1a1a">
              {line.value}
            </text>
          </g>
        ))}
        {geometry.xs.map((x, i) => (
          <text key={trends.rounds[i]!.id} x={x} y={height - margin.bottom + 22} textAnchor="middle" fontSize="13" fill="#1a1a1a">
            {trends.rounds[i]!.name}
          </text>
        ))}
        {geometry.series.map((series, s) => {
          const style = lines[s]!.style;
          return (
            <g key={series.key}>
              {series.paths.map((d) => (
                <path key={d} d={d} fill="none" stroke={style.colour} strokeWidth="2.5" strokeDasharray={style.dash || undefined} />
              ))}
              {series.points.map((point) => (
                <Marker key={point.index} x={point.x} y={point.y} style={style} />
              ))}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span className="visually-hidden">{t("trends.chart.legend")}: </span>
        <ul className="trend-legend">
          {lines.map((line) => (
            <li key={line.key}>
              <LegendSwatch style={line.style} /> {line.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

export function TrendSection({
  trends,
  rounds,
  current,
  demand,
  seriesIds,
  error,
  steps,
}: {
  trends: NationalTrends | null;
  rounds: NationalRound[];
  current: NationalRound;
  demand: Demand | null;
  seriesIds: number[];
  error: MessageKey | null;
  steps: number[];
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="national-trends" className="national-trends">
      <h2 id="national-trends">{t("trends.heading")}</h2>
      <p>{t("trends.intro")}</p>
      <SeriesForm rounds={rounds} current={current} demand={demand} seriesIds={seriesIds} error={error} />
      {trends ? (
        <>
          <p>{t("trends.target", { manual: t(`manuals.kind.${trends.manualKey}` as MessageKey), version: trends.targetVersion })}</p>
          <p className="rule">{t("trends.rule")}</p>
          <p className="rule">{t("trends.coreRule")}</p>
          <TrendChart trends={trends} steps={steps} />
          <TableScroll>
            <table className="national-table">
              <TableCaption>{t("trends.dimensions.caption")}</TableCaption>
              <thead>
                <tr>
                  <th scope="col">{t("trends.dimensions.dimension")}</th>
                  <th scope="col">{t("trends.dimensions.core")}</th>
                  <RoundHeaders trends={trends} />
                </tr>
              </thead>
              <tbody>
                {trends.dimensions.map((dimension) => (
                  <tr key={dimension.key}>
                    <th scope="row">
                      {dimension.number}. {pick(locale, dimension.title)}
                    </th>
                    <td>
                      {t("trends.dimensions.coreValue", {
                        count: dimension.coreKeys.length,
                        total: dimension.coreKeys.length + dimension.excludedKeys.length,
                      })}
                    </td>
                    {dimension.points ? (
                      dimension.points.map((point) => <AggregateCell key={point.roundId} point={point} />)
                    ) : (
                      <td colSpan={trends.rounds.length} className="trend-cell">
                        <span className="not-comparable">{t("trends.dimensions.notComparable")}</span>
                      </td>
                    )}
                  </tr>
                ))}
                <tr>
                  <th scope="row">{t("trends.chart.overall")}</th>
                  <td>{trends.overall.coreKeys.length}</td>
                  {trends.overall.points ? (
                    trends.overall.points.map((point) => <AggregateCell key={point.roundId} point={point} />)
                  ) : (
                    <td colSpan={trends.rounds.length} className="trend-cell">
                      <span className="not-comparable">{t("trends.notComparable")}</span>
                    </td>
                  )}
                </tr>
              </tbody>
            </table>
          </TableScroll>
          <h3>{t("trends.criteria.heading")}</h3>
          <TableScroll>
            <table className="national-table trend-table">
              <TableCaption>{t("trends.criteria.caption")}</TableCaption>
              <thead>
                <tr>
                  <th scope="col">{t("trends.criteria.criterion")}</th>
                  <RoundHeaders trends={trends} />
                </tr>
              </thead>
              <tbody>
                {trends.criteria.map((row) => (
                  <tr key={`${row.anchorVersion}-${row.key}`} data-criterion={row.key}>
                    <th scope="row">
                      <span className="criterion-number">{row.number}</span> {pick(locale, row.text)}{" "}
                      <span className="trend-key">({row.key})</span>
                      {row.status === "retired" ? <span className="badge">{t("trends.criteria.retired", { version: trends.targetVersion })}</span> : null}
                    </th>
                    {row.points.map((point) => (
                      <CriterionPointCell key={point.roundId} point={point} />
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <h3>{t("trends.units.heading")}</h3>
          <TableScroll>
            <table className="national-table">
              <TableCaption>{t("trends.units.caption")}</TableCaption>
              <thead>
                <tr>
                  <th scope="col">{t("trends.units.unit")}</th>
                  <RoundHeaders trends={trends} />
                </tr>
              </thead>
              <tbody>
                {trends.units.map((unit) => (
                  <tr key={unit.code}>
                    <th scope="row">{pick(locale, unit.name)}</th>
                    {unit.points.map((point) => (
                      <td key={point.roundId} className="number">
                        {point.mean === null ? t("trends.units.notIn") : t("trends.meanOnly", { mean: formatDecimal(locale, point.mean, 2), n: point.scored })}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <ul className="inline-list">
            <li>
              <a href={`/national/export.csv${nationalSearch({ round: current.id, demand, series: seriesIds })}&table=trends`} download>
                {t("national.exports.trendsCsv")}
              </a>
            </li>
            <li>
              <a href={`/national/export.xlsx${nationalSearch({ round: current.id, demand, series: seriesIds })}`} download>
                {t("national.exports.xlsx")}
              </a>
            </li>
            <li>
              <a href={`/national/export.json${nationalSearch({ round: current.id, demand, series: seriesIds })}`} download>
                {t("national.exports.json")}
              </a>
            </li>
          </ul>
        </>
      ) : null}
    </section>
  );
}

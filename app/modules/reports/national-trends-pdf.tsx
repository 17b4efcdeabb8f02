/**
 * The trend part of the national PDF (when /national/report.pdf has a series, as the page's PDF
 * link passes it on): the same content as the page's trend section — the manual version compared
 * in, the rules, the line chart (trend-chart.ts geometry and line styles, the page's drawing), and
 * the tables per dimension, per criterion ("Ej jämförbart" with its crosswalk relation instead of a
 * number) and per unit. On landscape pages: one column per round.
 */
import { Circle, G, Line, Path, Polygon, Rect, Svg, Text, View } from "@react-pdf/renderer";
import type { Locale } from "#db/schema";
import type { Translate } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { formatDecimal, formatShare } from "../national/national-format";
import { chartGeometry, DEFAULT_LAYOUT, LINE_STYLES, OVERALL_STYLE, type LineStyle } from "../national/trend-chart";
import { notComparableReason } from "../national/trend-text";
import type { NationalTrends, TrendAggregatePoint, TrendPoint } from "../national/trends";
import { SectionHeading, styles, SubHeading, Table, type Column } from "./pdf-components";
import { REPORT_COLOURS as C } from "./report-colours";

const CONTENT_WIDTH = 729;

function Marker({ x, y, style, r = 4 }: { x: number; y: number; style: LineStyle; r?: number }) {
  if (style.marker === "square") return <Rect x={x - r} y={y - r} width={2 * r} height={2 * r} fill={style.colour} />;
  if (style.marker === "triangle") return <Polygon points={`${x},${y - r - 1} ${x + r + 1},${y + r} ${x - r - 1},${y + r}`} fill={style.colour} />;
  if (style.marker === "diamond") return <Polygon points={`${x},${y - r - 1} ${x + r + 1},${y} ${x},${y + r + 1} ${x - r - 1},${y}`} fill={style.colour} />;
  return <Circle cx={x} cy={y} r={r} fill={style.colour} />;
}

/** "Not comparable (reason)", as the page shows it. */
export function notComparableText(t: Translate, point: Extract<TrendPoint, { comparable: false }>): string {
  return `${t("trends.notComparable")} (${notComparableReason(t, point)})`;
}

export function TrendPdfSection({ trends, steps, locale, t }: { trends: NationalTrends; steps: number[]; locale: Locale; t: Translate }) {
  const pick = (text: { sv: string; en: string }) => (locale === "en" ? text.en : text.sv);
  const value = (point: TrendAggregatePoint | Extract<TrendPoint, { comparable: true }>) =>
    point.mean === null
      ? t("trends.noScore")
      : t("trends.value", { mean: formatDecimal(locale, point.mean, 2), gapShare: point.gapShare === null ? "–" : formatShare(locale, point.gapShare), n: point.n });
  const roundColumns = (first: Column[]): Column[] => {
    const rest = CONTENT_WIDTH - first.reduce((sum, c) => sum + c.width, 0);
    return [
      ...first,
      ...trends.rounds.map((round) => ({
        header: `${round.name} (${t("national.facts.manualVersion", { version: round.manualVersion })})`,
        width: rest / Math.max(1, trends.rounds.length),
        align: "right" as const,
      })),
    ];
  };

  const lines = [
    ...trends.dimensions
      .filter((d) => d.points !== null)
      .map((d, i) => ({ key: d.key, label: `${d.number}. ${pick(d.title)}`, points: d.points!, style: LINE_STYLES[i % LINE_STYLES.length]! })),
    ...(trends.overall.points ? [{ key: "overall", label: t("trends.chart.overall"), points: trends.overall.points, style: OVERALL_STYLE }] : []),
  ];
  const { width, height, margin } = DEFAULT_LAYOUT;
  const geometry = chartGeometry(
    trends.rounds.length,
    steps,
    lines.map((line) => ({ key: line.key, values: line.points.map((p) => p.mean) })),
  );
  const anyCaution = trends.criteria.some((row) => row.points.some((p) => p.comparable && p.caution));

  return (
    <>
      <SectionHeading>{t("trends.heading")}</SectionHeading>
      <Text style={styles.paragraph}>{t("trends.target", { manual: t(`manuals.kind.${trends.manualKey}` as MessageKey), version: trends.targetVersion })}</Text>
      {/* The page marks reworded criteria with ⚠, which the PDF standard fonts lack: "*" here. */}
      <Text style={styles.rule}>{t("trends.rule").replace("⚠", "*")}</Text>
      <Text style={styles.rule}>{t("trends.coreRule")}</Text>

      <SubHeading>{t("trends.chart.title")}</SubHeading>
      {lines.length === 0 ? (
        <Text>{t("trends.chart.noData")}</Text>
      ) : (
        <View wrap={false} style={{ flexDirection: "row", marginBottom: 10 }}>
          <Svg width={width * 0.75} height={height * 0.75} viewBox={`0 0 ${width} ${height}`}>
            {geometry.grid.map((line) => (
              <G key={line.value}>
                <Line x1={margin.left} x2={width - margin.right} y1={line.y} y2={line.y} stroke="#8a9199" strokeWidth={1} />
                <Text x={margin.left - 8} y={line.y + 4} textAnchor="end" fill={C.text} style={{ fontSize: 12 }}>
                  {String(line.value)}
                </Text>
              </G>
            ))}
            {geometry.xs.map((x, i) => (
              <Text key={trends.rounds[i]!.id} x={x} y={height - margin.bottom + 22} textAnchor="middle" fill={C.text} style={{ fontSize: 11 }}>
                {trends.rounds[i]!.name}
              </Text>
            ))}
            {geometry.series.map((series, s) => {
              const style = lines[s]!.style;
              return (
                <G key={series.key}>
                  {series.paths.map((d) => (
                    <Path key={d} d={d} fill="none" stroke={style.colour} strokeWidth={2.5} {...(style.dash ? { strokeDasharray: style.dash } : {})} />
                  ))}
                  {series.points.map((point) => (
                    <Marker key={point.index} x={point.x} y={point.y} style={style} />
                  ))}
                </G>
              );
            })}
          </Svg>
          <View style={{ marginLeft: 12, flex: 1 }}>
            <Text style={[styles.small, { marginBottom: 4 }]}>{t("trends.chart.legend")}</Text>
            {lines.map((line) => (
              <View key={line.key} style={{ flexDirection: "row", alignItems: "center", marginBottom: 3 }}>
                <Svg width={34} height={10} viewBox="0 0 44 14">
                  <Line x1={2} y1={7} x2={42} y2={7} stroke={line.style.colour} strokeWidth={2.5} {...(line.style.dash ? { strokeDasharray: line.style.dash } : {})} />
                  <Marker x={22} y={7} style={line.style} />
                </Svg>
                <Text style={{ marginLeft: 4, fontSize: 8 }}>{line.label}</Text>
              </View>
            ))}
          </View>
        </View>
      )}

      <Text style={[styles.small, { marginBottom: 6 }]}>{t("trends.dimensions.caption")}</Text>
      <Table
        columns={roundColumns([
          { header: t("trends.dimensions.dimension"), width: 170 },
          { header: t("trends.dimensions.core"), width: 70 },
        ])}
        rows={[
          ...trends.dimensions.map((d) => ({
            key: d.key,
            cells: [
              `${d.number}. ${pick(d.title)}`,
              t("trends.dimensions.coreValue", { count: d.coreKeys.length, total: d.coreKeys.length + d.excludedKeys.length }),
              ...(d.points ? d.points.map(value) : trends.rounds.map(() => t("trends.notComparable"))),
            ],
          })),
          {
            key: "overall",
            cells: [t("trends.chart.overall"), String(trends.overall.coreKeys.length), ...(trends.overall.points ? trends.overall.points.map(value) : trends.rounds.map(() => t("trends.notComparable")))],
          },
        ]}
      />

      <SubHeading>{t("trends.criteria.heading")}</SubHeading>
      <Text style={[styles.small, { marginBottom: 6 }]}>{t("trends.criteria.caption")}</Text>
      <Table
        columns={roundColumns([{ header: t("trends.criteria.criterion"), width: 240 }])}
        rows={trends.criteria.map((row) => ({
          key: `${row.anchorVersion}-${row.key}`,
          cells: [
            <Text key="criterion" style={styles.td}>
              <Text style={[styles.bold, { color: C.primary }]}>{row.number} </Text>
              {pick(row.text)}
              {row.status === "retired" ? ` – ${t("trends.criteria.retired", { version: trends.targetVersion })}` : ""}
              {/* The key on a line of its own: a long key in brackets would be hyphenated across lines. */}
              <Text style={styles.small}>{`\n${t("pdf.review.criterionKey", { key: row.key })}`}</Text>
            </Text>,
            ...row.points.map((point) => (point.comparable ? `${value(point)}${point.caution ? " *" : ""}` : notComparableText(t, point))),
          ],
        }))}
      />
      {anyCaution ? <Text style={[styles.small, { marginBottom: 8 }]}>* {t("trends.caution")}</Text> : null}

      <SubHeading>{t("trends.units.heading")}</SubHeading>
      <Text style={[styles.small, { marginBottom: 6 }]}>{t("trends.units.caption")}</Text>
      <Table
        columns={roundColumns([{ header: t("trends.units.unit"), width: 200 }])}
        rows={trends.units.map((unit) => ({
          key: unit.code,
          cells: [pick(unit.name), ...unit.points.map((p) => (p.mean === null ? t("trends.units.notIn") : t("trends.meanOnly", { mean: formatDecimal(locale, p.mean, 2), n: p.scored })))],
        }))}
      />
    </>
  );
}

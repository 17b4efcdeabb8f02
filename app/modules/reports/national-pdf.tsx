/**
 * The national report as a react-pdf document: the contents of /national for one round and filter
 * in print form — round, level, manual version and number of units; the units × dimensions
 * heatmap with the number in every cell (viridis, colour-blind safe: ../national/heat-colours.ts)
 * and, on a landscape page, the units × criteria heatmap;
 * per criterion the shares of units with a gap and a major gap; general and specific development
 * areas with their rules; healthcare regions; in-depth candidates; recommendation themes. Footer:
 * page x of y, the data's date and the sha256 of the JSON export of the same data.
 */
import { Document, Rect, Svg, Text, View } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import type { Translate } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { formatDate } from "~/utils/format";
import { nearestStepIndex } from "../national/aggregation";
import { heatColour, type HeatColour } from "../national/heat-colours";
import { formatDecimal, formatShare, joinOr } from "../national/national-format";
import type { NationalPdfData } from "./national-pdf-data";
import { TrendPdfSection } from "./national-trends-pdf";
import { Facts, ReportPage, SectionHeading, SubHeading, styles, Table, type Style } from "./pdf-components";
import { REPORT_COLOURS as C } from "./report-colours";

const FRAME = 1.5;

/** A heatmap cell: the colour of the (nearest) step and the number printed in it. */
function HeatCell({ text, colour, framed = false, small = false }: { text: string; colour: HeatColour | null; framed?: boolean; small?: boolean }) {
  const style: Style = colour
    ? { backgroundColor: colour.background, color: colour.text }
    : { backgroundColor: C.white, color: C.text };
  return (
    <View
      style={[
        { marginVertical: 1, marginHorizontal: small ? 0.75 : 1, alignItems: "center", justifyContent: "center" },
        style,
        // A framed cell trades its padding for the frame, so it is exactly as large as the others.
        framed
          ? { borderWidth: FRAME, borderColor: colour?.text ?? C.text, paddingVertical: (small ? 1.5 : 2.5) }
          : { paddingVertical: (small ? 1.5 : 2.5) + FRAME, paddingHorizontal: FRAME },
      ]}
    >
      <Text style={{ fontSize: small ? 7 : 8, lineHeight: 1.2, fontFamily: "Helvetica-Bold" }}>{text}</Text>
    </View>
  );
}

/** Share of units with a gap (light) and with a major gap (dark) as one bar, under the printed numbers. */
function GapBar({ gapShare, majorGapShare, colours }: { gapShare: number | null; majorGapShare: number | null; colours: HeatColour[] }) {
  const width = 40;
  const gap = (gapShare ?? 0) * width;
  const major = (majorGapShare ?? 0) * width;
  return (
    <Svg width={width} height={8} viewBox={`0 0 ${width} 8`} style={{ marginHorizontal: 4 }}>
      <Rect x={0} y={0} width={width} height={8} fill={C.track} />
      <Rect x={0} y={0} width={gap} height={8} fill={colours[Math.min(colours.length - 1, 2)]?.background ?? C.primary} />
      <Rect x={0} y={0} width={major} height={8} fill={colours[0]?.background ?? C.primaryDark} />
    </Svg>
  );
}

/**
 * The units × criteria heatmap: criterion numbers as column heads grouped by dimension, the
 * consensus score in every cell in its step's colour, "E/B" for cannot assess, "–" for no score,
 * a frame around specific development areas. The texts of the criteria are in the table that follows.
 */
function CriterionMatrix({ data, t, colours }: { data: NationalPdfData; t: Translate; colours: HeatColour[] }) {
  const a = data.aggregation;
  const pick = (text: { sv: string; en: string }) => (data.locale === "en" ? text.en : text.sv);
  const contentWidth = 729;
  const unitColumn = 128;
  const column = Math.min(34, (contentWidth - unitColumn) / Math.max(1, a.criteria.length));
  const stepIndex = new Map(a.scale.steps.map((s, i) => [s.value, i]));
  const specific = new Set(a.specificAreas.cells.map((c) => `${c.unitCode}|${c.criterionKey}`));
  return (
    <View>
      <Text style={[styles.small, { marginBottom: 6 }]}>
        {t("national.matrix.caption")} {t("pdf.national.matrixNote")}
      </Text>
      <View style={[styles.tableHead, { alignItems: "flex-end" }]} wrap={false}>
        <View style={{ width: unitColumn }}>
          <Text style={styles.th}>{t("national.matrix.unit")}</Text>
        </View>
        {a.dimensions.map((d) => (
          <View key={d.key} style={{ width: column * d.criterionKeys.length, borderLeftWidth: 0.75, borderLeftColor: C.border }}>
            <Text style={[styles.th, { textAlign: "center" }]}>
              {d.number}. {pick(d.title)}
            </Text>
            <View style={{ flexDirection: "row" }}>
              {d.criterionKeys.map((key) => (
                <Text key={key} style={[styles.th, { width: column, paddingHorizontal: 0, textAlign: "center", fontSize: 6.5 }]}>
                  {a.criteria.find((c) => c.key === key)?.number ?? key}
                </Text>
              ))}
            </View>
          </View>
        ))}
      </View>
      {a.units.map((unit) => (
        <View key={unit.code} style={[styles.tableRow, { alignItems: "center" }]} wrap={false}>
          <View style={{ width: unitColumn }}>
            <Text style={[styles.td, { fontSize: 7.5, paddingVertical: 1.5 }]}>{pick(unit.name)}</Text>
          </View>
          {a.dimensions.map((d) => (
            <View key={d.key} style={{ flexDirection: "row", borderLeftWidth: 0.75, borderLeftColor: C.border }}>
              {d.criterionKeys.map((key) => {
                const cell = unit.cells.find((c) => c.criterionKey === key);
                const text = !cell || cell.score === null ? t(cell?.cannotAssess ? "national.cell.cannotAssess" : "national.cell.noScore") : String(cell.score);
                const colour = cell && cell.score !== null ? colours[stepIndex.get(cell.score) ?? 0]! : null;
                return (
                  <View key={key} style={{ width: column }}>
                    <HeatCell text={text} colour={colour} framed={specific.has(`${unit.code}|${key}`)} small />
                  </View>
                );
              })}
            </View>
          ))}
        </View>
      ))}
    </View>
  );
}

export function NationalPdfDocument({ data, t }: { data: NationalPdfData; t: Translate }) {
  const { locale, round, aggregation: a } = data;
  const pick = (text: { sv: string; en: string }) => (locale === "en" ? text.en : text.sv);
  const steps = a.scale.steps;
  const colours = steps.map((_, i) => heatColour(i, steps.length));
  const meanColour = (mean: number | null) => (mean === null ? null : colours[nearestStepIndex(steps, mean)]!);
  const decimal = (value: number | null, digits = 1) => (value === null ? "–" : formatDecimal(locale, value, digits));
  const share = (value: number | null) => (value === null ? "–" : formatShare(locale, value));
  const criteria = new Map(a.criteria.map((c) => [c.key, c]));
  const units = new Map(a.units.map((u) => [u.code, u]));
  const regions = new Map(a.regions.breakdown.map((r) => [r.code, r]));
  const dimensions = new Map(a.dimensions.map((d) => [d.key, d]));
  const unitName = (code: string) => pick(units.get(code)?.name ?? { sv: code, en: code });
  const criterionLabel = (key: string) => {
    const c = criteria.get(key);
    return (
      <Text style={styles.td}>
        <Text style={[styles.bold, { color: C.primary }]}>{c?.number ?? key} </Text>
        {c ? pick(c.text) : ""}
      </Text>
    );
  };
  const majorValues = joinOr(a.scale.majorGapValues.map(String), t("national.or"));
  const top = steps[steps.length - 1];
  const topLabel = top ? `${top.value} ${pick(top.label)}` : "";
  const frame = {
    footerTitle: t("pdf.national.footer", { round: round.name }),
    pageLabel: t("pdf.page"),
    hashLine: t("pdf.national.hash", { n: round.publishedReviews, date: formatDate(data.documentDate), hash: data.contentHash }),
  };
  const empty = a.units.length === 0;
  const contentWidth = 483;

  // Units × dimensions: the unit's name, one column per dimension, all criteria.
  const unitColumn = 150;
  const dimensionColumn = (contentWidth - unitColumn) / (a.dimensions.length + 1);
  const heatHeader = (
    <View style={[styles.tableHead, { alignItems: "flex-end" }]} wrap={false}>
      <View style={{ width: unitColumn }}>
        <Text style={styles.th}>{t("national.matrix.unit")}</Text>
      </View>
      {a.dimensions.map((d) => (
        <View key={d.key} style={{ width: dimensionColumn }}>
          <Text style={[styles.th, { textAlign: "center" }]}>
            {d.number}. {pick(d.title)}
          </Text>
        </View>
      ))}
      <View style={{ width: dimensionColumn }}>
        <Text style={[styles.th, { textAlign: "center" }]}>{t("national.dimensions.mean")}</Text>
      </View>
    </View>
  );

  return (
    <Document
      title={data.meta.title}
      author="Kollega"
      creator="Kollega"
      producer="Kollega (react-pdf)"
      subject={data.meta.subject}
      keywords={data.meta.keywords}
      language={locale}
      creationDate={data.meta.date}
      modificationDate={data.meta.date}
      pageMode="useOutlines"
    >
      <ReportPage {...frame}>
        <Text style={styles.kicker}>{t("pdf.kicker")}</Text>
        <Text style={[styles.coverLabel, { marginTop: 24 }]}>{t("national.title")}</Text>
        <Text style={styles.coverTitle}>{round.name}</Text>
        <Text style={[styles.coverSubtitle, { marginBottom: 16 }]}>
          {t(`level.${round.level}` as MessageKey)} · {t(`manuals.kind.${round.manualKey}` as MessageKey)}, {t("national.facts.manualVersion", { version: round.manualVersion })}
        </Text>
        {round.synthetic ? <Text style={[styles.warning, { backgroundColor: "#fff4d6", borderLeftColor: "#8a6d00", color: C.text }]}>{t("pdf.national.synthetic")}</Text> : null}
        <Facts
          rows={[
            { label: t("national.facts.round"), value: round.name },
            { label: t("national.facts.level"), value: t(`level.${round.level}` as MessageKey) },
            { label: t("national.facts.manual"), value: `${t(`manuals.kind.${round.manualKey}` as MessageKey)}, ${t("national.facts.manualVersion", { version: round.manualVersion })}` },
            { label: t("national.facts.period"), value: `${formatDate(round.periodStart)} – ${formatDate(round.periodEnd)}` },
            { label: t("pdf.national.units"), value: String(a.national.units) },
            { label: t("national.facts.filter"), value: a.filter.demand ? t(`manuals.demand.${a.filter.demand}` as MessageKey) : t("national.form.allDemands") },
            ...(a.national.mean !== null
              ? [
                  {
                    label: t("national.facts.nationalMean"),
                    value: t("national.facts.nationalMeanValue", {
                      mean: formatDecimal(locale, a.national.mean, 2),
                      sd: formatDecimal(locale, a.national.standardDeviation ?? 0, 2),
                      n: a.national.unitsWithMean,
                    }),
                  },
                ]
              : []),
            { label: t("pdf.national.dataDate"), value: formatDate(data.documentDate) },
          ]}
        />

        {empty ? (
          <Text style={[styles.notice, { marginTop: 16 }]}>{t("national.roundEmpty", { round: round.name })}</Text>
        ) : (
          <>
            {/* Legend and definitions */}
            <SubHeading style={{ marginTop: 16 }}>{t("national.legend.heading")}</SubHeading>
            <Text style={styles.paragraph}>{t("national.legend.intro")}</Text>
            <View style={{ flexDirection: "row", flexWrap: "wrap", marginBottom: 6 }} wrap={false}>
              {steps.map((step, i) => (
                <View key={step.value} style={{ flexDirection: "row", alignItems: "center", marginRight: 14, marginBottom: 4 }}>
                  <View style={{ width: 26 }}>
                    <HeatCell text={String(step.value)} colour={colours[i]!} />
                  </View>
                  <Text style={{ marginLeft: 3 }}>{t("national.legend.step", { value: step.value, label: pick(step.label) })}</Text>
                </View>
              ))}
              <View style={{ flexDirection: "row", alignItems: "center", marginRight: 14, marginBottom: 4 }}>
                <View style={{ width: 26, borderWidth: 0.5, borderColor: C.border }}>
                  <HeatCell text={t("national.cell.noScore")} colour={null} />
                </View>
                <Text style={{ marginLeft: 3 }}>{t("pdf.national.notComputable")}</Text>
              </View>
            </View>
            <Text style={styles.rule}>{t("national.legend.meanColour")}</Text>
            <Text style={styles.rule}>{t("national.definitions", { top: topLabel, major: majorValues })}</Text>

            {/* Units × dimensions */}
            <SectionHeading breakBefore>{t("national.dimensions.heading")}</SectionHeading>
            <Text style={[styles.small, { marginBottom: 6 }]}>{t("national.dimensions.caption")}</Text>
            <View style={styles.table}>
              {heatHeader}
              {a.units.map((unit) => (
                <View key={unit.code} style={[styles.tableRow, { alignItems: "center" }]} wrap={false}>
                  <View style={{ width: unitColumn }}>
                    <Text style={styles.td}>{pick(unit.name)}</Text>
                  </View>
                  {unit.dimensions.map((d) => (
                    <View key={d.dimensionKey} style={{ width: dimensionColumn }}>
                      <HeatCell text={decimal(d.mean)} colour={meanColour(d.mean)} />
                    </View>
                  ))}
                  <View style={{ width: dimensionColumn }}>
                    <HeatCell text={decimal(unit.mean)} colour={meanColour(unit.mean)} />
                  </View>
                </View>
              ))}
            </View>

          </>
        )}
      </ReportPage>

      {/* Units × criteria: a landscape page, one column per criterion. */}
      {empty ? null : (
        <ReportPage {...frame} orientation="landscape">
          <SectionHeading>{t("national.matrix.heading")}</SectionHeading>
          <CriterionMatrix data={data} t={t} colours={colours} />
        </ReportPage>
      )}

      {empty ? null : (
        <ReportPage {...frame}>
          <>
            {/* Per criterion */}
            <SectionHeading>{t("national.criteria.heading")}</SectionHeading>
            <Text style={[styles.small, { marginBottom: 6 }]}>{t("national.criteria.caption")}</Text>
            <Table
              columns={[
                { header: t("national.criteria.criterion"), width: 164 },
                { header: t("national.criteria.demand"), width: 58 },
                { header: t("national.criteria.n"), width: 18, align: "right" },
                { header: t("pdf.national.col.mean"), width: 32, align: "right" },
                { header: t("national.criteria.median"), width: 36, align: "right" },
                { header: t("national.criteria.gapShare"), width: 34, align: "right" },
                { header: t("national.criteria.majorGapShare"), width: 38, align: "right" },
                { header: t("pdf.national.gapBar"), width: 50, align: "center" },
                { header: t("national.cell.cannotAssess"), width: 22, align: "right" },
                { header: t("national.criteria.missing"), width: 31, align: "right" },
              ]}
              rows={a.criterionStats.map((stat) => ({
                key: stat.criterionKey,
                cells: [
                  criterionLabel(stat.criterionKey),
                  t(`manuals.demand.${criteria.get(stat.criterionKey)?.demand ?? "basic"}` as MessageKey),
                  String(stat.n),
                  decimal(stat.mean),
                  decimal(stat.median),
                  share(stat.gapShare),
                  share(stat.majorGapShare),
                  <GapBar key="bar" gapShare={stat.gapShare} majorGapShare={stat.majorGapShare} colours={colours} />,
                  String(stat.cannotAssess),
                  String(stat.missing),
                ],
              }))}
            />
            <Text style={styles.small}>{t("pdf.national.gapBarLegend", { major: majorValues })}</Text>

            {/* General development areas */}
            <SectionHeading>{t("national.general.heading")}</SectionHeading>
            <Text style={styles.rule}>{t("national.general.rule", { share: formatShare(locale, a.rules.generalGapShare) })}</Text>
            {a.generalAreas.length === 0 ? (
              <Text>{t("national.general.none")}</Text>
            ) : (
              <Table
                columns={[
                  { header: t("national.criteria.criterion"), width: 323 },
                  { header: t("national.general.gaps"), width: 80, align: "right" },
                  { header: t("national.criteria.gapShare"), width: 80, align: "right" },
                ]}
                rows={a.generalAreas.map((area) => ({
                  key: area.criterionKey,
                  cells: [criterionLabel(area.criterionKey), t("national.general.gapsValue", { gaps: area.gaps, n: area.n }), share(area.gapShare)],
                }))}
              />
            )}

            {/* Specific development areas */}
            <SectionHeading>{t("national.specific.heading")}</SectionHeading>
            <SubHeading>{t("national.specific.cellsHeading")}</SubHeading>
            <Text style={styles.rule}>{t("national.specific.cellsRule", { steps: a.rules.specificStepsBelowMedian })}</Text>
            {a.specificAreas.cells.length === 0 ? (
              <Text>{t("national.specific.cellsNone")}</Text>
            ) : (
              <Table
                columns={[
                  { header: t("national.matrix.unit"), width: 110 },
                  { header: t("national.criteria.criterion"), width: 223 },
                  { header: t("national.specific.score"), width: 50, align: "right" },
                  { header: t("national.specific.median"), width: 50, align: "right" },
                  { header: t("national.specific.stepsBelow"), width: 50, align: "right" },
                ]}
                rows={a.specificAreas.cells.map((cell) => ({
                  key: `${cell.unitCode}|${cell.criterionKey}`,
                  cells: [unitName(cell.unitCode), criterionLabel(cell.criterionKey), String(cell.score), decimal(cell.median), decimal(cell.stepsBelow)],
                }))}
              />
            )}
            <SubHeading>{t("national.specific.unitsHeading")}</SubHeading>
            {a.national.mean !== null && (a.national.standardDeviation ?? 0) > 0 ? (
              <>
                <Text style={styles.rule}>
                  {t("national.specific.unitsRule", {
                    sd: a.rules.specificSdBelowMean,
                    mean: formatDecimal(locale, a.national.mean, 2),
                    sdValue: formatDecimal(locale, a.national.standardDeviation!, 2),
                  })}
                </Text>
                {a.specificAreas.units.length === 0 ? (
                  <Text>{t("national.specific.unitsNone")}</Text>
                ) : (
                  <Table
                    columns={[
                      { header: t("national.matrix.unit"), width: 283 },
                      { header: t("national.specific.unitMean"), width: 100, align: "right" },
                      { header: t("national.specific.sdBelow"), width: 100, align: "right" },
                    ]}
                    rows={a.specificAreas.units.map((u) => ({ key: u.unitCode, cells: [unitName(u.unitCode), decimal(u.mean, 2), decimal(u.sdBelow, 2)] }))}
                  />
                )}
              </>
            ) : (
              <Text style={styles.rule}>{t("national.specific.unitsRuleNoSpread", { sd: a.rules.specificSdBelowMean })}</Text>
            )}

            {/* Healthcare regions */}
            <SectionHeading>{t("national.regions.heading")}</SectionHeading>
            {a.regions.breakdown.length === 0 ? (
              <Text>{t("national.regions.none")}</Text>
            ) : (
              <>
                <Text style={styles.rule}>{t("national.regions.rule")}</Text>
                {a.regions.multiRegionUnits.map((u) => (
                  <Text key={u.unitCode} style={styles.rule}>
                    {t("national.regions.multi", { unit: unitName(u.unitCode), regions: u.regionCodes.map((code) => pick(regions.get(code)?.name ?? { sv: code, en: code })).join(", ") })}
                  </Text>
                ))}
                {a.regions.unitsWithoutRegion.length > 0 ? <Text style={styles.paragraph}>{t("national.regions.without", { units: a.regions.unitsWithoutRegion.map(unitName).join(", ") })}</Text> : null}
                <Table
                  columns={[
                    { header: t("national.regions.region"), width: 95 },
                    { header: t("national.regions.units"), width: 148 },
                    ...a.dimensions.map((d) => ({ header: `${d.number}. ${pick(d.title)}`, width: 240 / (a.dimensions.length + 1), align: "center" as const })),
                    { header: t("national.dimensions.mean"), width: 240 / (a.dimensions.length + 1), align: "center" },
                  ]}
                  rows={a.regions.breakdown.map((region) => ({
                    key: region.code,
                    cells: [
                      pick(region.name),
                      region.unitCodes.map(unitName).join(", "),
                      ...region.dimensions.map((d) => <HeatCell key={d.dimensionKey} text={decimal(d.mean)} colour={meanColour(d.mean)} />),
                      <HeatCell key="mean" text={decimal(region.mean)} colour={meanColour(region.mean)} />,
                    ],
                  }))}
                />
              </>
            )}

            {/* In-depth candidates */}
            <SectionHeading>{t("national.inDepth.heading")}</SectionHeading>
            <Text style={styles.rule}>
              {t("national.inDepth.rule", { majorGaps: a.rules.inDepthMajorGaps, major: majorValues, dimensions: a.rules.inDepthSpecificDimensions })}
            </Text>
            {a.inDepthCandidates.length === 0 ? (
              <Text>{t("national.inDepth.none")}</Text>
            ) : (
              <Table
                columns={[
                  { header: t("national.matrix.unit"), width: 120 },
                  { header: t("national.inDepth.majorGaps"), width: 45, align: "right" },
                  { header: t("national.inDepth.specificDimensions"), width: 138 },
                  { header: t("national.inDepth.reasons"), width: 180 },
                ]}
                rows={a.inDepthCandidates.map((candidate) => ({
                  key: candidate.unitCode,
                  cells: [
                    unitName(candidate.unitCode),
                    String(candidate.majorGaps),
                    candidate.specificDimensions.length === 0
                      ? t("national.inDepth.noSpecificDimensions")
                      : candidate.specificDimensions.map((key) => pick(dimensions.get(key)?.title ?? { sv: key, en: key })).join(", "),
                    candidate.reasons
                      .map((reason) =>
                        reason === "majorGaps"
                          ? t("national.inDepth.reason.majorGaps", { count: candidate.majorGaps, min: a.rules.inDepthMajorGaps })
                          : t("national.inDepth.reason.specificDimensions", { count: candidate.specificDimensions.length, min: a.rules.inDepthSpecificDimensions }),
                      )
                      .join("; "),
                  ],
                }))}
              />
            )}

            {/* Recommendation themes */}
            <SectionHeading>{t("national.themes.heading")}</SectionHeading>
            <Text style={styles.paragraph}>{t("national.themes.summary", { total: a.recommendationThemes.recommendations, unlinked: a.recommendationThemes.unlinked })}</Text>
            {a.recommendationThemes.criteria.every((theme) => theme.total === 0) ? (
              <Text>{t("national.themes.none")}</Text>
            ) : (
              <Table
                columns={[
                  { header: t("national.criteria.criterion"), width: 233 },
                  { header: t("national.themes.total"), width: 58, align: "right" },
                  { header: t("national.themes.high"), width: 48, align: "right" },
                  { header: t("national.themes.medium"), width: 48, align: "right" },
                  { header: t("national.themes.low"), width: 48, align: "right" },
                  { header: t("national.themes.units"), width: 48, align: "right" },
                ]}
                rows={a.recommendationThemes.criteria
                  .filter((theme) => theme.total > 0)
                  .map((theme) => ({
                    key: theme.criterionKey,
                    cells: [criterionLabel(theme.criterionKey), String(theme.total), String(theme.high), String(theme.medium), String(theme.low), String(theme.units)],
                  }))}
              />
            )}
          </>
        </ReportPage>
      )}

      {/* Trends across the query's series of rounds, as on the page: landscape, a column per round. */}
      {data.trends ? (
        <ReportPage {...frame} orientation="landscape">
          <TrendPdfSection trends={data.trends} steps={steps.map((s) => s.value)} locale={locale} t={t} />
        </ReportPage>
      ) : null}
    </Document>
  );
}

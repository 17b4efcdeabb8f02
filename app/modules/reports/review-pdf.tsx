/**
 * The review report as a react-pdf document: the same contents as the HTML report
 * (/reviews/:id/report) in print form — cover, summary with the profile chart, every criterion
 * with self-score, consensus and rationale, strengths, recommendations by priority with the
 * unit's answers, method and team — with page numbers and the snapshot's hash in the footer.
 *
 * It reads only `ReviewPdfData` (review-pdf-data.ts), which holds exactly what the HTML page
 * shows to the same reader; all strings in it are already PDF-safe.
 */
import { Document, Text, View } from "@react-pdf/renderer";
import type { Translate } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { formatDate, formatDateTime } from "~/utils/format";
import { Facts, ProfileChartPdf, ReportPage, ScoreBadge, SectionHeading, SubHeading, styles } from "./pdf-components";
import { REPORT_COLOURS as C } from "./report-colours";
import { scoreColour } from "./profile-chart";
import { meanText, scoreParts } from "./report-view";
import type { ReviewPdfData } from "./review-pdf-data";
import { pdfText } from "./pdf-text";

const CRITERION_INDENT = 34;
/** The score badge's height as a line height, so label, badge and words share one line. */
const BADGE_LINE = "14pt";
const PRIORITY_ACCENT = { high: C.primaryDark, medium: C.primary, low: C.border } as const;

export function ReviewPdfDocument({ data, t }: { data: ReviewPdfData; t: Translate }) {
  const { locale, view, meta } = data;
  const text = (c: { textSv: string; textEn: string }) => (locale === "en" ? c.textEn : c.textSv);
  const numberOf = new Map(data.criteria.map((c) => [c.key, c.number]));
  const scoreOf = (value: Parameters<typeof scoreParts>[0]) => scoreParts(value, view.scale, locale, t);
  const frame = {
    footerTitle: t("pdf.review.footer", { unit: data.unitName, round: data.round.name }),
    pageLabel: t("pdf.page"),
    hashLine: t("pdf.review.hash", { hash: data.hash }),
  };
  const priorities = (["high", "medium", "low"] as const).filter((p) => view.recommendations[p].length > 0);
  const summary = view.summary;

  return (
    <Document
      title={meta.title}
      author="Kollega"
      creator="Kollega"
      producer="Kollega (react-pdf)"
      subject={meta.subject}
      keywords={meta.keywords}
      language={locale}
      creationDate={meta.date}
      modificationDate={meta.date}
      pageMode="useOutlines"
    >
      <ReportPage {...frame}>
        {/* Cover */}
        <Text style={styles.kicker}>{t("pdf.kicker")}</Text>
        <Text style={styles.coverLabel}>{t("report.title")}</Text>
        <Text style={styles.coverTitle}>{data.unitName}</Text>
        <Text style={styles.coverSubtitle}>
          {data.round.name} · {t("pdf.review.period", { start: formatDate(data.round.periodStart), end: formatDate(data.round.periodEnd) })}
        </Text>
        {data.intact ? null : <Text style={styles.warning}>{t("report.integrityBroken")}</Text>}
        <Facts
          rows={[
            { label: t("report.unit"), value: data.unitName },
            { label: t("report.round"), value: data.round.name },
            { label: t("report.manual"), value: t("report.manualVersion", { manual: data.manualTitle, version: data.manual.version }) },
            { label: t("report.publishedAt"), value: formatDate(data.publishedAt) },
            { label: t("report.signedOffBy"), value: data.signedOffBy },
            {
              label: t("report.team"),
              value: (
                <View>
                  {data.team.map((m) => (
                    <Text key={m.userId}>
                      {m.name}, {m.homeUnit}
                      {m.isLead ? ` (${t("report.lead")})` : ""}
                      {m.isUserRepresentative ? ` (${t("report.userRepresentative")})` : ""}
                    </Text>
                  ))}
                </View>
              ),
            },
          ]}
        />
        <View style={styles.notice}>
          <Text>{t("pdf.review.notice", { date: formatDate(data.publishedAt) })}</Text>
          {data.audience === "team" ? <Text style={[styles.bold, { marginTop: 4 }]}>{t("pdf.review.teamVersion")}</Text> : null}
        </View>

      </ReportPage>
      {/* A page of its own for each part that starts on a new page (as a forced break did; decision 022). */}
      <ReportPage {...frame}>
        {/* Summary and profile */}
        <SectionHeading>{t("report.summary")}</SectionHeading>
        <Text style={styles.paragraph}>
          {t("report.summaryText", {
            criteria: summary.criteria,
            assessed: summary.assessed,
            atTop: summary.atTop,
            gaps: summary.gaps,
            majorGaps: summary.majorGaps,
            cannotAssess: summary.cannotAssess,
          })}
        </Text>
        <View style={{ flexDirection: "row", marginVertical: 8 }} wrap={false}>
          {(
            [
              ["pdf.review.figure.assessed", `${summary.assessed}/${summary.criteria}`],
              ["pdf.review.figure.atTop", summary.atTop],
              ["pdf.review.figure.gaps", summary.gaps],
              ["pdf.review.figure.majorGaps", summary.majorGaps],
              ["pdf.review.figure.cannotAssess", summary.cannotAssess],
            ] as [MessageKey, string | number][]
          ).map(([key, value], i) => (
            <View key={key} style={{ flex: 1, padding: 8, marginLeft: i === 0 ? 0 : 6, backgroundColor: C.surface, borderTopWidth: 2, borderTopColor: C.primary }}>
              <Text style={{ fontSize: 16, lineHeight: 1.2, fontFamily: "Helvetica-Bold", color: C.primaryDark }}>{String(value)}</Text>
              <Text style={styles.small}>{t(key)}</Text>
            </View>
          ))}
        </View>
        <View wrap={false}>
          <SubHeading>{t("report.profile")}</SubHeading>
          <ProfileChartPdf geometry={data.chart} valueText={(mean) => meanText(mean, locale, t)} />
          <Text style={[styles.small, { marginTop: 4 }]}>{t("pdf.review.chartCaption", { top: view.topScore })}</Text>
        </View>

      </ReportPage>
      <ReportPage {...frame}>
        {/* Criteria */}
        <SectionHeading>{t("report.criteria")}</SectionHeading>
        {view.dimensions.map((d) => (
          <View key={d.key}>
            <SubHeading>
              {locale === "en" ? d.titleEn : d.titleSv}
              <Text style={[styles.muted, { fontFamily: "Helvetica", fontSize: 9.5 }]}>
                {"  "}
                {t("pdf.review.dimensionMean", { mean: meanText(d.mean, locale, t) })}
              </Text>
            </SubHeading>
            {d.criteria.map((c) => (
              // The criterion's number, text, key and scores never split; a long rationale runs on
              // to the next page under them.
              <View key={c.key} style={{ paddingVertical: 7, borderTopWidth: 0.75, borderTopColor: C.rule }}>
                <View style={{ flexDirection: "row" }} wrap={false} minPresenceAhead={24}>
                  <Text style={{ width: CRITERION_INDENT, fontFamily: "Helvetica-Bold", color: C.primary }}>{c.number}</Text>
                  <View style={{ flex: 1 }}>
                    <Text style={{ fontFamily: "Helvetica-Bold" }}>{text(c)}</Text>
                    <Text style={[styles.small, { marginBottom: 4 }]}>{t("pdf.review.criterionKey", { key: c.key })}</Text>
                    <View style={{ flexDirection: "row", marginBottom: 4 }}>
                      {(
                        [
                          ["report.selfScore", c.selfScore],
                          ["report.consensus", c.consensus],
                        ] as const
                      ).map(([label, value]) => {
                        const parts = scoreOf(value);
                        return (
                          <View key={label} style={{ flexDirection: "row", width: "50%" }}>
                            <Text style={[styles.small, { marginRight: 4, lineHeight: BADGE_LINE, paddingTop: 2 }]}>{t(label)}:</Text>
                            {parts.value === null ? null : <ScoreBadge score={String(parts.value)} colour={scoreColour(parts.value, view.scale)} />}
                            <Text style={{ fontSize: 8.5, lineHeight: BADGE_LINE, paddingTop: 2 }}>{parts.label}</Text>
                          </View>
                        );
                      })}
                    </View>
                  </View>
                </View>
                <Text style={{ marginLeft: CRITERION_INDENT, fontSize: 9, lineHeight: 1.4 }} orphans={2} widows={2}>
                  <Text style={styles.bold}>{t("report.rationale")}: </Text>
                  {c.consensus?.rationale || t("report.none")}
                </Text>
              </View>
            ))}
          </View>
        ))}

        {/* Kolada indicators attached as evidence (frozen with the snapshot), as on the HTML page */}
        {view.indicators.length ? (
          <View>
            {/* The heading never stays behind at the foot of a page without its first table. */}
            <View wrap={false}>
              <SectionHeading>{t("kolada.report.heading")}</SectionHeading>
              <Text style={styles.paragraph}>{t("kolada.report.intro")}</Text>
              <IndicatorPdf indicator={view.indicators[0]!} locale={locale} t={t} />
            </View>
            {view.indicators.slice(1).map((indicator) => (
              <IndicatorPdf key={indicator.evidenceId} indicator={indicator} locale={locale} t={t} />
            ))}
          </View>
        ) : null}

        {/* Strengths */}
        <SectionHeading>{t("report.strengths")}</SectionHeading>
        {view.strengths.length === 0 ? (
          <Text>{t("report.noStrengths")}</Text>
        ) : (
          view.strengths.map((s) => (
            <View key={s.id} style={{ flexDirection: "row", marginBottom: 4 }} wrap={false}>
              <Text style={{ width: 12, color: C.primary }}>•</Text>
              <Text style={{ flex: 1 }}>
                {s.criterionKey ? <Text style={styles.bold}>{`${numberOf.get(s.criterionKey) ?? ""} `}</Text> : null}
                {s.text}
                {s.internal ? <Text style={styles.muted}>{` (${t("report.internal")})`}</Text> : null}
              </Text>
            </View>
          ))
        )}

        {/* Recommendations */}
        <SectionHeading>{t("report.recommendations")}</SectionHeading>
        {priorities.length === 0 ? <Text>{t("report.noRecommendations")}</Text> : null}
        {priorities.map((priority) => (
          <View key={priority}>
            <SubHeading>{t(`report.priority.${priority}` as MessageKey)}</SubHeading>
            {view.recommendations[priority].map((r, i) => {
              const answer = data.answers.find((a) => a.recommendation_id === r.id);
              return (
                // The number is part of the text, so it never stays behind when the text moves on.
                <View key={r.id} style={{ marginBottom: 8, paddingLeft: 8, borderLeftWidth: 2.5, borderLeftColor: PRIORITY_ACCENT[priority] }}>
                  <Text style={{ marginBottom: 2 }} orphans={2} widows={2}>
                    <Text style={styles.bold}>{`${i + 1}. `}</Text>
                    {r.text}
                  </Text>
                  {r.timeframe ? (
                    <Text style={styles.small}>
                      {t("report.timeframe")}: {r.timeframe}
                    </Text>
                  ) : null}
                  {r.criterionKeys.length ? (
                    <Text style={styles.small}>
                      {t("report.linkedCriteria")}: {r.criterionKeys.map((k) => numberOf.get(k) ?? k).join(", ")}
                    </Text>
                  ) : null}
                  <Text style={[styles.small, { color: C.text }]}>
                    <Text style={styles.bold}>{t("report.answer")}: </Text>
                    {answer
                      ? [
                          t(`report.response.${answer.response}` as MessageKey),
                          answer.planned_action,
                          answer.owner ? `${t("report.owner")}: ${answer.owner}` : "",
                          answer.due_date ? `${t("report.due")}: ${formatDate(answer.due_date)}` : "",
                          t(`report.progress.${answer.progress}` as MessageKey),
                        ]
                          .filter(Boolean)
                          .join(" · ")
                      : t("report.noAnswer")}
                  </Text>
                </View>
              );
            })}
          </View>
        ))}

        {/* Method and team */}
        <SectionHeading>{t("report.method")}</SectionHeading>
        <Text style={styles.paragraph}>{t("report.methodText")}</Text>
        <SubHeading>{t("report.team")}</SubHeading>
        {data.team.map((m) => (
          <Text key={m.userId}>
            {m.name}, {m.homeUnit}
            {m.isLead ? ` (${t("report.lead")})` : ""}
            {m.isUserRepresentative ? ` (${t("report.userRepresentative")})` : ""}
          </Text>
        ))}
        <Text style={[styles.paragraph, { marginTop: 6 }]}>
          {t("report.signedOffBy")}: {data.signedOffBy} · {t("report.publishedAt")}: {formatDate(data.publishedAt)}
        </Text>
        <View style={styles.notice} wrap={false}>
          <Text>{t("report.integrity", { hash: "" }).trim()}</Text>
          <Text style={{ fontFamily: "Courier", fontSize: 8 }}>{data.hash}</Text>
          <Text style={{ marginTop: 4 }}>{t("pdf.review.manualChecksum")}</Text>
          <Text style={{ fontFamily: "Courier", fontSize: 8 }}>{data.manual.checksum}</Text>
        </View>
      </ReportPage>
    </Document>
  );
}

const INDICATOR_COLUMNS = [18, 26, 26, 30] as const;

/** One attached Kolada snapshot: the year rows of the county beside Sweden and the county's rank. */
function IndicatorPdf({ indicator, locale, t }: { indicator: ReviewPdfData["view"]["indicators"][number]; locale: ReviewPdfData["locale"]; t: Translate }) {
  const snapshot = indicator.values;
  const county = locale === "en" ? snapshot.county.nameEn : snapshot.county.nameSv;
  const title = snapshot.title ?? t("kolada.panel.noTitle", { kpi: snapshot.kpiId });
  const numberFormat = new Intl.NumberFormat(locale === "sv" ? "sv-SE" : "en-GB", { maximumFractionDigits: 1 });
  // Intl writes a minus sign and narrow spaces the standard fonts lack: through pdfText like every other string.
  const number = (value: number | null) => (value === null ? t("kolada.panel.missing") : pdfText(numberFormat.format(value)));
  const cell = (i: number, bold = false) => ({ width: `${INDICATOR_COLUMNS[i]}%`, paddingVertical: 2, fontFamily: bold ? "Helvetica-Bold" : "Helvetica" });
  return (
    <View style={{ marginBottom: 10 }} wrap={false}>
      <SubHeading>
        {indicator.criterionNumber ? `${t("report.criterion")} ${indicator.criterionNumber}: ` : ""}
        {pdfText(t("kolada.evidence.caption", { title, kpi: snapshot.kpiId, county }))}
      </SubHeading>
      <View style={{ flexDirection: "row", borderBottomWidth: 0.75, borderBottomColor: C.rule }}>
        {[t("kolada.panel.year"), county, t("kolada.panel.national"), t("kolada.panel.rank")].map((heading, i) => (
          <Text key={i} style={cell(i, true)}>
            {pdfText(heading)}
          </Text>
        ))}
      </View>
      {snapshot.years.map((row) => (
        <View key={row.year} style={{ flexDirection: "row", borderBottomWidth: 0.5, borderBottomColor: C.rule }}>
          <Text style={cell(0, true)}>{String(row.year)}</Text>
          <Text style={cell(1)}>{number(row.county)}</Text>
          <Text style={cell(2)}>{number(row.national)}</Text>
          <Text style={cell(3)}>{row.rank === null ? t("kolada.panel.missing") : t("kolada.panel.rankValue", { rank: row.rank, of: row.rankedOf })}</Text>
        </View>
      ))}
      <Text style={[styles.small, { marginTop: 3 }]}>
        {snapshot.synthetic ? `${t("kolada.panel.synthetic")} ` : ""}
        {t("kolada.evidence.frozen", { time: formatDateTime(snapshot.attachedAt), fetched: formatDateTime(snapshot.fetchedAt) })} · {pdfText(snapshot.source)} · {snapshot.kpiUrl}
      </Text>
    </View>
  );
}

/**
 * The published review report in HTML — the accessible primary form of the report — rendered
 * from the frozen snapshot. Readers: the team, the reviewed unit, the coordinator and the
 * advisory group; before publication there is no report (404).
 */
import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TableCaption, TableScroll } from "~/components/table-scroll";
import { pick, useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { loadReport } from "~/modules/reports/report.server";
import { profileChart } from "~/modules/reports/profile-chart";
import { PdfLinks, ProfileChartSvg } from "~/modules/reports/report-components";
import { buildReportView, meanText, scoreText as formatScore } from "~/modules/reports/report-view";
import { requireReviewContext } from "~/modules/reviews/review-pages.server";
import styles from "~/styles/report.css";
import { getDb } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { IndicatorSnapshotView } from "~/modules/kolada/kolada-components";
import koladaStyles from "~/styles/kolada.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: koladaStyles },
];
export const meta: MetaFunction = () => [{ title: "Granskningsrapport – Kollega" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { context } = await requireReviewContext(request, params);
  if (!context.access.canReadPublishedReport) throw data({ message: "not published" }, { status: 404 });
  const report = await loadReport(getDb(), context.review.id);
  if (!report) throw data({ message: "not published" }, { status: 404 });
  const { stored, manual, answers } = report;
  const { unit, round, manual: manualRef, team, signedOffBy, publishedAt, criteria } = stored.snapshot;
  return {
    reviewId: context.review.id,
    // Only what the page shows: strengths and recommendations go through the view, which
    // leaves internal strengths out for readers outside the team.
    snapshot: { unit, round, manual: manualRef, team, signedOffBy, publishedAt, criteria: criteria.map((c) => ({ key: c.key, number: c.number })) },
    hash: stored.hash,
    intact: stored.intact,
    manualTitle: manual.title,
    view: buildReportView(stored.snapshot, manual, { showInternal: context.access.isTeamMember }),
    answers,
  };
}

export default function ReportPage() {
  const { reviewId, snapshot, hash, intact, manualTitle, view, answers } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const textOf = (c: { textSv: string; textEn: string }) => pick(locale, { sv: c.textSv, en: c.textEn });
  const scoreText = (value: { score: number | null; cannotAssess: boolean } | null) => formatScore(value, view.scale, locale, t);
  // The same drawing as the PDF's chart (profile-chart.ts).
  const chart = profileChart(
    view.dimensions.map((d) => ({ key: d.key, title: pick(locale, { sv: d.titleSv, en: d.titleEn }), mean: d.mean })),
    view.scale.map((s) => ({ value: s.value, label: pick(locale, { sv: s.labelSv, en: s.labelEn }) })),
  );
  const numberOf = new Map(snapshot.criteria.map((c) => [c.key, c.number]));
  return (
    <article className="report" aria-labelledby="report-title">
      <h2 id="report-title">{t("report.title")}</h2>
      <nav aria-label={t("pdf.link.heading")} className="report-pdf">
        <PdfLinks href={`/reviews/${reviewId}/report.pdf`} labels={{ sv: t("pdf.link.sv"), en: t("pdf.link.en") }} />
      </nav>
      {intact ? null : (
        <div className="alert alert--error" role="alert">
          <p>{t("report.integrityBroken")}</p>
        </div>
      )}
      <section aria-labelledby="report-cover">
        <h3 id="report-cover">{t("report.cover")}</h3>
        <dl className="facts">
          <dt>{t("report.unit")}</dt>
          <dd>{pick(locale, { sv: snapshot.unit.nameSv, en: snapshot.unit.nameEn })}</dd>
          <dt>{t("report.round")}</dt>
          <dd>
            {snapshot.round.name} ({formatDate(snapshot.round.periodStart)} – {formatDate(snapshot.round.periodEnd)})
          </dd>
          <dt>{t("report.manual")}</dt>
          <dd>{t("report.manualVersion", { manual: pick(locale, manualTitle), version: snapshot.manual.version })}</dd>
          <dt>{t("report.publishedAt")}</dt>
          <dd>{formatDate(snapshot.publishedAt)}</dd>
          <dt>{t("report.signedOffBy")}</dt>
          <dd>{snapshot.signedOffBy.name}</dd>
          <dt>{t("report.team")}</dt>
          <dd>
            <ul className="team-list">
              {snapshot.team.map((m) => (
                <li key={m.userId}>
                  {m.name}, {pick(locale, { sv: m.homeUnit.nameSv, en: m.homeUnit.nameEn })}
                  {m.isLead ? ` (${t("report.lead")})` : ""}
                  {m.isUserRepresentative ? ` (${t("report.userRepresentative")})` : ""}
                </li>
              ))}
            </ul>
          </dd>
        </dl>
      </section>

      <section aria-labelledby="report-summary">
        <h3 id="report-summary">{t("report.summary")}</h3>
        <p>
          {t("report.summaryText", {
            criteria: view.summary.criteria,
            assessed: view.summary.assessed,
            atTop: view.summary.atTop,
            gaps: view.summary.gaps,
            majorGaps: view.summary.majorGaps,
            cannotAssess: view.summary.cannotAssess,
          })}
        </p>
        <h4>{t("report.profile")}</h4>
        <ProfileChartSvg geometry={chart} valueText={(mean) => meanText(mean, locale, t)} />
        <table className="report-profile">
          <thead>
            <tr>
              <th scope="col">{t("report.dimension")}</th>
              <th scope="col">{t("report.mean", { top: view.topScore })}</th>
            </tr>
          </thead>
          <tbody>
            {view.dimensions.map((d) => (
              <tr key={d.key}>
                <th scope="row">{pick(locale, { sv: d.titleSv, en: d.titleEn })}</th>
                <td className="report-profile__value">{meanText(d.mean, locale, t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="report-criteria">
        <h3 id="report-criteria">{t("report.criteria")}</h3>
        {view.dimensions.map((d) => (
          <TableScroll key={d.key}>
            <table>
              <TableCaption>{pick(locale, { sv: d.titleSv, en: d.titleEn })}</TableCaption>
              <thead>
                <tr>
                  <th scope="col">{t("report.criterion")}</th>
                  <th scope="col">{t("report.selfScore")}</th>
                  <th scope="col">{t("report.consensus")}</th>
                  <th scope="col">{t("report.rationale")}</th>
                </tr>
              </thead>
              <tbody>
                {d.criteria.map((c) => (
                  <tr key={c.key}>
                    <th scope="row">
                      {c.number} {textOf(c)}
                    </th>
                    <td>{scoreText(c.selfScore)}</td>
                    <td>{scoreText(c.consensus)}</td>
                    <td>{c.consensus?.rationale || t("report.none")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ))}
      </section>

      {view.indicators.length ? (
        <section aria-labelledby="report-indicators">
          <h3 id="report-indicators">{t("kolada.report.heading")}</h3>
          <p>{t("kolada.report.intro")}</p>
          {view.indicators.map((indicator) => (
            <div key={indicator.evidenceId} className="report-indicator">
              {indicator.criterionNumber ? <h4>{`${t("report.criterion")} ${indicator.criterionNumber}`}</h4> : null}
              <IndicatorSnapshotView snapshot={indicator.values} />
            </div>
          ))}
        </section>
      ) : null}

      <section aria-labelledby="report-strengths">
        <h3 id="report-strengths">{t("report.strengths")}</h3>
        {view.strengths.length === 0 ? (
          <p>{t("report.noStrengths")}</p>
        ) : (
          <ul>
            {view.strengths.map((s) => (
              <li key={s.id}>
                {s.criterionKey ? `${numberOf.get(s.criterionKey) ?? ""} ` : ""}
                {s.text}
                {s.internal ? ` (${t("report.internal")})` : ""}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="report-recommendations">
        <h3 id="report-recommendations">{t("report.recommendations")}</h3>
        {(["high", "medium", "low"] as const).every((p) => view.recommendations[p].length === 0) ? <p>{t("report.noRecommendations")}</p> : null}
        {(["high", "medium", "low"] as const)
          .filter((p) => view.recommendations[p].length > 0)
          .map((priority) => (
            <div key={priority}>
              <h4>{t(`report.priority.${priority}` as MessageKey)}</h4>
              <ol className="report-recommendations">
                {view.recommendations[priority].map((r) => {
                  const answer = answers.find((a) => a.recommendation_id === r.id);
                  return (
                    <li key={r.id}>
                      <p>{r.text}</p>
                      <dl className="facts">
                        {r.timeframe ? (
                          <>
                            <dt>{t("report.timeframe")}</dt>
                            <dd>{r.timeframe}</dd>
                          </>
                        ) : null}
                        {r.criterionKeys.length ? (
                          <>
                            <dt>{t("report.linkedCriteria")}</dt>
                            <dd>{r.criterionKeys.map((k) => numberOf.get(k) ?? k).join(", ")}</dd>
                          </>
                        ) : null}
                        <dt>{t("report.answer")}</dt>
                        <dd>
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
                        </dd>
                      </dl>
                    </li>
                  );
                })}
              </ol>
            </div>
          ))}
      </section>

      <section aria-labelledby="report-method">
        <h3 id="report-method">{t("report.method")}</h3>
        <p>{t("report.methodText")}</p>
        <p className="muted report-hash">{t("report.integrity", { hash })}</p>
      </section>
    </article>
  );
}

/**
 * A reviewer's own, blind scoring of every criterion (analysis stage): scale or "cannot assess"
 * and a rationale per criterion, saved as they go (autosave with JavaScript, a save button per
 * dimension without), then submitted, which locks them. Other reviewers' scores appear only after
 * the viewer has submitted (see scoring-pages.server.ts).
 */
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TableCaption, TableScroll } from "~/components/table-scroll";
import { pick, useLocale, useT } from "~/i18n/i18n";
import { clientIp } from "~/modules/auth/guards.server";
import { Localized, pageTitle } from "~/modules/manuals/manual-components";
import { RelatedEvidenceSection } from "~/modules/national/related-evidence-components";
import type { LevelEvidence } from "~/modules/national/related-evidence";
import { requireReviewContext } from "~/modules/reviews/review-pages.server";
import { AnswerText, CriterionText, ReviewSubPageErrorBoundary, ScaleHelp, ScoreEditor, formatTime } from "~/modules/scoring/score-components";
import { AutosaveProvider, useAutosave } from "~/modules/scoring/autosave";
import { scoreAutosavePath } from "~/modules/scoring/score-fields";
import { isAnswered } from "~/modules/scoring/scoring-view";
import type { ScoreActionData } from "~/modules/scoring/score-input";
import { requireScoringAccess, requireScoringPage, scoringAction, scoringPageData } from "~/modules/scoring/scoring-pages.server";
import styles from "~/styles/scoring.css";
import koladaStyles from "~/styles/kolada.css";
import { CriterionIndicatorPanel, IndicatorForms } from "~/modules/kolada/kolada-components";
import { indicatorPanelsFor } from "~/modules/kolada/kolada-pages.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/form-data.server";
import { formatDateTime } from "~/utils/format";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: koladaStyles },
];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("scoring.title"));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, context } = await requireReviewContext(request, params);
  requireScoringPage(context);
  const db = getDb();
  return { ...(await scoringPageData(db, context, user)), indicators: await indicatorPanelsFor(db, context, "scoring", request) };
}

/**
 * The save buttons and submitting (and, without the JSON endpoint, any client): the slim access
 * check, not the page's review context. With JavaScript, autosaves go to POST
 * /reviews/:id/scoring/autosave instead (decision 023), which shares every check with this.
 */
export async function action({ request, params, context: loadContext }: ActionFunctionArgs) {
  const { user, scoring } = await requireScoringAccess(request, params);
  const form = await readFormData(request);
  return scoringAction(getDb(), scoring, user, form, { actorUserId: user.id, ip: clientIp(loadContext) });
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type CriterionData = PageData["dimensions"][number]["criteria"][number];

/**
 * "n of m criteria answered": from the loader, and after each accepted autosave from its answer
 * (autosaves do not re-run the page's loaders, decision 023).
 */
function AnsweredCount({ dimensions, total }: { dimensions: PageData["dimensions"]; total: number }) {
  const t = useT();
  const { states } = useAutosave();
  const count = dimensions.reduce((n, d) => n + d.criteria.filter((c) => states[c.id]?.answered ?? isAnswered(c.mine)).length, 0);
  return <>{t("scoring.progress.answered", { count, total })}</>;
}

export default function ScoringPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ScoreActionData | undefined;
  const t = useT();
  const locale = useLocale();
  const action = `/reviews/${data.reviewId}/scoring`;
  const submitResult = actionData?.intent === "submit" ? actionData : undefined;
  const criteriaById = new Map(data.dimensions.flatMap((d) => d.criteria.map((c) => [c.id, c])));
  // A save answer belongs to the dimension whose form sent it; anything else is shown at the top.
  const savedDimension =
    actionData?.intent === "save" && actionData.criterionIds?.length
      ? data.dimensions.find((d) => actionData.criterionIds!.every((id) => d.criteria.some((c) => c.id === id)))?.key
      : undefined;
  const unknownResult = actionData && !actionData.ok && actionData.intent !== "submit" && !savedDimension ? actionData : undefined;

  return (
    <AutosaveProvider action={action} endpoint={scoreAutosavePath(data.reviewId)}>
      <div className="scoring-page">
        <h2>{t("scoring.title")}</h2>
        {submitResult?.ok ? (
          <div className="alert alert--success" role="status">
            <p>{t(submitResult.message)}</p>
          </div>
        ) : null}
        {unknownResult ? (
          <div className="alert alert--error" role="alert">
            <p>{t(unknownResult.message)}</p>
          </div>
        ) : null}
        <dl className="facts">
          <dt>{t("scoring.progress.mine")}</dt>
          <dd>
            <AnsweredCount dimensions={data.dimensions} total={data.criteriaCount} />
          </dd>
          <dt>{t("scoring.progress.team")}</dt>
          <dd>{t("scoring.progress.submitted", { count: data.reviewersSubmitted, total: data.reviewersTotal })}</dd>
        </dl>

        {data.submittedAt ? (
          <div className="alert alert--info">
            <p>{t("scoring.submittedAt", { date: formatDateTime(data.submittedAt) })}</p>
          </div>
        ) : null}
        {data.consensusOpen ? (
          <div className="alert alert--info">
            <p>
              {t("scoring.consensusOpen")} <Link to={`/reviews/${data.reviewId}/consensus`}>{t("scoring.toConsensus")}</Link>
            </p>
          </div>
        ) : null}
        {data.canScore ? <p className="lede">{t("scoring.intro")}</p> : null}
        {!data.selfAssessmentSubmitted ? <p className="muted">{t("scoring.selfAssessmentNotSubmitted")}</p> : null}
        <ScaleHelp scale={data.scale} />

        {data.dimensions.map((dimension) => {
          const headingId = `dimension-${dimension.key}`;
          const dimensionResult = savedDimension === dimension.key ? actionData : undefined;
          const criteria = dimension.criteria.map((criterion, index) => (
            <CriterionScore
              key={criterion.id}
              criterion={criterion}
              showLeadIn={!!criterion.group && dimension.criteria[index - 1]?.group?.key !== criterion.group.key}
              scale={data.scale}
              canScore={data.canScore}
              showOthers={data.showOthers}
              actionData={dimensionResult}
              relatedEvidence={data.relatedEvidence[criterion.key]}
              indicators={data.indicators}
            />
          ));
          const title = pick(locale, dimension.title);
          return (
            <section key={dimension.key} className="score-dimension" aria-labelledby={headingId}>
              <h3 id={headingId}>
                {dimension.number}. <Localized text={dimension.title} />
              </h3>
              {data.canScore ? (
                <Form method="post" action={`${action}#${headingId}`} preventScrollReset className="score-dimension__form" aria-labelledby={headingId}>
                  <input type="hidden" name="intent" value="save" />
                  {criteria}
                  {dimensionResult && !dimensionResult.ok ? (
                    <div className="alert alert--error" role="alert">
                      <p>{t(dimensionResult.message)}</p>
                      {dimensionResult.formErrors
                        ?.filter((e) => e !== dimensionResult.message)
                        .map((e) => (
                          <p key={e}>{t(e)}</p>
                        ))}
                    </div>
                  ) : null}
                  <div className="actions score-dimension__actions">
                    <button type="submit" className="button button--secondary">
                      {t("scoring.saveDimension", { dimension: `${dimension.number}. ${title}` })}
                    </button>
                    <p className="save-status" role="status">
                      {dimensionResult?.ok && dimensionResult.savedAt ? t("scoring.savedAt", { time: formatTime(dimensionResult.savedAt) }) : ""}
                    </p>
                  </div>
                </Form>
              ) : (
                criteria
              )}
            </section>
          );
        })}

        {data.canScore ? (
          <section aria-labelledby="submit-heading" className="score-submit">
            <h3 id="submit-heading">{t("scoring.submit.title")}</h3>
            <p>{t("scoring.submit.hint")}</p>
            {submitResult && !submitResult.ok ? (
              <div className="alert alert--error" role="alert" id="submit-error">
                <p>{t(submitResult.message, { count: submitResult.missing?.length ?? 0 })}</p>
                {submitResult.missing?.length ? (
                  <ul>
                    {submitResult.missing.map((m) => {
                      const criterion = criteriaById.get(m.id);
                      return (
                        <li key={m.id}>
                          <a href={`#criterion-${m.id}`}>
                            {m.readingNumber} {criterion ? pick(locale, criterion.text) : ""}
                          </a>
                        </li>
                      );
                    })}
                  </ul>
                ) : null}
              </div>
            ) : null}
            <Form method="post" action={action}>
              <input type="hidden" name="intent" value="submit" />
              <button type="submit" className="button" aria-describedby={submitResult && !submitResult.ok ? "submit-error" : undefined}>
                {t("scoring.submit.button")}
              </button>
            </Form>
          </section>
        ) : null}
        <IndicatorForms data={data.indicators} />
      </div>
    </AutosaveProvider>
  );
}

function CriterionScore({
  criterion,
  showLeadIn,
  scale,
  canScore,
  showOthers,
  actionData,
  relatedEvidence,
  indicators,
}: {
  relatedEvidence: LevelEvidence[] | undefined;
  indicators: PageData["indicators"];
  criterion: CriterionData;
  showLeadIn: boolean;
  scale: PageData["scale"];
  canScore: boolean;
  showOthers: boolean;
  actionData: ScoreActionData | undefined;
}) {
  const t = useT();
  const headingId = `criterion-${criterion.id}-heading`;
  const number = <span className="visually-hidden"> {criterion.readingNumber}</span>;
  return (
    <article className="score-criterion" id={`criterion-${criterion.id}`} aria-labelledby={headingId}>
      <CriterionText criterion={criterion} headingLevel={4} id={headingId} showLeadIn={showLeadIn} />
      <RelatedEvidenceSection levels={relatedEvidence} headingLevel={5} idPrefix={`criterion-${criterion.id}`} />
      <dl className="score-criterion__facts">
        <dt>{t("scoring.selfScore")}</dt>
        <dd>
          <AnswerText scale={scale} answer={criterion.self} />
        </dd>
        {criterion.self?.comment ? (
          <>
            <dt>{t("scoring.selfComment")}</dt>
            <dd className="prewrap">{criterion.self.comment}</dd>
          </>
        ) : null}
        {canScore ? null : (
          <>
            <dt>{t("scoring.yourScore")}</dt>
            <dd>
              <AnswerText scale={scale} answer={criterion.mine} />
            </dd>
            <dt>{t("scoring.yourRationale")}</dt>
            <dd className="prewrap">{criterion.mine?.rationale || <span className="muted">{t("scoring.noAnswer")}</span>}</dd>
          </>
        )}
      </dl>
      <CriterionIndicatorPanel data={indicators} criterionId={criterion.id} readingNumber={criterion.readingNumber} level={5} />
      {canScore ? (
        <ScoreEditor
          criterionId={criterion.id}
          scale={scale}
          legend={
            <>
              {t("scoring.yourScore")}
              {number}
            </>
          }
          rationaleLabel={
            <>
              {t("scoring.rationale")}
              {number}
            </>
          }
          current={criterion.mine}
          actionData={actionData}
        />
      ) : null}
      {showOthers && criterion.others.length ? (
        <TableScroll>
          <table className="score-table">
            <TableCaption>{t("scoring.others.caption", { number: criterion.readingNumber })}</TableCaption>
            <thead>
              <tr>
                <th scope="col">{t("scoring.others.reviewer")}</th>
                <th scope="col">{t("scoring.others.score")}</th>
                <th scope="col">{t("scoring.others.rationale")}</th>
              </tr>
            </thead>
            <tbody>
              {criterion.others.map((other) => (
                <tr key={other.reviewerId}>
                  <th scope="row">
                    {other.name}
                    {other.submitted ? null : <span className="muted"> ({t("scoring.notSubmitted")})</span>}
                  </th>
                  <td>
                    <AnswerText scale={scale} answer={other} />
                  </td>
                  <td className="prewrap">{other.rationale}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <ReviewSubPageErrorBoundary backToOverview />;
}

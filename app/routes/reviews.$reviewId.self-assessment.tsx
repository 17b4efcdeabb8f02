/**
 * /reviews/:reviewId/self-assessment — information gathering (inhämtning). The unit contact scores
 * every criterion of the pinned manual version on its scale, comments it, adds evidence and hands
 * the self-assessment in; the team and the coordinator read it, and the team adds its own evidence
 * and interview notes, which the unit never sees. Logic: app/modules/self-assessment/.
 */
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, useActionData, useLoaderData, useRouteError, type ShouldRevalidateFunction } from "@remix-run/react";
import { useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { isMessageKey, translateError, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { clientIp } from "~/modules/auth/guards.server";
import { Localized, pageTitle, ScaleTable } from "~/modules/manuals/manual-components";
import { requireReviewContext } from "~/modules/reviews/review-pages.server";
import {
  AddEvidenceForms,
  AnswerForm,
  AnswerReadOnly,
  CriterionText,
  EvidenceSection,
} from "~/modules/self-assessment/self-assessment-components";
import { RelatedEvidenceSection } from "~/modules/national/related-evidence-components";
import { criterionAnchor, evidenceAnchor, selfAssessmentPath } from "~/modules/self-assessment/paths";
import {
  handleSelfAssessmentAction,
  loadSelfAssessmentPage,
  type ActionBody,
  type CriterionPageView,
} from "~/modules/self-assessment/self-assessment-page.server";
import styles from "~/styles/self-assessment.css";
import koladaStyles from "~/styles/kolada.css";
import { CriterionIndicatorPanel, IndicatorForms } from "~/modules/kolada/kolada-components";
import { formatDate } from "~/utils/format";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: koladaStyles },
];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("selfAssessment.title"));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, context } = await requireReviewContext(request, params);
  return loadSelfAssessmentPage(request, user, context);
}

export async function action({ request, params, context: loadContext }: ActionFunctionArgs) {
  const { user, context } = await requireReviewContext(request, params);
  return handleSelfAssessmentAction(request, user, context, { actorUserId: user.id, ip: clientIp(loadContext) });
}

/**
 * An autosave answers with the answer's new version and the progress, all the page needs; reloading
 * the whole page after each one would race the next (a quick series of choices aborted the
 * running reloads). Every other post reloads as usual.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("autosave") === "1" ? false : defaultShouldRevalidate;

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

const NOTICE: Record<string, MessageKey> = {
  saved: "selfAssessment.saved",
  submitted: "selfAssessment.submittedNotice",
  reopened: "selfAssessment.reopenedNotice",
  evidenceAdded: "evidence.added",
  evidenceRemoved: "evidence.removed",
};

function CriterionBlock({
  criterion,
  level,
  data,
  result,
  onAutosaved,
}: {
  criterion: CriterionPageView;
  level: 3 | 4;
  data: PageData;
  result: ActionBody | undefined;
  onAutosaved: (answered: number) => void;
}) {
  const t = useT();
  const action = selfAssessmentPath(data.reviewId);
  const answer = data.answers[criterion.id];
  const items = data.evidence.filter((e) => e.criterionId === criterion.id);
  const notice = data.notice?.criterionId === criterion.id ? data.notice : null;
  const evidenceNotice = notice && (notice.code === "evidenceAdded" || notice.code === "evidenceRemoved") ? notice : null;
  return (
    <article className="criterion sa-criterion" id={criterionAnchor(criterion.key)} aria-labelledby={`criterion-${criterion.key}-heading`}>
      <CriterionText criterion={criterion} level={level} />
      <RelatedEvidenceSection levels={data.relatedEvidence[criterion.key]} headingLevel={level === 3 ? 4 : 5} idPrefix={criterionAnchor(criterion.key)} />
      {data.viewer.canEdit ? (
        <AnswerForm
          action={action}
          criterion={criterion}
          answer={answer}
          scale={data.scale}
          result={result?.intent === "save" && result.criterionId === criterion.id ? result : undefined}
          savedNotice={notice?.code === "saved"}
          onAutosaved={onAutosaved}
        />
      ) : (
        <AnswerReadOnly answer={answer} scale={data.scale} />
      )}
      <CriterionIndicatorPanel data={data.indicators} criterionId={criterion.id} readingNumber={criterion.readingNumber} level={(level + 1) as 4 | 5} />
      <EvidenceSection scopeKey={evidenceAnchor(criterion.key)} items={items} level={(level + 1) as 4 | 5} action={action} showTeam={data.viewer.canSeeTeamEvidence}>
        {evidenceNotice ? (
          <p className="alert alert--success" role="status">
            {t(NOTICE[evidenceNotice.code]!)}
          </p>
        ) : null}
        {data.viewer.addsEvidenceAs ? (
          <AddEvidenceForms action={action} scope={`c${criterion.id}`} criterionId={criterion.id} origin={data.viewer.addsEvidenceAs} result={result} />
        ) : null}
      </EvidenceSection>
    </article>
  );
}

export default function SelfAssessmentPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionBody | undefined;
  const t = useT();
  const action = selfAssessmentPath(data.reviewId);
  // Autosaves report the progress themselves (no reload); answers are never withdrawn, so the highest count is current.
  const [autosaved, setAutosaved] = useState(0);
  const onAutosaved = (count: number) => setAutosaved((previous) => Math.max(previous, count));
  const total = data.progress.total;
  const answered = Math.max(data.progress.answered, autosaved);
  const pageNotice = data.notice && data.notice.criterionId === null && data.notice.code !== "evidenceAdded" && data.notice.code !== "evidenceRemoved" ? data.notice : null;
  const reviewNotice = data.notice && data.notice.criterionId === null && !pageNotice ? data.notice : null;
  // A refused plain post: summarised here (the page starts at the top), with a link to the form.
  const pageResult = result && !result.ok ? result : undefined;
  const criteria = new Map(data.dimensions.flatMap((d) => d.blocks.flatMap((b) => (b.kind === "group" ? b.criteria : [b.criterion]))).map((c) => [c.id, c]));
  const resultCriterion = pageResult?.criterionId ? criteria.get(pageResult.criterionId) : undefined;
  const reviewItems = data.evidence.filter((e) => e.criterionId === null);
  return (
    <>
      <h2>{t("selfAssessment.title")}</h2>
      <section id="self-assessment-status" aria-labelledby="self-assessment-status-heading" className="sa-status-panel">
        <h3 id="self-assessment-status-heading" className="visually-hidden">
          {t("selfAssessment.statusHeading")}
        </h3>
        {pageNotice ? (
          <div className="alert alert--success" role="status">
            <p>{t(NOTICE[pageNotice.code]!)}</p>
          </div>
        ) : null}
        {pageResult ? (
          <div className="alert alert--error" role="alert">
            <p>{translateError(t, pageResult.message)}</p>
            {resultCriterion ? (
              <p>
                <a href={`#${pageResult.intent === "save" ? criterionAnchor(resultCriterion.key) : evidenceAnchor(resultCriterion.key)}`}>
                  {t("selfAssessment.goToCriterion", { number: resultCriterion.readingNumber })}
                </a>
              </p>
            ) : pageResult.intent.startsWith("add-") ? (
              <p>
                <a href={`#${evidenceAnchor(null)}`}>{t("evidence.goToReviewEvidence")}</a>
              </p>
            ) : null}
            {pageResult.missing?.length ? (
              <ul>
                {pageResult.missing.map((m) => (
                  <li key={m.id}>
                    <a href={`#${criterionAnchor(m.key)}`}>{t("selfAssessment.missingCriterion", { number: m.readingNumber })}</a>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <dl className="facts">
          <dt>{t("selfAssessment.progress")}</dt>
          <dd>
            <span className="sa-progress" aria-live="polite">
              {t("selfAssessment.progressValue", { answered, total })}
            </span>{" "}
            <progress className="sa-progress__bar" max={total} value={answered} aria-hidden="true" />
          </dd>
          <dt>{t("selfAssessment.state")}</dt>
          <dd>{data.submitted ? t("selfAssessment.state.submitted") : t("selfAssessment.state.open")}</dd>
          {data.selfAssessmentDue ? (
            <>
              <dt>{t("selfAssessment.due")}</dt>
              <dd>{formatDate(data.selfAssessmentDue)}</dd>
            </>
          ) : null}
        </dl>
        {data.viewer.canEdit ? <p className="lede">{t("selfAssessment.intro")}</p> : null}
        {!data.viewer.canEdit && data.viewer.isUnitContact ? <p>{t(data.submitted ? "selfAssessment.readOnlySubmitted" : "selfAssessment.readOnlyStage")}</p> : null}
        {data.viewer.canReopen ? (
          <Form method="post" action={action} className="actions">
            <input type="hidden" name="intent" value="reopen" />
            <input type="hidden" name="version" value={data.reviewVersion} />
            <button type="submit" className="button button--secondary">
              {t("selfAssessment.reopen")}
            </button>
          </Form>
        ) : null}
      </section>

      <details className="sa-scale-help">
        <summary>{t("selfAssessment.scaleHelp")}</summary>
        <ScaleTable scale={data.scale} />
      </details>

      <section aria-labelledby="review-evidence-heading" className="sa-review-evidence">
        <h2 id="review-evidence-heading">{t("evidence.reviewTitle")}</h2>
        <p className="field__hint">{t("evidence.reviewHint")}</p>
        <EvidenceSection scopeKey={evidenceAnchor(null)} items={reviewItems} level={3} action={action} showTeam={data.viewer.canSeeTeamEvidence}>
          {reviewNotice ? (
            <p className="alert alert--success" role="status">
              {t(NOTICE[reviewNotice.code]!)}
            </p>
          ) : null}
          {data.viewer.addsEvidenceAs ? (
            <AddEvidenceForms action={action} scope="review" criterionId={null} origin={data.viewer.addsEvidenceAs} result={result} />
          ) : null}
        </EvidenceSection>
      </section>

      {data.dimensions.map((dimension) => (
        <section key={dimension.key} className="dimension" aria-labelledby={`dimension-${dimension.key}`}>
          <h2 id={`dimension-${dimension.key}`}>
            {dimension.number}. <Localized text={dimension.title} />
          </h2>
          {dimension.blocks.map((block) =>
            block.kind === "group" ? (
              <div key={block.key} className="criterion-group">
                <h3 className="criterion-group__lead-in">
                  {block.number ? `${block.number} ` : null}
                  <Localized text={block.text} />
                </h3>
                {block.criteria.map((criterion) => (
                  <CriterionBlock key={criterion.id} criterion={criterion} level={4} data={data} result={result} onAutosaved={onAutosaved} />
                ))}
              </div>
            ) : (
              <CriterionBlock key={block.criterion.id} criterion={block.criterion} level={3} data={data} result={result} onAutosaved={onAutosaved} />
            ),
          )}
        </section>
      ))}

      {data.viewer.canEdit ? (
        <section aria-labelledby="submit-heading" className="sa-submit">
          <h2 id="submit-heading">{t("selfAssessment.submitTitle")}</h2>
          <p>{t("selfAssessment.submitHint", { answered, total })}</p>
          <Form method="post" action={action} className="actions">
            <input type="hidden" name="intent" value="submit" />
            <input type="hidden" name="version" value={data.reviewVersion} />
            <button type="submit" className="button">
              {t("selfAssessment.submit")}
            </button>
          </Form>
          <p>
            <a href="#self-assessment-status">{t("selfAssessment.backToStatus")}</a>
          </p>
        </section>
      ) : null}
      <IndicatorForms data={data.indicators} />
    </>
  );
}

/** 403/404 inside the review frame: a sub-heading and the page's own message (the frame keeps its h1). */
export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error) && (error.status === 403 || error.status === 404)) {
    const key = (error.data as { messageKey?: string } | null)?.messageKey;
    return (
      <div className="alert alert--error" role="alert">
        <h2>{t(error.status === 403 ? "error.forbiddenTitle" : "error.notFoundTitle")}</h2>
        <p>{key && isMessageKey(key) ? t(key) : t(error.status === 403 ? "error.forbidden" : "error.notFound")}</p>
        <p>
          <Link to="..">{t("selfAssessment.backToReview")}</Link>
        </p>
      </div>
    );
  }
  return <GeneralErrorBoundary />;
}


/**
 * Follow-up (uppföljning) of a published review: the unit's contact acknowledges receipt of the
 * report once ("kvittens") and answers each recommendation with an action plan (accept / partly /
 * decline, planned action, owner, due date) that it keeps updating with its progress. The team and
 * the coordinator read it; nobody else sees the page.
 */
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorList } from "~/components/forms";
import { StatusAlert } from "~/components/status-alert";
import { pick, useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { notFound } from "~/modules/auth/guards.server";
import { PriorityBadge } from "~/modules/feedback/feedback-components";
import { actionResult, feedbackErrorResult, invalid, refused, requireFeedbackContext, type ActionResult } from "~/modules/feedback/feedback-pages.server";
import { loadReviewManual } from "~/modules/feedback/feedback-repository.server";
import { fieldErrorsOf, FollowUpActionSchema, formKey, formObject, OWNER_MAX, PROGRESS, RESPONSES, TEXT_MAX } from "~/modules/feedback/feedback-schemas";
import { acknowledgeReview, getFollowUp, saveAnswer, type FollowUpRecommendation } from "~/modules/feedback/follow-up.server";
import { scheduleReviewPdfRenders } from "~/modules/reports/review-pdf-store.server";
import styles from "~/styles/feedback.css";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/form-data.server";
import { formatDate, formatDateTime } from "~/utils/format";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [{ title: "Uppföljning – Kollega" }];

export async function loader({ request, params, context: loadContext }: LoaderFunctionArgs) {
  const { context, fa } = await requireFeedbackContext(request, params, loadContext);
  if (!fa.canSeeFollowUp) notFound();
  const db = getDb();
  const manual = await loadReviewManual(db, context.round.manual_version_id);
  const followUp = await getFollowUp(db, context.review.id);
  return {
    reviewId: context.review.id,
    canAnswer: fa.canAnswer,
    due: context.round.follow_up_due,
    criteria: manual.criteria.map((c) => ({ id: c.id, number: c.number, textSv: c.textSv, textEn: c.textEn })),
    ...followUp,
  };
}

export async function action({ request, params, context: loadContext }: ActionFunctionArgs) {
  const { fa, context, audit } = await requireFeedbackContext(request, params, loadContext);
  if (!fa.canSeeFollowUp) notFound();
  const raw = formObject(await readFormData(request));
  const rawId = typeof raw.recommendationId === "string" && /^\d+$/.test(raw.recommendationId) ? Number(raw.recommendationId) : undefined;
  const form = raw.intent === "acknowledge" ? "acknowledge" : formKey("answer", rawId);
  if (!fa.canAnswer) return refused(form, "followUp.error.unitOnly");
  const parsed = FollowUpActionSchema.safeParse(raw);
  if (!parsed.success) return invalid(form, fieldErrorsOf(parsed.error), raw);
  const input = parsed.data;
  const db = getDb();
  try {
    if (input.intent === "acknowledge") {
      await acknowledgeReview(db, context.review.id, audit);
      scheduleReviewPdfRenders(db, context.review.id);
      return actionResult({ ok: true, message: "followUp.acknowledge.done", form });
    }
    await saveAnswer(
      db,
      context.review.id,
      {
        recommendationId: input.recommendationId,
        expectedVersion: input.version,
        response: input.response,
        plannedAction: input.plannedAction,
        owner: input.owner,
        dueDate: input.dueDate,
        progress: input.progress,
        progressNote: input.progressNote,
      },
      audit,
    );
    // The PDF prints the unit's answers: its versions are drawn again in the background.
    scheduleReviewPdfRenders(db, context.review.id);
    return actionResult({ ok: true, message: "followUp.answer.saved", form });
  } catch (error) {
    return feedbackErrorResult(error, form, raw);
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function FollowUpPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  return (
    <div className="feedback-page">
      <h2>{t("followUp.title")}</h2>
      <p className="lede">
        {data.canAnswer ? t("followUp.intro.unit") : t("followUp.intro.readers")}
        {data.due ? ` ${t("followUp.due", { date: formatDate(data.due) })}` : ""}
      </p>
      {result && !result.form?.startsWith("answer-") ? <ResultAlert result={result} /> : null}

      <section aria-labelledby="acknowledge-heading">
        <h3 id="acknowledge-heading">{t("followUp.acknowledge.title")}</h3>
        {data.acknowledgedAt ? (
          <p>{t("followUp.acknowledge.doneBy", { name: data.acknowledgedByName ?? "–", date: formatDateTime(data.acknowledgedAt) })}</p>
        ) : data.canAnswer ? (
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="acknowledge" />
            <p>{t("followUp.acknowledge.intro")}</p>
            <div className="actions">
              <button type="submit" className="button">
                {t("followUp.acknowledge.submit")}
              </button>
            </div>
          </Form>
        ) : (
          <p>{t("followUp.acknowledge.pending")}</p>
        )}
      </section>

      <section aria-labelledby="plan-heading">
        <h3 id="plan-heading">{t("followUp.plan.title")}</h3>
        {data.recommendations.length === 0 ? <p>{t("followUp.plan.none")}</p> : null}
        <ol className="feedback-list">
          {data.recommendations.map((recommendation, index) => (
            <AnswerItem
              key={`${recommendation.id}-${recommendation.answer?.version ?? 0}`}
              recommendation={recommendation}
              index={index}
              data={data}
              result={result}
            />
          ))}
        </ol>
      </section>
    </div>
  );
}

function ResultAlert({ result }: { result: ActionResult }) {
  const t = useT();
  return (
    <StatusAlert ok={result.ok}>
      <p>{t(result.message)}</p>
    </StatusAlert>
  );
}

function AnswerItem({ recommendation, index, data, result }: { recommendation: FollowUpRecommendation; index: number; data: LoaderData; result: ActionResult | undefined }) {
  const t = useT();
  const locale = useLocale();
  const key = formKey("answer", recommendation.id);
  const mine = result?.form === key;
  const errors = mine && !result?.ok ? result?.fieldErrors : undefined;
  const values = mine && !result?.ok ? result?.values : undefined;
  const answer = recommendation.answer;
  const label = t("feedback.recommendation.label", { number: index + 1 });
  const value = (field: string, fallback: string) => (typeof values?.[field] === "string" ? (values[field] as string) : fallback);
  const described = (field: string, hint?: string) => [hint, errors?.[field]?.length ? `${key}-${field}-error` : null].filter(Boolean).join(" ") || undefined;
  const invalidField = (field: string) => (errors?.[field]?.length ? true : undefined);
  return (
    <li className="feedback-item" id={key}>
      <article aria-labelledby={`${key}-heading`}>
        <h4 id={`${key}-heading`}>
          {label} <PriorityBadge priority={recommendation.priority} />
        </h4>
        <p className="feedback-item__text">{recommendation.text}</p>
        <dl className="facts">
          <dt>{t("feedback.recommendation.criteria")}</dt>
          <dd>
            <ul className="inline-list">
              {recommendation.criterionIds.map((id) => {
                const c = data.criteria.find((criterion) => criterion.id === id);
                return <li key={id}>{c ? `${c.number} ${pick(locale, { sv: c.textSv, en: c.textEn })}` : id}</li>;
              })}
            </ul>
          </dd>
          {recommendation.timeframe ? (
            <>
              <dt>{t("feedback.recommendation.timeframe")}</dt>
              <dd>{recommendation.timeframe}</dd>
            </>
          ) : null}
        </dl>
        {mine ? <ResultAlert result={result!} /> : null}
        {data.canAnswer ? (
          <Form method="post" className="form answer-form">
            <input type="hidden" name="intent" value="answer" />
            <input type="hidden" name="recommendationId" value={recommendation.id} />
            <input type="hidden" name="version" value={answer?.version ?? 0} />
            <fieldset className="field" aria-describedby={described("response")}>
              <legend>{t("followUp.answer.response", { label })}</legend>
              {RESPONSES.map((response) => (
                <label key={response} className="checkbox">
                  <input type="radio" name="response" value={response} required defaultChecked={value("response", answer?.response ?? "") === response} />
                  {t(`followUp.response.${response}` as MessageKey)}
                </label>
              ))}
              <ErrorList id={`${key}-response-error`} errors={errors?.response} />
            </fieldset>
            <div className="field">
              <label htmlFor={`${key}-plannedAction`}>{t("followUp.answer.plannedAction")}</label>
              <textarea
                id={`${key}-plannedAction`}
                name="plannedAction"
                rows={3}
                maxLength={TEXT_MAX}
                defaultValue={value("plannedAction", answer?.plannedAction ?? "")}
                aria-invalid={invalidField("plannedAction")}
                aria-describedby={described("plannedAction")}
              />
              <ErrorList id={`${key}-plannedAction-error`} errors={errors?.plannedAction} />
            </div>
            <div className="field">
              <label htmlFor={`${key}-owner`}>{t("followUp.answer.owner")}</label>
              <input
                id={`${key}-owner`}
                name="owner"
                type="text"
                maxLength={OWNER_MAX}
                defaultValue={value("owner", answer?.owner ?? "")}
                aria-invalid={invalidField("owner")}
                aria-describedby={described("owner")}
              />
              <ErrorList id={`${key}-owner-error`} errors={errors?.owner} />
            </div>
            <div className="field">
              <label htmlFor={`${key}-dueDate`}>{t("followUp.answer.dueDate")}</label>
              <p id={`${key}-dueDate-hint`} className="field__hint">
                {t("followUp.answer.dueDateHint")}
              </p>
              <input
                id={`${key}-dueDate`}
                name="dueDate"
                type="date"
                defaultValue={value("dueDate", answer?.dueDate ?? "")}
                aria-invalid={invalidField("dueDate")}
                aria-describedby={described("dueDate", `${key}-dueDate-hint`)}
              />
              <ErrorList id={`${key}-dueDate-error`} errors={errors?.dueDate} />
            </div>
            <div className="field">
              <label htmlFor={`${key}-progress`}>{t("followUp.answer.progress")}</label>
              <select
                id={`${key}-progress`}
                name="progress"
                defaultValue={value("progress", answer?.progress ?? "not_started")}
                aria-invalid={invalidField("progress")}
                aria-describedby={described("progress")}
              >
                {PROGRESS.map((progress) => (
                  <option key={progress} value={progress}>
                    {t(`followUp.progress.${progress}` as MessageKey)}
                  </option>
                ))}
              </select>
              <ErrorList id={`${key}-progress-error`} errors={errors?.progress} />
            </div>
            <div className="field">
              <label htmlFor={`${key}-progressNote`}>{t("followUp.answer.progressNote")}</label>
              <textarea
                id={`${key}-progressNote`}
                name="progressNote"
                rows={2}
                maxLength={TEXT_MAX}
                defaultValue={value("progressNote", answer?.progressNote ?? "")}
                aria-invalid={invalidField("progressNote")}
                aria-describedby={described("progressNote")}
              />
              <ErrorList id={`${key}-progressNote-error`} errors={errors?.progressNote} />
            </div>
            <div className="actions">
              <button type="submit" className="button">
                {t("followUp.answer.save", { label })}
              </button>
            </div>
          </Form>
        ) : answer ? (
          <dl className="facts answer">
            <dt>{t("followUp.answer.responseShort")}</dt>
            <dd>{t(`followUp.response.${answer.response}` as MessageKey)}</dd>
            <dt>{t("followUp.answer.plannedAction")}</dt>
            <dd>{answer.plannedAction || "–"}</dd>
            <dt>{t("followUp.answer.owner")}</dt>
            <dd>{answer.owner || "–"}</dd>
            <dt>{t("followUp.answer.dueDate")}</dt>
            <dd>{answer.dueDate ? formatDate(answer.dueDate) : "–"}</dd>
            <dt>{t("followUp.answer.progress")}</dt>
            <dd>{t(`followUp.progress.${answer.progress}` as MessageKey)}</dd>
            <dt>{t("followUp.answer.progressNote")}</dt>
            <dd>{answer.progressNote || "–"}</dd>
          </dl>
        ) : (
          <p className="muted">{t("followUp.answer.none")}</p>
        )}
        {answer ? <p className="muted">{t("followUp.answer.updated", { name: answer.updatedByName ?? "–", date: formatDateTime(answer.updatedAt) })}</p> : null}
      </article>
    </li>
  );
}

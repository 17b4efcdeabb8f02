/**
 * The factual-accuracy check of the draft report (stage `factual_check`): the unit's contact
 * comments on factual errors per criterion or in general (comments only, no score changes), the
 * team answers each comment, and the lead signs off and publishes, which freezes the report.
 * After publication the page shows the comments and the publication record.
 */
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorList } from "~/components/forms";
import { StatusAlert } from "~/components/status-alert";
import { pick, useLocale, useT } from "~/i18n/i18n";
import { CriterionSelectOptions } from "~/modules/feedback/feedback-components";
import { addFactualComment, deleteFactualComment, listFactualComments, respondToFactualComment, type FactualCommentRow } from "~/modules/feedback/factual-check.server";
import {
  actionResult,
  feedbackErrorResult,
  forbiddenPage,
  invalid,
  refused,
  requireFeedbackContext,
  type ActionResult,
} from "~/modules/feedback/feedback-pages.server";
import { loadReviewManual } from "~/modules/feedback/feedback-repository.server";
import { FactualCheckActionSchema, fieldErrorsOf, formKey, formObject, TEXT_MAX } from "~/modules/feedback/feedback-schemas";
import { getStoredSnapshot, publishReview } from "~/modules/feedback/publish.server";
import { scheduleReviewPdfRenders } from "~/modules/reports/review-pdf-store.server";
import styles from "~/styles/feedback.css";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/form-data.server";
import { formatDateTime } from "~/utils/format";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [{ title: "Faktagranskning – Kollega" }];

export async function loader({ request, params, context: loadContext }: LoaderFunctionArgs) {
  const { context, fa } = await requireFeedbackContext(request, params, loadContext);
  if (!fa.canSeeFactualCheck) forbiddenPage();
  const db = getDb();
  const manual = await loadReviewManual(db, context.round.manual_version_id);
  const comments = await listFactualComments(db, context.review.id);
  const stored = context.review.stage === "published" ? await getStoredSnapshot(db, context.review.id) : null;
  return {
    reviewId: context.review.id,
    reviewVersion: context.review.version,
    stage: context.review.stage,
    due: context.round.factual_check_due,
    canComment: fa.canCommentFactualCheck,
    canRespond: fa.canRespondFactualCheck,
    canPublish: fa.canPublish,
    criteria: manual.criteria.map((c) => ({ id: c.id, number: c.number, textSv: c.textSv, textEn: c.textEn })),
    comments,
    publication: stored
      ? { publishedAt: stored.snapshot.publishedAt, signedOffBy: stored.snapshot.signedOffBy.name, hash: stored.hash, intact: stored.intact }
      : null,
  };
}

export async function action({ request, params, context: loadContext }: ActionFunctionArgs) {
  const { context, fa, audit } = await requireFeedbackContext(request, params, loadContext);
  const raw = formObject(await readFormData(request));
  const rawId = typeof raw.id === "string" && /^\d+$/.test(raw.id) ? Number(raw.id) : undefined;
  const form = raw.intent === "publish" ? "publish" : formKey("comment", rawId);
  const allowed =
    raw.intent === "add-comment" || raw.intent === "delete-comment"
      ? fa.canCommentFactualCheck
      : raw.intent === "respond"
        ? fa.canRespondFactualCheck
        : raw.intent === "publish"
          ? fa.canPublish
          : fa.canSeeFactualCheck;
  if (!allowed) {
    const message =
      raw.intent === "publish" && context.review.stage === "published"
        ? "factualCheck.publish.alreadyPublished"
        : raw.intent === "publish" && context.review.stage === "factual_check"
          ? "factualCheck.publish.leadOnly"
          : raw.intent === "publish" && context.access.isLead
            ? // A step skipped: the lead publishes only after the unit's factual check.
              "factualCheck.publish.wrongStage"
            : context.review.stage === "published"
            ? "feedback.error.published"
            : "feedback.error.forbidden";
    return refused(form, message);
  }
  const parsed = FactualCheckActionSchema.safeParse(raw);
  if (!parsed.success) return invalid(form, fieldErrorsOf(parsed.error), raw);
  const input = parsed.data;
  const db = getDb();
  const reviewId = context.review.id;
  try {
    switch (input.intent) {
      case "add-comment":
        await addFactualComment(db, reviewId, { criterionId: input.criterionId, text: input.text }, audit);
        return actionResult({ ok: true, message: "factualCheck.comment.added" });
      case "delete-comment":
        await deleteFactualComment(db, reviewId, { id: input.id, expectedVersion: input.version }, audit);
        return actionResult({ ok: true, message: "factualCheck.comment.deleted" });
      case "respond":
        await respondToFactualComment(db, reviewId, { id: input.id, expectedVersion: input.version, response: input.response }, audit);
        return actionResult({ ok: true, message: "factualCheck.response.saved", form });
      case "publish":
        await publishReview(db, { reviewId, expectedVersion: input.version }, audit);
        // The unit and the team download the report next: draw its PDFs now, off the request path.
        scheduleReviewPdfRenders(db, reviewId);
        return actionResult({ ok: true, message: "factualCheck.publish.done", form });
    }
  } catch (error) {
    return feedbackErrorResult(error, form, raw);
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function FactualCheckPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  const unanswered = data.comments.filter((c) => !c.teamResponse).length;
  return (
    <div className="feedback-page">
      <h2>{t("factualCheck.title")}</h2>
      {data.stage === "factual_check" ? (
        <p className="lede">
          {data.canComment ? t("factualCheck.intro.unit") : t("factualCheck.intro.team")}{" "}
          <Link to={`/reviews/${data.reviewId}/recommendations`}>{t("factualCheck.readDraft")}</Link>
        </p>
      ) : null}
      {result && (!result.form || result.form === "publish") ? <ResultAlert result={result} /> : null}

      {data.publication ? (
        <section aria-labelledby="publication-heading">
          <h3 id="publication-heading">{t("factualCheck.publication.title")}</h3>
          <dl className="facts">
            <dt>{t("factualCheck.publication.publishedAt")}</dt>
            <dd>{formatDateTime(data.publication.publishedAt)}</dd>
            <dt>{t("factualCheck.publication.signedOffBy")}</dt>
            <dd>{data.publication.signedOffBy}</dd>
            <dt>{t("factualCheck.publication.hash")}</dt>
            <dd>
              <code className="checksum">{data.publication.hash}</code>{" "}
              {data.publication.intact ? (
                <span className="badge badge--success">{t("factualCheck.publication.intact")}</span>
              ) : (
                <span className="badge badge--warning">{t("factualCheck.publication.broken")}</span>
              )}
            </dd>
          </dl>
        </section>
      ) : null}

      <section aria-labelledby="comments-heading">
        <h3 id="comments-heading">{t("factualCheck.comments.title")}</h3>
        {data.comments.length === 0 ? <p>{t("factualCheck.comments.none")}</p> : null}
        <ol className="feedback-list">
          {data.comments.map((comment, index) => (
            <CommentItem key={`${comment.id}-${comment.version}`} comment={comment} index={index} data={data} result={result} />
          ))}
        </ol>
        {data.canComment ? <CommentForm key={`new-${data.comments.length}`} data={data} result={result} /> : null}
      </section>

      {data.canPublish ? (
        <section aria-labelledby="publish-heading" className="publish">
          <h3 id="publish-heading">{t("factualCheck.publish.title")}</h3>
          <p>{t("factualCheck.publish.intro")}</p>
          {unanswered > 0 ? (
            <div className="alert alert--info">
              <p>{t("factualCheck.publish.unanswered", { count: unanswered })}</p>
            </div>
          ) : null}
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="publish" />
            <input type="hidden" name="version" value={data.reviewVersion} />
            <div className="field">
              <label className="checkbox">
                <input
                  type="checkbox"
                  name="confirm"
                  required
                  aria-invalid={result?.form === "publish" && result.fieldErrors?.confirm ? true : undefined}
                  aria-describedby={result?.form === "publish" && result.fieldErrors?.confirm ? "publish-confirm-error" : undefined}
                />
                {t("factualCheck.publish.confirm")}
              </label>
              <ErrorList id="publish-confirm-error" errors={result?.form === "publish" ? result.fieldErrors?.confirm : undefined} />
            </div>
            <div className="actions">
              <button type="submit" className="button">
                {t("factualCheck.publish.submit")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
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

function CommentItem({ comment, index, data, result }: { comment: FactualCommentRow; index: number; data: LoaderData; result: ActionResult | undefined }) {
  const t = useT();
  const locale = useLocale();
  const key = formKey("comment", comment.id);
  const mine = result?.form === key;
  const criterion = comment.criterionId ? data.criteria.find((c) => c.id === comment.criterionId) : undefined;
  const label = t("factualCheck.comment.label", { number: index + 1 });
  const errors = mine && !result?.ok ? result?.fieldErrors : undefined;
  const values = mine && !result?.ok ? result?.values : undefined;
  return (
    <li className="feedback-item" id={key}>
      <article aria-labelledby={`${key}-heading`}>
        <h4 id={`${key}-heading`}>
          {label}:{" "}
          {criterion ? `${criterion.number} ${pick(locale, { sv: criterion.textSv, en: criterion.textEn })}` : t("factualCheck.comment.general")}
        </h4>
        <p className="feedback-item__text">{comment.text}</p>
        <p className="muted">{t("factualCheck.comment.by", { name: comment.createdByName ?? "–", date: formatDateTime(comment.createdAt) })}</p>
        <div className="team-response">
          <h5>{t("factualCheck.response.title")}</h5>
          {comment.teamResponse ? (
            <>
              <p className="feedback-item__text">{comment.teamResponse}</p>
              <p className="muted">{t("factualCheck.comment.by", { name: comment.teamResponseByName ?? "–", date: formatDateTime(comment.teamResponseAt) })}</p>
            </>
          ) : (
            <p className="muted">{t("factualCheck.response.none")}</p>
          )}
        </div>
        {mine ? <ResultAlert result={result!} /> : null}
        {data.canRespond ? (
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="respond" />
            <input type="hidden" name="id" value={comment.id} />
            <input type="hidden" name="version" value={comment.version} />
            <div className="field">
              <label htmlFor={`${key}-response`}>{t("factualCheck.response.label", { label })}</label>
              <textarea
                id={`${key}-response`}
                name="response"
                rows={3}
                required
                maxLength={TEXT_MAX}
                defaultValue={typeof values?.response === "string" ? values.response : (comment.teamResponse ?? "")}
                aria-invalid={errors?.response ? true : undefined}
                aria-describedby={errors?.response ? `${key}-response-error` : undefined}
              />
              <ErrorList id={`${key}-response-error`} errors={errors?.response} />
            </div>
            <div className="actions">
              <button type="submit" className="button">
                {t("factualCheck.response.save")}
              </button>
            </div>
          </Form>
        ) : null}
        {data.canComment ? (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="delete-comment" />
            <input type="hidden" name="id" value={comment.id} />
            <input type="hidden" name="version" value={comment.version} />
            <button type="submit" className="button button--secondary" aria-label={t("factualCheck.comment.deleteLabel", { label })}>
              {t("feedback.delete")}
            </button>
          </Form>
        ) : null}
      </article>
    </li>
  );
}

function CommentForm({ data, result }: { data: LoaderData; result: ActionResult | undefined }) {
  const t = useT();
  const key = formKey("comment", null);
  const mine = result?.form === key && !result.ok;
  const errors = mine ? result?.fieldErrors : undefined;
  const values = mine ? result?.values : undefined;
  return (
    <div className="feedback-add">
      <h4>{t("factualCheck.comment.add")}</h4>
      <Form method="post" className="form">
        <input type="hidden" name="intent" value="add-comment" />
        {mine ? <ResultAlert result={result!} /> : null}
        <div className="field">
          <label htmlFor={`${key}-criterion`}>{t("factualCheck.comment.criterion")}</label>
          <select
            id={`${key}-criterion`}
            name="criterionId"
            defaultValue={typeof values?.criterionId === "string" ? values.criterionId : ""}
            aria-invalid={errors?.criterionId ? true : undefined}
            aria-describedby={errors?.criterionId ? `${key}-criterion-error` : undefined}
          >
            <CriterionSelectOptions criteria={data.criteria} generalLabel={t("factualCheck.comment.general")} />
          </select>
          <ErrorList id={`${key}-criterion-error`} errors={errors?.criterionId} />
        </div>
        <div className="field">
          <label htmlFor={`${key}-text`}>{t("factualCheck.comment.text")}</label>
          <p id={`${key}-text-hint`} className="field__hint">
            {t("factualCheck.comment.hint")}
          </p>
          <textarea
            id={`${key}-text`}
            name="text"
            rows={4}
            required
            maxLength={TEXT_MAX}
            defaultValue={typeof values?.text === "string" ? values.text : ""}
            aria-invalid={errors?.text ? true : undefined}
            aria-describedby={[`${key}-text-hint`, errors?.text ? `${key}-text-error` : null].filter(Boolean).join(" ")}
          />
          <ErrorList id={`${key}-text-error`} errors={errors?.text} />
        </div>
        <div className="actions">
          <button type="submit" className="button">
            {t("factualCheck.comment.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}

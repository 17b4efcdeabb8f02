/**
 * Recommendations and strengths (återföring). The team writes them while the review is in
 * `feedback`, against the consensus (criteria with gaps first, gaps without a recommendation
 * flagged). From the factual check on the unit's contact reads the same page as the draft report:
 * consensus and rationale per criterion, strengths (not the internal ones), recommendations by
 * priority. Individual reviewers' scores are never part of this page.
 */
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorList } from "~/components/forms";
import { StatusAlert } from "~/components/status-alert";
import { TableCaption, TableScroll } from "~/components/table-scroll";
import { pick, useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import {
  CriterionCheckboxes,
  CriterionSelectOptions,
  GapBadge,
  PriorityBadge,
  ScoreText,
  type DimensionOptions,
  type ScaleView,
} from "~/modules/feedback/feedback-components";
import {
  actionResult,
  feedbackErrorResult,
  forbiddenPage,
  invalid,
  refused,
  requireFeedbackContext,
  type ActionResult,
} from "~/modules/feedback/feedback-pages.server";
import {
  createRecommendation,
  createStrength,
  deleteRecommendation,
  deleteStrength,
  listDraftCriteria,
  listRecommendations,
  listStrengths,
  loadReviewManual,
  moveRecommendation,
  updateRecommendation,
  updateStrength,
  type RecommendationRow,
  type StrengthRow,
} from "~/modules/feedback/feedback-repository.server";
import { FeedbackActionSchema, fieldErrorsOf, formKey, formObject, PRIORITIES, TEXT_MAX, TIMEFRAME_MAX } from "~/modules/feedback/feedback-schemas";
import { gapsWithoutRecommendation, isGap, orderByGap } from "~/modules/feedback/gaps";
import styles from "~/styles/feedback.css";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/form-data.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [{ title: "Rekommendationer och styrkor – Kollega" }];

const PRIORITY_ORDER = { high: 0, medium: 1, low: 2 } as const;

export async function loader({ request, params, context: loadContext }: LoaderFunctionArgs) {
  const { context, fa } = await requireFeedbackContext(request, params, loadContext);
  if (!fa.canSeeDraft) forbiddenPage();
  const db = getDb();
  const reviewId = context.review.id;
  const manual = await loadReviewManual(db, context.round.manual_version_id);
  const criteria = await listDraftCriteria(db, reviewId, manual);
  const recommendations = await listRecommendations(db, reviewId);
  const strengths = await listStrengths(db, reviewId, { includeInternal: fa.canSeeInternalStrengths });
  const isTeam = context.access.isTeamMember;
  return {
    reviewId,
    stage: context.review.stage,
    canEdit: fa.canEditFeedback,
    isTeam,
    scale: { scale: manual.scale, cannotAssess: manual.cannotAssess } satisfies ScaleView,
    dimensions: manual.dimensions.map((d) => ({
      key: d.key,
      number: d.number,
      titleSv: d.titleSv,
      titleEn: d.titleEn,
      criteria: d.criteria.map((c) => ({ id: c.id, number: c.number, textSv: c.textSv, textEn: c.textEn })),
    })) satisfies DimensionOptions[],
    // The team plans against the gaps; readers of the draft get the manual's reading order.
    criteria: isTeam ? orderByGap(criteria) : criteria,
    recommendations: isTeam
      ? recommendations
      : [...recommendations].sort((a, b) => PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] || a.position - b.position),
    strengths,
    // Planning help for the team only.
    uncoveredGapIds: isTeam ? gapsWithoutRecommendation(criteria, recommendations).map((c) => c.id) : [],
  };
}

export async function action({ request, params, context: loadContext }: ActionFunctionArgs) {
  const { context, fa, audit } = await requireFeedbackContext(request, params, loadContext);
  const raw = formObject(await readFormData(request), ["criterionIds"]);
  const rawId = typeof raw.id === "string" && /^\d+$/.test(raw.id) ? Number(raw.id) : undefined;
  const prefix = typeof raw.intent === "string" && raw.intent.endsWith("strength") ? "strength" : "rec";
  const form = formKey(prefix, rawId);
  if (!fa.canEditFeedback) {
    return refused(form, context.review.stage === "published" ? "feedback.error.published" : "feedback.error.notEditable");
  }
  const parsed = FeedbackActionSchema.safeParse(raw);
  if (!parsed.success) return invalid(form, fieldErrorsOf(parsed.error), raw);
  const input = parsed.data;
  const db = getDb();
  const reviewId = context.review.id;
  try {
    switch (input.intent) {
      case "add-recommendation":
        await createRecommendation(db, reviewId, input, audit);
        return actionResult({ ok: true, message: "feedback.recommendation.added" });
      case "edit-recommendation":
        await updateRecommendation(db, reviewId, { ...input, expectedVersion: input.version }, audit);
        return actionResult({ ok: true, message: "feedback.recommendation.saved", form });
      case "delete-recommendation":
        await deleteRecommendation(db, reviewId, { id: input.id, expectedVersion: input.version }, audit);
        return actionResult({ ok: true, message: "feedback.recommendation.deleted" });
      case "move-recommendation":
        await moveRecommendation(db, reviewId, { id: input.id, expectedVersion: input.version, direction: input.direction }, audit);
        return actionResult({ ok: true, message: "feedback.recommendation.moved", form });
      case "add-strength":
        await createStrength(db, reviewId, { text: input.text, criterionId: input.criterionId, internal: input.internal === "on" }, audit);
        return actionResult({ ok: true, message: "feedback.strength.added" });
      case "edit-strength":
        await updateStrength(
          db,
          reviewId,
          { id: input.id, expectedVersion: input.version, text: input.text, criterionId: input.criterionId, internal: input.internal === "on" },
          audit,
        );
        return actionResult({ ok: true, message: "feedback.strength.saved", form });
      case "delete-strength":
        await deleteStrength(db, reviewId, { id: input.id, expectedVersion: input.version }, audit);
        return actionResult({ ok: true, message: "feedback.strength.deleted" });
    }
  } catch (error) {
    return feedbackErrorResult(error, form, raw);
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function RecommendationsPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  const locale = useLocale();
  const criterionById = new Map(data.dimensions.flatMap((d) => d.criteria).map((c) => [c.id, c]));
  const uncovered = new Set(data.uncoveredGapIds);
  const recCount = (criterionId: number) => data.recommendations.filter((r) => r.criterionIds.includes(criterionId)).length;
  return (
    <div className="feedback-page">
      <h2>{data.isTeam ? t("feedback.title") : t("feedback.draft.title")}</h2>
      {data.stage === "feedback" && data.isTeam ? <p className="lede">{t("feedback.intro.team")}</p> : null}
      {data.stage === "factual_check" ? <p className="lede">{data.isTeam ? t("feedback.intro.factualCheckTeam") : t("feedback.intro.factualCheckUnit")}</p> : null}
      {data.stage === "published" ? <p className="lede">{t("feedback.intro.published")}</p> : null}
      {result && !result.form ? <ResultAlert result={result} /> : null}

      <section aria-labelledby="consensus-heading">
        <h3 id="consensus-heading">{t("feedback.consensus.title")}</h3>
        {data.isTeam && uncovered.size > 0 ? (
          <div className="alert alert--info">
            <p>{t("feedback.consensus.uncovered", { count: uncovered.size })}</p>
          </div>
        ) : null}
        <TableScroll>
          <table className="consensus-table">
            <TableCaption className="visually-hidden">{t("feedback.consensus.caption")}</TableCaption>
            <thead>
              <tr>
                <th scope="col">{t("feedback.criterion.number")}</th>
                <th scope="col">{t("feedback.criterion.text")}</th>
                <th scope="col">{t("feedback.consensus.selfScore")}</th>
                <th scope="col">{t("feedback.consensus.score")}</th>
                <th scope="col">{t("feedback.consensus.rationale")}</th>
                <th scope="col">{t("feedback.consensus.gap")}</th>
                {data.isTeam ? <th scope="col">{t("feedback.consensus.recommendations")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {data.criteria.map((c) => (
                <tr key={c.id} className={uncovered.has(c.id) ? "uncovered" : undefined}>
                  <th scope="row">{c.number}</th>
                  <td>{pick(locale, { sv: c.textSv, en: c.textEn })}</td>
                  <td>
                    <ScoreText value={c.selfScore} scale={data.scale} />
                  </td>
                  <td>
                    <ScoreText value={c.consensus} scale={data.scale} />
                  </td>
                  <td>{c.consensus?.rationale || <span className="muted">–</span>}</td>
                  <td>
                    <GapBadge gap={c.gap} />
                  </td>
                  {data.isTeam ? (
                    <td>
                      {isGap(c.gap) && recCount(c.id) === 0 ? (
                        <strong className="flag">{t("feedback.consensus.noRecommendation")}</strong>
                      ) : (
                        recCount(c.id)
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      <section aria-labelledby="strengths-heading">
        <h3 id="strengths-heading">{t("feedback.strengths.title")}</h3>
        {data.strengths.length === 0 ? <p>{t("feedback.strengths.none")}</p> : null}
        <ul className="feedback-list">
          {data.strengths.map((strength) => (
            <StrengthItem key={`${strength.id}-${strength.version}`} strength={strength} data={data} result={result} criterionById={criterionById} />
          ))}
        </ul>
        {data.canEdit ? (
          <div className="feedback-add">
            <h4>{t("feedback.strength.add")}</h4>
            <StrengthForm key={`new-${data.strengths.length}`} data={data} result={result} />
          </div>
        ) : null}
      </section>

      <section aria-labelledby="recommendations-heading">
        <h3 id="recommendations-heading">{t("feedback.recommendations.title")}</h3>
        {!data.isTeam && data.recommendations.length > 0 ? <p>{t("feedback.recommendations.byPriority")}</p> : null}
        {data.recommendations.length === 0 ? <p>{t("feedback.recommendations.none")}</p> : null}
        <ol className="feedback-list">
          {data.recommendations.map((recommendation, index) => (
            <RecommendationItem
              key={`${recommendation.id}-${recommendation.version}`}
              recommendation={recommendation}
              index={index}
              data={data}
              result={result}
              criterionById={criterionById}
            />
          ))}
        </ol>
        {data.canEdit ? (
          <div className="feedback-add">
            <h4>{t("feedback.recommendation.add")}</h4>
            <RecommendationForm key={`new-${data.recommendations.length}`} data={data} result={result} />
          </div>
        ) : null}
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

type CriterionMap = Map<number, { id: number; number: string; textSv: string; textEn: string }>;

function RecommendationItem({
  recommendation,
  index,
  data,
  result,
  criterionById,
}: {
  recommendation: RecommendationRow;
  index: number;
  data: LoaderData;
  result: ActionResult | undefined;
  criterionById: CriterionMap;
}) {
  const t = useT();
  const locale = useLocale();
  const key = formKey("rec", recommendation.id);
  const mine = result?.form === key;
  const label = t("feedback.recommendation.label", { number: index + 1 });
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
                const c = criterionById.get(id);
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
        {data.canEdit ? (
          <>
            <div className="actions">
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="move-recommendation" />
                <input type="hidden" name="id" value={recommendation.id} />
                <input type="hidden" name="version" value={recommendation.version} />
                <button type="submit" name="direction" value="up" className="button button--secondary" disabled={index === 0} aria-label={t("feedback.recommendation.moveUpLabel", { label })}>
                  {t("feedback.recommendation.moveUp")}
                </button>
                <button
                  type="submit"
                  name="direction"
                  value="down"
                  className="button button--secondary"
                  disabled={index === data.recommendations.length - 1}
                  aria-label={t("feedback.recommendation.moveDownLabel", { label })}
                >
                  {t("feedback.recommendation.moveDown")}
                </button>
              </Form>
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="delete-recommendation" />
                <input type="hidden" name="id" value={recommendation.id} />
                <input type="hidden" name="version" value={recommendation.version} />
                <button type="submit" className="button button--secondary" aria-label={t("feedback.recommendation.deleteLabel", { label })}>
                  {t("feedback.delete")}
                </button>
              </Form>
            </div>
            <details open={mine && !result?.ok && result?.fieldErrors ? true : undefined}>
              <summary>{t("feedback.recommendation.edit", { label })}</summary>
              <RecommendationForm data={data} result={result} recommendation={recommendation} />
            </details>
          </>
        ) : null}
      </article>
    </li>
  );
}

function RecommendationForm({ data, result, recommendation }: { data: LoaderData; result: ActionResult | undefined; recommendation?: RecommendationRow }) {
  const t = useT();
  const key = formKey("rec", recommendation?.id);
  const mine = result?.form === key && !result.ok;
  const errors = mine ? result?.fieldErrors : undefined;
  const values = mine ? result?.values : undefined;
  const text = typeof values?.text === "string" ? values.text : (recommendation?.text ?? "");
  const priority = typeof values?.priority === "string" ? values.priority : (recommendation?.priority ?? "medium");
  const timeframe = typeof values?.timeframe === "string" ? values.timeframe : (recommendation?.timeframe ?? "");
  const checked = Array.isArray(values?.criterionIds) ? (values.criterionIds as string[]).map(Number) : (recommendation?.criterionIds ?? []);
  const described = (field: string) => (errors?.[field]?.length ? `${key}-${field}-error` : undefined);
  return (
    <Form method="post" className="form">
      <input type="hidden" name="intent" value={recommendation ? "edit-recommendation" : "add-recommendation"} />
      {recommendation ? (
        <>
          <input type="hidden" name="id" value={recommendation.id} />
          <input type="hidden" name="version" value={recommendation.version} />
        </>
      ) : null}
      {mine && !recommendation ? <ResultAlert result={result!} /> : null}
      <div className="field">
        <label htmlFor={`${key}-text`}>{t("feedback.recommendation.text")}</label>
        <textarea
          id={`${key}-text`}
          name="text"
          rows={4}
          required
          maxLength={TEXT_MAX}
          defaultValue={text}
          aria-invalid={described("text") ? true : undefined}
          aria-describedby={described("text")}
        />
        <ErrorList id={described("text")} errors={errors?.text} />
      </div>
      <CriterionCheckboxes idPrefix={key} name="criterionIds" dimensions={data.dimensions} checked={checked} errors={errors?.criterionIds} />
      <div className="field">
        <label htmlFor={`${key}-priority`}>{t("feedback.recommendation.priority")}</label>
        <select id={`${key}-priority`} name="priority" defaultValue={priority} aria-invalid={described("priority") ? true : undefined} aria-describedby={described("priority")}>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`feedback.priority.${p}` as MessageKey)}
            </option>
          ))}
        </select>
        <ErrorList id={described("priority")} errors={errors?.priority} />
      </div>
      <div className="field">
        <label htmlFor={`${key}-timeframe`}>{t("feedback.recommendation.timeframe")}</label>
        <p id={`${key}-timeframe-hint`} className="field__hint">
          {t("feedback.recommendation.timeframeHint")}
        </p>
        <input
          id={`${key}-timeframe`}
          name="timeframe"
          type="text"
          maxLength={TIMEFRAME_MAX}
          defaultValue={timeframe}
          aria-invalid={described("timeframe") ? true : undefined}
          aria-describedby={[`${key}-timeframe-hint`, described("timeframe")].filter(Boolean).join(" ")}
        />
        <ErrorList id={described("timeframe")} errors={errors?.timeframe} />
      </div>
      <div className="actions">
        <button type="submit" className="button">
          {recommendation ? t("form.save") : t("feedback.recommendation.add")}
        </button>
      </div>
    </Form>
  );
}

function StrengthItem({
  strength,
  data,
  result,
  criterionById,
}: {
  strength: StrengthRow;
  data: LoaderData;
  result: ActionResult | undefined;
  criterionById: CriterionMap;
}) {
  const t = useT();
  const locale = useLocale();
  const key = formKey("strength", strength.id);
  const mine = result?.form === key;
  const criterion = strength.criterionId ? criterionById.get(strength.criterionId) : undefined;
  return (
    <li className="feedback-item" id={key}>
      <p className="feedback-item__text">
        {strength.text} {strength.internal ? <span className="badge badge--muted">{t("feedback.strength.internalBadge")}</span> : null}
      </p>
      <p className="muted">
        {criterion ? `${t("feedback.strength.criterion")}: ${criterion.number} ${pick(locale, { sv: criterion.textSv, en: criterion.textEn })}` : t("feedback.strength.general")}
      </p>
      {mine ? <ResultAlert result={result!} /> : null}
      {data.canEdit ? (
        <>
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="delete-strength" />
            <input type="hidden" name="id" value={strength.id} />
            <input type="hidden" name="version" value={strength.version} />
            <button type="submit" className="button button--secondary" aria-label={t("feedback.strength.deleteLabel", { text: strength.text.slice(0, 60) })}>
              {t("feedback.delete")}
            </button>
          </Form>
          <details open={mine && !result?.ok && result?.fieldErrors ? true : undefined}>
            <summary>{t("feedback.strength.edit")}</summary>
            <StrengthForm data={data} result={result} strength={strength} />
          </details>
        </>
      ) : null}
    </li>
  );
}

function StrengthForm({ data, result, strength }: { data: LoaderData; result: ActionResult | undefined; strength?: StrengthRow }) {
  const t = useT();
  const key = formKey("strength", strength?.id);
  const mine = result?.form === key && !result.ok;
  const errors = mine ? result?.fieldErrors : undefined;
  const values = mine ? result?.values : undefined;
  const text = typeof values?.text === "string" ? values.text : (strength?.text ?? "");
  const criterionId = typeof values?.criterionId === "string" ? values.criterionId : strength?.criterionId ? String(strength.criterionId) : "";
  const internal = values ? values.internal === "on" : (strength?.internal ?? false);
  const described = (field: string) => (errors?.[field]?.length ? `${key}-${field}-error` : undefined);
  const criteria = data.dimensions.flatMap((d) => d.criteria);
  return (
    <Form method="post" className="form">
      <input type="hidden" name="intent" value={strength ? "edit-strength" : "add-strength"} />
      {strength ? (
        <>
          <input type="hidden" name="id" value={strength.id} />
          <input type="hidden" name="version" value={strength.version} />
        </>
      ) : null}
      {mine && !strength ? <ResultAlert result={result!} /> : null}
      <div className="field">
        <label htmlFor={`${key}-text`}>{t("feedback.strength.text")}</label>
        <textarea
          id={`${key}-text`}
          name="text"
          rows={3}
          required
          maxLength={TEXT_MAX}
          defaultValue={text}
          aria-invalid={described("text") ? true : undefined}
          aria-describedby={described("text")}
        />
        <ErrorList id={described("text")} errors={errors?.text} />
      </div>
      <div className="field">
        <label htmlFor={`${key}-criterion`}>{t("feedback.strength.criterion")}</label>
        <select id={`${key}-criterion`} name="criterionId" defaultValue={criterionId} aria-invalid={described("criterionId") ? true : undefined} aria-describedby={described("criterionId")}>
          <CriterionSelectOptions criteria={criteria} generalLabel={t("feedback.strength.general")} />
        </select>
        <ErrorList id={described("criterionId")} errors={errors?.criterionId} />
      </div>
      <div className="field">
        <label className="checkbox">
          <input type="checkbox" name="internal" defaultChecked={internal} aria-describedby={`${key}-internal-hint`} />
          {t("feedback.strength.internal")}
        </label>
        <p id={`${key}-internal-hint`} className="field__hint">
          {t("feedback.strength.internalHint")}
        </p>
      </div>
      <div className="actions">
        <button type="submit" className="button">
          {strength ? t("form.save") : t("feedback.strength.add")}
        </button>
      </div>
    </Form>
  );
}

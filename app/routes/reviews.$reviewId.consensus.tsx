/**
 * The team's consensus (assessment stage): per criterion the unit's self-score, every reviewer's
 * score and rationale and the spread, largest disagreement first (or in the manual's order), the
 * review's agreement statistics, and the consensus score and rationale any team member may record
 * while the review is in the assessment stage. Team members only: individual reviewers' scores
 * never reach anyone else.
 */
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TableCaption, TableScroll } from "~/components/table-scroll";
import { useLocale, useT, type Translate } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { clientIp } from "~/modules/auth/guards.server";
import { Localized, pageTitle } from "~/modules/manuals/manual-components";
import { requireReviewContext } from "~/modules/reviews/review-pages.server";
import type { AlphaResult, ExactAgreement } from "~/modules/scoring/agreement";
import { AnswerText, CriterionText, ReviewSubPageErrorBoundary, ScaleHelp, ScoreEditor, formatTime } from "~/modules/scoring/score-components";
import { AutosaveProvider } from "~/modules/scoring/autosave";
import type { ScoreActionData } from "~/modules/scoring/score-input";
import { consensusAction, consensusPageData, parseSort, requireConsensusPage } from "~/modules/scoring/scoring-pages.server";
import styles from "~/styles/scoring.css";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/form-data.server";
import { formatDateTime } from "~/utils/format";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("consensus.title"));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { context } = await requireReviewContext(request, params);
  requireConsensusPage(context);
  return consensusPageData(getDb(), context, parseSort(request.url));
}

export async function action({ request, params, context: loadContext }: ActionFunctionArgs) {
  const { user, context } = await requireReviewContext(request, params);
  const form = await readFormData(request);
  return consensusAction(getDb(), context, form, { actorUserId: user.id, ip: clientIp(loadContext) });
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type Item = PageData["items"][number];

function formatNumber(locale: string, value: number, digits: number) {
  return value.toLocaleString(locale === "en" ? "en-GB" : "sv-SE", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function exactAgreementText(t: Translate, result: ExactAgreement) {
  if (!result.computable) return t(`consensus.notComputable.${result.reason}` as MessageKey);
  return t("consensus.stats.exactValue", { agreeing: result.agreeing, compared: result.compared, percent: Math.round(result.share * 100) });
}

function alphaText(t: Translate, locale: string, result: AlphaResult) {
  if (!result.computable) return t(`consensus.notComputable.${result.reason}` as MessageKey);
  return t("consensus.stats.alphaValue", { value: formatNumber(locale, result.value, 2), units: result.units, values: Math.round(result.pairableValues) });
}

export default function ConsensusPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ScoreActionData | undefined;
  const t = useT();
  const locale = useLocale();
  const base = `/reviews/${data.reviewId}/consensus`;
  const action = data.sort === "manual" ? `${base}?sort=manual` : base;
  const matched = actionData?.criterionIds?.length === 1 ? actionData.criterionIds[0] : undefined;
  const topResult = actionData && !actionData.ok && matched === undefined ? actionData : undefined;
  const names = new Map(data.reviewers.map((r) => [r.id, r]));

  const renderItem = (item: Item, headingLevel: 3 | 4, showLeadIn: boolean) => (
    <ConsensusCriterion
      key={item.criterion.id}
      item={item}
      headingLevel={headingLevel}
      showLeadIn={showLeadIn}
      showDimension={data.sort !== "manual"}
      scale={data.scale}
      names={names}
      canEdit={data.canEdit}
      action={action}
      actionData={matched === item.criterion.id ? actionData : undefined}
    />
  );

  return (
    <AutosaveProvider action={action}>
      <div className="consensus-page">
        <h2>{t("consensus.title")}</h2>
        {topResult ? (
          <div className="alert alert--error" role="alert">
            <p>{t(topResult.message)}</p>
          </div>
        ) : null}
        <p className="consensus-progress" role="status">
          {t("consensus.progress", { count: data.consensusDone, total: data.criteriaCount })}
        </p>
        {data.canEdit ? (
          <p className="lede">{t("consensus.intro")}</p>
        ) : (
          <div className="alert alert--info">
            <p>{t("consensus.readOnly")}</p>
          </div>
        )}
        {data.canEdit && data.isLead && data.consensusDone === data.criteriaCount ? (
          <p>
            <Link to={`/reviews/${data.reviewId}`}>{t("consensus.allDone")}</Link>
          </p>
        ) : null}

        <section aria-labelledby="agreement-heading" className="agreement">
          <h3 id="agreement-heading">{t("consensus.stats.title")}</h3>
          <dl className="facts">
            <dt>{t("consensus.stats.reviewers")}</dt>
            <dd>{data.reviewers.map((r) => (r.submitted ? r.name : `${r.name} (${t("scoring.notSubmitted")})`)).join(", ")}</dd>
            <dt>{t("consensus.stats.exact")}</dt>
            <dd>{exactAgreementText(t, data.agreement.exactAgreement)}</dd>
            <dt>{t("consensus.stats.alpha")}</dt>
            <dd>{alphaText(t, locale, data.agreement.alpha)}</dd>
            <dt>{t("consensus.stats.largeSpread")}</dt>
            <dd>{data.agreement.largeSpreadCount}</dd>
          </dl>
          <p className="muted">{t("consensus.stats.reading")}</p>
        </section>

        <nav aria-label={t("consensus.sort.label")} className="consensus-sort">
          <span>{t("consensus.sort.label")}:</span>
          <ul>
            <li>
              <Link to={base} aria-current={data.sort === "disagreement" ? "page" : undefined} preventScrollReset>
                {t("consensus.sort.disagreement")}
              </Link>
            </li>
            <li>
              <Link to={`${base}?sort=manual`} aria-current={data.sort === "manual" ? "page" : undefined} preventScrollReset>
                {t("consensus.sort.manual")}
              </Link>
            </li>
          </ul>
        </nav>
        <ScaleHelp scale={data.scale} />

        {data.sort === "manual"
          ? groupByDimension(data.items).map(({ dimension, items }) => (
              <section key={dimension.key} aria-labelledby={`dimension-${dimension.key}`} className="score-dimension">
                <h3 id={`dimension-${dimension.key}`}>
                  {dimension.number}. <Localized text={dimension.title} />
                </h3>
                {items.map((item, i) => renderItem(item, 4, !!item.criterion.group && items[i - 1]?.criterion.group?.key !== item.criterion.group.key))}
              </section>
            ))
          : data.items.map((item) => renderItem(item, 3, true))}
      </div>
    </AutosaveProvider>
  );
}

function groupByDimension(items: Item[]) {
  const groups: { dimension: Item["dimension"]; items: Item[] }[] = [];
  for (const item of items) {
    const last = groups[groups.length - 1];
    if (last && last.dimension.key === item.dimension.key) last.items.push(item);
    else groups.push({ dimension: item.dimension, items: [item] });
  }
  return groups;
}

function ConsensusCriterion({
  item,
  headingLevel,
  showLeadIn,
  showDimension,
  scale,
  names,
  canEdit,
  action,
  actionData,
}: {
  item: Item;
  headingLevel: 3 | 4;
  showLeadIn: boolean;
  showDimension: boolean;
  scale: PageData["scale"];
  names: Map<number, { name: string; submitted: boolean }>;
  canEdit: boolean;
  action: string;
  actionData: ScoreActionData | undefined;
}) {
  const t = useT();
  const { criterion, spread } = item;
  const headingId = `criterion-${criterion.id}-heading`;
  const number = <span className="visually-hidden"> {criterion.readingNumber}</span>;
  const spreadClass = spread.spread === null ? "spread--none" : spread.spread >= 2 ? "spread--large" : spread.spread === 1 ? "spread--small" : "spread--zero";
  return (
    <article className="score-criterion consensus-criterion" id={`criterion-${criterion.id}`} aria-labelledby={headingId}>
      {showDimension ? (
        <p className="muted consensus-criterion__dimension">
          {item.dimension.number}. <Localized text={item.dimension.title} />
        </p>
      ) : null}
      <CriterionText criterion={criterion} headingLevel={headingLevel} id={headingId} showLeadIn={showLeadIn} />
      <p className="consensus-criterion__spread">
        <span className={`badge spread ${spreadClass}`}>
          {spread.spread === null ? t("consensus.spread.none") : t("consensus.spread.value", { spread: spread.spread })}
        </span>
        {spread.mixedCannotAssess ? <span className="muted"> {t("consensus.spread.mixed")}</span> : null}
      </p>
      <TableScroll>
        <table className="score-table">
          <TableCaption>{t("consensus.table.caption", { number: criterion.readingNumber })}</TableCaption>
          <thead>
            <tr>
              <th scope="col">{t("consensus.table.who")}</th>
              <th scope="col">{t("consensus.table.score")}</th>
              <th scope="col">{t("consensus.table.rationale")}</th>
            </tr>
          </thead>
          <tbody>
            <tr className="score-table__self">
              <th scope="row">{t("consensus.table.self")}</th>
              <td>
                <AnswerText scale={scale} answer={item.self} />
              </td>
              <td className="prewrap">{item.self?.comment ?? ""}</td>
            </tr>
            {item.answers.map((a) => {
              const reviewer = names.get(a.reviewerId);
              return (
                <tr key={a.reviewerId}>
                  <th scope="row">
                    {reviewer?.name}
                    {reviewer && !reviewer.submitted ? <span className="muted"> ({t("scoring.notSubmitted")})</span> : null}
                  </th>
                  <td>
                    <AnswerText scale={scale} answer={a} />
                  </td>
                  <td className="prewrap">{a.rationale}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      {canEdit ? (
        <Form method="post" action={`${action}#criterion-${criterion.id}`} preventScrollReset className="consensus-form">
          <input type="hidden" name="intent" value="save" />
          <ScoreEditor
            criterionId={criterion.id}
            scale={scale}
            legend={
              <>
                {t("consensus.score")}
                {number}
              </>
            }
            rationaleLabel={
              <>
                {t("consensus.rationale")}
                {number}
              </>
            }
            current={item.consensus}
            actionData={actionData}
          />
          <div className="actions">
            <button type="submit" className="button button--secondary">
              {t("consensus.save")}
              {number}
            </button>
            {actionData?.ok && actionData.savedAt ? (
              <p className="save-status" role="status">
                {t("scoring.savedAt", { time: formatTime(actionData.savedAt) })}
              </p>
            ) : null}
          </div>
        </Form>
      ) : (
        <dl className="score-criterion__facts">
          <dt>{t("consensus.score")}</dt>
          <dd>
            <AnswerText scale={scale} answer={item.consensus} />
          </dd>
          <dt>{t("consensus.rationale")}</dt>
          <dd className="prewrap">{item.consensus?.rationale || <span className="muted">{t("scoring.noAnswer")}</span>}</dd>
        </dl>
      )}
      {item.consensus?.updatedByName ? (
        <p className="muted consensus-criterion__updated">
          {t("consensus.updatedBy", { name: item.consensus.updatedByName, date: formatDateTime(item.consensus.updatedAt) })}
        </p>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <ReviewSubPageErrorBoundary backToOverview />;
}

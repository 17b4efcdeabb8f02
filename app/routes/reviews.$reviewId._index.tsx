import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorList } from "~/components/forms";
import { StatusAlert } from "~/components/status-alert";
import { TableCaption, TableScroll } from "~/components/table-scroll";
import { pick, useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { clientIp } from "~/modules/auth/guards.server";
import { requireReviewContext } from "~/modules/reviews/review-pages.server";
import { loadCarryOver } from "~/modules/feedback/carry-over.server";
import { CarryOverSection } from "~/modules/feedback/feedback-components";
import { StageBadge, TeamIssueList } from "~/modules/reviews/review-components";
import { AdvanceError, advanceReview, mayAdvance } from "~/modules/reviews/review-repository.server";
import { acceptMutualReview, changeTeam, listTeamCandidates, TeamChangeError } from "~/modules/reviews/round-repository.server";
import { TeamActionSchema } from "~/modules/reviews/round-schemas";
import { OVERRIDABLE, type StageBlocker } from "~/modules/reviews/stages";
import { listUnits } from "~/modules/units/units.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/form-data.server";
import { formatDate } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? data.review.unitNameSv : ""} – ${data?.round.name ?? ""} – Kollega` },
];


export async function loader({ request, params }: LoaderFunctionArgs) {
  const { context } = await requireReviewContext(request, params);
  const db = getDb();
  const candidates = context.access.canManageTeam
    ? (await listTeamCandidates(db)).filter((c) => !context.review.team.some((m) => m.userId === c.userId))
    : [];
  const units = (await listUnits(db)).map((u) => ({ id: u.id, nameSv: u.nameSv, nameEn: u.nameEn }));
  return {
    review: context.review,
    round: { id: context.round.id, name: context.round.name, manualKey: context.round.manual_key, manualVersion: context.round.manual_version, selfAssessmentDue: context.round.self_assessment_due },
    access: context.access,
    canAdvance: mayAdvance(context),
    blockers: context.blockers,
    overridable: context.blockers.length > 0 && context.blockers.every((b) => OVERRIDABLE.has(b)),
    candidates,
    units,
    // Feedback area: open recommendations from the unit's earlier published reviews.
    carryOver: await loadCarryOver(db, context),
  };
}

type ActionResult = { ok: boolean; message: MessageKey; vars?: Record<string, string>; blockers?: StageBlocker[]; fieldErrors?: Record<string, string[]> };

export async function action({ request, params, context: loadContext }: ActionFunctionArgs) {
  const { user, context } = await requireReviewContext(request, params);
  const parsed = TeamActionSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
    return data<ActionResult>({ ok: false, message: "form.errorSummary", fieldErrors }, { status: 400 });
  }
  const input = parsed.data;
  const audit = { actorUserId: user.id, ip: clientIp(loadContext) };
  const db = getDb();
  try {
    switch (input.intent) {
      case "add":
      case "remove":
      case "make-lead":
      case "toggle-user-representative": {
        if (!context.access.canManageTeam) return data<ActionResult>({ ok: false, message: "error.forbidden" }, { status: 403 });
        const change =
          input.intent === "add"
            ? { type: "add" as const, userId: input.userId, isLead: input.isLead === "on", isUserRepresentative: input.isUserRepresentative === "on" }
            : { type: input.intent, userId: input.userId };
        await changeTeam(db, { reviewId: context.review.id, expectedVersion: input.version, change }, audit);
        return data<ActionResult>({ ok: true, message: "reviews.team.saved" });
      }
      case "accept-mutual": {
        if (!context.access.canManageTeam) return data<ActionResult>({ ok: false, message: "error.forbidden" }, { status: 403 });
        const isIssue = context.review.issues.some((i) => i.code === "mutual-review" && i.otherUnitId === input.otherUnitId);
        if (!isIssue) return data<ActionResult>({ ok: false, message: "form.invalidValue" }, { status: 400 });
        await acceptMutualReview(db, { roundId: context.round.id, unitAId: context.review.unitId, unitBId: input.otherUnitId, reason: input.reason }, audit);
        return data<ActionResult>({ ok: true, message: "reviews.mutual.accepted" });
      }
      case "advance": {
        const to = await advanceReview(db, context, { expectedVersion: input.version, overrideReason: input.overrideReason || null }, audit);
        return data<ActionResult>({ ok: true, message: "reviews.advance.done", vars: { stage: to } });
      }
    }
  } catch (error) {
    if (error instanceof TeamChangeError) {
      const status = error.messageKey === "form.stale" ? 409 : 400;
      return data<ActionResult>({ ok: false, message: error.messageKey as MessageKey }, { status });
    }
    if (error instanceof AdvanceError) {
      const status = error.messageKey === "form.stale" ? 409 : error.messageKey === "reviews.advance.notAllowed" ? 403 : 400;
      return data<ActionResult>({ ok: false, message: error.messageKey as MessageKey, blockers: error.blockers }, { status });
    }
    throw error;
  }
}

const ADVANCE_LABEL: Partial<Record<string, MessageKey>> = {
  planned: "reviews.advance.start",
  gathering: "reviews.advance.toAnalysis",
  analysis: "reviews.advance.toAssessment",
  assessment: "reviews.advance.toFeedback",
  feedback: "reviews.advance.toFactualCheck",
};

export default function ReviewPage() {
  const { review, round, access, canAdvance, blockers, overridable, candidates, units, carryOver } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const unitNames = new Map(units.map((u) => [u.id, u]));
  const resultText = result
    ? t(result.message, result.vars?.stage ? { stage: t(`stage.${result.vars.stage}` as MessageKey) } : undefined)
    : null;
  return (
    <>
      <h2 className="visually-hidden">{t("reviews.tab.overview")}</h2>
      {result ? (
        <StatusAlert ok={result.ok}>
          <p>{resultText}</p>
          {result.blockers?.length ? (
            <ul>
              {result.blockers.map((b) => (
                <li key={b}>{t(`reviews.blocker.${b}` as MessageKey)}</li>
              ))}
            </ul>
          ) : null}
        </StatusAlert>
      ) : null}
      <dl className="facts">
        <dt>{t("reviews.round")}</dt>
        <dd>{access.isCoordinator ? <Link to={`/rounds/${round.id}`}>{round.name}</Link> : round.name}</dd>
        <dt>{t("reviews.manual")}</dt>
        <dd>
          <Link to={`/manuals/${round.manualKey}/${round.manualVersion}`}>
            {round.manualKey} v{round.manualVersion}
          </Link>
        </dd>
        <dt>{t("reviews.stage")}</dt>
        <dd>
          <StageBadge stage={review.stage} />
        </dd>
        <dt>{t("reviews.progress.selfAssessment")}</dt>
        <dd>
          {review.selfAssessmentSubmitted ? t("reviews.progress.submitted") : t("reviews.progress.notSubmitted")}
          {round.selfAssessmentDue ? ` · ${t("tasks.due", { date: formatDate(round.selfAssessmentDue) })}` : ""}
        </dd>
        {access.isTeamMember || access.isCoordinator ? (
          <>
            <dt>{t("reviews.team.title")}</dt>
            <dd>{t("reviews.progress.reviewersSubmitted", { count: review.submittedReviewerIds.length, total: review.team.length })}</dd>
          </>
        ) : null}
      </dl>

      {/* Feedback area: the unit's open recommendations from earlier reviews (app/modules/feedback). */}
      <CarryOverSection items={carryOver} />

      <section aria-labelledby="team-heading">
        <h2 id="team-heading">{t("reviews.team.title")}</h2>
        {review.team.length === 0 ? <p>{t("reviews.team.empty")}</p> : null}
        {review.team.length > 0 ? (
          <TableScroll>
            <table>
              <TableCaption className="visually-hidden">{t("reviews.team.title")}</TableCaption>
              <thead>
                <tr>
                  <th scope="col">{t("reviews.team.person")}</th>
                  <th scope="col">{t("reviews.team.homeUnit")}</th>
                  <th scope="col">{t("admin.users.roles")}</th>
                  {access.canManageTeam ? <th scope="col">{t("admin.users.actions")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {review.team.map((member) => (
                  <tr key={member.userId}>
                    <th scope="row">{member.name}</th>
                    <td>{pick(locale, { sv: member.homeUnitNameSv, en: member.homeUnitNameEn })}</td>
                    <td>
                      {[member.isLead ? t("reviews.team.lead") : t("reviews.team.member"), member.isUserRepresentative ? t("reviews.team.userRepresentative") : null]
                        .filter(Boolean)
                        .join(", ")}
                    </td>
                    {access.canManageTeam ? (
                      <td>
                        <Form method="post" className="actions">
                          <input type="hidden" name="version" value={review.version} />
                          <input type="hidden" name="userId" value={member.userId} />
                          {member.isLead ? null : (
                            <button type="submit" name="intent" value="make-lead" className="button button--secondary" aria-label={t("reviews.team.makeLeadLabel", { name: member.name })}>
                              {t("reviews.team.makeLead")}
                            </button>
                          )}
                          <button
                            type="submit"
                            name="intent"
                            value="toggle-user-representative"
                            className="button button--secondary"
                            aria-label={t("reviews.team.toggleUserRepresentativeLabel", { name: member.name })}
                          >
                            {t("reviews.team.toggleUserRepresentative")}
                          </button>
                          <button type="submit" name="intent" value="remove" className="button button--secondary" aria-label={t("reviews.team.removeLabel", { name: member.name })}>
                            {t("reviews.team.remove")}
                          </button>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : null}
        {review.stage === "planned" && (access.isCoordinator || access.isTeamMember) ? <TeamIssueList issues={review.issues} unitNames={unitNames} /> : null}

        {access.canManageTeam ? (
          <>
            {review.issues
              .filter((issue) => issue.code === "mutual-review" && issue.otherUnitId)
              .map((issue) => (
                <Form method="post" className="form" key={issue.otherUnitId}>
                  <input type="hidden" name="intent" value="accept-mutual" />
                  <input type="hidden" name="otherUnitId" value={issue.otherUnitId} />
                  <div className="field">
                    <label htmlFor={`mutual-${issue.otherUnitId}`}>{t("reviews.mutual.reason")}</label>
                    <textarea id={`mutual-${issue.otherUnitId}`} name="reason" required maxLength={1000} />
                  </div>
                  <div className="actions">
                    <button type="submit" className="button button--secondary">
                      {t("reviews.mutual.accept")}
                    </button>
                  </div>
                </Form>
              ))}
            <h3>{t("reviews.team.add")}</h3>
            {/* Keyed by the review's version: after each change the form starts empty again, so a
                "lead" tick left from the previous addition cannot make the next person lead. */}
            <Form method="post" className="form" key={`add-member-${review.version}`}>
              <input type="hidden" name="intent" value="add" />
              <input type="hidden" name="version" value={review.version} />
              <div className="field">
                <label htmlFor="add-member">{t("reviews.team.person")}</label>
                <select id="add-member" name="userId" required aria-describedby={result?.fieldErrors?.userId ? "add-member-error" : undefined}>
                  <option value="">–</option>
                  {candidates.map((c) => (
                    <option key={c.userId} value={c.userId}>
                      {c.name} ({pick(locale, { sv: c.homeUnitNameSv, en: c.homeUnitNameEn })}){c.isUserRepresentative ? ` – ${t("reviews.team.userRepresentative")}` : ""}
                    </option>
                  ))}
                </select>
                <ErrorList id="add-member-error" errors={result?.fieldErrors?.userId} />
              </div>
              <label className="checkbox">
                <input type="checkbox" name="isLead" />
                {t("reviews.team.asLead")}
              </label>
              <label className="checkbox">
                <input type="checkbox" name="isUserRepresentative" />
                {t("reviews.team.asUserRepresentative")}
              </label>
              <div className="actions">
                <button type="submit" className="button">
                  {t("reviews.team.add")}
                </button>
              </div>
            </Form>
          </>
        ) : null}
      </section>

      {canAdvance && ADVANCE_LABEL[review.stage] ? (
        <section aria-labelledby="advance-heading">
          <h2 id="advance-heading">{t("reviews.advance.title")}</h2>
          {blockers.length ? (
            <ul className="issue-list">
              {blockers.map((b) => (
                <li key={b}>{t(`reviews.blocker.${b}` as MessageKey)}</li>
              ))}
            </ul>
          ) : null}
          {blockers.length === 0 || overridable ? (
            <Form method="post" className="form">
              <input type="hidden" name="intent" value="advance" />
              <input type="hidden" name="version" value={review.version} />
              {overridable ? (
                <div className="field">
                  <label htmlFor="override-reason">{t("reviews.advance.overrideReason")}</label>
                  <p id="override-reason-hint" className="field__hint">
                    {t("reviews.advance.overrideHint")}
                  </p>
                  <textarea id="override-reason" name="overrideReason" required maxLength={1000} aria-describedby="override-reason-hint" />
                </div>
              ) : null}
              <div className="actions">
                <button type="submit" className="button">
                  {t(ADVANCE_LABEL[review.stage]!)}
                </button>
              </div>
            </Form>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { TableCaption, TableScroll } from "~/components/table-scroll";
import { pick, useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { clientIp, notFound, requirePermission } from "~/modules/auth/guards.server";
import { StageBadge, StageCounts, TeamIssueList } from "~/modules/reviews/review-components";
import { applyTeamProposal, getRound, listRoundReviews } from "~/modules/reviews/round-repository.server";
import { currentDeadline, isOverdue } from "~/modules/reviews/stages";
import { listUnits } from "~/modules/units/units.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/form-data.server";
import { formatDate, todayInStockholm } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.round.name ?? ""} – Kollega` }];

const ParamsSchema = z.object({ roundId: z.coerce.number().int().positive() });

async function loadRound(params: unknown) {
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) notFound();
  const round = await getRound(getDb(), parsed.data.roundId);
  if (!round) notFound();
  return round;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:rounds");
  const round = await loadRound(params);
  const db = getDb();
  const today = todayInStockholm();
  const reviews = (await listRoundReviews(db, round.id))
    .map((review) => {
      const deadline = currentDeadline(review.stage, round);
      return { ...review, deadline, overdue: isOverdue(deadline, today) && review.stage !== "published" };
    })
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.unitCode.localeCompare(b.unitCode));
  const units = (await listUnits(db)).map((u) => ({ id: u.id, nameSv: u.nameSv, nameEn: u.nameEn }));
  return { round, reviews, units };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "manage:rounds");
  const round = await loadRound(params);
  const form = await readFormData(request);
  if (form.get("intent") !== "propose-teams") return data({ message: "form.invalidValue" as MessageKey, count: 0 }, { status: 400 });
  const count = await applyTeamProposal(getDb(), round.id, { actorUserId: user.id, ip: clientIp(context) });
  return { message: "rounds.proposed" as MessageKey, count };
}

export default function RoundPage() {
  const { round, reviews, units } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const unitNames = new Map(units.map((u) => [u.id, u]));
  const byStage: Record<string, number> = {};
  for (const r of reviews) byStage[r.stage] = (byStage[r.stage] ?? 0) + 1;
  return (
    <>
      <h1>{round.name}</h1>
      {round.synthetic ? <p className="badge badge--warning">{t("rounds.synthetic")}</p> : null}
      <dl className="facts">
        <dt>{t("rounds.level")}</dt>
        <dd>{t(`level.${round.level}` as MessageKey)}</dd>
        <dt>{t("rounds.manualVersion")}</dt>
        <dd>
          <Link to={`/manuals/${round.manual_key}/${round.manual_version}`}>
            {round.manual_key} v{round.manual_version}
          </Link>
        </dd>
        <dt>{t("rounds.period")}</dt>
        <dd>
          {formatDate(round.period_start)} – {formatDate(round.period_end)}
        </dd>
        <dt>{t("rounds.progress")}</dt>
        <dd>
          <StageCounts byStage={byStage} total={reviews.length} />
        </dd>
      </dl>
      {result ? (
        <div className={`alert ${result.count || result.message === "rounds.proposed" ? "alert--success" : "alert--error"}`} role="status">
          <p>{t(result.message, { count: result.count })}</p>
        </div>
      ) : null}
      <Form method="post" className="actions">
        <button type="submit" name="intent" value="propose-teams" className="button button--secondary">
          {t("rounds.proposeTeams")}
        </button>
        <span className="muted">{t("rounds.proposeTeamsHint")}</span>
      </Form>
      <h2>{t("rounds.reviews")}</h2>
      <TableScroll>
        <table>
          <TableCaption className="visually-hidden">{t("rounds.reviews")}</TableCaption>
          <thead>
            <tr>
              <th scope="col">{t("rounds.unit")}</th>
              <th scope="col">{t("rounds.stage")}</th>
              <th scope="col">{t("rounds.deadlines")}</th>
              <th scope="col">{t("rounds.team")}</th>
              <th scope="col">{t("rounds.issues")}</th>
            </tr>
          </thead>
          <tbody>
            {reviews.map((review) => {
              const name = pick(locale, { sv: review.unitNameSv, en: review.unitNameEn });
              return (
                <tr key={review.id} className={review.overdue ? "overdue" : undefined}>
                  <th scope="row">
                    <Link to={`/reviews/${review.id}`} aria-label={t("rounds.openLabel", { name })}>
                      {name}
                    </Link>
                  </th>
                  <td>
                    <StageBadge stage={review.stage} />
                  </td>
                  <td>
                    {review.deadline ? formatDate(review.deadline) : "–"}
                    {review.overdue ? <span className="badge badge--warning"> {t("reviews.overdue")}</span> : null}
                  </td>
                  <td>
                    {review.team.length === 0 ? (
                      <span className="muted">{t("rounds.noTeam")}</span>
                    ) : (
                      <ul className="team-list">
                        {review.team.map((m) => (
                          <li key={m.userId}>
                            {m.name}
                            {m.isLead ? ` (${t("reviews.team.lead")})` : ""}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    {review.stage === "planned" ? <TeamIssueList issues={review.issues} unitNames={unitNames} /> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}

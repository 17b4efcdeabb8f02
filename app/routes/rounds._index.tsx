import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableCaption, TableScroll } from "~/components/table-scroll";
import { useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { requirePermission } from "~/modules/auth/guards.server";
import { listRounds } from "~/modules/reviews/round-repository.server";
import { StageCounts } from "~/modules/reviews/review-components";
import { getDb } from "~/utils/db.server";
import { formatDate } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Granskningsomgångar – Kollega" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:rounds");
  return { rounds: await listRounds(getDb()) };
}

export default function RoundsPage() {
  const { rounds } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("rounds.title")}</h1>
      <p className="lede">{t("rounds.intro")}</p>
      <p>
        <Link to="/rounds/new" className="button">
          {t("rounds.new")}
        </Link>
      </p>
      {rounds.length === 0 ? (
        <p>{t("rounds.none")}</p>
      ) : (
        <TableScroll>
          <table>
            <TableCaption className="visually-hidden">{t("rounds.title")}</TableCaption>
            <thead>
              <tr>
                <th scope="col">{t("rounds.name")}</th>
                <th scope="col">{t("rounds.level")}</th>
                <th scope="col">{t("rounds.manualVersion")}</th>
                <th scope="col">{t("rounds.period")}</th>
                <th scope="col">{t("rounds.progress")}</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((round) => (
                <tr key={round.id}>
                  <th scope="row">
                    <Link to={`/rounds/${round.id}`}>{round.name}</Link>
                    {round.synthetic ? <span className="badge badge--warning"> {t("rounds.synthetic")}</span> : null}
                  </th>
                  <td>{t(`level.${round.level}` as MessageKey)}</td>
                  <td>
                    <Link to={`/manuals/${round.manualKey}/${round.manualVersion}`}>
                      {round.manualKey} v{round.manualVersion}
                    </Link>
                  </td>
                  <td>
                    {formatDate(round.periodStart)} – {formatDate(round.periodEnd)}
                  </td>
                  <td>
                    <StageCounts byStage={round.byStage} total={round.reviewCount} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TableCaption, TableScroll } from "~/components/table-scroll";
import { useT } from "~/i18n/i18n";
import { forbidden } from "~/modules/auth/guards.server";
import { reviewHistory } from "~/modules/reviews/history.server";
import { requireReviewContext } from "~/modules/reviews/review-pages.server";
import { getDb } from "~/utils/db.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Historik – Kollega" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { context } = await requireReviewContext(request, params);
  if (!context.access.canSeeHistory) forbidden();
  const entries = await reviewHistory(getDb(), {
    reviewId: context.review.id,
    showIndividualScores: context.access.canSeeOtherReviewerScores,
  });
  return { entries };
}

function Details({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted">–</span>;
  return <pre className="history-json">{JSON.stringify(value, null, 1)}</pre>;
}

export default function ReviewHistoryPage() {
  const { entries } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{t("reviews.tab.history")}</h2>
      <p className="muted">{t("reviews.history.intro")}</p>
      {entries.length === 0 ? (
        <p>{t("reviews.history.empty")}</p>
      ) : (
        <TableScroll>
          <table>
            <TableCaption className="visually-hidden">{t("reviews.tab.history")}</TableCaption>
            <thead>
              <tr>
                <th scope="col">{t("reviews.history.when")}</th>
                <th scope="col">{t("reviews.history.who")}</th>
                <th scope="col">{t("reviews.history.what")}</th>
                <th scope="col">{t("reviews.history.before")}</th>
                <th scope="col">{t("reviews.history.after")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDateTime(entry.at)}</td>
                  <td>{entry.actorName ?? t("reviews.history.system")}</td>
                  <th scope="row">
                    <code>{entry.action}</code>
                  </th>
                  {entry.detailsHidden ? (
                    <td colSpan={2} className="muted">
                      {t("reviews.history.hidden")}
                    </td>
                  ) : (
                    <>
                      <td>
                        <Details value={entry.before} />
                      </td>
                      <td>
                        <Details value={entry.after} />
                      </td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

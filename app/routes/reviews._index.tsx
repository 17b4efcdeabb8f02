/**
 * /reviews — "Mina granskningar": the reviews a reviewer is on the team of and the reviews of a
 * unit contact's own unit, in progress (most urgent first, overdue flagged) and published (with
 * the report). The coordinator follows every review from /rounds instead.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableCaption, TableScroll } from "~/components/table-scroll";
import { pick, useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { requirePermission } from "~/modules/auth/guards.server";
import { pageTitle } from "~/modules/manuals/manual-components";
import { groupMyReviews, type MyReview } from "~/modules/reviews/my-reviews";
import { listMyReviewRows } from "~/modules/reviews/my-reviews.server";
import { getDb } from "~/utils/db.server";
import { formatDate, todayInStockholm } from "~/utils/format";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("myReviews.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:my-reviews");
  return groupMyReviews(await listMyReviewRows(getDb(), user), todayInStockholm());
}

function UnitAndRound({ review }: { review: MyReview }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <th scope="row">
        <Link to={`/reviews/${review.reviewId}`}>{pick(locale, { sv: review.unitNameSv, en: review.unitNameEn })}</Link>
      </th>
      <td>
        {review.roundName}
        {review.synthetic ? <span className="badge badge--warning"> {t("rounds.synthetic")}</span> : null}
      </td>
    </>
  );
}

export default function MyReviewsPage() {
  const { current, finished } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("myReviews.title")}</h1>
      <p className="lede">{t("myReviews.intro")}</p>

      <section aria-labelledby="current-reviews">
        <h2 id="current-reviews">{t("myReviews.current")}</h2>
        {current.length === 0 ? (
          <p>{t("myReviews.noneCurrent")}</p>
        ) : (
          <TableScroll>
            <table>
              <TableCaption className="visually-hidden">{t("myReviews.current")}</TableCaption>
              <thead>
                <tr>
                  <th scope="col">{t("myReviews.unit")}</th>
                  <th scope="col">{t("myReviews.round")}</th>
                  <th scope="col">{t("myReviews.stage")}</th>
                  <th scope="col">{t("myReviews.due")}</th>
                  <th scope="col">{t("myReviews.relation")}</th>
                </tr>
              </thead>
              <tbody>
                {current.map((review) => (
                  <tr key={review.reviewId}>
                    <UnitAndRound review={review} />
                    <td>{t(`stage.${review.stage}` as MessageKey)}</td>
                    <td>
                      {review.due ? formatDate(review.due) : "–"}
                      {review.overdue ? <span className="badge badge--warning"> {t("reviews.overdue")}</span> : null}
                    </td>
                    <td>{t(`myReviews.relation.${review.relation}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      <section aria-labelledby="finished-reviews">
        <h2 id="finished-reviews">{t("myReviews.finished")}</h2>
        {finished.length === 0 ? (
          <p>{t("myReviews.noneFinished")}</p>
        ) : (
          <TableScroll>
            <table>
              <TableCaption className="visually-hidden">{t("myReviews.finished")}</TableCaption>
              <thead>
                <tr>
                  <th scope="col">{t("myReviews.unit")}</th>
                  <th scope="col">{t("myReviews.round")}</th>
                  <th scope="col">{t("myReviews.published")}</th>
                  <th scope="col">{t("myReviews.relation")}</th>
                  <th scope="col">{t("myReviews.report")}</th>
                </tr>
              </thead>
              <tbody>
                {finished.map((review) => (
                  <tr key={review.reviewId}>
                    <UnitAndRound review={review} />
                    <td>{formatDate(review.publishedAt)}</td>
                    <td>{t(`myReviews.relation.${review.relation}`)}</td>
                    <td>
                      <Link to={`/reviews/${review.reviewId}/report`}>
                        {t("myReviews.report")}
                        <span className="visually-hidden">: {pick(locale, { sv: review.unitNameSv, en: review.unitNameEn })}, {review.roundName}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </>
  );
}

/**
 * The frame of every review page: heading, the procedure's steps and the review's sub-pages.
 * Each child route checks access again for what it shows and does.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pick, useLocale, useT } from "~/i18n/i18n";
import { StageSteps } from "~/modules/reviews/review-components";
import { reviewTabs } from "~/modules/reviews/review-nav";
import { requireReviewContext } from "~/modules/reviews/review-pages.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { context } = await requireReviewContext(request, params);
  const { review, round, access } = context;
  return {
    reviewId: review.id,
    unitNameSv: review.unitNameSv,
    unitNameEn: review.unitNameEn,
    roundName: round.name,
    synthetic: round.synthetic === 1,
    stage: review.stage,
    tabs: reviewTabs(review.id, review.stage, access),
  };
}

export default function ReviewFrame() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <p className="breadcrumb muted">
        {data.roundName}
        {data.synthetic ? <span className="badge badge--warning"> {t("rounds.synthetic")}</span> : null}
      </p>
      <h1>{t("reviews.title", { name: pick(locale, { sv: data.unitNameSv, en: data.unitNameEn }) })}</h1>
      <StageSteps stage={data.stage} />
      {data.tabs.length > 1 ? (
        <nav aria-label={t("reviews.tab.label")} className="review-tabs">
          <ul>
            {data.tabs.map((tab) => (
              <li key={tab.path}>
                <NavLink to={tab.path} end>
                  {t(tab.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

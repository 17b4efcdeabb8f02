/**
 * /national — the national picture of one review round (coordinator and advisor only): heatmaps
 * of units × dimensions and units × criteria, gaps per criterion, general and specific
 * development areas with their rules, the breakdown by healthcare region, candidates for an
 * in-depth review and the recommendation themes. Only published reviews count.
 * Trends across a series of rounds of one level, through the crosswalk (decision 012).
 * Query: ?round=<id>&demand=<basic|developing|advanced>&series=<id>&series=<id>… (GET forms; work
 * without JavaScript). Malformed round or demand → 400, unknown round → 404, with a message; a bad
 * series → 400 with the round's picture and the message beside the series field.
 */
import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { isMessageKey, useT } from "~/i18n/i18n";
import { requirePermission } from "~/modules/auth/guards.server";
import { pageTitle } from "~/modules/manuals/manual-components";
import {
  Contents,
  CriterionMatrix,
  CriterionTable,
  DimensionMatrix,
  ExportLinks,
  GeneralAreas,
  InDepthCandidates,
  Legend,
  RecommendationThemes,
  Regions,
  RoundFacts,
  RoundForm,
  SpecificAreas,
  useAggregationView,
} from "~/modules/national/national-components";
import { resolveNational } from "~/modules/national/national-data.server";
import { TrendSection } from "~/modules/national/trend-components";
import styles from "~/styles/national.css";
import { getDb } from "~/utils/db.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("national.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:national");
  const result = await resolveNational(getDb(), new URL(request.url).searchParams);
  if (result.kind === "error") {
    throw data({ message: result.status === 400 ? "bad request" : "not found", messageKey: result.messageKey }, { status: result.status });
  }
  if (result.kind === "ok" && result.series.error) return data(result, { status: 400 });
  return result;
}

type Loaded = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { kind: "ok" }>;

function Picture({ data }: { data: Loaded }) {
  const t = useT();
  const { aggregation, round, series } = data;
  const view = useAggregationView(aggregation);
  const seriesIds = series.error ? [] : series.ids;
  const trendSection = (
    <TrendSection
      trends={series.trends}
      rounds={data.rounds}
      current={round}
      demand={aggregation.filter.demand}
      seriesIds={series.ids}
      error={series.error}
      steps={aggregation.scale.steps.map((s) => s.value)}
    />
  );
  return (
    <>
      <RoundForm rounds={data.rounds} current={round} demand={aggregation.filter.demand} series={seriesIds} />
      <RoundFacts round={round} aggregation={aggregation} />
      {aggregation.units.length === 0 ? (
        <>
          <div className="alert alert--info">
            <p>{t("national.roundEmpty", { round: round.name })}</p>
          </div>
          {trendSection}
        </>
      ) : (
        <>
          <ExportLinks roundId={round.id} demand={aggregation.filter.demand} series={seriesIds} />
          <Contents extra={[{ id: "national-trends", label: "trends.toc" }]} />
          <Legend aggregation={aggregation} view={view} />
          <DimensionMatrix aggregation={aggregation} view={view} />
          <CriterionMatrix aggregation={aggregation} view={view} />
          <CriterionTable aggregation={aggregation} view={view} />
          <GeneralAreas aggregation={aggregation} view={view} />
          <SpecificAreas aggregation={aggregation} view={view} />
          <Regions aggregation={aggregation} view={view} />
          <InDepthCandidates aggregation={aggregation} view={view} />
          <RecommendationThemes aggregation={aggregation} view={view} />
          {trendSection}
        </>
      )}
    </>
  );
}

export default function NationalPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="national">
      <h1>{t("national.title")}</h1>
      <p className="lede">{t("national.intro")}</p>
      {data.kind === "ok" ? (
        <Picture data={data} />
      ) : (
        <div className="alert alert--info" role="status">
          <p>{t("national.noPublished")}</p>
        </div>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error) && (error.status === 400 || error.status === 404)) {
    const body = error.data as { messageKey?: string } | null;
    if (body?.messageKey && isMessageKey(body.messageKey)) {
      return (
        <div className="error-page" role="alert">
          <h1>{t(error.status === 404 ? "error.notFoundTitle" : "error.badRequestTitle")}</h1>
          <p>{t(body.messageKey)}</p>
          <p className="error-page__status">HTTP {error.status}</p>
          <p>
            <Link to="/national">{t("national.backToNational")}</Link>
          </p>
        </div>
      );
    }
  }
  return <GeneralErrorBoundary />;
}

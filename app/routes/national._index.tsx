/**
 * /national — the national picture of one review round (coordinator and advisor only): heatmaps
 * of units × dimensions and units × criteria, gaps per criterion, general and specific
 * development areas with their rules, the breakdown by healthcare region, candidates for an
 * in-depth review and the recommendation themes. Only published reviews count.
 * Query: ?round=<id>&demand=<basic|developing|advanced> (a GET form; works without JavaScript).
 * Malformed query → 400, unknown round → 404, with a message.
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
  return result;
}

type Loaded = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { kind: "ok" }>;

function Picture({ data }: { data: Loaded }) {
  const t = useT();
  const { aggregation, round } = data;
  const view = useAggregationView(aggregation);
  return (
    <>
      <RoundForm rounds={data.rounds} current={round} demand={aggregation.filter.demand} />
      <RoundFacts round={round} aggregation={aggregation} />
      {aggregation.units.length === 0 ? (
        <div className="alert alert--info">
          <p>{t("national.roundEmpty", { round: round.name })}</p>
        </div>
      ) : (
        <>
          <ExportLinks roundId={round.id} demand={aggregation.filter.demand} />
          <Contents />
          <Legend aggregation={aggregation} view={view} />
          <DimensionMatrix aggregation={aggregation} view={view} />
          <CriterionMatrix aggregation={aggregation} view={view} />
          <CriterionTable aggregation={aggregation} view={view} />
          <GeneralAreas aggregation={aggregation} view={view} />
          <SpecificAreas aggregation={aggregation} view={view} />
          <Regions aggregation={aggregation} view={view} />
          <InDepthCandidates aggregation={aggregation} view={view} />
          <RecommendationThemes aggregation={aggregation} view={view} />
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

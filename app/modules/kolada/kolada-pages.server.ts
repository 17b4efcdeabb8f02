/**
 * The Kolada evidence panels of a review's pages and the indicator action (decision 015).
 *
 * Loaders call `indicatorPanelsFor`: it reads the cache only, builds one panel per KPI linked to a
 * criterion of the pinned manual version, and schedules a background refresh (never awaited).
 * Who sees a panel is who sees the review's evidence; who attaches a snapshot is who may add
 * evidence now (the unit contact while gathering, the team while gathering and analysing), with
 * their evidence origin; who refreshes is who sees the panel. The action answers a plain form
 * post with a redirect back to the criterion.
 */
import { data, redirect } from "@remix-run/node";
import { z } from "zod";
import type { AppDatabase } from "#db/connection";
import type { MessageKey } from "~/i18n/sv";
import type { AuditContext } from "~/modules/audit/audit.server";
import { criteriaOf, ManualFileSchema } from "~/modules/manuals/manual-schema";
import type { ReviewAccess } from "~/modules/reviews/access";
import type { ReviewContext } from "~/modules/reviews/review-repository.server";
import { isAtOrPast } from "~/modules/reviews/stages";
import { originForNewEvidence } from "~/modules/self-assessment/evidence-rules";
import { addKoladaEvidence } from "~/modules/self-assessment/evidence.server";
import { countyKoladaIds, readKoladaCache } from "./kolada-cache.server";
import { koladaKpiPageUrl, type KoladaErrorCode } from "./kolada-client.server";
import { buildIndicatorPanel, indicatorSnapshot, type IndicatorPanel } from "./kolada-panel";
import { refreshKpisNow, scheduleBackgroundRefresh } from "./kolada-refresh.server";

export const INDICATOR_PAGES = ["self-assessment", "scoring"] as const;
export type IndicatorPage = (typeof INDICATOR_PAGES)[number];

export interface IndicatorCounty {
  koladaId: string;
  nameSv: string;
  nameEn: string;
}

export interface CriterionIndicators {
  criterionId: number;
  criterionKey: string;
  panels: (IndicatorPanel & { kpiUrl: string })[];
}

export type IndicatorNotice = { code: "refreshed" | "attached" } | { code: "failed"; errors: KoladaErrorCode[] };

export interface IndicatorPanels {
  reviewId: number;
  page: IndicatorPage;
  county: IndicatorCounty;
  /** Keyed by criterion id; criteria without linked KPIs are absent. */
  byCriterion: Record<number, CriterionIndicators>;
  canAttach: boolean;
  canRefresh: boolean;
  /** The outcome of the last indicator action, for the criterion it was about. */
  notice: (IndicatorNotice & { criterionId: number }) | null;
}

/** The panel is shown to those who see the review's evidence (the unit's or the team's). */
export function canSeeIndicators(access: ReviewAccess): boolean {
  return access.canSeeSelfAssessment || access.canSeeTeamEvidence;
}

interface LinkedCriterion {
  id: number;
  key: string;
  kpis: string[];
}

async function linkedCriteria(db: AppDatabase, manualVersionId: number): Promise<LinkedCriterion[]> {
  const version = await db.selectFrom("manual_versions").select("content_json").where("id", "=", manualVersionId).executeTakeFirstOrThrow();
  const manual = ManualFileSchema.parse(JSON.parse(version.content_json));
  const rows = await db.selectFrom("manual_criteria").select(["id", "key"]).where("manual_version_id", "=", manualVersionId).execute();
  const ids = new Map(rows.map((r) => [r.key, r.id]));
  return criteriaOf(manual)
    .filter((c) => c.kpis.length > 0 && ids.has(c.key))
    .map((c) => ({ id: ids.get(c.key)!, key: c.key, kpis: c.kpis }));
}

async function countyOf(db: AppDatabase, unitId: number): Promise<IndicatorCounty | null> {
  const unit = await db.selectFrom("units").select(["kind", "kolada_id", "name_sv", "name_en"]).where("id", "=", unitId).executeTakeFirst();
  if (!unit || unit.kind !== "county" || !unit.kolada_id) return null;
  return { koladaId: unit.kolada_id, nameSv: unit.name_sv, nameEn: unit.name_en };
}

const NoticeQuerySchema = z.object({
  indicators: z.enum(["refreshed", "attached", "failed"]),
  criterion: z.coerce.number().int().positive(),
  errors: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(",").filter((c): c is KoladaErrorCode => ["unreachable", "timeout", "http", "rate_limited", "malformed"].includes(c)) : [])),
});

/**
 * The indicator panels of a review page, from the cache only; null when the review is not of a
 * county or the viewer may not see its evidence. Schedules a background refresh of the KPIs shown.
 */
export async function indicatorPanelsFor(db: AppDatabase, context: ReviewContext, page: IndicatorPage, request: Request): Promise<IndicatorPanels | null> {
  const { review, round, access } = context;
  if (!canSeeIndicators(access)) return null;
  const county = await countyOf(db, review.unitId);
  if (!county) return null;
  const linked = await linkedCriteria(db, round.manual_version_id);
  if (linked.length === 0) return null;
  const kpiIds = linked.flatMap((c) => c.kpis);
  const [cache, regionIds] = await Promise.all([readKoladaCache(db, kpiIds), countyKoladaIds(db)]);
  const byCriterion: Record<number, CriterionIndicators> = {};
  for (const criterion of linked) {
    byCriterion[criterion.id] = {
      criterionId: criterion.id,
      criterionKey: criterion.key,
      panels: criterion.kpis.map((kpiId) => ({
        ...buildIndicatorPanel({
          kpiId,
          countyId: county.koladaId,
          regionIds,
          kpi: cache.kpis.get(kpiId) ?? null,
          values: cache.values,
          fetchState: cache.fetches.get(kpiId) ?? null,
        }),
        kpiUrl: koladaKpiPageUrl(kpiId),
      })),
    };
  }
  scheduleBackgroundRefresh(kpiIds);
  const query = NoticeQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const notice =
    query.success && byCriterion[query.data.criterion]
      ? query.data.indicators === "failed"
        ? { code: "failed" as const, errors: query.data.errors, criterionId: query.data.criterion }
        : { code: query.data.indicators, criterionId: query.data.criterion }
      : null;
  return {
    reviewId: review.id,
    page,
    county,
    byCriterion,
    canAttach: originForNewEvidence(access) !== null && isAtOrPast(review.stage, "gathering"),
    canRefresh: true,
    notice,
  };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("refresh"), criterionId: z.coerce.number().int().positive(), returnTo: z.enum(INDICATOR_PAGES).default("self-assessment") }),
  z.object({
    intent: z.literal("attach"),
    criterionId: z.coerce.number().int().positive(),
    kpiId: z.string().regex(/^[NU]\d{5}$/),
    returnTo: z.enum(INDICATOR_PAGES).default("self-assessment"),
  }),
]);

function refuse(message: MessageKey, status: number) {
  return data({ ok: false, message }, { status });
}

function backTo(reviewId: number, page: IndicatorPage, criterion: { id: number; key: string }, query: Record<string, string>) {
  const params = new URLSearchParams({ ...query, criterion: String(criterion.id) });
  return redirect(`/reviews/${reviewId}/${page}?${params}#indicators-${criterion.key}`);
}

/** POST /reviews/:id/indicators: refresh a criterion's indicators, or attach a snapshot of one as evidence. */
export async function handleIndicatorAction(db: AppDatabase, context: ReviewContext, form: FormData, audit: AuditContext) {
  const { review, round, access } = context;
  if (!canSeeIndicators(access)) return refuse("kolada.error.noAccess", 403);
  const parsed = ActionSchema.safeParse(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")));
  if (!parsed.success) return refuse("error.badRequest", 400);
  const input = parsed.data;
  const county = await countyOf(db, review.unitId);
  if (!county) return refuse("kolada.error.notCounty", 400);
  const criterion = (await linkedCriteria(db, round.manual_version_id)).find((c) => c.id === input.criterionId);
  if (!criterion) return refuse("kolada.error.unknownCriterion", 400);

  if (input.intent === "refresh") {
    const outcomes = await refreshKpisNow(criterion.kpis, { db });
    const errors = [...new Set(outcomes.flatMap((o) => (o.ok ? [] : [o.code])))];
    return backTo(review.id, input.returnTo, criterion, errors.length ? { indicators: "failed", errors: errors.join(",") } : { indicators: "refreshed" });
  }

  const origin = originForNewEvidence(access);
  if (!origin || !isAtOrPast(review.stage, "gathering")) return refuse("evidence.error.notAllowed", 403);
  if (!criterion.kpis.includes(input.kpiId)) return refuse("kolada.error.unknownKpi", 400);
  const [cache, regionIds] = await Promise.all([readKoladaCache(db, [input.kpiId]), countyKoladaIds(db)]);
  const panel = buildIndicatorPanel({
    kpiId: input.kpiId,
    countyId: county.koladaId,
    regionIds,
    kpi: cache.kpis.get(input.kpiId) ?? null,
    values: cache.values,
    fetchState: cache.fetches.get(input.kpiId) ?? null,
  });
  if (panel.years.length === 0) return refuse("kolada.error.nothingToAttach", 409);
  const kpiUrl = koladaKpiPageUrl(input.kpiId);
  const snapshot = indicatorSnapshot(panel, { county, kpiUrl, attachedAt: new Date().toISOString() });
  const title = `Kolada ${input.kpiId}${panel.title ? `: ${panel.title}` : ""} – ${county.nameSv}`;
  await addKoladaEvidence(db, { reviewId: review.id, criterionId: criterion.id, origin, title: title.slice(0, 300), url: kpiUrl, snapshotJson: JSON.stringify(snapshot) }, audit);
  return backTo(review.id, input.returnTo, criterion, { indicators: "attached" });
}

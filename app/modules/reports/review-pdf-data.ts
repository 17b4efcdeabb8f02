/**
 * What the review PDF prints, chosen exactly as the HTML report page chooses it
 * (routes/reviews.$reviewId.report.tsx): the snapshot's unit, round, manual, team, sign-off,
 * publication time and criteria, the report view (internal strengths only for the team), the
 * unit's answers. The snapshot's factual-check comments and anything else stay out. Every
 * string is made PDF-safe here (pdf-text.ts), so the document cannot print a raw user string.
 * Pure.
 */
import type { Locale } from "#db/schema";
import type { Translate } from "~/i18n/i18n";
import type { ReviewSnapshot } from "../feedback/snapshot";
import type { ManualFile } from "../manuals/manual-schema";
import { pdfSafe } from "./pdf-text";
import { profileChart, type ProfileGeometry } from "./profile-chart";
import { buildReportView, type ReportView } from "./report-view";

/** The unit's answer to a recommendation, as the report repository reads it. */
export interface ReportAnswer {
  recommendation_id: number;
  response: string;
  planned_action: string;
  owner: string;
  due_date: string | null;
  progress: string;
}

/** Team: the same version as the HTML shows the team (internal strengths marked); reader: everyone else. */
export type ReportAudience = "team" | "reader";

export interface ReviewPdfInput {
  snapshot: ReviewSnapshot;
  /** The stored snapshot hash (printed in every footer). */
  hash: string;
  /** The stored text still hashes to the stored hash. */
  intact: boolean;
  manual: Pick<ManualFile, "title" | "dimensions" | "scale">;
  answers: readonly ReportAnswer[];
  locale: Locale;
  audience: ReportAudience;
}

export interface ReviewPdfData {
  locale: Locale;
  audience: ReportAudience;
  hash: string;
  intact: boolean;
  unitName: string;
  round: { name: string; periodStart: string; periodEnd: string };
  manual: { key: string; version: number; checksum: string };
  manualTitle: string;
  publishedAt: string;
  signedOffBy: string;
  team: { userId: number; name: string; homeUnit: string; isLead: boolean; isUserRepresentative: boolean }[];
  criteria: { key: string; number: string }[];
  view: ReportView;
  chart: ProfileGeometry;
  answers: ReportAnswer[];
  /** Document information: Unicode as it is (PDF metadata is UTF-16), not made PDF-safe. */
  meta: { title: string; subject: string; keywords: string; date: Date };
}

export function reviewPdfData(input: ReviewPdfInput, t: Translate): ReviewPdfData {
  const { snapshot, locale } = input;
  const en = locale === "en";
  const unitName = en ? snapshot.unit.nameEn : snapshot.unit.nameSv;
  const view = buildReportView(snapshot, input.manual, { showInternal: input.audience === "team" });
  const data: Omit<ReviewPdfData, "meta" | "chart"> = pdfSafe({
    locale,
    audience: input.audience,
    hash: input.hash,
    intact: input.intact,
    unitName,
    round: { name: snapshot.round.name, periodStart: snapshot.round.periodStart, periodEnd: snapshot.round.periodEnd },
    manual: { key: snapshot.manual.key, version: snapshot.manual.version, checksum: snapshot.manual.checksum },
    manualTitle: en ? input.manual.title.en : input.manual.title.sv,
    publishedAt: snapshot.publishedAt,
    signedOffBy: snapshot.signedOffBy.name,
    team: snapshot.team.map((m) => ({
      userId: m.userId,
      name: m.name,
      homeUnit: en ? m.homeUnit.nameEn : m.homeUnit.nameSv,
      isLead: m.isLead,
      isUserRepresentative: m.isUserRepresentative,
    })),
    criteria: snapshot.criteria.map((c) => ({ key: c.key, number: c.number })),
    view,
    answers: input.answers.map((a) => ({ ...a })),
  });
  const chart = profileChart(
    data.view.dimensions.map((d) => ({ key: d.key, title: en ? d.titleEn : d.titleSv, mean: d.mean })),
    data.view.scale.map((s) => ({ value: s.value, label: en ? s.labelEn : s.labelSv })),
  );
  const date = new Date(snapshot.publishedAt);
  return {
    ...data,
    chart,
    meta: {
      title: t("pdf.review.title", { unit: unitName, round: snapshot.round.name }),
      subject: t("pdf.review.subject", { unit: unitName, round: snapshot.round.name }),
      keywords: `sha256:${input.hash}`,
      // Fixed to the publication time: the same snapshot always gives the same bytes (decision 010).
      date: Number.isNaN(date.getTime()) ? new Date(0) : date,
    },
  };
}

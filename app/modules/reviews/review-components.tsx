/** Small presentational pieces shared by the round and review pages. */
import type { ReviewStage } from "#db/schema";
import { pick, useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { STAGE_ORDER } from "./stages";
import type { TeamIssue } from "./team-rules";

export function StageCounts({ byStage, total }: { byStage: Partial<Record<ReviewStage, number>>; total: number }) {
  const t = useT();
  return (
    <ul className="stage-counts">
      {STAGE_ORDER.filter((stage) => byStage[stage]).map((stage) => (
        <li key={stage}>
          {t(`stage.${stage}` as MessageKey)}: {byStage[stage]} / {total}
        </li>
      ))}
    </ul>
  );
}

export function StageBadge({ stage }: { stage: ReviewStage }) {
  const t = useT();
  return <span className={`badge stage stage--${stage}`}>{t(`stage.${stage}` as MessageKey)}</span>;
}

/** The steps of the procedure with the current one marked, as an ordered list. */
export function StageSteps({ stage }: { stage: ReviewStage }) {
  const t = useT();
  const current = STAGE_ORDER.indexOf(stage);
  return (
    <ol className="stage-steps">
      {STAGE_ORDER.map((s, i) => (
        <li key={s} className={i < current ? "done" : i === current ? "current" : undefined} aria-current={i === current ? "step" : undefined}>
          {t(`stage.${s}` as MessageKey)}
        </li>
      ))}
    </ol>
  );
}

export function TeamIssueList({ issues, unitNames }: { issues: TeamIssue[]; unitNames: Map<number, { nameSv: string; nameEn: string }> }) {
  const t = useT();
  const locale = useLocale();
  if (issues.length === 0) return null;
  return (
    <ul className="issue-list">
      {issues.map((issue, i) => {
        const other = issue.otherUnitId ? unitNames.get(issue.otherUnitId) : undefined;
        return (
          <li key={`${issue.code}-${issue.userId ?? ""}-${issue.otherUnitId ?? ""}-${i}`}>
            {t(`reviews.issue.${issue.code}` as MessageKey, { other: other ? pick(locale, { sv: other.nameSv, en: other.nameEn }) : "" })}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * /manuals/:manual/:version — one version for reading: scale, numbered dimensions, group lead-ins
 * with their criteria, each criterion's basis, guidance, demand and source, and the changelog.
 * Drafts answer 404 except to manual editors.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { requirePermission } from "~/modules/auth/guards.server";
import {
  BackLinks,
  Localized,
  ManualErrorBoundary,
  ScaleTable,
  StatusBadge,
  formatDate,
  pageTitle,
} from "~/modules/manuals/manual-components";
import { DoneNotice, DraftActions } from "~/modules/manuals/manual-editor-components";
import { canSeeDrafts, parseManualKey, parseVersionParam, readableVersions, requireReadableVersion } from "~/modules/manuals/manual-pages.server";
import { dimensionViews, localized, type CriterionView } from "~/modules/manuals/manual-view";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, (t, locale) =>
    data ? `${localized(locale, data.title).text}, ${t("manuals.version", { version: data.version })}` : t("manuals.title"),
  );

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:manuals");
  const manualKey = parseManualKey(params);
  const version = parseVersionParam(params);
  const stored = await requireReadableVersion(user, manualKey, version);
  const readable = await readableVersions(user, manualKey);
  const visible = readable.map((v) => v.version);
  const { content } = stored;
  const canEdit = canSeeDrafts(user);
  const latestPublished = readable.filter((v) => v.status === "published").at(-1)?.version ?? null;
  const done = new URL(request.url).searchParams.get("done");
  return {
    manualKey,
    version,
    status: stored.status,
    publishedAt: stored.publishedAt,
    checksum: stored.checksum,
    criteriaCount: stored.criteriaCount,
    previousVersion: visible.includes(version - 1) ? version - 1 : null,
    // For editors: edit a draft, or start the next draft from the latest published version.
    editing: canEdit
      ? {
          openDraft: readable.filter((v) => v.status === "draft").at(-1)?.version ?? null,
          latestPublished,
          nextVersion: (visible.at(-1) ?? 0) + 1,
          isLatestPublished: version === latestPublished,
        }
      : null,
    done: done === "published" ? done : null,
    title: content.title,
    description: content.description ?? null,
    source: content.source ?? null,
    scale: content.scale,
    changelog: content.changelog,
    dimensions: dimensionViews(content),
  };
}

function Criterion({ criterion, level }: { criterion: CriterionView; level: 3 | 4 }) {
  const t = useT();
  const Heading = level === 3 ? "h3" : "h4";
  return (
    <article className="criterion" id={criterion.key} aria-labelledby={`${criterion.key}-heading`}>
      <Heading id={`${criterion.key}-heading`} className="criterion__heading">
        <span className="criterion__number">{criterion.readingNumber}</span> <Localized text={criterion.text} />
      </Heading>
      <dl className="criterion__details">
        <dt>{t("manuals.criterion.basis")}</dt>
        <dd>
          <Localized text={criterion.basis} />
          {criterion.basis.suggested ? (
            <>
              {" "}
              <span className="badge badge--muted" title={t("manuals.criterion.suggestedHint")}>
                {t("manuals.criterion.suggested")}
              </span>
              <span className="visually-hidden"> {t("manuals.criterion.suggestedHint")}</span>
            </>
          ) : null}
        </dd>
        {criterion.guidance ? (
          <>
            <dt>{t("manuals.criterion.guidance")}</dt>
            <dd>
              <Localized text={criterion.guidance} />
            </dd>
          </>
        ) : null}
        <dt>{t("manuals.criterion.demand")}</dt>
        <dd>{t(`manuals.demand.${criterion.demand}` as MessageKey)}</dd>
        {criterion.source ? (
          <>
            <dt>{t("manuals.criterion.source")}</dt>
            <dd>
              {t("manuals.criterion.sourceLines", {
                section: criterion.source.section,
                from: criterion.source.lines[0],
                to: criterion.source.lines[1],
              })}
            </dd>
          </>
        ) : null}
        {criterion.kpis.length > 0 ? (
          <>
            <dt>{t("manuals.criterion.kpis")}</dt>
            <dd>{criterion.kpis.join(", ")}</dd>
          </>
        ) : null}
        <dt>{t("manuals.criterion.key")}</dt>
        <dd>
          <code>{criterion.key}</code>
        </dd>
      </dl>
    </article>
  );
}

export default function ManualVersionPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const { manualKey, version } = data;
  return (
    <>
      <BackLinks>
        <Link to="/manuals">{t("manuals.backToList")}</Link> ·{" "}
        <Link to={`/manuals/${manualKey}`}>{t("manuals.backToManual")}</Link>
      </BackLinks>
      <h1>
        <Localized text={data.title} /> <span className="h1-version">{t("manuals.version", { version })}</span>
      </h1>
      <DoneNotice done={data.done} />
      {data.status === "draft" ? (
        <div className="alert alert--info">
          <p>{t("manuals.draftNotice")}</p>
          {data.editing ? (
            <p>
              <Link to={`/manuals/${manualKey}/${version}/edit`}>{t("manuals.editor.editDraft", { version })}</Link>
            </p>
          ) : null}
        </div>
      ) : null}
      {data.editing?.isLatestPublished ? (
        <DraftActions
          manualKey={manualKey}
          openDraft={data.editing.openDraft}
          latestPublished={data.editing.latestPublished}
          nextVersion={data.editing.nextVersion}
        />
      ) : null}
      {data.description ? (
        <p className="lede">
          <Localized text={data.description} />
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("manuals.col.status")}</dt>
        <dd>
          <StatusBadge status={data.status} />
        </dd>
        <dt>{t("manuals.col.publishedAt")}</dt>
        <dd>{formatDate(data.publishedAt) ?? t("manuals.notPublished")}</dd>
        <dt>{t("manuals.criteriaCount")}</dt>
        <dd>{data.criteriaCount}</dd>
        {data.source ? (
          <>
            <dt>{t("manuals.sourceReport")}</dt>
            <dd>
              {t("manuals.sourceRef", { section: data.source.section, from: data.source.lines[0], to: data.source.lines[1] })}
            </dd>
          </>
        ) : null}
        <dt>{t("manuals.checksum")}</dt>
        <dd>
          <code className="checksum">{data.checksum}</code>
        </dd>
      </dl>
      <ul className="inline-list">
        {data.previousVersion ? (
          <li>
            <Link to={`/manuals/${manualKey}/diff?from=${data.previousVersion}&to=${version}`}>
              {t("manuals.compareWithPrevious", { from: data.previousVersion, to: version })}
            </Link>
          </li>
        ) : null}
        <li>
          <a href={`/manuals/${manualKey}/${version}/export.json`} download>
            {t("manuals.exportJson", { version })}
          </a>
        </li>
      </ul>

      <nav aria-labelledby="manual-contents" className="toc">
        <h2 id="manual-contents">{t("manuals.contents")}</h2>
        <ol>
          <li>
            <a href="#manual-scale">{t("manuals.scale.title")}</a>
          </li>
          {data.dimensions.map((dimension) => (
            <li key={dimension.key}>
              <a href={`#dimension-${dimension.key}`}>
                {t("manuals.dimensionHeading", { number: dimension.number, title: localized(locale, dimension.title).text })}
              </a>
            </li>
          ))}
          <li>
            <a href="#manual-changelog">{t("manuals.changelog")}</a>
          </li>
        </ol>
      </nav>

      <section aria-labelledby="manual-scale">
        <h2 id="manual-scale">{t("manuals.scale.title")}</h2>
        <p>{t("manuals.scale.intro")}</p>
        <ScaleTable scale={data.scale} />
      </section>

      {data.dimensions.map((dimension) => (
        <section key={dimension.key} aria-labelledby={`dimension-${dimension.key}`} className="dimension">
          <h2 id={`dimension-${dimension.key}`}>
            {dimension.number}. <Localized text={dimension.title} />
          </h2>
          <p className="muted">{t("manuals.dimensionCount", { count: dimension.criteriaCount })}</p>
          {dimension.blocks.map((block) =>
            block.kind === "group" ? (
              <section key={`group-${block.key}`} className="criterion-group" aria-labelledby={`group-${block.key}`}>
                <h3 id={`group-${block.key}`} className="criterion-group__lead-in">
                  {block.number ? <span className="criterion__number">{block.number}.</span> : null} <Localized text={block.text} />
                </h3>
                {block.criteria.map((criterion) => (
                  <Criterion key={criterion.key} criterion={criterion} level={4} />
                ))}
              </section>
            ) : (
              <Criterion key={block.criterion.key} criterion={block.criterion} level={3} />
            ),
          )}
        </section>
      ))}

      <section aria-labelledby="manual-changelog">
        <h2 id="manual-changelog">{t("manuals.changelog")}</h2>
        {data.changelog.length === 0 ? (
          <p>{t("manuals.noChangelog")}</p>
        ) : (
          <ul>
            {data.changelog.map((entry, index) => (
              <li key={index}>
                <Localized text={entry} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <ManualErrorBoundary />;
}

/** /manuals/:manual — the versions of one manual, the latest published one highlighted. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableCaption, TableScroll } from "~/components/table-scroll";
import { useT } from "~/i18n/i18n";
import { requirePermission, userCan } from "~/modules/auth/guards.server";
import {
  BackLinks,
  DiffForm,
  Localized,
  ManualErrorBoundary,
  StatusBadge,
  formatDate,
  pageTitle,
  useManualName,
} from "~/modules/manuals/manual-components";
import { DraftActions } from "~/modules/manuals/manual-editor-components";
import { canSeeDrafts, parseManualKey, readableVersions } from "~/modules/manuals/manual-pages.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, (t) => (data ? t(`manuals.kind.${data.manualKey}`) : t("manuals.title")));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:manuals");
  const manualKey = parseManualKey(params);
  const versions = await readableVersions(user, manualKey);
  const latest = versions.filter((v) => v.status === "published").at(-1) ?? versions.at(-1) ?? null;
  return {
    manualKey,
    title: latest ? { sv: latest.titleSv, en: latest.titleEn } : null,
    latestPublished: versions.filter((v) => v.status === "published").at(-1)?.version ?? null,
    versions,
    canEdit: canSeeDrafts(user),
    // Calibration (decision 009): editors, and read-only for the coordinator and the advisory group.
    canCalibrate: userCan(user, "read:calibration"),
    openDraft: versions.filter((v) => v.status === "draft").at(-1)?.version ?? null,
  };
}

export default function ManualPage() {
  const { manualKey, title, latestPublished, versions, canEdit, canCalibrate, openDraft } = useLoaderData<typeof loader>();
  const t = useT();
  const manualName = useManualName();
  const numbers = versions.map((v) => v.version);
  return (
    <>
      <BackLinks>
        <Link to="/manuals">{t("manuals.backToList")}</Link>
      </BackLinks>
      <h1>{title ? <Localized text={title} /> : manualName(manualKey)}</h1>
      {latestPublished ? (
        <p>
          <Link className="button" to={`/manuals/${manualKey}/${latestPublished}`}>
            {t("manuals.readLatest", { version: latestPublished })}
          </Link>
        </p>
      ) : null}
      {canCalibrate ? (
        <p>
          <Link to={`/manuals/${manualKey}/calibration`}>{t("calibration.link")}</Link>
          <br />
          <span className="muted">{t("calibration.linkHint")}</span>
        </p>
      ) : null}
      {canEdit ? (
        <DraftActions manualKey={manualKey} openDraft={openDraft} latestPublished={latestPublished} nextVersion={(versions.at(-1)?.version ?? 0) + 1} />
      ) : null}
      <section aria-labelledby="versions">
        <h2 id="versions">{t("manuals.allVersions")}</h2>
        {versions.length === 0 ? (
          <p>{t("manuals.noVersions")}</p>
        ) : (
          <TableScroll>
            <table>
              <TableCaption className="visually-hidden">{t("manuals.versionsCaption", { manual: manualName(manualKey) })}</TableCaption>
              <thead>
                <tr>
                  <th scope="col">{t("manuals.col.version")}</th>
                  <th scope="col">{t("manuals.col.status")}</th>
                  <th scope="col">{t("manuals.col.publishedAt")}</th>
                  <th scope="col">{t("manuals.col.criteria")}</th>
                  <th scope="col">{t("manuals.col.links")}</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((v, index) => (
                  <tr key={v.version} className={v.version === latestPublished ? "version-row--latest" : undefined}>
                    <th scope="row">
                      <Link to={`/manuals/${manualKey}/${v.version}`}>{t("manuals.version", { version: v.version })}</Link>
                    </th>
                    <td>
                      <StatusBadge status={v.status} />{" "}
                      {v.version === latestPublished ? <span className="badge">{t("manuals.latestPublished")}</span> : null}
                    </td>
                    <td>{formatDate(v.publishedAt) ?? t("manuals.notPublished")}</td>
                    <td>{v.criteriaCount}</td>
                    <td>
                      <ul className="inline-list">
                        {index > 0 ? (
                          <li>
                            <Link to={`/manuals/${manualKey}/diff?from=${versions[index - 1]!.version}&to=${v.version}`}>
                              {t("manuals.compareWithPrevious", { from: versions[index - 1]!.version, to: v.version })}
                            </Link>
                          </li>
                        ) : null}
                        <li>
                          <a href={`/manuals/${manualKey}/${v.version}/export.json`} download>
                            {t("manuals.exportJson", { version: v.version })}
                          </a>
                        </li>
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      {numbers.length >= 2 ? (
        <section aria-labelledby="compare">
          <h2 id="compare">{t("manuals.diff.form")}</h2>
          <DiffForm manualKey={manualKey} versions={numbers} from={numbers.at(-2)!} to={numbers.at(-1)!} />
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ManualErrorBoundary />;
}

/** /manuals: every manual with the versions the user may see. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableCaption, TableScroll } from "~/components/table-scroll";
import { useT } from "~/i18n/i18n";
import { requirePermission } from "~/modules/auth/guards.server";
import { StatusBadge, formatDate, pageTitle, useManualName } from "~/modules/manuals/manual-components";
import { canSeeDrafts, readableVersions } from "~/modules/manuals/manual-pages.server";
import { MANUAL_KEYS } from "~/modules/manuals/manual-schema";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("manuals.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:manuals");
  const versions = await readableVersions(user);
  const manuals = MANUAL_KEYS.map((manualKey) => {
    const own = versions.filter((v) => v.manualKey === manualKey);
    const latestPublished = own.filter((v) => v.status === "published").at(-1)?.version ?? null;
    // Editors get a link to the open draft (the only role that sees drafts at all).
    const openDraft = own.filter((v) => v.status === "draft").at(-1)?.version ?? null;
    return { manualKey, latestPublished, openDraft, versions: own };
  });
  return { manuals, canEdit: canSeeDrafts(user) };
}

export default function ManualsPage() {
  const { manuals, canEdit } = useLoaderData<typeof loader>();
  const t = useT();
  const manualName = useManualName();
  return (
    <>
      <h1>{t("manuals.title")}</h1>
      <p className="lede">{t("manuals.intro")}</p>
      {manuals.map(({ manualKey, latestPublished, openDraft, versions }) => (
        <section key={manualKey} aria-labelledby={`manual-${manualKey}`} className="manual-summary">
          <h2 id={`manual-${manualKey}`}>
            <Link to={`/manuals/${manualKey}`}>{manualName(manualKey)}</Link>
          </h2>
          {canEdit && openDraft !== null ? (
            <p>
              <Link to={`/manuals/${manualKey}/${openDraft}/edit`}>{t("manuals.editor.editDraft", { version: openDraft })}</Link>
            </p>
          ) : null}
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
                  </tr>
                </thead>
                <tbody>
                  {versions.map((v) => (
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
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </section>
      ))}
    </>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { UnitKind } from "#db/schema";
import { TableCaption, TableScroll } from "~/components/table-scroll";
import { pick, useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { requirePermission } from "~/modules/auth/guards.server";
import { listUnits } from "~/modules/units/units.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "Enheter – Kollega" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:units");
  return { units: await listUnits(getDb()) };
}

const KINDS: UnitKind[] = ["national", "county", "resource_centre", "node"];

export default function AdminUnitsPage() {
  const { units } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("admin.units.title")}</h1>
      <p className="lede">{t("admin.units.intro")}</p>
      {KINDS.map((kind) => {
        const ofKind = units.filter((u) => u.kind === kind);
        return (
          <section key={kind} aria-labelledby={`kind-${kind}`}>
            <h2 id={`kind-${kind}`}>
              {t(`unitKind.${kind}` as MessageKey)} ({ofKind.length})
            </h2>
            <TableScroll>
              <table>
                <TableCaption className="visually-hidden">{t(`unitKind.${kind}` as MessageKey)}</TableCaption>
                <thead>
                  <tr>
                    <th scope="col">{t("admin.units.code")}</th>
                    <th scope="col">{t("admin.units.name")}</th>
                    {kind === "county" ? <th scope="col">{t("admin.units.letter")}</th> : null}
                    {kind === "county" ? <th scope="col">{t("admin.units.koladaId")}</th> : null}
                    {kind === "county" || kind === "resource_centre" ? <th scope="col">{t("admin.units.healthcareRegions")}</th> : null}
                    {kind === "node" ? <th scope="col">{t("admin.units.host")}</th> : null}
                    {kind === "node" ? <th scope="col">{t("admin.units.connectedCounties")}</th> : null}
                    <th scope="col">{t("admin.users.status")}</th>
                    <th scope="col">{t("admin.users.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {ofKind.map((unit) => {
                    const name = pick(locale, { sv: unit.nameSv, en: unit.nameEn });
                    return (
                      <tr key={unit.id}>
                        <td>{unit.code}</td>
                        <th scope="row">{name}</th>
                        {kind === "county" ? <td>{unit.letter}</td> : null}
                        {kind === "county" ? <td>{unit.koladaId}</td> : null}
                        {kind === "county" || kind === "resource_centre" ? (
                          <td>
                            {unit.regions
                              .map((r) => {
                                const part = pick(locale, { sv: r.partSv ?? "", en: r.partEn });
                                return pick(locale, { sv: r.nameSv, en: r.nameEn }) + (part ? ` (${part})` : "");
                              })
                              .join("; ")}
                          </td>
                        ) : null}
                        {kind === "node" ? (
                          <td>
                            {unit.hostOrganisation}
                            {unit.hostCountyNameSv ? ` · ${pick(locale, { sv: unit.hostCountyNameSv, en: unit.hostCountyNameEn })}` : ""}
                          </td>
                        ) : null}
                        {kind === "node" ? <td>{unit.connectedCountyIds.length}</td> : null}
                        <td>
                          <span className={`badge ${unit.active ? "badge--success" : "badge--muted"}`}>
                            {unit.active ? t("admin.users.active") : t("admin.users.inactive")}
                          </span>
                        </td>
                        <td>
                          <Link to={`/admin/units/${unit.id}`} aria-label={t("admin.units.editLabel", { name })}>
                            {t("admin.units.edit")}
                          </Link>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
          </section>
        );
      })}
    </>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pick, useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { rolesHavePermission } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/guards.server";

export const meta: MetaFunction = () => [{ title: "Start – Kollega" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { user };
}

export default function StartPage() {
  const { user } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const shortcuts: { to: string; label: MessageKey }[] = [
    { to: "/manuals", label: "start.manualsLink" },
    ...(rolesHavePermission(user.roles, "admin:users") ? [{ to: "/admin/users", label: "start.adminUsersLink" as const }] : []),
    ...(rolesHavePermission(user.roles, "admin:units") ? [{ to: "/admin/units", label: "start.adminUnitsLink" as const }] : []),
  ];
  return (
    <>
      <h1>{t("start.welcome", { name: user.name })}</h1>
      <dl className="facts">
        <dt>{t("start.yourRoles")}</dt>
        <dd>{user.roles.map((role) => t(`role.${role}` as MessageKey)).join(", ")}</dd>
        <dt>{t("start.homeUnit")}</dt>
        <dd>{pick(locale, { sv: user.homeUnit.nameSv, en: user.homeUnit.nameEn })}</dd>
      </dl>
      <section aria-labelledby="tasks">
        <h2 id="tasks">{t("start.tasksTitle")}</h2>
        <p>{t("start.noTasks")}</p>
      </section>
      <section aria-labelledby="shortcuts">
        <h2 id="shortcuts">{t("start.shortcuts")}</h2>
        <ul>
          {shortcuts.map((s) => (
            <li key={s.to}>
              <Link to={s.to}>{t(s.label)}</Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

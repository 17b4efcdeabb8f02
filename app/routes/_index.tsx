import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pick, useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { rolesHavePermission } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/guards.server";
import { listTasks } from "~/modules/reviews/tasks.server";
import { getDb } from "~/utils/db.server";
import { isOverdue } from "~/modules/reviews/stages";
import { formatDate, todayInStockholm } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Start – Kollega" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const today = todayInStockholm();
  const tasks = (await listTasks(getDb(), user)).map((task) => ({ ...task, overdue: isOverdue(task.due, today) }));
  return { user, tasks };
}

/** Tasks whose work is on a sub-page of the review; the others start at its overview. */
const TASK_PAGES: Partial<Record<MessageKey, string>> = {
  "tasks.answer": "/follow-up",
  "tasks.publish": "/factual-check",
};

export default function StartPage() {
  const { user, tasks } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const shortcuts: { to: string; label: MessageKey }[] = [
    { to: "/manuals", label: "start.manualsLink" },
    ...(rolesHavePermission(user.roles, "manage:rounds") ? [{ to: "/rounds", label: "nav.rounds" as const }] : []),
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
        {tasks.length === 0 ? (
          <p>{t("start.noTasks")}</p>
        ) : (
          <ul className="task-list">
            {tasks.map((task) => (
              <li key={`${task.reviewId}-${task.kind}`}>
                <Link to={`/reviews/${task.reviewId}${TASK_PAGES[task.kind] ?? ""}`}>
                  {t(task.kind, { unit: pick(locale, { sv: task.unitNameSv, en: task.unitNameEn }), round: task.roundName })}
                </Link>
                {task.due ? <span className="muted"> · {t("tasks.due", { date: formatDate(task.due) })}</span> : null}
                {task.overdue ? <span className="badge badge--warning"> {t("reviews.overdue")}</span> : null}
              </li>
            ))}
          </ul>
        )}
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

import { TableCaption, TableScroll } from "~/components/table-scroll";
import { readFormData } from "~/utils/form-data.server";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { StatusAlert } from "~/components/status-alert";
import { pick, useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { clientIp, requirePermission } from "~/modules/auth/guards.server";
import { listUsers, setUserActive, StaleVersionError } from "~/modules/users/users.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "Användare – Kollega" }];

const ActivationSchema = z.object({
  intent: z.enum(["deactivate", "reactivate"]),
  userId: z.coerce.number().int().positive(),
  version: z.coerce.number().int().positive(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "admin:users");
  return { users: await listUsers(getDb()), currentUserId: admin.id };
}

type ActionResult = { ok: boolean; message: MessageKey; name?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "admin:users");
  const parsed = ActivationSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) return data<ActionResult>({ ok: false, message: "form.invalidValue" }, { status: 400 });
  const { intent, userId, version } = parsed.data;
  const db = getDb();
  const target = (await listUsers(db)).find((u) => u.id === userId);
  if (!target) return data<ActionResult>({ ok: false, message: "error.notFound" }, { status: 404 });
  if (intent === "deactivate" && userId === admin.id) {
    return data<ActionResult>({ ok: false, message: "admin.users.cannotDeactivateSelf" }, { status: 400 });
  }
  try {
    await setUserActive(db, { userId, active: intent === "reactivate", expectedVersion: version }, { actorUserId: admin.id, ip: clientIp(context) });
  } catch (error) {
    if (error instanceof StaleVersionError) return data<ActionResult>({ ok: false, message: "form.stale" }, { status: 409 });
    throw error;
  }
  return data<ActionResult>({
    ok: true,
    message: intent === "deactivate" ? "admin.users.deactivated" : "admin.users.reactivated",
    name: target.name,
  });
}

export default function AdminUsersPage() {
  const { users, currentUserId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("admin.users.title")}</h1>
      <p className="lede">{t("admin.users.intro")}</p>
      {result ? (
        <StatusAlert ok={result.ok}>
          <p>{t(result.message, { name: result.name ?? "" })}</p>
        </StatusAlert>
      ) : null}
      <p>
        <Link to="/admin/users/new" className="button">
          {t("admin.users.new")}
        </Link>
      </p>
      <TableScroll>
        <table>
          <TableCaption className="visually-hidden">{t("admin.users.title")}</TableCaption>
          <thead>
            <tr>
              <th scope="col">{t("admin.users.name")}</th>
              <th scope="col">{t("admin.users.email")}</th>
              <th scope="col">{t("admin.users.roles")}</th>
              <th scope="col">{t("admin.users.homeUnit")}</th>
              <th scope="col">{t("admin.users.status")}</th>
              <th scope="col">{t("admin.users.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <th scope="row">{user.name}</th>
                <td>{user.email}</td>
                <td>{user.roles.map((r) => t(`role.${r}` as MessageKey)).join(", ")}</td>
                <td>{pick(locale, { sv: user.homeUnitNameSv, en: user.homeUnitNameEn })}</td>
                <td>
                  <span className={`badge ${user.active ? "badge--success" : "badge--muted"}`}>
                    {user.active ? t("admin.users.active") : t("admin.users.inactive")}
                  </span>
                </td>
                <td>
                  {user.id === currentUserId ? null : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="userId" value={user.id} />
                      <input type="hidden" name="version" value={user.version} />
                      <button
                        type="submit"
                        name="intent"
                        value={user.active ? "deactivate" : "reactivate"}
                        className="button button--secondary"
                        aria-label={t(user.active ? "admin.users.deactivateLabel" : "admin.users.reactivateLabel", { name: user.name })}
                      >
                        {user.active ? t("admin.users.deactivate") : t("admin.users.reactivate")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}

import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { useT } from "~/i18n/i18n";
import { requireUser } from "~/modules/auth/guards.server";
import { destroySession } from "~/modules/auth/session.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "Logga ut – Kollega" }];

/** GET never changes state: it shows a confirmation; signing out is a POST. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const setCookie = await destroySession(getDb(), request);
  return redirect("/login", { headers: { "Set-Cookie": setCookie } });
}

export default function LogoutPage() {
  const t = useT();
  return (
    <>
      <h1>{t("logout.title")}</h1>
      <p>{t("logout.confirm")}</p>
      <Form method="post">
        <button type="submit" className="button">
          {t("logout.submit")}
        </button>
      </Form>
    </>
  );
}

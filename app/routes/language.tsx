/** Switches the interface language: remembered on the user (when signed in) and in a cookie. */
import { readFormData } from "~/utils/form-data.server";
import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { localeCookie } from "~/i18n/locale.server";
import { getOptionalUser, safeRedirectPath } from "~/modules/auth/guards.server";
import { setUserLocale } from "~/modules/users/users.server";
import { getDb } from "~/utils/db.server";

const LanguageSchema = z.object({
  locale: z.enum(["sv", "en"]),
  redirectTo: z.string().max(1000).optional(),
});

export async function loader() {
  throw redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = LanguageSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) throw data({ message: "invalid language" }, { status: 400 });
  const user = await getOptionalUser(request);
  if (user) await setUserLocale(getDb(), user.id, parsed.data.locale);
  return redirect(safeRedirectPath(parsed.data.redirectTo), {
    headers: { "Set-Cookie": await localeCookie.serialize(parsed.data.locale) },
  });
}

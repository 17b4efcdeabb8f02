/** The request's language: the user's choice when signed in, else the language cookie, else Swedish. */
import { createCookie } from "@remix-run/node";
import type { Locale } from "#db/schema";
import type { CurrentUser } from "~/modules/users/users.server";

export const localeCookie = createCookie("kollega_lang", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 365 * 24 * 3600,
});

export function parseLocale(value: unknown): Locale | null {
  return value === "sv" || value === "en" ? value : null;
}

export async function getLocale(request: Request, user: CurrentUser | null): Promise<Locale> {
  if (user) return user.locale;
  const fromCookie = parseLocale(await localeCookie.parse(request.headers.get("Cookie")));
  return fromCookie ?? "sv";
}

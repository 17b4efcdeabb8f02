/**
 * Throwing guards used by every loader and action: requireUser redirects anonymous requests to
 * /login (and back afterwards); requirePermission answers 403. The signed-in user is read once
 * per request.
 */
import { data, redirect } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { getActiveUser, type CurrentUser } from "../users/users.server";
import { rolesHavePermission, type Permission } from "./permissions";
import { getSessionUserId } from "./session.server";
import type { Role } from "#db/schema";

const userByRequest = new WeakMap<Request, Promise<CurrentUser | null>>();

export function getOptionalUser(request: Request): Promise<CurrentUser | null> {
  let pending = userByRequest.get(request);
  if (!pending) {
    pending = (async () => {
      const db = getDb();
      const userId = await getSessionUserId(db, request);
      return userId === null ? null : getActiveUser(db, userId);
    })();
    userByRequest.set(request, pending);
  }
  return pending;
}

/** Only same-site paths; anything else (//evil.example, https://…) falls back to the start page. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  if (to.length > 1000) return fallback;
  return to;
}

export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getOptionalUser(request);
  if (!user) {
    const url = new URL(request.url);
    // Single-fetch data requests (`/path.data`) carry the page path without the suffix.
    const pathname = url.pathname.replace(/\.data$/, "") || "/";
    const search = new URLSearchParams(url.search);
    search.delete("_data");
    search.delete("index");
    const query = search.toString();
    const back = pathname + (query ? `?${query}` : "");
    throw redirect(loginPath(back));
  }
  return user;
}

/** The sign-in page that comes back to `back` afterwards (the start page needs no redirectTo). */
export function loginPath(back: string): string {
  return back === "/" ? "/login" : `/login?${new URLSearchParams({ redirectTo: back })}`;
}

export function forbidden(): never {
  throw data({ message: "forbidden" }, { status: 403 });
}

export function notFound(): never {
  throw data({ message: "not found" }, { status: 404 });
}

export function userCan(user: CurrentUser, permission: Permission) {
  return rolesHavePermission(user.roles, permission);
}

export async function requirePermission(request: Request, permission: Permission): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!userCan(user, permission)) forbidden();
  return user;
}

export async function requireRole(request: Request, roles: readonly Role[]): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!user.roles.some((role) => roles.includes(role))) forbidden();
  return user;
}

/** The client's address as seen by Express (context.clientIp), for throttling and the audit log. */
export function clientIp(context: unknown): string {
  const ip = (context as { clientIp?: unknown } | undefined)?.clientIp;
  return typeof ip === "string" && ip.length > 0 ? ip : "unknown";
}

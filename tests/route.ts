/**
 * Calls route loaders and actions as functions with a real Request, optionally signed in as a
 * user through a real session in the test database. Normalises the ways Remix routes answer
 * (plain data, data() with a status, Response, thrown redirect or error) into one shape.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createSession } from "~/modules/auth/session.server";
import { getDb } from "~/utils/db.server";

export interface RouteResult<T = any> {
  status: number;
  data: T;
  headers: Headers;
  location: string | null;
  thrown: boolean;
}

/** A Cookie header for a live session of the user with this email. */
export async function sessionCookieFor(email: string): Promise<string> {
  const db = getDb();
  const user = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  const setCookie = await createSession(db, { userId: user.id, ip: "127.0.0.1", userAgent: "vitest" });
  return setCookie.split(";")[0]!;
}

interface CallOptions {
  path?: string;
  params?: Record<string, string>;
  /** Email of the user to sign in as; omit for an anonymous request. */
  as?: string;
  cookie?: string;
  form?: Record<string, string | string[]> | FormData;
  method?: string;
  headers?: Record<string, string>;
}

async function buildRequest({ path = "/", as, cookie, form, method, headers = {} }: CallOptions) {
  const requestHeaders = new Headers(headers);
  const cookieHeader = cookie ?? (as ? await sessionCookieFor(as) : undefined);
  if (cookieHeader) requestHeaders.set("Cookie", cookieHeader);
  let body: FormData | undefined;
  if (form) {
    if (form instanceof FormData) body = form;
    else {
      body = new FormData();
      for (const [key, value] of Object.entries(form)) {
        for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
      }
    }
  }
  return new Request(new URL(path, "http://localhost"), {
    method: method ?? (body ? "POST" : "GET"),
    headers: requestHeaders,
    body,
  });
}

function isDataWithInit(value: unknown): value is { type: string; data: unknown; init: ResponseInit | null } {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "DataWithResponseInit";
}

async function normalise(value: unknown, thrown: boolean): Promise<RouteResult> {
  if (value instanceof Response) {
    const type = value.headers.get("Content-Type") ?? "";
    const data = type.includes("json") ? await value.json() : type.startsWith("text/") ? await value.text() : value;
    return { status: value.status, data, headers: value.headers, location: value.headers.get("Location"), thrown };
  }
  if (isDataWithInit(value)) {
    const headers = new Headers(value.init?.headers);
    return { status: value.init?.status ?? 200, data: value.data, headers, location: headers.get("Location"), thrown };
  }
  if (thrown) throw value;
  return { status: 200, data: value, headers: new Headers(), location: null, thrown };
}

type RouteFunction = (args: any) => unknown;

export async function callLoader<T = any>(loader: RouteFunction, options: CallOptions = {}): Promise<RouteResult<T>> {
  const request = await buildRequest({ ...options, method: "GET", form: undefined });
  const args: LoaderFunctionArgs = { request, params: options.params ?? {}, context: { clientIp: "127.0.0.1" } };
  try {
    return await normalise(await loader(args), false);
  } catch (error) {
    return normalise(error, true);
  }
}

export async function callAction<T = any>(action: RouteFunction, options: CallOptions = {}): Promise<RouteResult<T>> {
  const request = await buildRequest({ ...options, method: options.method ?? "POST", form: options.form ?? {} });
  const args: ActionFunctionArgs = { request, params: options.params ?? {}, context: { clientIp: "127.0.0.1" } };
  try {
    return await normalise(await action(args), false);
  } catch (error) {
    return normalise(error, true);
  }
}

export const DEMO = {
  admin: "admin@kollega.test",
  editor: "redaktor@kollega.test",
  coordinator: "nationell@kollega.test",
  advisor: "radgivare@kollega.test",
  reviewer: "granskare.stockholm@kollega.test",
  reviewerSkane: "granskare.skane@kollega.test",
  reviewerNorrbotten: "granskare.norrbotten@kollega.test",
  unitContact: "kontakt.uppsala@kollega.test",
  unitContactStockholm: "kontakt.stockholm@kollega.test",
} as const;

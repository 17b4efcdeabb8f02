/**
 * Translation lookup shared by server and browser. Both dictionaries are small and ship to the
 * browser, so switching language needs no extra request.
 */
import { useRouteLoaderData } from "@remix-run/react";
import type { Locale } from "#db/schema";
import { en } from "./en";
import { sv, type MessageKey } from "./sv";

const dictionaries: Record<Locale, Record<MessageKey, string>> = { sv, en };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function isMessageKey(value: string): value is MessageKey {
  return Object.prototype.hasOwnProperty.call(sv, value);
}

export function translator(locale: Locale): Translate {
  const dictionary = dictionaries[locale] ?? sv;
  return (key, vars) => {
    const text = dictionary[key] ?? sv[key] ?? key;
    return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`)) : text;
  };
}

/** Translates a form error: zod messages in our schemas are dictionary keys. */
export function translateError(t: Translate, message: string) {
  return isMessageKey(message) ? t(message) : message;
}

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as { locale?: Locale } | undefined;
  return data?.locale ?? "sv";
}

export function useT(): Translate {
  return translator(useLocale());
}

/** Picks the text for the current language from a {sv, en} pair, falling back to Swedish. */
export function pick(locale: Locale, text: { sv: string; en?: string | null }) {
  return locale === "en" && text.en ? text.en : text.sv;
}

/**
 * Messages of the manual checks as dictionary keys with placeholders, so the pages can show them
 * in the viewer's language while `npm run manuals:check` prints them in Swedish.
 *
 * A zod message can only be a string, so the file schema writes `messageKey|{"name":"value"}`
 * (encodeMessage; the editor's form errors use the same form). Where issues leave the checks they
 * are a CheckMessage: the Swedish text (what the CLI, logs and errors show) plus key and variables.
 */
import { isMessageKey, translator, type Translate } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";

export type MessageVars = Record<string, string | number>;

/**
 * A form error with placeholders, as one string: `messageKey|{"key":"value"}`. The editor's error
 * lists translate it (see manual-editor-components.tsx); plain dictionary keys pass unchanged.
 */
export function encodeMessage(messageKey: string, vars?: MessageVars): string {
  return vars && Object.keys(vars).length > 0 ? `${messageKey}|${JSON.stringify(vars)}` : messageKey;
}

export function decodeMessage(message: string): { key: string; vars?: MessageVars } {
  const bar = message.indexOf("|");
  if (bar === -1) return { key: message };
  try {
    return { key: message.slice(0, bar), vars: JSON.parse(message.slice(bar + 1)) as MessageVars };
  } catch {
    return { key: message };
  }
}

/** A check's message for a zod schema (a string): the dictionary key with its variables encoded. */
export function schemaMessage(messageKey: MessageKey, vars?: MessageVars): string {
  return encodeMessage(messageKey, vars);
}

/** A check's message: the Swedish text plus, when it has one, the dictionary key and variables. */
export interface CheckMessage {
  message: string;
  messageKey?: MessageKey;
  vars?: MessageVars;
}

const swedish = translator("sv");

export function checkMessage(messageKey: MessageKey, vars?: MessageVars): CheckMessage {
  return vars ? { message: swedish(messageKey, vars), messageKey, vars } : { message: swedish(messageKey), messageKey };
}

/** A zod issue's message: ours are encoded keys (see schemaMessage); zod's own pass unchanged. */
export function fromSchemaMessage(message: string): CheckMessage {
  const { key, vars } = decodeMessage(message);
  return isMessageKey(key) ? checkMessage(key, vars) : { message };
}

/** The message in the viewer's language; messages without a key are shown as they are. */
export function translateCheckMessage(t: Translate, issue: CheckMessage): string {
  return issue.messageKey ? t(issue.messageKey, issue.vars) : issue.message;
}

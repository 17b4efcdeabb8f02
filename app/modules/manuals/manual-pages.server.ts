/**
 * What the manual pages share on the server: parsing the address, who may see drafts, and the
 * 400/404 answers with a message the page can show. Keeps the route modules thin.
 */
import { data } from "@remix-run/node";
import { z } from "zod";
import type { MessageKey } from "~/i18n/sv";
import { userCan } from "~/modules/auth/guards.server";
import type { CurrentUser } from "~/modules/users/users.server";
import { getDb } from "~/utils/db.server";
import { getManualVersion, listManualVersions, type StoredManualVersion } from "./manual-repository.server";
import { ManualKeySchema, type ManualKey } from "./manual-schema";

/** The body of a 400/404 from a manual page: a dictionary key the error boundary translates. */
export interface ManualErrorData {
  message: string;
  messageKey: MessageKey;
  vars?: Record<string, string | number>;
}

export function manualError(status: 400 | 404, messageKey: MessageKey, vars?: Record<string, string | number>): never {
  throw data<ManualErrorData>({ message: status === 400 ? "bad request" : "not found", messageKey, vars }, { status });
}

/** Drafts are for manual editors only; everyone else gets 404 as if they did not exist. */
export function canSeeDrafts(user: CurrentUser): boolean {
  return userCan(user, "edit:manuals");
}

export function parseManualKey(params: Record<string, string | undefined>): ManualKey {
  const parsed = ManualKeySchema.safeParse(params.manual);
  if (!parsed.success) manualError(404, "manuals.error.unknownManual");
  return parsed.data;
}

/** Version numbers in addresses: a positive integer without leading zeros. */
export const VersionNumberSchema = z.coerce.number().int().positive().max(100_000);

export function parseVersionParam(params: Record<string, string | undefined>): number {
  const raw = params.version ?? "";
  const parsed = VersionNumberSchema.safeParse(raw);
  if (!/^[1-9]\d*$/.test(raw) || !parsed.success) manualError(404, "manuals.error.versionNotFound", { version: raw.slice(0, 20) });
  return parsed.data;
}

/** A version the user may read, or 404. */
export async function requireReadableVersion(
  user: CurrentUser,
  manualKey: ManualKey,
  version: number,
): Promise<StoredManualVersion> {
  const stored = await getManualVersion(getDb(), { manualKey, version });
  if (!stored || (stored.status === "draft" && !canSeeDrafts(user))) {
    manualError(404, "manuals.error.versionNotFound", { version });
  }
  return stored;
}

/** The versions of one manual (or all) the user may see. */
export function readableVersions(user: CurrentUser, manualKey?: ManualKey) {
  return listManualVersions(getDb(), { manualKey, includeDrafts: canSeeDrafts(user) });
}

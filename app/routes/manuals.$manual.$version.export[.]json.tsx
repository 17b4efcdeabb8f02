/**
 * /manuals/:manual/:version/export.json — the version's canonical JSON exactly as stored, as a
 * download. Parsing it with ManualFileSchema gives the stored content back unchanged.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/modules/auth/guards.server";
import { parseManualKey, parseVersionParam, requireReadableVersion } from "~/modules/manuals/manual-pages.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:manuals");
  const manualKey = parseManualKey(params);
  const version = parseVersionParam(params);
  const stored = await requireReadableVersion(user, manualKey, version);
  return new Response(stored.contentJson, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${manualKey}-v${version}.json"`,
      // Drafts change and access depends on the user: never cache in shared caches.
      "Cache-Control": "private, no-cache",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

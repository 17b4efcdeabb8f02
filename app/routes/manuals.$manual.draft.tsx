/**
 * /manuals/:manual/draft — POST (editors) starts draft N+1 from the latest published version, or
 * finds the open draft, and goes to its edit page. GET goes to the open draft, else to the manual.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { clientIp } from "~/modules/auth/guards.server";
import { EditorErrorBoundary } from "~/modules/manuals/manual-editor-components";
import { editPath, requireEditor } from "~/modules/manuals/manual-editor-pages.server";
import { NoPublishedVersionError, startDraft } from "~/modules/manuals/manual-editor.server";
import { manualError, parseManualKey } from "~/modules/manuals/manual-pages.server";
import { findOpenDraft } from "~/modules/manuals/manual-repository.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireEditor(request);
  const manualKey = parseManualKey(params);
  const open = await findOpenDraft(getDb(), manualKey);
  throw redirect(open === null ? `/manuals/${manualKey}` : editPath(manualKey, open));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireEditor(request);
  const manualKey = parseManualKey(params);
  try {
    const { version, created } = await startDraft(getDb(), { manualKey, userId: user.id }, { actorUserId: user.id, ip: clientIp(context) });
    return redirect(`${editPath(manualKey, version)}?done=${created ? "draftStarted" : "draftOpen"}`);
  } catch (error) {
    if (error instanceof NoPublishedVersionError) manualError(400, "manuals.editor.error.noPublished");
    throw error;
  }
}

export function ErrorBoundary() {
  return <EditorErrorBoundary />;
}

/** The action redirects; this only renders when starting a draft was refused (its error page). */
export default function StartDraft() {
  return null;
}

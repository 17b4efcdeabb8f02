/**
 * /manuals/:manual/import — an editor uploads a manual file (.json, at most 1 MB) or pastes its text,
 * and it becomes draft version N+1 of this manual whatever version and status the file states. The
 * file goes through the same checks as the files under criteria/; every problem is listed with its
 * JSON path and line, and nothing is saved unless the whole file is valid.
 */
import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { translator, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { clientIp } from "~/modules/auth/guards.server";
import { BackLinks, pageTitle, useManualName } from "~/modules/manuals/manual-components";
import { EditorErrorBoundary, EditorErrors, FormProblems, TextArea } from "~/modules/manuals/manual-editor-components";
import { encodeMessage, ImportFormSchema, MAX_IMPORT_BYTES } from "~/modules/manuals/manual-editor-forms";
import { bareReply, editPath, issueViews, requireEditor, type EditorActionData } from "~/modules/manuals/manual-editor-pages.server";
import { ImportRefusedError, importDraft, OpenDraftExistsError } from "~/modules/manuals/manual-editor.server";
import { BodyTooLargeError, readLimitedFormData } from "~/modules/manuals/manual-import.server";
import { parseManualKey } from "~/modules/manuals/manual-pages.server";
import { findOpenDraft, latestVersionNumber } from "~/modules/manuals/manual-repository.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, (t) =>
    data ? t("manuals.editor.import.title", { manual: t(`manuals.kind.${data.manualKey}` as MessageKey) }) : t("manuals.title")
  );

/** The body may carry a file and a pasted text of up to 1 MB each, plus the form's overhead. */
const MAX_BODY_BYTES = 2 * MAX_IMPORT_BYTES + 64 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireEditor(request);
  const manualKey = parseManualKey(params);
  const db = getDb();
  const latest = await latestVersionNumber(db, manualKey);
  return { manualKey, nextVersion: latest + 1, previousVersion: latest || null, openDraft: await findOpenDraft(db, manualKey) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireEditor(request);
  const manualKey = parseManualKey(params);
  let formData: FormData;
  try {
    formData = await readLimitedFormData(request, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return bareReply("import", 413, ["manuals.editor.error.importTooLarge"]);
    throw error;
  }
  const submission = parseWithZod(formData, { schema: ImportFormSchema });
  const reply = (
    status: number,
    errors: { formErrors?: string[]; fieldErrors?: Record<string, string[]> },
    issues?: EditorActionData["issues"]
  ) => data<EditorActionData>({ formId: "import", result: submission.reply({ ...errors, hideFields: ["file"] }), issues }, { status });
  if (submission.status !== "success") return reply(413, { fieldErrors: { text: ["manuals.editor.error.importTooLarge"] } });

  const upload = formData.get("file");
  let text: string;
  let file: string;
  if (upload instanceof File && upload.size > 0) {
    if (upload.size > MAX_IMPORT_BYTES) return reply(413, { fieldErrors: { file: ["manuals.editor.error.importTooLarge"] } });
    if (!/\.json$/i.test(upload.name) && upload.type !== "application/json") {
      return reply(400, { fieldErrors: { file: ["manuals.editor.error.importNotJson"] } });
    }
    text = await upload.text();
    file = upload.name.replace(/[^\w .()-]/g, "_").slice(0, 120) || "fil.json";
  } else if (submission.value.text?.trim()) {
    text = submission.value.text;
    if (Buffer.byteLength(text, "utf8") > MAX_IMPORT_BYTES)
      return reply(413, { fieldErrors: { text: ["manuals.editor.error.importTooLarge"] } });
    file = translator(user.locale)("manuals.editor.import.pasted");
  } else {
    return reply(400, { formErrors: ["manuals.editor.error.importMissing"] });
  }

  try {
    const imported = await importDraft(
      getDb(),
      { manualKey, text, file, userId: user.id },
      { actorUserId: user.id, ip: clientIp(context) }
    );
    return redirect(`${editPath(manualKey, imported.version)}?done=${imported.crosswalkProposed ? "importedProposed" : "imported"}`);
  } catch (error) {
    if (error instanceof OpenDraftExistsError) {
      return reply(409, { formErrors: [encodeMessage("manuals.editor.import.draftOpen", { version: error.version })] });
    }
    if (error instanceof ImportRefusedError) {
      return reply(400, { formErrors: ["manuals.editor.error.importRefused"] }, issueViews(error.issues, user.locale));
    }
    throw error;
  }
}

export default function ImportPage() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as EditorActionData | undefined;
  const t = useT();
  const manualName = useManualName();
  const [form, fields] = useForm({
    id: "import",
    lastResult: reply?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ImportFormSchema }),
    shouldValidate: "onSubmit",
  });
  const fileErrors = reply?.result.error?.file ?? null;
  return (
    <>
      <BackLinks>
        <Link to="/manuals">{t("manuals.backToList")}</Link> · <Link to={`/manuals/${data.manualKey}`}>{t("manuals.backToManual")}</Link>
      </BackLinks>
      <h1>{t("manuals.editor.import.title", { manual: manualName(data.manualKey) })}</h1>
      {data.openDraft !== null ? (
        <div className="alert alert--info">
          <p>{t("manuals.editor.import.draftOpen", { version: data.openDraft })}</p>
          <p>
            <Link to={`/manuals/${data.manualKey}/${data.openDraft}/edit`}>
              {t("manuals.editor.editDraft", { version: data.openDraft })}
            </Link>
          </p>
        </div>
      ) : (
        <p className="lede">
          {data.previousVersion
            ? t("manuals.editor.import.intro", { version: data.nextVersion, previous: data.previousVersion })
            : t("manuals.editor.import.introFirst")}
        </p>
      )}
      {data.openDraft === null || reply ? (
        <Form method="post" encType="multipart/form-data" className="form" {...getFormProps(form)}>
          <FormProblems id={form.errorId} errors={form.errors} issues={reply?.issues} />
          <div className="field">
            <label htmlFor="import-file">{t("manuals.editor.import.file")}</label>
            <input
              id="import-file"
              name="file"
              type="file"
              accept=".json,application/json"
              aria-invalid={fileErrors?.length ? true : undefined}
              aria-describedby={fileErrors?.length ? "import-file-error" : undefined}
            />
            <EditorErrors id="import-file-error" errors={fileErrors} />
          </div>
          <p>{t("manuals.editor.import.or")}</p>
          <TextArea
            label={t("manuals.editor.import.text")}
            hint={t("manuals.editor.import.textHint")}
            errors={fields.text.errors}
            textareaProps={{ ...getTextareaProps(fields.text), rows: 10, spellCheck: false, className: "code-input" }}
          />
          <div className="actions">
            <button type="submit" className="button">
              {t("manuals.editor.import.submit")}
            </button>
          </div>
        </Form>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <EditorErrorBoundary />;
}

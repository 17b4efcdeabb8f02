/**
 * /manuals/:manual/:version/edit/crosswalk — the crosswalk of a draft from the previous version:
 * for every criterion of that version its type (same, reworded, moved, split, merged, retired, or
 * not decided yet), the keys it became and a note; and notes for the draft's new criteria. The
 * publishing check's findings are listed above the form. Editors only; works without JavaScript.
 */
import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { BackLinks, Localized, pageTitle } from "~/modules/manuals/manual-components";
import { entryFrom } from "~/modules/manuals/manual-editor";
import {
  BilingualField,
  DoneNotice,
  EditorErrorBoundary,
  FormProblems,
  IssueList,
  replyFormErrors,
  revalidateAfterConflict,
  Select,
  TextInput,
} from "~/modules/manuals/manual-editor-components";
import { CROSSWALK_ROW_TYPES, CrosswalkFormSchema, crosswalkEdit } from "~/modules/manuals/manual-editor-forms";
import {
  doneMessage,
  editPath,
  formReply,
  issueViews,
  requireDraft,
  requireEditor,
  saveAndRedirect,
  type EditorActionData,
} from "~/modules/manuals/manual-editor-pages.server";
import { draftPublishIssues } from "~/modules/manuals/manual-editor.server";
import { manualError } from "~/modules/manuals/manual-pages.server";
import { criteriaOf } from "~/modules/manuals/manual-schema";
import { criterionNumbers } from "~/modules/manuals/manual-view";
import { readFormData } from "~/utils/form-data.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, (t) =>
    data ? t("manuals.editor.crosswalk.heading", { previous: data.previousVersion, version: data.version }) : t("manuals.title")
  );

async function requireDraftWithPrevious(params: Record<string, string | undefined>) {
  const draft = await requireDraft(params);
  if (!draft.previous) manualError(400, "manuals.editor.error.noPrevious");
  return { ...draft, previous: draft.previous };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireEditor(request);
  const draft = await requireDraftWithPrevious(params);
  const content = draft.stored.content;
  const previous = draft.previous.content;
  const previousNumbers = criterionNumbers(previous);
  const numbers = criterionNumbers(content);
  const current = criteriaOf(content);
  const newKeys = (content.crosswalk ?? [])
    .filter((e) => e.type === "new")
    .flatMap((e) => e.to.map((key) => ({ key, note: e.note ?? null })));
  return {
    manualKey: draft.manualKey,
    version: draft.version,
    previousVersion: draft.previous.version,
    revision: draft.stored.revision,
    rows: criteriaOf(previous).map((criterion) => {
      const entry = entryFrom(content.crosswalk, criterion.key);
      return {
        from: criterion.key,
        number: previousNumbers.get(criterion.key)!,
        text: criterion.text,
        type: entry?.type ?? "",
        to: entry?.to.join(" ") ?? "",
        noteSv: entry?.note?.sv ?? "",
        noteEn: entry?.note?.en ?? "",
      };
    }),
    news: newKeys.map(({ key, note }) => ({
      key,
      number: numbers.get(key) ?? "",
      text: current.find((c) => c.key === key)?.text ?? { sv: "", en: "" },
      noteSv: note?.sv ?? "",
      noteEn: note?.en ?? "",
    })),
    currentKeys: current.map((c) => ({ key: c.key, number: numbers.get(c.key)! })),
    issues: issueViews(draftPublishIssues(draft), user.locale),
    done: doneMessage(request),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireEditor(request);
  const draft = await requireDraftWithPrevious(params);
  const submission = parseWithZod(await readFormData(request), { schema: CrosswalkFormSchema });
  if (submission.status !== "success") return formReply("crosswalk", submission, 400);
  return saveAndRedirect({
    context,
    user,
    draft,
    revision: submission.value.revision,
    edit: crosswalkEdit(submission.value),
    formId: "crosswalk",
    submission,
    back: editPath(draft.manualKey, draft.version, "/crosswalk"),
  });
}

export default function EditCrosswalkPage() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as EditorActionData | undefined;
  const t = useT();
  const [form, fields] = useForm({
    id: `crosswalk-${data.revision}`,
    lastResult: reply?.result,
    defaultValue: {
      rows: data.rows.map(({ from, type, to, noteSv, noteEn }) => ({ from, type, to, noteSv, noteEn })),
      news: data.news.map(({ key, noteSv, noteEn }) => ({ key, noteSv, noteEn })),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CrosswalkFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const editUrl = `/manuals/${data.manualKey}/${data.version}/edit`;
  const rows = fields.rows.getFieldList();
  const news = fields.news.getFieldList();
  return (
    <>
      <BackLinks>
        <Link to={`/manuals/${data.manualKey}`}>{t("manuals.backToManual")}</Link> ·{" "}
        <Link to={`${editUrl}#crosswalk`}>{t("manuals.editor.backToDraft")}</Link> ·{" "}
        <Link to={`/manuals/${data.manualKey}/diff?from=${data.previousVersion}&to=${data.version}`}>
          {t("manuals.editor.compareDraft", { previous: data.previousVersion })}
        </Link>
      </BackLinks>
      <h1>{t("manuals.editor.crosswalk.heading", { previous: data.previousVersion, version: data.version })}</h1>
      <DoneNotice done={data.done} />
      <p className="lede">{t("manuals.editor.crosswalk.intro", { previous: data.previousVersion, version: data.version })}</p>
      {data.issues.length > 0 ? (
        <div className="alert alert--info" id="crosswalk-issues">
          <p>{t("manuals.editor.publish.missing")}</p>
          <IssueList issues={data.issues} />
        </div>
      ) : (
        <div className="alert alert--success">
          <p>{t("manuals.editor.publish.ready", { previous: data.previousVersion })}</p>
        </div>
      )}
      <datalist id="draft-keys">
        {data.currentKeys.map(({ key }) => (
          <option key={key} value={key} />
        ))}
      </datalist>

      <Form method="post" className="form editor-form" {...getFormProps(form)}>
        <FormProblems id={form.errorId} errors={form.errors} replyErrors={replyFormErrors(reply, "crosswalk")} issues={reply?.issues} />
        <input type="hidden" name="revision" value={data.revision} />
        <h2>{t("manuals.editor.crosswalk.previousHeading", { version: data.previousVersion })}</h2>
        {rows.map((row, index) => {
          const info = data.rows[index]!;
          const cells = row.getFieldset();
          return (
            <fieldset key={row.key} className="form-section" id={`row-${info.from}`}>
              <legend>
                {info.number} <code>{info.from}</code>
              </legend>
              <p className="muted">
                <Localized text={info.text} />
              </p>
              <input type="hidden" name={cells.from.name} value={info.from} />
              <Select label={t("manuals.editor.crosswalk.type")} errors={cells.type.errors} selectProps={getSelectProps(cells.type)}>
                <option value="">{t("manuals.editor.crosswalk.undecided")}</option>
                {CROSSWALK_ROW_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`manuals.diff.type.${type}` as MessageKey)}
                  </option>
                ))}
              </Select>
              <TextInput
                label={t("manuals.editor.crosswalk.to", { version: data.version })}
                hint={t("manuals.editor.crosswalk.toHint")}
                errors={cells.to.errors}
                inputProps={{ ...getInputProps(cells.to, { type: "text" }), list: "draft-keys", autoComplete: "off", spellCheck: false }}
              />
              <BilingualField
                labels={{ sv: t("manuals.editor.crosswalk.noteSv"), en: t("manuals.editor.crosswalk.noteEn") }}
                fields={{ sv: cells.noteSv, en: cells.noteEn }}
                rows={2}
              />
            </fieldset>
          );
        })}
        <h2>{t("manuals.editor.crosswalk.newHeading", { version: data.version })}</h2>
        {news.length === 0 ? <p>{t("manuals.editor.crosswalk.noNew")}</p> : null}
        {news.map((row, index) => {
          const info = data.news[index]!;
          const cells = row.getFieldset();
          return (
            <fieldset key={row.key} className="form-section" id={`new-${info.key}`}>
              <legend>
                {info.number} <code>{info.key}</code>
              </legend>
              <p className="muted">
                <Localized text={info.text} />
              </p>
              <input type="hidden" name={cells.key.name} value={info.key} />
              <BilingualField
                labels={{ sv: t("manuals.editor.crosswalk.noteSv"), en: t("manuals.editor.crosswalk.noteEn") }}
                fields={{ sv: cells.noteSv, en: cells.noteEn }}
                rows={2}
              />
            </fieldset>
          );
        })}
        <div className="actions">
          <button type="submit" className="button">
            {t("manuals.editor.crosswalk.save")}
          </button>
          <Link to={`${editUrl}#crosswalk`}>{t("form.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}

export const shouldRevalidate = revalidateAfterConflict;

export function ErrorBoundary() {
  return <EditorErrorBoundary />;
}

/**
 * /manuals/:manual/:version/edit/scale — the names and descriptions of a draft's scale steps and of
 * "cannot assess", in Swedish and English. The steps' values and number stay as they are. Editors
 * only; a plain POST form that redirects back with a message.
 */
import { getFormProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useT } from "~/i18n/i18n";
import { BackLinks, pageTitle } from "~/modules/manuals/manual-components";
import {
  BilingualField,
  DoneNotice,
  EditorErrorBoundary,
  FormProblems,
  replyFormErrors,
  revalidateAfterConflict,
} from "~/modules/manuals/manual-editor-components";
import { ScaleFormSchema, scaleEdit } from "~/modules/manuals/manual-editor-forms";
import {
  doneMessage,
  editPath,
  formReply,
  requireDraft,
  requireEditor,
  saveAndRedirect,
  type EditorActionData,
} from "~/modules/manuals/manual-editor-pages.server";
import { readFormData } from "~/utils/form-data.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, (t) => (data ? t("manuals.editor.scale.heading", { version: data.version }) : t("manuals.title")));

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireEditor(request);
  const draft = await requireDraft(params);
  return {
    manualKey: draft.manualKey,
    version: draft.version,
    revision: draft.stored.revision,
    scale: draft.stored.content.scale,
    done: doneMessage(request),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireEditor(request);
  const draft = await requireDraft(params);
  const submission = parseWithZod(await readFormData(request), { schema: ScaleFormSchema });
  if (submission.status !== "success") return formReply("scale", submission, 400);
  return saveAndRedirect({
    context,
    user,
    draft,
    revision: submission.value.revision,
    edit: scaleEdit(submission.value),
    formId: "scale",
    submission,
    back: editPath(draft.manualKey, draft.version, "/scale"),
  });
}

type StepFields = { labelSv: string; labelEn: string; descriptionSv: string; descriptionEn: string };

type StepInput = { labelSv: string; labelEn?: string; descriptionSv: string; descriptionEn?: string };

function StepFieldset({ legend, field }: { legend: string; field: FieldMetadata<StepInput, any, string[]> }) {
  const t = useT();
  const step = field.getFieldset();
  return (
    <fieldset className="form-section">
      <legend>{legend}</legend>
      <BilingualField
        kind="input"
        labels={{ sv: t("manuals.editor.scale.labelSv"), en: t("manuals.editor.scale.labelEn") }}
        fields={{ sv: step.labelSv, en: step.labelEn }}
      />
      <BilingualField
        labels={{ sv: t("manuals.editor.scale.descriptionSv"), en: t("manuals.editor.scale.descriptionEn") }}
        fields={{ sv: step.descriptionSv, en: step.descriptionEn }}
      />
    </fieldset>
  );
}

export default function EditScalePage() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as EditorActionData | undefined;
  const t = useT();
  const texts = (step: { label: { sv: string; en: string }; description: { sv: string; en: string } }): StepFields => ({
    labelSv: step.label.sv,
    labelEn: step.label.en,
    descriptionSv: step.description.sv,
    descriptionEn: step.description.en,
  });
  const [form, fields] = useForm({
    id: `scale-${data.revision}`,
    lastResult: reply?.result,
    defaultValue: { steps: data.scale.steps.map(texts), cannotAssess: texts(data.scale.cannotAssess) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ScaleFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const editUrl = `/manuals/${data.manualKey}/${data.version}/edit`;
  return (
    <>
      <BackLinks>
        <Link to={`/manuals/${data.manualKey}`}>{t("manuals.backToManual")}</Link> ·{" "}
        <Link to={`${editUrl}#scale`}>{t("manuals.editor.backToDraft")}</Link>
      </BackLinks>
      <h1>{t("manuals.editor.scale.heading", { version: data.version })}</h1>
      <DoneNotice done={data.done} />
      <p className="lede">{t("manuals.editor.scale.intro")}</p>
      <Form method="post" className="form editor-form" {...getFormProps(form)}>
        <FormProblems id={form.errorId} errors={form.errors} replyErrors={replyFormErrors(reply, "scale")} issues={reply?.issues} />
        <input type="hidden" name="revision" value={data.revision} />
        {fields.steps.getFieldList().map((step, index) => (
          <StepFieldset
            key={step.key}
            legend={t("manuals.editor.scale.step", { value: data.scale.steps[index]?.value ?? index })}
            field={step}
          />
        ))}
        <StepFieldset legend={t("manuals.editor.scale.cannotAssess")} field={fields.cannotAssess} />
        <div className="actions">
          <button type="submit" className="button">
            {t("manuals.editor.scale.save")}
          </button>
          <Link to={`${editUrl}#scale`}>{t("form.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}

export const shouldRevalidate = revalidateAfterConflict;

export function ErrorBoundary() {
  return <EditorErrorBoundary />;
}

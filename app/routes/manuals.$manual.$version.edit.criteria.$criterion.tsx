/**
 * /manuals/:manual/:version/edit/criteria/:criterion — one criterion of a draft: text, assessment
 * basis (with the "project's suggestion" flag), guidance, level of demand, the source's number and
 * reference; and removing it. The previous version's wording is shown for comparison. Editors only;
 * plain POST forms that redirect back with a message.
 */
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { BackLinks, Localized, pageTitle } from "~/modules/manuals/manual-components";
import {
  DoneNotice,
  EditorErrorBoundary,
  revalidateAfterConflict,
  FormProblems, replyFormErrors,
  Select,
  TextArea,
  TextInput,
} from "~/modules/manuals/manual-editor-components";
import { CriterionFormSchema, RemoveFormSchema, criterionEdit } from "~/modules/manuals/manual-editor-forms";
import {
  bareReply,
  doneMessage,
  editPath,
  formReply,
  requireDraft,
  requireEditor,
  saveAndRedirect,
  type EditorActionData,
} from "~/modules/manuals/manual-editor-pages.server";
import { manualError } from "~/modules/manuals/manual-pages.server";
import { criteriaOf, DEMAND_LEVELS } from "~/modules/manuals/manual-schema";
import { criterionNumbers } from "~/modules/manuals/manual-view";
import { readFormData } from "~/utils/form-data.server";
import { KpiCatalogueSearch } from "~/modules/kolada/kolada-components";
import koladaStyles from "~/styles/kolada.css";
import { searchKpiCatalogue, type KpiSearchReply } from "~/modules/kolada/kolada-search.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: koladaStyles }];

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, (t) =>
    data ? t("manuals.editor.criterion.heading", { number: data.number, key: data.criterion.key }) : t("manuals.title")
  );

async function requireCriterion(params: Record<string, string | undefined>) {
  const draft = await requireDraft(params);
  const criterion = criteriaOf(draft.stored.content).find((c) => c.key === params.criterion);
  if (!criterion) manualError(404, "manuals.editor.error.unknownCriterion");
  return { draft, criterion };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireEditor(request);
  const { draft, criterion } = await requireCriterion(params);
  const content = draft.stored.content;
  const previous = draft.previous?.content ?? null;
  // Where the criterion came from: the previous criteria whose crosswalk entry leads to it.
  const entry = content.crosswalk?.find((e) => e.to.includes(criterion.key));
  const fromKeys = entry?.from ?? [];
  const previousCriteria = previous ? criteriaOf(previous).filter((c) => fromKeys.includes(c.key)) : [];
  return {
    manualKey: draft.manualKey,
    version: draft.version,
    revision: draft.stored.revision,
    previousVersion: draft.previous?.version ?? null,
    number: criterionNumbers(content).get(criterion.key)!,
    criterion,
    previousCriteria: previousCriteria.map((c) => ({ key: c.key, text: c.text })),
    done: doneMessage(request),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireEditor(request);
  const { draft, criterion } = await requireCriterion(params);
  const formData = await readFormData(request);
  const common = { context, user, draft };
  if (formData.get("intent") === "remove") {
    const submission = parseWithZod(formData, { schema: RemoveFormSchema });
    if (submission.status !== "success") return formReply("remove", submission, 400);
    return saveAndRedirect({
      ...common,
      revision: submission.value.revision,
      edit: { kind: "remove", key: criterion.key },
      formId: "remove",
      submission,
      back: editPath(draft.manualKey, draft.version),
      hash: "#criteria",
    });
  }
  if (formData.get("intent") === "searchKpis") return searchKpiCatalogue(formData);
  if (formData.get("intent") !== "save") return bareReply("intent", 400, ["form.invalidValue"]);
  const submission = parseWithZod(formData, { schema: CriterionFormSchema });
  if (submission.status !== "success") return formReply("criterion", submission, 400);
  return saveAndRedirect({
    ...common,
    revision: submission.value.revision,
    edit: criterionEdit(criterion.key, submission.value),
    formId: "criterion",
    submission,
    back: editPath(draft.manualKey, draft.version, `/criteria/${criterion.key}`),
  });
}

export default function EditCriterionPage() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as EditorActionData | undefined;
  const t = useT();
  const { criterion } = data;
  const editUrl = `/manuals/${data.manualKey}/${data.version}/edit`;
  const [form, fields] = useForm({
    id: `criterion-${criterion.key}-${data.revision}`,
    lastResult: reply?.formId === "criterion" ? reply.result : undefined,
    defaultValue: {
      textSv: criterion.text.sv,
      textEn: criterion.text.en,
      basisSv: criterion.basis.sv,
      basisEn: criterion.basis.en,
      basisSuggested: criterion.basis.suggested ? "on" : undefined,
      guidanceSv: criterion.guidance?.sv ?? "",
      guidanceEn: criterion.guidance?.en ?? "",
      demand: criterion.demand,
      number: criterion.number ?? "",
      sourceSection: criterion.source?.section ?? "",
      sourceFrom: criterion.source ? String(criterion.source.lines[0]) : "",
      sourceTo: criterion.source ? String(criterion.source.lines[1]) : "",
      kpis: criterion.kpis.join(" "),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CriterionFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const sv = t("manuals.editor.criterion.sv");
  const en = t("manuals.editor.criterion.en");
  return (
    <>
      <BackLinks>
        <Link to={`/manuals/${data.manualKey}`}>{t("manuals.backToManual")}</Link> ·{" "}
        <Link to={`${editUrl}#criterion-${criterion.key}`}>{t("manuals.editor.backToDraft")}</Link>
      </BackLinks>
      <h1>{t("manuals.editor.criterion.heading", { number: data.number, key: criterion.key })}</h1>
      <DoneNotice done={data.done} />
      {data.previousVersion ? (
        <section aria-labelledby="previous-wording" className="alert alert--info">
          <h2 id="previous-wording" className="editor-subheading">
            {t("manuals.editor.criterion.inPrevious", { version: data.previousVersion })}
          </h2>
          {data.previousCriteria.length === 0 ? (
            <p>{t("manuals.editor.criterion.notInPrevious", { version: data.previousVersion })}</p>
          ) : (
            data.previousCriteria.map((previous) => (
              <p key={previous.key}>
                <code>{previous.key}</code>: <Localized text={previous.text} />
              </p>
            ))
          )}
        </section>
      ) : null}

      <Form method="post" className="form editor-form" {...getFormProps(form)}>
        <FormProblems id={form.errorId} errors={form.errors} replyErrors={replyFormErrors(reply, "criterion")} issues={reply?.formId === "criterion" ? reply.issues : undefined} />
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="revision" value={data.revision} />
        <fieldset className="form-section">
          <legend>{t("manuals.editor.criterion.text")}</legend>
          <TextArea label={sv} errors={fields.textSv.errors} textareaProps={{ ...getTextareaProps(fields.textSv), lang: "sv", rows: 4 }} />
          <TextArea label={en} errors={fields.textEn.errors} textareaProps={{ ...getTextareaProps(fields.textEn), lang: "en", rows: 4 }} />
        </fieldset>
        <fieldset className="form-section">
          <legend>{t("manuals.editor.criterion.basis")}</legend>
          <TextArea
            label={sv}
            errors={fields.basisSv.errors}
            textareaProps={{ ...getTextareaProps(fields.basisSv), lang: "sv", rows: 4 }}
          />
          <TextArea
            label={en}
            errors={fields.basisEn.errors}
            textareaProps={{ ...getTextareaProps(fields.basisEn), lang: "en", rows: 4 }}
          />
          <div className="field">
            <label className="checkbox">
              <input {...getInputProps(fields.basisSuggested, { type: "checkbox", value: "on" })} key={fields.basisSuggested.key} />
              {t("manuals.editor.criterion.suggested")}
            </label>
          </div>
        </fieldset>
        <fieldset className="form-section">
          <legend>{t("manuals.editor.criterion.guidance")}</legend>
          <TextArea label={sv} errors={fields.guidanceSv.errors} textareaProps={{ ...getTextareaProps(fields.guidanceSv), lang: "sv" }} />
          <TextArea label={en} errors={fields.guidanceEn.errors} textareaProps={{ ...getTextareaProps(fields.guidanceEn), lang: "en" }} />
        </fieldset>
        <Select label={t("manuals.editor.criterion.demand")} errors={fields.demand.errors} selectProps={getSelectProps(fields.demand)}>
          {DEMAND_LEVELS.map((level) => (
            <option key={level} value={level}>
              {t(`manuals.demand.${level}` as MessageKey)}
            </option>
          ))}
        </Select>
        <TextInput
          label={t("manuals.editor.criterion.number")}
          hint={t("manuals.editor.criterion.numberHint")}
          errors={fields.number.errors}
          inputProps={getInputProps(fields.number, { type: "text" })}
        />
        <input type="hidden" name="kpisField" value="1" />
        <TextInput
          label={t("kolada.manual.kpisLabel")}
          hint={t("kolada.manual.kpisHint")}
          errors={fields.kpis.errors}
          inputProps={{ ...getInputProps(fields.kpis, { type: "text" }), autoCapitalize: "characters", spellCheck: false }}
        />
        <fieldset className="form-section">
          <legend>{t("manuals.editor.criterion.source")}</legend>
          <TextInput
            label={t("manuals.editor.criterion.sourceSection")}
            errors={fields.sourceSection.errors}
            inputProps={getInputProps(fields.sourceSection, { type: "text" })}
          />
          <TextInput
            label={t("manuals.editor.criterion.sourceFrom")}
            errors={fields.sourceFrom.errors}
            inputProps={{ ...getInputProps(fields.sourceFrom, { type: "text" }), inputMode: "numeric" }}
          />
          <TextInput
            label={t("manuals.editor.criterion.sourceTo")}
            errors={fields.sourceTo.errors}
            inputProps={{ ...getInputProps(fields.sourceTo, { type: "text" }), inputMode: "numeric" }}
          />
        </fieldset>
        <div className="actions">
          <button type="submit" className="button">
            {t("manuals.editor.criterion.save")}
          </button>
          <Link to={`${editUrl}#criterion-${criterion.key}`}>{t("form.cancel")}</Link>
        </div>
      </Form>

      <KpiCatalogueSearch reply={(reply as unknown as KpiSearchReply | undefined)?.formId === "kpiSearch" ? (reply as unknown as KpiSearchReply) : undefined} />

      <section aria-labelledby="remove-criterion">
        <h2 id="remove-criterion">{t("manuals.editor.remove.title")}</h2>
        <p>{t("manuals.editor.remove.intro")}</p>
        {reply?.formId === "remove" ? (
          <FormProblems id="remove-problems" errors={reply.result.error?.[""] ?? null} issues={reply.issues} />
        ) : null}
        <Form method="post">
          <input type="hidden" name="revision" value={data.revision} />
          <button type="submit" name="intent" value="remove" className="button button--danger">
            {t("manuals.editor.remove.button", { key: criterion.key })}
          </button>
        </Form>
      </section>
    </>
  );
}

export const shouldRevalidate = revalidateAfterConflict;

export function ErrorBoundary() {
  return <EditorErrorBoundary />;
}

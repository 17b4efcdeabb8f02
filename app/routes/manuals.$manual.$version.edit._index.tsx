/**
 * /manuals/:manual/:version/edit — a draft's overview for editors: title and description, the
 * changelog, the criteria in reading order with move up/down, move to another dimension and a link
 * to edit each, adding a criterion, the crosswalk's summary and publishing. Every form is a plain
 * POST that redirects back with a message (works without JavaScript) and names the revision it
 * edited. Published versions answer 409.
 */
import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { clientIp } from "~/modules/auth/guards.server";
import { BackLinks, Localized, pageTitle } from "~/modules/manuals/manual-components";
import { crosswalkCounts } from "~/modules/manuals/manual-editor";
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
import {
  AddCriterionFormSchema,
  ChangelogFormSchema,
  DetailsFormSchema,
  PublishFormSchema,
  StructureFormSchema,
  addCriterionEdit,
  changelogEdit,
  detailsEdit,
  structureEdit,
} from "~/modules/manuals/manual-editor-forms";
import {
  bareReply,
  doneMessage,
  editPath,
  formReply,
  issueViews,
  refusal,
  requireDraft,
  requireEditor,
  saveAndRedirect,
  type EditorActionData,
} from "~/modules/manuals/manual-editor-pages.server";
import { DraftContentError, draftPublishIssues, publishDraft } from "~/modules/manuals/manual-editor.server";
import { DEMAND_LEVELS } from "~/modules/manuals/manual-schema";
import { criterionNumbers, dimensionNumber, localized } from "~/modules/manuals/manual-view";
import { readFormData } from "~/utils/form-data.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, (t, locale) =>
    data ? t("manuals.editor.title", { title: localized(locale, data.title).text, version: data.version }) : t("manuals.title")
  );

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireEditor(request);
  const draft = await requireDraft(params);
  const { stored, previous, manualKey, version } = draft;
  const content = stored.content;
  const numbers = criterionNumbers(content);
  const typeOf = new Map((content.crosswalk ?? []).flatMap((entry) => entry.to.map((key) => [key, entry.type] as const)));
  return {
    manualKey,
    version,
    revision: stored.revision,
    previousVersion: previous?.version ?? null,
    title: content.title,
    description: content.description ?? null,
    changelog: content.changelog,
    dimensions: content.dimensions.map((dimension, d) => ({
      key: dimension.key,
      number: dimensionNumber(content, d),
      title: dimension.title,
      criteria: dimension.criteria.map((criterion) => ({
        key: criterion.key,
        number: numbers.get(criterion.key)!,
        text: criterion.text,
        crosswalkType: typeOf.get(criterion.key) ?? null,
      })),
    })),
    crosswalkCounts: content.version > 1 ? crosswalkCounts(content.crosswalk) : null,
    publishIssues: issueViews(draftPublishIssues(draft), user.locale),
    done: doneMessage(request),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireEditor(request);
  const draft = await requireDraft(params);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const back = editPath(draft.manualKey, draft.version);
  const common = { context, user, draft, back };
  switch (intent) {
    case "details": {
      const submission = parseWithZod(formData, { schema: DetailsFormSchema });
      if (submission.status !== "success") return formReply("details", submission, 400);
      const { revision } = submission.value;
      return saveAndRedirect({ ...common, revision, edit: detailsEdit(submission.value), formId: "details", submission, hash: "#details" });
    }
    case "changelog": {
      const submission = parseWithZod(formData, { schema: ChangelogFormSchema });
      if (submission.status !== "success") return formReply("changelog", submission, 400);
      const { revision } = submission.value;
      return saveAndRedirect({
        ...common,
        revision,
        edit: changelogEdit(submission.value),
        formId: "changelog",
        submission,
        hash: "#changelog",
      });
    }
    case "add": {
      const submission = parseWithZod(formData, { schema: AddCriterionFormSchema });
      if (submission.status !== "success") return formReply("add", submission, 400);
      const { revision, key } = submission.value;
      return saveAndRedirect({
        ...common,
        revision,
        edit: addCriterionEdit(submission.value),
        formId: "add",
        submission,
        hash: `#criterion-${key}`,
      });
    }
    case "moveUp":
    case "moveDown":
    case "moveTo": {
      const submission = parseWithZod(formData, { schema: StructureFormSchema });
      if (submission.status !== "success") return formReply("structure", submission, 400);
      const { revision, key } = submission.value;
      return saveAndRedirect({
        ...common,
        revision,
        edit: structureEdit(submission.value),
        formId: "structure",
        submission,
        hash: `#criterion-${key}`,
      });
    }
    case "publish": {
      const submission = parseWithZod(formData, { schema: PublishFormSchema });
      if (submission.status !== "success") return formReply("publish", submission, 400);
      try {
        await publishDraft(
          getDb(),
          { manualKey: draft.manualKey, version: draft.version, revision: submission.value.revision },
          { actorUserId: user.id, ip: clientIp(context) }
        );
      } catch (error) {
        if (error instanceof DraftContentError) {
          return formReply("publish", submission, 400, { formErrors: ["manuals.editor.error.publishRefused"] }, issueViews(error.issues, user.locale));
        }
        return refusal("publish", submission, error, user.locale);
      }
      return redirect(`/manuals/${draft.manualKey}/${draft.version}?done=published`);
    }
    default:
      return bareReply("intent", 400, ["form.invalidValue"]);
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

/** Every error of an answer (the structure buttons have no fields to show them next to). */
function allErrors(reply: EditorActionData): string[] {
  return Object.values(reply.result.error ?? {}).flatMap((errors) => errors ?? []);
}

/** The action's answer for one form, or undefined when it belongs to another. */
function useReply(formId: string) {
  const reply = useActionData<typeof action>() as EditorActionData | undefined;
  return reply?.formId === formId ? reply : undefined;
}

function DetailsForm({ data }: { data: LoaderData }) {
  const t = useT();
  const reply = useReply("details");
  const [form, fields] = useForm({
    id: `details-${data.revision}`,
    lastResult: reply?.result,
    defaultValue: {
      titleSv: data.title.sv,
      titleEn: data.title.en,
      descriptionSv: data.description?.sv ?? "",
      descriptionEn: data.description?.en ?? "",
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DetailsFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormProblems id={form.errorId} errors={form.errors} replyErrors={replyFormErrors(reply, "details")} issues={reply?.issues} />
      <input type="hidden" name="intent" value="details" />
      <input type="hidden" name="revision" value={data.revision} />
      <BilingualField
        kind="input"
        labels={{ sv: t("manuals.editor.details.titleSv"), en: t("manuals.editor.details.titleEn") }}
        fields={{ sv: fields.titleSv, en: fields.titleEn }}
      />
      <BilingualField
        labels={{ sv: t("manuals.editor.details.descriptionSv"), en: t("manuals.editor.details.descriptionEn") }}
        fields={{ sv: fields.descriptionSv, en: fields.descriptionEn }}
      />
      <div className="actions">
        <button type="submit" className="button">
          {t("manuals.editor.details.save")}
        </button>
      </div>
    </Form>
  );
}

function ChangelogForm({ data }: { data: LoaderData }) {
  const t = useT();
  const reply = useReply("changelog");
  const [form, fields] = useForm({
    id: `changelog-${data.revision}`,
    lastResult: reply?.result,
    // The existing notes and one empty row for a new note.
    defaultValue: { notes: [...data.changelog.map((note) => ({ sv: note.sv, en: note.en })), { sv: "", en: "" }] },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangelogFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const notes = fields.notes.getFieldList();
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormProblems id={form.errorId} errors={form.errors} replyErrors={replyFormErrors(reply, "changelog")} issues={reply?.issues} />
      <input type="hidden" name="intent" value="changelog" />
      <input type="hidden" name="revision" value={data.revision} />
      {notes.map((note, index) => {
        const row = note.getFieldset();
        const isNew = index === notes.length - 1 && index >= data.changelog.length;
        return (
          <fieldset key={note.key} className="form-section">
            <legend>{isNew ? t("manuals.editor.changelog.newNote") : t("manuals.editor.changelog.note", { number: index + 1 })}</legend>
            <BilingualField
              labels={{ sv: t("manuals.editor.changelog.sv"), en: t("manuals.editor.changelog.en") }}
              fields={{ sv: row.sv, en: row.en }}
              rows={2}
            />
          </fieldset>
        );
      })}
      <div className="actions">
        <button type="submit" className="button">
          {t("manuals.editor.changelog.save")}
        </button>
      </div>
    </Form>
  );
}

function StructureButtons({
  data,
  criterion,
  dimensionKey,
  first,
  last,
}: {
  data: LoaderData;
  criterion: LoaderData["dimensions"][number]["criteria"][number];
  dimensionKey: string;
  first: boolean;
  last: boolean;
}) {
  const t = useT();
  const others = data.dimensions.filter((d) => d.key !== dimensionKey);
  const label = (
    <span className="visually-hidden">
      {" "}
      {criterion.number} ({criterion.key})
    </span>
  );
  const hidden = (
    <>
      <input type="hidden" name="revision" value={data.revision} />
      <input type="hidden" name="key" value={criterion.key} />
    </>
  );
  return (
    <div className="actions editor-actions">
      <Link to={`/manuals/${data.manualKey}/${data.version}/edit/criteria/${criterion.key}`} className="button button--secondary">
        {t("manuals.editor.criteria.edit")}
        {label}
      </Link>
      {!first ? (
        <Form method="post" className="inline-form">
          {hidden}
          <button type="submit" name="intent" value="moveUp" className="button button--secondary">
            {t("manuals.editor.criteria.moveUp")}
            {label}
          </button>
        </Form>
      ) : null}
      {!last ? (
        <Form method="post" className="inline-form">
          {hidden}
          <button type="submit" name="intent" value="moveDown" className="button button--secondary">
            {t("manuals.editor.criteria.moveDown")}
            {label}
          </button>
        </Form>
      ) : null}
      {others.length > 0 ? (
        <Form method="post" className="inline-form editor-move">
          {hidden}
          <label htmlFor={`move-${criterion.key}`}>
            {t("manuals.editor.criteria.moveTo")}
            {label}
          </label>{" "}
          <select id={`move-${criterion.key}`} name="dimension">
            {others.map((d) => (
              <option key={d.key} value={d.key}>
                {d.number}. {d.title.sv}
              </option>
            ))}
          </select>{" "}
          <button type="submit" name="intent" value="moveTo" className="button button--secondary">
            {t("manuals.editor.criteria.moveToButton")}
            {label}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

function AddCriterionForm({ data }: { data: LoaderData }) {
  const t = useT();
  const reply = useReply("add");
  const [form, fields] = useForm({
    id: `add-${data.revision}`,
    lastResult: reply?.result,
    defaultValue: { dimension: data.dimensions[0]?.key ?? "", demand: "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddCriterionFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const inBothLanguages = (label: string) => ({
    sv: `${label} (${t("manuals.editor.criterion.sv").toLowerCase()})`,
    en: `${label} (${t("manuals.editor.criterion.en").toLowerCase()})`,
  });
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormProblems id={form.errorId} errors={form.errors} replyErrors={replyFormErrors(reply, "add")} issues={reply?.issues} />
      <input type="hidden" name="intent" value="add" />
      <input type="hidden" name="revision" value={data.revision} />
      <Select label={t("manuals.editor.add.dimension")} errors={fields.dimension.errors} selectProps={getSelectProps(fields.dimension)}>
        {data.dimensions.map((d) => (
          <option key={d.key} value={d.key}>
            {d.number}. {d.title.sv}
          </option>
        ))}
      </Select>
      <TextInput
        label={t("manuals.editor.add.key")}
        hint={t("manuals.editor.add.keyHint")}
        errors={fields.key.errors}
        inputProps={{ ...getInputProps(fields.key, { type: "text" }), autoComplete: "off", spellCheck: false }}
      />
      <BilingualField
        labels={inBothLanguages(t("manuals.editor.criterion.text"))}
        fields={{ sv: fields.textSv, en: fields.textEn }}
      />
      <BilingualField
        labels={inBothLanguages(t("manuals.editor.criterion.basis"))}
        fields={{ sv: fields.basisSv, en: fields.basisEn }}
      />
      <Select label={t("manuals.editor.criterion.demand")} errors={fields.demand.errors} selectProps={getSelectProps(fields.demand)}>
        <option value="">{t("manuals.editor.criterion.chooseDemand")}</option>
        {DEMAND_LEVELS.map((level) => (
          <option key={level} value={level}>
            {t(`manuals.demand.${level}` as MessageKey)}
          </option>
        ))}
      </Select>
      <div className="actions">
        <button type="submit" className="button">
          {t("manuals.editor.add.save")}
        </button>
      </div>
    </Form>
  );
}

function PublishForm({ data }: { data: LoaderData }) {
  const t = useT();
  const reply = useReply("publish");
  const issues = reply?.issues ?? data.publishIssues;
  return (
    <>
      <p>{t("manuals.editor.publish.intro")}</p>
      {reply ? (
        <FormProblems id="publish-problems" errors={reply.result.error?.[""] ?? null} issues={reply.issues} />
      ) : issues.length > 0 ? (
        <div className="alert alert--info" id="publish-problems">
          <p>{t("manuals.editor.publish.missing")}</p>
          <IssueList issues={issues} />
        </div>
      ) : (
        <div className="alert alert--success">
          <p>
            {data.previousVersion
              ? t("manuals.editor.publish.ready", { previous: data.previousVersion })
              : t("manuals.editor.publish.readyFirst")}
          </p>
        </div>
      )}
      <Form method="post">
        <input type="hidden" name="revision" value={data.revision} />
        <button type="submit" name="intent" value="publish" className="button">
          {t("manuals.editor.publish.button", { version: data.version })}
        </button>
      </Form>
    </>
  );
}

export default function EditDraftPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const structure = useReply("structure");
  const { manualKey, version } = data;
  return (
    <>
      <BackLinks>
        <Link to="/manuals">{t("manuals.backToList")}</Link> · <Link to={`/manuals/${manualKey}`}>{t("manuals.backToManual")}</Link> ·{" "}
        <Link to={`/manuals/${manualKey}/${version}`}>{t("manuals.editor.readDraft")}</Link>
        {data.previousVersion ? (
          <>
            {" "}
            ·{" "}
            <Link to={`/manuals/${manualKey}/diff?from=${data.previousVersion}&to=${version}`}>
              {t("manuals.editor.compareDraft", { previous: data.previousVersion })}
            </Link>
          </>
        ) : null}
      </BackLinks>
      <h1>{t("manuals.editor.title", { title: localized(locale, data.title).text, version })}</h1>
      <DoneNotice done={data.done} />
      <p className="lede">
        {data.previousVersion ? t("manuals.editor.intro", { previous: data.previousVersion }) : t("manuals.editor.introFirst")}
      </p>
      <p className="muted">{t("manuals.editor.revision", { revision: data.revision })}</p>

      <nav aria-labelledby="editor-contents" className="toc">
        <h2 id="editor-contents">{t("manuals.editor.contents")}</h2>
        <ol>
          <li>
            <a href="#details">{t("manuals.editor.details.title")}</a>
          </li>
          <li>
            <a href="#changelog">{t("manuals.editor.changelog.title")}</a>
          </li>
          <li>
            <a href="#scale">{t("manuals.editor.scale.title")}</a>
          </li>
          <li>
            <a href="#criteria">{t("manuals.editor.criteria.title")}</a>
          </li>
          <li>
            <a href="#add">{t("manuals.editor.add.title")}</a>
          </li>
          {data.crosswalkCounts ? (
            <li>
              <a href="#crosswalk">{t("manuals.editor.crosswalk.title")}</a>
            </li>
          ) : null}
          <li>
            <a href="#publish">{t("manuals.editor.publish.title")}</a>
          </li>
        </ol>
      </nav>

      <section aria-labelledby="details">
        <h2 id="details">{t("manuals.editor.details.title")}</h2>
        <DetailsForm data={data} />
      </section>

      <section aria-labelledby="changelog">
        <h2 id="changelog">{t("manuals.editor.changelog.title")}</h2>
        <p>{t("manuals.editor.changelog.intro")}</p>
        <ChangelogForm data={data} />
      </section>

      <section aria-labelledby="scale">
        <h2 id="scale">{t("manuals.editor.scale.title")}</h2>
        <p>{t("manuals.editor.scale.intro")}</p>
        <p>
          <Link to={`/manuals/${manualKey}/${version}/edit/scale`}>{t("manuals.editor.scale.edit")}</Link>
        </p>
      </section>

      <section aria-labelledby="criteria">
        <h2 id="criteria">{t("manuals.editor.criteria.title")}</h2>
        <p>{t("manuals.editor.criteria.intro")}</p>
        {structure ? <FormProblems id="structure-problems" errors={allErrors(structure)} issues={structure.issues} /> : null}
        {data.dimensions.map((dimension) => (
          <section key={dimension.key} aria-labelledby={`dimension-${dimension.key}`} className="dimension">
            <h3 id={`dimension-${dimension.key}`}>
              {dimension.number}. <Localized text={dimension.title} />
            </h3>
            {dimension.criteria.length === 0 ? (
              <p>{t("manuals.editor.criteria.empty")}</p>
            ) : (
              <ol className="editor-criteria">
                {dimension.criteria.map((criterion, index) => (
                  <li key={criterion.key} id={`criterion-${criterion.key}`} className="criterion">
                    <p className="criterion__heading">
                      <span className="criterion__number">{criterion.number}</span> <Localized text={criterion.text} />
                    </p>
                    <p className="muted">
                      <code>{criterion.key}</code>
                      {criterion.crosswalkType ? (
                        <>
                          {" · "}
                          {t("manuals.editor.criteria.crosswalkType", {
                            type: t(`manuals.diff.type.${criterion.crosswalkType}` as MessageKey),
                          })}
                        </>
                      ) : null}
                    </p>
                    <StructureButtons
                      data={data}
                      criterion={criterion}
                      dimensionKey={dimension.key}
                      first={index === 0}
                      last={index === dimension.criteria.length - 1}
                    />
                  </li>
                ))}
              </ol>
            )}
          </section>
        ))}
      </section>

      <section aria-labelledby="add">
        <h2 id="add">{t("manuals.editor.add.title")}</h2>
        <p>{t("manuals.editor.add.intro")}</p>
        <AddCriterionForm data={data} />
      </section>

      {data.crosswalkCounts && data.previousVersion ? (
        <section aria-labelledby="crosswalk">
          <h2 id="crosswalk">{t("manuals.editor.crosswalk.title")}</h2>
          <p>{t("manuals.editor.crosswalk.summary", { previous: data.previousVersion })}:</p>
          <ul className="inline-list">
            {data.crosswalkCounts.map(({ type, count }) => (
              <li key={type}>
                <span className={`badge diff-type diff-type--${type}`}>{t(`manuals.diff.type.${type}` as MessageKey)}</span> {count}
              </li>
            ))}
          </ul>
          <p>
            <Link to={`/manuals/${manualKey}/${version}/edit/crosswalk`}>{t("manuals.editor.crosswalk.edit")}</Link>
          </p>
        </section>
      ) : null}

      <section aria-labelledby="publish">
        <h2 id="publish">{t("manuals.editor.publish.title")}</h2>
        <PublishForm data={data} />
      </section>
    </>
  );
}

export const shouldRevalidate = revalidateAfterConflict;

export function ErrorBoundary() {
  return <EditorErrorBoundary />;
}

/**
 * The self-assessment page's pieces: one criterion's answer form (a plain form post without
 * JavaScript; with it, autosave of the changed criterion through a fetcher with a polite
 * "Sparar…/Sparat" status), the read-only answer, the evidence lists and the forms that add
 * links, files and notes. Every control is labelled and every error sits next to its field.
 */
import { Form, useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { ErrorList } from "~/components/forms";
import { translateError, useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { Localized } from "~/modules/manuals/manual-components";
import type { Scale } from "~/modules/manuals/manual-schema";
import { localized } from "~/modules/manuals/manual-view";
import { formatDateTime } from "~/utils/format";
import { ACCEPT_ATTRIBUTE } from "./content-sniffer";
import { IndicatorSnapshotView } from "~/modules/kolada/kolada-components";
import { formatBytes, type EvidenceOrigin } from "./evidence-rules";
import { CANNOT_ASSESS, MAX_COMMENT, MAX_NOTE, MAX_TITLE, MAX_URL } from "./self-assessment";
import type { ActionBody, CriterionPageView, EvidenceView } from "./self-assessment-page.server";

export interface AnswerData {
  score: number | null;
  cannotAssess: boolean;
  comment: string;
  version: number;
  updatedAt: string;
}

type HeadingLevel = 3 | 4 | 5;

function Heading({ level, id, className, children }: { level: HeadingLevel; id?: string; className?: string; children: ReactNode }) {
  const Tag = `h${level}` as "h3" | "h4" | "h5";
  return (
    <Tag id={id} className={className}>
      {children}
    </Tag>
  );
}

/** True once React has hydrated the page (scripts run). */
function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

function scoreChoice(answer: Pick<AnswerData, "score" | "cannotAssess"> | undefined): string {
  if (!answer) return "";
  if (answer.cannotAssess) return CANNOT_ASSESS;
  return answer.score === null ? "" : String(answer.score);
}

export function scoreLabel(scale: Scale, answer: Pick<AnswerData, "score" | "cannotAssess">, locale: "sv" | "en"): string | null {
  if (answer.cannotAssess) return localized(locale, scale.cannotAssess.label).text;
  const step = scale.steps.find((s) => s.value === answer.score);
  return step ? `${step.value} – ${localized(locale, step.label).text}` : null;
}

/** The criterion's text, assessment basis and guidance. */
export function CriterionText({ criterion, level }: { criterion: CriterionPageView; level: HeadingLevel }) {
  const t = useT();
  return (
    <>
      <Heading level={level} id={`criterion-${criterion.key}-heading`} className="criterion__heading">
        <span className="criterion__number">{criterion.readingNumber}</span> <Localized text={criterion.text} />
      </Heading>
      <dl className="criterion__details">
        <dt>{t("selfAssessment.basis")}</dt>
        <dd>
          <Localized text={criterion.basis} />
          {criterion.basis.suggested ? (
            <>
              {" "}
              <span className="badge badge--muted">{t("manuals.criterion.suggested")}</span>
              <span className="visually-hidden"> {t("manuals.criterion.suggestedHint")}</span>
            </>
          ) : null}
        </dd>
        {criterion.guidance ? (
          <>
            <dt>{t("manuals.criterion.guidance")}</dt>
            <dd>
              <Localized text={criterion.guidance} />
            </dd>
          </>
        ) : null}
      </dl>
    </>
  );
}

export function AnswerReadOnly({ answer, scale }: { answer: AnswerData | undefined; scale: Scale }) {
  const t = useT();
  const locale = useLocale();
  const label = answer ? scoreLabel(scale, answer, locale) : null;
  return (
    <dl className="criterion__details sa-answer-readonly">
      <dt>{t("selfAssessment.score")}</dt>
      <dd>{label ?? <span className="muted">{t("selfAssessment.notAnswered")}</span>}</dd>
      <dt>{t("selfAssessment.comment")}</dt>
      <dd className="sa-prewrap">{answer?.comment ? answer.comment : <span className="muted">{t("selfAssessment.noComment")}</span>}</dd>
      {answer ? (
        <>
          <dt>{t("selfAssessment.updatedAt")}</dt>
          <dd>{formatDateTime(answer.updatedAt)}</dd>
        </>
      ) : null}
    </dl>
  );
}

/**
 * One criterion's score and comment. Without JavaScript it is a plain form post (the server
 * redirects back to the criterion). With JavaScript every change is saved on its own: a choice at
 * once, the comment after a pause in typing or when leaving the field. Saves of one criterion run
 * one at a time, each with the version the previous one returned, so they never collide with
 * each other; a save that collides with someone else's answer is refused (409) and says so.
 */
export function AnswerForm({
  action,
  criterion,
  answer,
  scale,
  result,
  savedNotice,
  onAutosaved,
}: {
  action: string;
  criterion: CriterionPageView;
  answer: AnswerData | undefined;
  scale: Scale;
  /** The answer of a plain (no-JavaScript) post of this form, if any. */
  result: ActionBody | undefined;
  savedNotice: boolean;
  /** Told the number of answered criteria after each autosave (the page does not reload for it). */
  onAutosaved?: (answered: number) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const hydrated = useHydrated();
  const fetcher = useFetcher<ActionBody>({ key: `self-assessment-${criterion.id}` });
  const formRef = useRef<HTMLFormElement>(null);
  const versionRef = useRef(answer?.version ?? 0);
  const inFlight = useRef(false);
  const queued = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [status, setStatus] = useState<"idle" | "saving" | "saved" | "failed">(savedNotice ? "saved" : "idle");

  // The loader's version after a revalidation; never step back behind a save this page made.
  if ((answer?.version ?? 0) > versionRef.current) versionRef.current = answer!.version;

  const submitNow = () => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    if (!formRef.current) return;
    if (inFlight.current) {
      queued.current = true;
      return;
    }
    const formData = new FormData(formRef.current);
    formData.set("version", String(versionRef.current));
    formData.set("autosave", "1");
    inFlight.current = true;
    setStatus("saving");
    fetcher.submit(formData, { method: "post", action });
  };

  useEffect(() => {
    if (fetcher.state !== "idle" || !inFlight.current) return;
    inFlight.current = false;
    const reply = fetcher.data;
    if (reply?.ok && typeof reply.version === "number") {
      versionRef.current = Math.max(versionRef.current, reply.version);
      setStatus("saved");
      if (typeof reply.answered === "number") onAutosaved?.(reply.answered);
      if (queued.current) {
        queued.current = false;
        submitNow();
      }
    } else {
      queued.current = false;
      setStatus("failed");
    }
    // submitNow only reads refs; running this effect again for it would resubmit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data]);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const scheduleSave = () => {
    if (timer.current) clearTimeout(timer.current);
    setStatus("idle");
    timer.current = setTimeout(submitNow, 1000);
  };

  // With JavaScript the last autosave's answer counts; without, the answer of the plain post.
  const shown = hydrated && status !== "idle" && fetcher.data ? fetcher.data : result;
  const failed = shown && !shown.ok ? shown : undefined;
  const errors = failed?.fieldErrors ?? {};
  // After a refused plain post the form shows what was sent; after a stale one, the newer answer.
  const sent = result && !result.ok && result.message !== "form.stale" ? result.values : undefined;
  const chosen = sent ? (sent.score ?? "") : scoreChoice(answer);
  const comment = sent ? (sent.comment ?? "") : (answer?.comment ?? "");
  const id = `answer-${criterion.id}`;
  const scoreErrorId = errors.score?.length ? `${id}-score-error` : undefined;
  const commentErrorId = errors.comment?.length ? `${id}-comment-error` : undefined;
  const statusText = status === "saving" ? t("selfAssessment.saving") : status === "saved" && !failed ? t("selfAssessment.saved") : "";

  return (
    <form
      ref={formRef}
      method="post"
      action={action}
      className="sa-answer"
      onSubmit={(event) => {
        event.preventDefault();
        submitNow();
      }}
    >
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="criterionId" value={criterion.id} />
      <input type="hidden" name="version" value={answer?.version ?? 0} />
      <fieldset className="sa-scale" aria-describedby={scoreErrorId}>
        <legend>
          {t("selfAssessment.score")}
          <span className="visually-hidden"> {t("selfAssessment.forCriterion", { number: criterion.readingNumber })}</span>
        </legend>
        <div className="sa-scale__options">
          {scale.steps.map((step) => (
            <label key={step.value} className="sa-scale__option">
              <input type="radio" name="score" value={String(step.value)} defaultChecked={chosen === String(step.value)} onChange={submitNow} />
              <span>
                <span className="sa-scale__value">{step.value}</span> {localized(locale, step.label).text}
              </span>
            </label>
          ))}
          <label className="sa-scale__option sa-scale__option--cannot">
            <input type="radio" name="score" value={CANNOT_ASSESS} defaultChecked={chosen === CANNOT_ASSESS} onChange={submitNow} />
            <span>{localized(locale, scale.cannotAssess.label).text}</span>
          </label>
        </div>
        <ErrorList id={scoreErrorId} errors={errors.score} />
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-comment`}>
          {t("selfAssessment.comment")}
          <span className="visually-hidden"> {t("selfAssessment.forCriterion", { number: criterion.readingNumber })}</span>
        </label>
        <p id={`${id}-comment-hint`} className="field__hint">
          {t("selfAssessment.commentHint", { max: MAX_COMMENT })}
        </p>
        <textarea
          id={`${id}-comment`}
          name="comment"
          maxLength={MAX_COMMENT}
          defaultValue={comment}
          aria-invalid={commentErrorId ? true : undefined}
          aria-describedby={[`${id}-comment-hint`, commentErrorId].filter(Boolean).join(" ")}
          onInput={scheduleSave}
          onBlur={() => {
            if (timer.current) submitNow();
          }}
        />
        <ErrorList id={commentErrorId} errors={errors.comment} />
      </div>
      <div className="actions">
        <button type="submit" className="button button--secondary">
          {t("selfAssessment.save")}
          <span className="visually-hidden"> {t("selfAssessment.forCriterion", { number: criterion.readingNumber })}</span>
        </button>
        <p className="sa-status" role="status" aria-live="polite">
          {statusText}
        </p>
      </div>
      {failed ? (
        <div className="alert alert--error sa-inline-alert" role="alert">
          <p>{translateError(t, failed.message)}</p>
        </div>
      ) : null}
    </form>
  );
}

const KIND_LABEL: Record<EvidenceView["kind"], MessageKey> = {
  file: "evidence.kind.file",
  link: "evidence.kind.link",
  note: "evidence.kind.note",
  kolada: "kolada.evidence.kind",
};

function EvidenceItem({ item, action }: { item: EvidenceView; action: string }) {
  const t = useT();
  const locale = useLocale();
  const meta = [
    item.kind === "file" && item.fileName && item.fileName !== item.title ? item.fileName : null,
    item.sizeBytes !== null ? formatBytes(item.sizeBytes, locale) : null,
    item.createdByName,
    formatDateTime(item.createdAt),
  ].filter(Boolean);
  return (
    <li className={`sa-evidence__item sa-evidence__item--${item.kind}`}>
      <span className="badge">{t(KIND_LABEL[item.kind])}</span>{" "}
      {item.kind === "file" && item.downloadPath ? (
        <a href={item.downloadPath} download={item.fileName ?? undefined}>
          {item.title}
          <span className="visually-hidden"> {t("evidence.download")}</span>
        </a>
      ) : (item.kind === "link" || item.kind === "kolada") && item.url ? (
        <a href={item.url} rel="noopener noreferrer nofollow" target="_blank">
          {item.title}
          <span className="visually-hidden"> {t("evidence.opensInNewWindow")}</span>
        </a>
      ) : (
        <strong>{item.title}</strong>
      )}
      {item.kind === "link" && item.url && item.url !== item.title ? <span className="sa-evidence__url"> {item.url}</span> : null}
      <span className="sa-evidence__meta muted"> · {meta.join(" · ")}</span>
      {item.kind === "note" && item.body ? <p className="sa-evidence__note sa-prewrap">{item.body}</p> : null}
      {item.kind === "kolada" ? <IndicatorSnapshotView snapshot={item.indicator} /> : null}
      {item.removable ? (
        <Form method="post" action={action} className="sa-evidence__remove">
          <input type="hidden" name="intent" value="remove-evidence" />
          <input type="hidden" name="evidenceId" value={item.id} />
          <button type="submit" className="link-button">
            {t("evidence.remove")}
            <span className="visually-hidden"> {item.title}</span>
          </button>
        </Form>
      ) : null}
    </li>
  );
}

/**
 * The evidence of one criterion (or of the whole review): the unit's, then — for the team and the
 * coordinator only — the team's own evidence and interview notes.
 */
export function EvidenceSection({
  scopeKey,
  items,
  level,
  action,
  showTeam,
  children,
}: {
  scopeKey: string;
  items: EvidenceView[];
  level: HeadingLevel;
  action: string;
  showTeam: boolean;
  children?: ReactNode;
}) {
  const t = useT();
  const unit = items.filter((item) => item.origin === "unit");
  const team = items.filter((item) => item.origin === "team");
  const headingId = `${scopeKey}-heading`;
  return (
    // A plain block, not a landmark: a page of 23 criteria would otherwise list 23 regions.
    <div id={scopeKey} className="sa-evidence">
      <Heading level={level} id={headingId} className="sa-evidence__heading">
        {t("evidence.unitTitle")} ({unit.length})
      </Heading>
      {unit.length ? (
        <ul className="sa-evidence__list">
          {unit.map((item) => (
            <EvidenceItem key={item.id} item={item} action={action} />
          ))}
        </ul>
      ) : (
        <p className="muted">{t("evidence.none")}</p>
      )}
      {showTeam ? (
        <div className="sa-evidence__team">
          <Heading level={level} className="sa-evidence__heading">
            {t("evidence.teamTitle")} ({team.length})
          </Heading>
          <p className="field__hint">{t("evidence.teamHint")}</p>
          {team.length ? (
            <ul className="sa-evidence__list">
              {team.map((item) => (
                <EvidenceItem key={item.id} item={item} action={action} />
              ))}
            </ul>
          ) : (
            <p className="muted">{t("evidence.none")}</p>
          )}
        </div>
      ) : null}
      {children}
    </div>
  );
}

function fieldProps(id: string, errors: string[] | undefined, hintId?: string) {
  const errorId = errors?.length ? `${id}-error` : undefined;
  return {
    errorId,
    props: { id, "aria-invalid": errorId ? true : undefined, "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") || undefined },
  };
}

/**
 * The forms that add evidence to one criterion (or the whole review), folded away in a
 * disclosure that opens by itself when one of its forms came back with an error.
 */
export function AddEvidenceForms({
  action,
  scope,
  criterionId,
  origin,
  result,
}: {
  action: string;
  /** Unique per criterion, for the controls' ids. */
  scope: string;
  criterionId: number | null;
  origin: EvidenceOrigin;
  result: ActionBody | undefined;
}) {
  const t = useT();
  const mine = result && !result.ok && (result.criterionId ?? null) === criterionId && result.intent.startsWith("add-") ? result : undefined;
  const errorsFor = (intent: string) => (mine?.intent === intent ? (mine.fieldErrors ?? {}) : {});
  const valuesFor = (intent: string) => (mine?.intent === intent ? (mine.values ?? {}) : {});
  const link = errorsFor("add-link");
  const file = errorsFor("add-file");
  const note = errorsFor("add-note");
  const linkUrl = fieldProps(`${scope}-link-url`, link.url);
  const linkTitle = fieldProps(`${scope}-link-title`, link.title);
  const fileHintId = `${scope}-file-hint`;
  const fileInput = fieldProps(`${scope}-file`, file.file, fileHintId);
  const fileTitle = fieldProps(`${scope}-file-title`, file.title);
  const noteTitle = fieldProps(`${scope}-note-title`, note.title);
  const noteBody = fieldProps(`${scope}-note-body`, note.body);
  const hidden = criterionId === null ? null : <input type="hidden" name="criterionId" value={criterionId} />;
  const formMessage = (intent: string) =>
    mine?.intent === intent && !mine.fieldErrors ? (
      <div className="alert alert--error" role="alert">
        <p>{translateError(t, mine.message)}</p>
      </div>
    ) : null;
  return (
    <details className="sa-add" open={mine ? true : undefined}>
      <summary>{origin === "unit" ? t("evidence.addUnit") : t("evidence.addTeam")}</summary>
      <div className="sa-add__forms">
        <Form method="post" action={action} className="form sa-add__form">
          <input type="hidden" name="intent" value="add-link" />
          {hidden}
          <fieldset className="form-section">
            <legend>{t("evidence.link.legend")}</legend>
            {formMessage("add-link")}
            <div className="field">
              <label htmlFor={linkUrl.props.id}>{t("evidence.link.url")}</label>
              <input type="url" name="url" required maxLength={MAX_URL} inputMode="url" defaultValue={valuesFor("add-link").url} {...linkUrl.props} />
              <ErrorList id={linkUrl.errorId} errors={link.url} />
            </div>
            <div className="field">
              <label htmlFor={linkTitle.props.id}>{t("evidence.titleOptional")}</label>
              <input type="text" name="title" maxLength={MAX_TITLE} defaultValue={valuesFor("add-link").title} {...linkTitle.props} />
              <ErrorList id={linkTitle.errorId} errors={link.title} />
            </div>
            <div className="actions">
              <button type="submit" className="button button--secondary">
                {t("evidence.link.submit")}
              </button>
            </div>
          </fieldset>
        </Form>
        <Form method="post" action={action} encType="multipart/form-data" className="form sa-add__form">
          <input type="hidden" name="intent" value="add-file" />
          {hidden}
          <fieldset className="form-section">
            <legend>{t("evidence.file.legend")}</legend>
            {formMessage("add-file")}
            <div className="field">
              <label htmlFor={fileInput.props.id}>{t("evidence.file.file")}</label>
              <p id={fileHintId} className="field__hint">
                {t("evidence.file.hint")}
              </p>
              <input type="file" name="file" required accept={ACCEPT_ATTRIBUTE} {...fileInput.props} />
              <ErrorList id={fileInput.errorId} errors={file.file} />
            </div>
            <div className="field">
              <label htmlFor={fileTitle.props.id}>{t("evidence.titleOptional")}</label>
              <input type="text" name="title" maxLength={MAX_TITLE} defaultValue={valuesFor("add-file").title} {...fileTitle.props} />
              <ErrorList id={fileTitle.errorId} errors={file.title} />
            </div>
            <div className="actions">
              <button type="submit" className="button button--secondary">
                {t("evidence.file.submit")}
              </button>
            </div>
          </fieldset>
        </Form>
        {origin === "team" ? (
          <Form method="post" action={action} className="form sa-add__form">
            <input type="hidden" name="intent" value="add-note" />
            {hidden}
            <fieldset className="form-section">
              <legend>{t("evidence.note.legend")}</legend>
              {formMessage("add-note")}
              <div className="field">
                <label htmlFor={noteTitle.props.id}>{t("evidence.titleOptional")}</label>
                <input type="text" name="title" maxLength={MAX_TITLE} defaultValue={valuesFor("add-note").title} {...noteTitle.props} />
                <ErrorList id={noteTitle.errorId} errors={note.title} />
              </div>
              <div className="field">
                <label htmlFor={noteBody.props.id}>{t("evidence.note.body")}</label>
                <textarea name="body" required maxLength={MAX_NOTE} defaultValue={valuesFor("add-note").body} {...noteBody.props} />
                <ErrorList id={noteBody.errorId} errors={note.body} />
              </div>
              <div className="actions">
                <button type="submit" className="button button--secondary">
                  {t("evidence.note.submit")}
                </button>
              </div>
            </fieldset>
          </Form>
        ) : null}
      </div>
    </details>
  );
}

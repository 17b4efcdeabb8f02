/**
 * Interface pieces of the scoring and consensus pages: a criterion's heading and texts, an answer
 * on the scale as text, and the score editor (radios for the scale and "cannot assess", rationale,
 * version) that saves as the user goes when JavaScript runs and works as plain form fields when
 * it does not.
 */
import { isRouteErrorResponse, Link, useParams, useRouteError } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { ErrorList } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { isMessageKey, translateError, useT } from "~/i18n/i18n";
import { Localized } from "../manuals/manual-components";
import { useAutosave } from "./autosave";
import { CANNOT_ASSESS, RATIONALE_MAX } from "./score-fields";
import type { ScoreActionData } from "./score-input";
import { answerFormValue, type Answer, type CriterionItem, type ScaleView } from "./scoring-view";

const timeFormat = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm", hour: "2-digit", minute: "2-digit" });

/** HH:MM in Stockholm time. */
export function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}

/** "2 – Delvis på plats", "Ej bedömbart" or "–" for no answer. */
export function AnswerText({ scale, answer }: { scale: ScaleView; answer: Answer | null | undefined }) {
  const t = useT();
  if (!answer || (!answer.cannotAssess && answer.score === null)) return <span className="muted">{t("scoring.noAnswer")}</span>;
  if (answer.cannotAssess) return <Localized text={scale.cannotAssess.label} />;
  const step = scale.steps.find((s) => s.value === answer.score);
  return (
    <>
      <span className="score-value">{answer.score}</span>
      {step ? (
        <>
          {" – "}
          <Localized text={step.label} />
        </>
      ) : null}
    </>
  );
}

/** The criterion's text with its number, basis and guidance (collapsed). */
export function CriterionText({
  criterion,
  headingLevel,
  id,
  showLeadIn = true,
}: {
  criterion: CriterionItem;
  headingLevel: 3 | 4;
  id: string;
  /** Whether to show the group's lead-in (once per run of a group's criteria). */
  showLeadIn?: boolean;
}) {
  const t = useT();
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <>
      {criterion.group && showLeadIn ? (
        <p className="score-criterion__lead-in">
          <Localized text={criterion.group.text} />
        </p>
      ) : null}
      <Heading id={id} className="criterion__heading">
        <span className="criterion__number">{criterion.readingNumber}</span> <Localized text={criterion.text} />
      </Heading>
      <details className="score-criterion__basis">
        <summary>{t("scoring.basis")}</summary>
        <p>
          <Localized text={criterion.basis} />
          {criterion.basis.suggested ? <span className="muted"> ({t("manuals.criterion.suggested")})</span> : null}
        </p>
        {criterion.guidance ? (
          <p>
            <strong>{t("scoring.guidance")}:</strong> <Localized text={criterion.guidance} />
          </p>
        ) : null}
      </details>
    </>
  );
}

/** The scale with descriptions, collapsed, once per page. */
export function ScaleHelp({ scale }: { scale: ScaleView }) {
  const t = useT();
  return (
    <details className="scale-help">
      <summary>{t("scoring.scaleHelp")}</summary>
      <dl>
        {scale.steps.map((step) => (
          <div key={step.value}>
            <dt>
              {step.value} – <Localized text={step.label} />
            </dt>
            <dd>
              <Localized text={step.description} />
            </dd>
          </div>
        ))}
        <div>
          <dt>
            <Localized text={scale.cannotAssess.label} />
          </dt>
          <dd>
            <Localized text={scale.cannotAssess.description} />
          </dd>
        </div>
      </dl>
    </details>
  );
}

export interface EditableAnswer extends Answer {
  rationale: string;
  version: number;
}

function criterionErrors(data: ScoreActionData | undefined, criterionId: number, field: "score" | "rationale" | "version") {
  return data?.fieldErrors?.[`${field}-${criterionId}`];
}

/**
 * One criterion's score fields. Inside the page's own <Form> (a dimension, or one criterion) so the
 * save button posts them without JavaScript; with JavaScript every change of the radios and every
 * changed rationale on blur is saved at once through a fetcher, one save at a time per criterion,
 * with a polite status ("Sparat 14:32") and the error next to the field when refused.
 *
 * Saves go through the page's AutosaveProvider (one at a time). The version sent is the one this
 * form was made from or last saved by this browser — never a newer one picked up by
 * revalidation — so a change made elsewhere meanwhile answers 409.
 */
export function ScoreEditor({
  criterionId,
  scale,
  legend,
  rationaleLabel,
  current,
  actionData,
  disabled = false,
}: {
  criterionId: number;
  scale: ScaleView;
  legend: ReactNode;
  rationaleLabel: ReactNode;
  current: EditableAnswer | null;
  /** The page's last navigation action result (plain form post), for errors and restored values. */
  actionData: ScoreActionData | undefined;
  disabled?: boolean;
}) {
  const t = useT();
  const autosave = useAutosave();
  const container = useRef<HTMLDivElement>(null);
  const initialVersion = current?.version ?? 0;
  const lastRationale = useRef(current?.rationale ?? "");

  const ownNavigationResult = actionData?.criterionIds?.includes(criterionId) ? actionData : undefined;
  const restored = ownNavigationResult && !ownNavigationResult.ok ? ownNavigationResult.values?.[criterionId] : undefined;
  const defaultScore = restored ? restored.score : answerFormValue(current);
  const defaultRationale = restored ? restored.rationale : current?.rationale ?? "";

  // A plain form post (the save button) answered for this criterion: later autosaves continue from
  // the versions it saved, and its answer replaces an older autosave status.
  useEffect(() => {
    if (!ownNavigationResult) return;
    autosave.adopt(ownNavigationResult.saved);
    autosave.clear(criterionId);
  }, [ownNavigationResult]); // eslint-disable-line react-hooks/exhaustive-deps

  const save = () => {
    if (!container.current || disabled) return;
    const root = container.current;
    autosave.enqueue(
      criterionId,
      (version) => {
        const form = new FormData();
        form.set("intent", "save");
        form.append("criterionId", String(criterionId));
        const checked = root.querySelector<HTMLInputElement>(`input[name="score-${criterionId}"]:checked`);
        if (checked) form.set(`score-${criterionId}`, checked.value);
        form.set(`rationale-${criterionId}`, root.querySelector<HTMLTextAreaElement>(`textarea[name="rationale-${criterionId}"]`)?.value ?? "");
        form.set(`version-${criterionId}`, String(version));
        return form;
      },
      initialVersion
    );
  };

  // The latest answer for this criterion: its autosave's while JavaScript saves, else the form post's.
  const autosaved = autosave.states[criterionId];
  const result = autosaved?.data ?? ownNavigationResult;
  const scoreErrors = criterionErrors(result, criterionId, "score");
  const rationaleErrors = criterionErrors(result, criterionId, "rationale");
  const otherErrors = result && !result.ok ? [...(result.formErrors ?? []), ...(criterionErrors(result, criterionId, "version") ?? [])] : [];
  // Errors not tied to a field: shown here for this criterion's own autosave, or when this is the
  // criterion a stale form post was refused for; a whole form's summary is shown by the page.
  const concernsThis = (autosaved?.data !== undefined && result === autosaved.data) || result?.staleCriterionId === criterionId;
  const generalError = result && !result.ok && concernsThis && !scoreErrors && !rationaleErrors ? (otherErrors.length ? otherErrors : [result.message]) : [];
  const status =
    autosaved?.status === "saving"
      ? t("scoring.saving")
      : autosaved?.data?.ok && autosaved.data.savedAt
      ? t("scoring.savedAt", { time: formatTime(autosaved.data.savedAt) })
      : "";
  const version = autosave.versionOf(criterionId, initialVersion);

  const scoreErrorId = scoreErrors?.length ? `score-${criterionId}-error` : undefined;
  const rationaleErrorId = rationaleErrors?.length ? `rationale-${criterionId}-error` : undefined;
  const options: { value: string; label: ReactNode }[] = [
    ...scale.steps.map((step) => ({
      value: String(step.value),
      label: (
        <>
          <span className="score-value">{step.value}</span> <Localized text={step.label} />
        </>
      ),
    })),
    { value: CANNOT_ASSESS, label: <Localized text={scale.cannotAssess.label} /> },
  ];

  return (
    <div className="score-editor" ref={container}>
      <input type="hidden" name="criterionId" value={criterionId} />
      <input type="hidden" name={`version-${criterionId}`} value={version} />
      <fieldset className="score-choice" aria-describedby={scoreErrorId} disabled={disabled}>
        <legend>{legend}</legend>
        <div className="score-choice__options">
          {options.map((option) => (
            <label key={option.value} className="score-choice__option">
              <input type="radio" name={`score-${criterionId}`} value={option.value} defaultChecked={defaultScore === option.value} onChange={save} />
              <span>{option.label}</span>
            </label>
          ))}
        </div>
        <ErrorList id={scoreErrorId} errors={scoreErrors} />
      </fieldset>
      <div className="field">
        <label htmlFor={`rationale-${criterionId}`}>{rationaleLabel}</label>
        <textarea
          id={`rationale-${criterionId}`}
          name={`rationale-${criterionId}`}
          defaultValue={defaultRationale}
          maxLength={RATIONALE_MAX}
          rows={3}
          disabled={disabled}
          aria-invalid={rationaleErrorId ? true : undefined}
          aria-describedby={rationaleErrorId}
          onBlur={(event) => {
            if (event.currentTarget.value === lastRationale.current) return;
            lastRationale.current = event.currentTarget.value;
            save();
          }}
        />
        <ErrorList id={rationaleErrorId} errors={rationaleErrors} />
      </div>
      <p className="save-status" aria-live="polite">
        {status}
      </p>
      {generalError.length ? (
        <div className="field__error" role="alert">
          {generalError.map((message) => (
            <p key={message} className="field__error">
              {translateError(t, message)}
            </p>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/**
 * Errors thrown by a review sub-page's loader, shown inside the review frame (which already has
 * the page's h1): the specific message when the loader gave one, else the general text.
 */
export function ReviewSubPageErrorBoundary({ backToOverview = false }: { backToOverview?: boolean }) {
  const error = useRouteError();
  const t = useT();
  const { reviewId } = useParams();
  const backTo = backToOverview && reviewId ? `/reviews/${reviewId}` : undefined;
  if (isRouteErrorResponse(error) && (error.status === 403 || error.status === 404)) {
    const body = error.data as { message?: string } | null;
    const text = body?.message && isMessageKey(body.message) ? t(body.message) : t(error.status === 403 ? "error.forbidden" : "error.notFound");
    return (
      <div className="alert alert--error" role="alert">
        <h2>{t(error.status === 403 ? "error.forbiddenTitle" : "error.notFoundTitle")}</h2>
        <p>{text}</p>
        {backTo ? (
          <p>
            <Link to={backTo}>{t("scoring.backToOverview")}</Link>
          </p>
        ) : null}
      </div>
    );
  }
  return <GeneralErrorBoundary />;
}

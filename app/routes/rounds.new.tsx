import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { UNIT_KINDS } from "#db/schema";
import { ErrorList, Field, FormErrors, SelectField } from "~/components/forms";
import { pick, useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { clientIp, requirePermission } from "~/modules/auth/guards.server";
import { createRound, manualVersionsForLevel, RoundInputError } from "~/modules/reviews/round-repository.server";
import { RoundSchema } from "~/modules/reviews/round-schemas";
import { listUnits } from "~/modules/units/units.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/form-data.server";

export const meta: MetaFunction = () => [{ title: "Ny granskningsomgång – Kollega" }];

const LevelParam = z.enum(UNIT_KINDS).catch("county");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:rounds");
  const level = LevelParam.parse(new URL(request.url).searchParams.get("level") ?? undefined);
  const db = getDb();
  const units = (await listUnits(db)).filter((u) => u.kind === level && u.active);
  return { level, manualVersions: await manualVersionsForLevel(db, level), units: units.map((u) => ({ id: u.id, nameSv: u.nameSv, nameEn: u.nameEn })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "manage:rounds");
  const submission = parseWithZod(await readFormData(request), { schema: RoundSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const v = submission.value;
  try {
    const id = await createRound(
      getDb(),
      {
        ...v,
        selfAssessmentDue: v.selfAssessmentDue ?? null,
        scoringDue: v.scoringDue ?? null,
        consensusDue: v.consensusDue ?? null,
        factualCheckDue: v.factualCheckDue ?? null,
        publicationDue: v.publicationDue ?? null,
        followUpDue: v.followUpDue ?? null,
        requiresUserRepresentative: v.requiresUserRepresentative === "on",
      },
      { actorUserId: user.id, ip: clientIp(context) },
    );
    return redirect(`/rounds/${id}`);
  } catch (error) {
    if (error instanceof RoundInputError) {
      return data(submission.reply({ fieldErrors: { [error.field]: [error.messageKey] } }), { status: 400 });
    }
    throw error;
  }
}

const DEADLINES = ["selfAssessmentDue", "scoringDue", "consensusDue", "factualCheckDue", "publicationDue", "followUpDue"] as const;

export default function NewRoundPage() {
  const { level, manualVersions, units } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const [form, fields] = useForm({
    id: `new-round-${level}`,
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RoundSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const chosenUnits = Array.isArray(fields.unitIds.initialValue) ? new Set(fields.unitIds.initialValue.map(String)) : null;
  const unitsErrorId = fields.unitIds.errors?.length ? `${fields.unitIds.id}-error` : undefined;
  return (
    <>
      <h1>{t("rounds.new")}</h1>
      <p className="lede">{t("rounds.chooseLevelFirst")}</p>
      <Form method="get" className="form actions">
        <SelectField label={t("rounds.level")} selectProps={{ id: "level-choice", name: "level", defaultValue: level }}>
          {UNIT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`level.${kind}` as MessageKey)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button button--secondary">
          {t("rounds.chooseLevel")}
        </button>
      </Form>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="level" value={level} />
        <Field label={t("rounds.name")} errors={fields.name.errors} inputProps={getInputProps(fields.name, { type: "text" })} />
        <SelectField
          label={t("rounds.manualVersion")}
          errors={fields.manualVersionId.errors}
          selectProps={{ id: fields.manualVersionId.id, name: fields.manualVersionId.name, defaultValue: String(fields.manualVersionId.initialValue ?? manualVersions[0]?.id ?? "") }}
        >
          {manualVersions.map((mv) => (
            <option key={mv.id} value={mv.id}>
              {pick(locale, { sv: mv.title_sv, en: mv.title_en })} – v{mv.version}
            </option>
          ))}
        </SelectField>
        <Field label={t("rounds.periodStart")} errors={fields.periodStart.errors} inputProps={getInputProps(fields.periodStart, { type: "date" })} />
        <Field label={t("rounds.periodEnd")} errors={fields.periodEnd.errors} inputProps={getInputProps(fields.periodEnd, { type: "date" })} />
        <fieldset className="form-section">
          <legend>{t("rounds.deadlines")}</legend>
          {DEADLINES.map((name) => (
            <Field key={name} label={t(`rounds.${name}` as MessageKey)} errors={fields[name].errors} inputProps={getInputProps(fields[name], { type: "date" })} />
          ))}
        </fieldset>
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" name="requiresUserRepresentative" />
            {t("rounds.requiresUserRepresentative")}
          </label>
        </div>
        <fieldset className="form-section" aria-describedby={unitsErrorId}>
          <legend>{t("rounds.units")}</legend>
          <div className="checkbox-grid">
            {units.map((unit) => (
              <label key={unit.id} className="checkbox">
                <input type="checkbox" name="unitIds" value={unit.id} defaultChecked={chosenUnits ? chosenUnits.has(String(unit.id)) : true} />
                {pick(locale, { sv: unit.nameSv, en: unit.nameEn })}
              </label>
            ))}
          </div>
          <ErrorList id={unitsErrorId} errors={fields.unitIds.errors} />
        </fieldset>
        <div className="actions">
          <button type="submit" className="button">
            {t("rounds.create")}
          </button>
          <Link to="/rounds">{t("form.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}

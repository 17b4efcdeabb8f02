import { readFormData } from "~/utils/form-data.server";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormErrors } from "~/components/forms";
import { pick, useLocale, useT } from "~/i18n/i18n";
import { clientIp, notFound, requirePermission } from "~/modules/auth/guards.server";
import { getUnit, listUnits, StaleUnitError, updateUnit } from "~/modules/units/units.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "Redigera enhet – Kollega" }];

const ParamsSchema = z.object({ unitId: z.coerce.number().int().positive() });

export const UnitSchema = z.object({
  version: z.coerce.number().int().positive(),
  nameSv: z.string({ error: "form.required" }).trim().min(1, "form.required").max(200, "form.tooLong"),
  nameEn: z.string({ error: "form.required" }).trim().min(1, "form.required").max(200, "form.tooLong"),
  hostOrganisation: z.string().trim().max(200, "form.tooLong").optional(),
  active: z.literal("on").optional(),
  connectedCountyIds: z.array(z.coerce.number().int().positive()).max(50).optional(),
});

async function loadUnit(params: unknown) {
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) notFound();
  const unit = await getUnit(getDb(), parsed.data.unitId);
  if (!unit) notFound();
  return unit;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:units");
  const unit = await loadUnit(params);
  const counties = unit.kind === "node" ? (await listUnits(getDb())).filter((u) => u.kind === "county") : [];
  return { unit, counties: counties.map((c) => ({ id: c.id, nameSv: c.nameSv, nameEn: c.nameEn })) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "admin:units");
  const unit = await loadUnit(params);
  const submission = parseWithZod(await readFormData(request), { schema: UnitSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const value = submission.value;
  const db = getDb();
  if (unit.kind === "node" && value.connectedCountyIds) {
    const counties = new Set((await listUnits(db)).filter((u) => u.kind === "county").map((u) => u.id));
    if (!value.connectedCountyIds.every((id) => counties.has(id))) {
      return data(submission.reply({ fieldErrors: { connectedCountyIds: ["form.invalidValue"] } }), { status: 400 });
    }
  }
  try {
    await updateUnit(
      db,
      {
        unitId: unit.id,
        expectedVersion: value.version,
        nameSv: value.nameSv,
        nameEn: value.nameEn,
        hostOrganisation: value.hostOrganisation ?? null,
        active: value.active === "on",
        connectedCountyIds: unit.kind === "node" ? (value.connectedCountyIds ?? []) : undefined,
      },
      { actorUserId: admin.id, ip: clientIp(context) },
    );
  } catch (error) {
    if (error instanceof StaleUnitError) return data(submission.reply({ formErrors: ["form.stale"] }), { status: 409 });
    throw error;
  }
  return redirect("/admin/units");
}

export default function EditUnitPage() {
  const { unit, counties } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const [form, fields] = useForm({
    id: `unit-${unit.id}`,
    lastResult,
    defaultValue: {
      version: String(unit.version),
      nameSv: unit.nameSv,
      nameEn: unit.nameEn,
      hostOrganisation: unit.hostOrganisation ?? "",
      active: unit.active ? "on" : undefined,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UnitSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const connected = new Set(unit.connectedCountyIds);
  const name = pick(locale, { sv: unit.nameSv, en: unit.nameEn });
  return (
    <>
      <h1>{t("admin.units.editTitle", { name })}</h1>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="version" value={unit.version} />
        <Field label={t("admin.units.nameSv")} errors={fields.nameSv.errors} inputProps={getInputProps(fields.nameSv, { type: "text" })} />
        <Field label={t("admin.units.nameEn")} errors={fields.nameEn.errors} inputProps={{ ...getInputProps(fields.nameEn, { type: "text" }), lang: "en" }} />
        {unit.kind === "node" || unit.kind === "resource_centre" ? (
          <Field
            label={t("admin.units.hostOrganisation")}
            errors={fields.hostOrganisation.errors}
            inputProps={getInputProps(fields.hostOrganisation, { type: "text" })}
          />
        ) : null}
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" name="active" defaultChecked={unit.active} />
            {t("admin.units.active")}
          </label>
        </div>
        {unit.kind === "node" ? (
          <fieldset className="field">
            <legend>{t("admin.units.connectedCounties")}</legend>
            {counties.map((county) => (
              <label key={county.id} className="checkbox">
                <input type="checkbox" name="connectedCountyIds" value={county.id} defaultChecked={connected.has(county.id)} />
                {pick(locale, { sv: county.nameSv, en: county.nameEn })}
              </label>
            ))}
          </fieldset>
        ) : null}
        <div className="actions">
          <button type="submit" className="button">
            {t("form.save")}
          </button>
          <Link to="/admin/units">{t("form.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}

import { readFormData } from "~/utils/form-data.server";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ROLES } from "#db/schema";
import { ErrorList, Field, FormErrors, SelectField } from "~/components/forms";
import { pick, useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { clientIp, requirePermission } from "~/modules/auth/guards.server";
import { listActiveUnitOptions } from "~/modules/units/units.server";
import { createUser, DuplicateEmailError } from "~/modules/users/users.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "Ny användare – Kollega" }];

export const NewUserSchema = z.object({
  name: z.string({ error: "form.required" }).trim().min(1, "form.required").max(200, "form.tooLong"),
  email: z.string({ error: "form.required" }).trim().max(254, "form.tooLong").pipe(z.email("form.invalidEmail")),
  homeUnitId: z.coerce.number({ error: "form.required" }).int().positive("form.required"),
  roles: z.array(z.enum(ROLES, { error: "form.invalidValue" }), { error: "form.chooseOne" }).min(1, "form.chooseOne").max(ROLES.length),
  password: z.string().min(12, "form.passwordTooShort").max(200, "form.tooLong").optional(),
  userRepresentative: z.literal("on", { error: "form.invalidValue" }).optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:users");
  return { units: await listActiveUnitOptions(getDb()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "admin:users");
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: NewUserSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const db = getDb();
  const units = await listActiveUnitOptions(db);
  if (!units.some((u) => u.id === submission.value.homeUnitId)) {
    return data(submission.reply({ fieldErrors: { homeUnitId: ["form.invalidValue"] }, hideFields: ["password"] }), { status: 400 });
  }
  try {
    await createUser(
      db,
      { ...submission.value, password: submission.value.password ?? null, userRepresentative: submission.value.userRepresentative === "on" },
      { actorUserId: admin.id, ip: clientIp(context) },
    );
  } catch (error) {
    if (error instanceof DuplicateEmailError) {
      return data(submission.reply({ fieldErrors: { email: ["admin.users.duplicateEmail"] }, hideFields: ["password"] }), { status: 409 });
    }
    throw error;
  }
  return redirect("/admin/users");
}

export default function NewUserPage() {
  const { units } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const [form, fields] = useForm({
    id: "new-user",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewUserSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const chosenRoles = new Set(Array.isArray(fields.roles.initialValue) ? fields.roles.initialValue : []);
  const rolesErrorId = fields.roles.errors?.length ? `${fields.roles.id}-error` : undefined;
  return (
    <>
      <h1>{t("admin.users.createTitle")}</h1>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field label={t("admin.users.name")} errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "name" }} />
        <Field label={t("admin.users.email")} errors={fields.email.errors} inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "off" }} />
        <SelectField
          label={t("admin.users.homeUnit")}
          errors={fields.homeUnitId.errors}
          selectProps={{ id: fields.homeUnitId.id, name: fields.homeUnitId.name, defaultValue: String(fields.homeUnitId.initialValue ?? ""), required: true }}
        >
          <option value="">–</option>
          {units.map((unit) => (
            <option key={unit.id} value={unit.id}>
              {pick(locale, { sv: unit.nameSv, en: unit.nameEn })}
            </option>
          ))}
        </SelectField>
        <fieldset className="field" aria-describedby={rolesErrorId}>
          <legend>{t("admin.users.roles")}</legend>
          {ROLES.map((role) => (
            <label key={role} className="checkbox">
              <input type="checkbox" name={fields.roles.name} value={role} defaultChecked={chosenRoles.has(role)} />
              {t(`role.${role}` as MessageKey)}
            </label>
          ))}
          <ErrorList id={rolesErrorId} errors={fields.roles.errors} />
        </fieldset>
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" name="userRepresentative" defaultChecked={fields.userRepresentative.initialValue === "on"} aria-describedby="user-representative-hint" />
            {t("admin.users.userRepresentative")}
          </label>
          <p id="user-representative-hint" className="field__hint">
            {t("admin.users.userRepresentativeHint")}
          </p>
        </div>
        <Field
          label={t("admin.users.password")}
          hint={t("admin.users.passwordHint")}
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
        />
        <div className="actions">
          <button type="submit" className="button">
            {t("admin.users.create")}
          </button>
          <Link to="/admin/users">{t("form.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}

import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormErrors } from "~/components/forms";
import { pick, useLocale, useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { clientIp, requireUser } from "~/modules/auth/guards.server";
import { countRecentFailures, recordLoginAttempt } from "~/modules/auth/login-attempts.server";
import { currentSessionId } from "~/modules/auth/session.server";
import { isThrottled } from "~/modules/auth/throttle";
import { changePassword } from "~/modules/users/users.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/form-data.server";

export const meta: MetaFunction = () => [{ title: "Mitt konto – Kollega" }];

export const PasswordSchema = z
  .object({
    currentPassword: z.string({ error: "form.required" }).max(200, "form.tooLong"),
    newPassword: z.string({ error: "form.required" }).min(12, "form.passwordTooShort").max(200, "form.tooLong"),
    confirmPassword: z.string({ error: "form.required" }).max(200, "form.tooLong"),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "account.passwordMismatch" })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ["newPassword"], message: "account.passwordUnchanged" });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { user };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readFormData(request), { schema: PasswordSchema });
  const hide = { hideFields: ["currentPassword", "newPassword", "confirmPassword"] };
  if (submission.status !== "success") return data({ ...submission.reply(hide), changed: false }, { status: 400 });
  const db = getDb();
  const ip = clientIp(context);
  // Guessing the current password here is throttled like signing in.
  if (isThrottled(await countRecentFailures(db, { email: user.email, ip }))) {
    return data({ ...submission.reply({ formErrors: ["login.throttled"], ...hide }), changed: false }, { status: 429 });
  }
  const result = await changePassword(
    db,
    {
      userId: user.id,
      currentPassword: submission.value.currentPassword,
      newPassword: submission.value.newPassword,
      keepSessionId: await currentSessionId(db, request),
    },
    { actorUserId: user.id, ip },
  );
  if (result === "wrong-password") {
    await recordLoginAttempt(db, { email: user.email, ip, succeeded: false });
    return data({ ...submission.reply({ fieldErrors: { currentPassword: ["account.wrongPassword"] }, ...hide }), changed: false }, { status: 400 });
  }
  return data({ ...submission.reply({ resetForm: true }), changed: true });
}

export default function AccountPage() {
  const { user } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const [form, fields] = useForm({
    id: "password",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PasswordSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <h1>{t("account.title")}</h1>
      <dl className="facts">
        <dt>{t("admin.users.name")}</dt>
        <dd>{user.name}</dd>
        <dt>{t("admin.users.email")}</dt>
        <dd>{user.email}</dd>
        <dt>{t("start.yourRoles")}</dt>
        <dd>{user.roles.map((r) => t(`role.${r}` as MessageKey)).join(", ")}</dd>
        <dt>{t("start.homeUnit")}</dt>
        <dd>{pick(locale, { sv: user.homeUnit.nameSv, en: user.homeUnit.nameEn })}</dd>
      </dl>
      <h2>{t("account.changePassword")}</h2>
      {lastResult?.changed ? (
        <div className="alert alert--success" role="status">
          <p>{t("account.passwordChanged")}</p>
        </div>
      ) : null}
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field
          label={t("account.currentPassword")}
          errors={fields.currentPassword.errors}
          inputProps={{ ...getInputProps(fields.currentPassword, { type: "password" }), autoComplete: "current-password" }}
        />
        <Field
          label={t("account.newPassword")}
          hint={t("account.newPasswordHint")}
          errors={fields.newPassword.errors}
          inputProps={{ ...getInputProps(fields.newPassword, { type: "password" }), autoComplete: "new-password" }}
        />
        <Field
          label={t("account.confirmPassword")}
          errors={fields.confirmPassword.errors}
          inputProps={{ ...getInputProps(fields.confirmPassword, { type: "password" }), autoComplete: "new-password" }}
        />
        <div className="actions">
          <button type="submit" className="button">
            {t("account.changePassword")}
          </button>
        </div>
      </Form>
    </>
  );
}

import { TableCaption, TableScroll } from "~/components/table-scroll";
import { readFormData } from "~/utils/form-data.server";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { DEMO_PASSWORD, DEMO_USERS } from "#db/seed/demo-users";
import { Field, FormErrors } from "~/components/forms";
import { useT } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import { clientIp, getOptionalUser, safeRedirectPath } from "~/modules/auth/guards.server";
import { signIn } from "~/modules/auth/sign-in.server";
import { getEnv } from "~/utils/env.server";

export const LoginSchema = z.object({
  email: z
    .string({ error: "form.required" })
    .trim()
    .max(254, "form.tooLong")
    .pipe(z.email("form.invalidEmail")),
  password: z.string({ error: "form.required" }).max(200, "form.tooLong"),
  redirectTo: z.string().max(1000).optional(),
});

export const meta: MetaFunction = () => [{ title: "Logga in – Kollega" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
  if (user) throw redirect(redirectTo);
  const demo = getEnv().KOLLEGA_DEMO;
  return {
    demoAccounts: demo ? DEMO_USERS.map(({ email, role }) => ({ email, role })) : [],
    demoPassword: demo ? DEMO_PASSWORD : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const result = await signIn({
    email,
    password,
    ip: clientIp(context),
    userAgent: request.headers.get("user-agent"),
  });
  if (!result.ok) {
    const message: MessageKey = result.reason === "throttled" ? "login.throttled" : "login.invalid";
    return data(submission.reply({ formErrors: [message], hideFields: ["password"] }), {
      status: result.reason === "throttled" ? 429 : 401,
    });
  }
  return redirect(safeRedirectPath(redirectTo), { headers: { "Set-Cookie": result.setCookie } });
}

export default function LoginPage() {
  const { demoAccounts, demoPassword } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const t = useT();
  const [form, fields] = useForm({
    id: "login",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="login">
      <h1>{t("login.title")}</h1>
      <p className="lede">{t("login.intro")}</p>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field
          label={t("login.email")}
          errors={fields.email.errors}
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "username" }}
        />
        <Field
          label={t("login.password")}
          errors={fields.password.errors}
          inputProps={{
            ...getInputProps(fields.password, { type: "password" }),
            autoComplete: "current-password",
          }}
        />
        <div className="actions">
          <button type="submit" className="button">
            {t("login.submit")}
          </button>
        </div>
      </Form>
      {demoPassword ? (
        <section aria-labelledby="demo-accounts" className="demo-accounts">
          <h2 id="demo-accounts">{t("login.demoTitle")}</h2>
          <p>{t("login.demoIntro", { password: demoPassword })}</p>
          <TableScroll>
            <table>
              <TableCaption className="visually-hidden">{t("login.demoTitle")}</TableCaption>
              <thead>
                <tr>
                  <th scope="col">{t("login.email")}</th>
                  <th scope="col">{t("admin.users.roles")}</th>
                </tr>
              </thead>
              <tbody>
                {demoAccounts.map((account) => (
                  <tr key={account.email}>
                    <td>{account.email}</td>
                    <td>{t(`role.${account.role}` as MessageKey)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ) : null}
    </div>
  );
}

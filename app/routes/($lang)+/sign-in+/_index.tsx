import { parseWithZod } from "@conform-to/zod/v4";
import { languageOf, localePath } from "~/i18n/paths";
import { getFormProps, useForm } from "@conform-to/react";
import { parseSubmission } from "~/utils/submission.server";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Form } from "~/components/link";
import { useTranslation } from "react-i18next";
import { ErrorSummary, useErrorSummary } from "~/components/error-summary";
import { TextField } from "~/components/form-fields";
import { PrivacyNote } from "~/components/privacy-note";
import { SignInSchema } from "~/schemas/account";
import { requestSignIn } from "~/services/accounts.server";
import { signInRateLimit } from "~/utils/rate-limit.server";
import { getClientIp, readForm } from "~/utils/request.server";
import { safeRedirect } from "~/utils/safe-redirect";
import { commitSession, getSession, getUser } from "~/utils/session.server";
import { titled } from "~/utils/meta";
import { redirectInLanguage } from "~/utils/redirect.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), localePath(languageOf(request), "/workspace"));
  if (await getUser(request)) throw redirect(redirectTo);
  return { redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  // The rate limit is decided before the body is read.
  const withinRate = signInRateLimit.take(`ip:${getClientIp(request, context.clientAddress)}`);
  const submission = parseSubmission(await readForm(request), { schema: SignInSchema });
  if (!withinRate) {
    return data({ result: submission.reply({ formErrors: ["signIn.rateLimited"] }) }, { status: 429 });
  }
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { email, redirectTo } = submission.value;
  // Per address too, but silently: the page must not tell whether the address has an account.
  if (signInRateLimit.take(`email:${email}`)) await requestSignIn({ email, redirectTo: safeRedirect(redirectTo, localePath(languageOf(request), "/workspace")), language: languageOf(request) });
  const session = await getSession(request);
  session.set("signInEmail", email);
  return redirectInLanguage(request, "/sign-in/code", { headers: { "Set-Cookie": await commitSession(session) } });
}

export const meta = titled("signIn.title");

export default function SignIn() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "sign-in",
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInSchema }),
    shouldValidate: "onSubmit",
  });
  const errors = useErrorSummary(form, [fields.email]);
  return (
    <>
      <h1>{t("signIn.title")}</h1>
      <p>{t("signIn.intro")}</p>
      <Form method="post" {...getFormProps(form)} noValidate>
        <ErrorSummary errors={errors} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField meta={fields.email} label={t("signIn.email")} type="email" autoComplete="email" />
        <PrivacyNote purpose="signIn" />
        <button type="submit" className="button">
          {t("signIn.submit")}
        </button>
      </Form>
    </>
  );
}

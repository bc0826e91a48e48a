import { parseWithZod } from "@conform-to/zod/v4";
import { languageOf, localePath } from "~/i18n/paths";
import { getFormProps, useForm } from "@conform-to/react";
import { parseSubmission } from "~/utils/submission.server";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Form, Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { ErrorSummary, useErrorSummary } from "~/components/error-summary";
import { TextField } from "~/components/form-fields";
import { SignInCodeSchema } from "~/schemas/account";
import { signInWithCode } from "~/services/accounts.server";
import { signInRateLimit } from "~/utils/rate-limit.server";
import { getClientIp, readForm } from "~/utils/request.server";
import { safeRedirect } from "~/utils/safe-redirect";
import { getSession, startUserSession } from "~/utils/session.server";
import { titled } from "~/utils/meta";
import { redirectInLanguage } from "~/utils/redirect.server";

async function requireSignInEmail(request: Request) {
  const email = (await getSession(request)).get("signInEmail");
  if (!email) throw redirectInLanguage(request, "/sign-in");
  return email;
}

export async function loader({ request }: LoaderFunctionArgs) {
  return { email: await requireSignInEmail(request) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const email = await requireSignInEmail(request);
  const withinRate = signInRateLimit.take(`ip:${getClientIp(request, context.clientAddress)}`);
  const submission = parseSubmission(await readForm(request), { schema: SignInCodeSchema });
  if (!withinRate) {
    return data({ email, result: submission.reply({ formErrors: ["signIn.rateLimited"] }) }, { status: 429 });
  }
  if (submission.status !== "success") return data({ email, result: submission.reply() }, { status: 400 });
  const signedIn = await signInWithCode({ email, code: submission.value.code, language: languageOf(request) });
  if (signedIn.status === "tooManyWrongCodes") {
    return data({ email, result: submission.reply({ formErrors: ["signIn.tooManyWrongCodes"] }) }, { status: 429 });
  }
  if (signedIn.status === "wrong") {
    return data({ email, result: submission.reply({ fieldErrors: { code: ["signIn.codeWrong"] } }) }, { status: 400 });
  }
  return startUserSession(request, { sessionId: signedIn.sessionId, redirectTo: safeRedirect(signedIn.redirectTo, localePath(languageOf(request), "/workspace")) });
}

export const meta = titled("signIn.checkTitle");

export default function SignInCode() {
  const { email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "sign-in-code",
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInCodeSchema }),
    shouldValidate: "onSubmit",
  });
  const errors = useErrorSummary(form, [fields.code]);
  return (
    <>
      <h1>{t("signIn.checkTitle")}</h1>
      <p className="lead">{t("signIn.checkBody", { email })}</p>
      <p>{t("signIn.codeIntro")}</p>
      <Form method="post" {...getFormProps(form)} noValidate>
        <ErrorSummary errors={errors} />
        <TextField meta={fields.code} label={t("signIn.code")} autoComplete="one-time-code" />
        <button type="submit" className="button">
          {t("signIn.codeSubmit")}
        </button>
      </Form>
      <p>
        <Link to="/sign-in">{t("signIn.startAgain")}</Link>
      </p>
    </>
  );
}

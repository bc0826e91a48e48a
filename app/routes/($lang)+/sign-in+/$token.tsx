import { type ActionFunctionArgs, data } from "@remix-run/node";
import { languageOf, localePath } from "~/i18n/paths";
import { useActionData } from "@remix-run/react";
import { Form } from "~/components/link";
import { useTranslation } from "react-i18next";
import { LinkNotWorking } from "~/components/secret-link";
import { LinkTokenSchema } from "~/schemas/link-token";
import { signInWithLink } from "~/services/accounts.server";
import { safeRedirect } from "~/utils/safe-redirect";
import { startUserSession } from "~/utils/session.server";
import { titled } from "~/utils/meta";


// Opening the link only shows a button: a mail scanner that fetches it does not use it up.
export function loader() {
  return data(null);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = LinkTokenSchema.safeParse(params.token);
  const signedIn = token.success ? await signInWithLink({ token: token.data, language: languageOf(request) }) : undefined;
  if (!signedIn) return data({ invalid: true }, { status: 400 });
  return startUserSession(request, { sessionId: signedIn.sessionId, redirectTo: safeRedirect(signedIn.redirectTo, localePath(languageOf(request), "/workspace")) });
}

export const meta = titled("signIn.linkTitle");

export default function SignInLink() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  if (actionData?.invalid) {
    return <LinkNotWorking title={t("signIn.linkInvalidTitle")} body={t("signIn.linkInvalidBody")} back={{ to: "/sign-in", label: t("signIn.newLink") }} />;
  }
  return (
    <>
      <h1>{t("signIn.linkTitle")}</h1>
      <p>{t("signIn.linkBody")}</p>
      <Form method="post">
        <button type="submit" className="button">
          {t("signIn.linkSubmit")}
        </button>
      </Form>
    </>
  );
}

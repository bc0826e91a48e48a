import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction} from "@remix-run/node";
import { metaT } from "~/utils/meta";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Form } from "~/components/link";
import { useTranslation } from "react-i18next";
import { LinkNotWorking } from "~/components/secret-link";
import { LinkTokenSchema } from "~/schemas/link-token";
import { acceptInvitation, getInvitation, type InvitationProblem } from "~/services/team.server";
import { DomainError } from "~/utils/domain-error";
import { getUser } from "~/utils/session.server";
import { redirectInLanguage } from "~/utils/redirect.server";

// The link only shows the invitation: accepting is a POST, so a mail scanner fetching it accepts nothing.

type Problem = InvitationProblem;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = LinkTokenSchema.safeParse(params.token);
  const invitation = token.success ? await getInvitation({ token: token.data }) : undefined;
  if (!invitation) return data({ problem: "missing" as Problem, invitation: undefined, signedInAs: undefined }, { status: 404 });
  if (invitation.state !== "pending") {
    return data({ problem: invitation.state as Problem, invitation: undefined, signedInAs: undefined }, { status: 410 });
  }
  const user = await getUser(request);
  return { problem: undefined, invitation: { title: invitation.title, email: invitation.email }, signedInAs: user?.email };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = LinkTokenSchema.safeParse(params.token);
  if (!token.success) return data({ problem: "missing" as Problem }, { status: 404 });
  const user = await getUser(request);
  // Signed out: sign in first, then come back to this page and press the button again.
  if (!user) return redirectInLanguage(request, `/sign-in?${new URLSearchParams({ redirectTo: `/invitations/${token.data}` })}`);
  try {
    const { slug } = await acceptInvitation({ user, token: token.data });
    return redirectInLanguage(request, `/workspace/c/${slug}`);
  } catch (error) {
    if (!(error instanceof DomainError) || typeof error.values.reason !== "string") throw error;
    return data({ problem: error.values.reason as Problem }, { status: error.status });
  }
}


export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  const title = data?.invitation ? t("invitation.title", { title: data.invitation.title }) : t("invitation.invalidTitle");
  return [{ title: `${title} – ${t("site.name")}` }, { name: "robots", content: "noindex" }];
};

export default function Invitation() {
  const { problem: loaded, invitation, signedInAs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const problem = actionData?.problem ?? loaded;
  if (problem && problem !== "wrongAccount") {
    return <LinkNotWorking title={t("invitation.invalidTitle")} body={t(`invitation.${problem}`)} back={{ to: "/workspace", label: t("invitation.toWorkspace") }} />;
  }
  if (!invitation) return null;
  const wrongAccount = problem === "wrongAccount" || (signedInAs !== undefined && signedInAs !== invitation.email);
  return (
    <>
      <h1>{t("invitation.title", { title: invitation.title })}</h1>
      <p>{t("invitation.body", { email: invitation.email })}</p>
      {wrongAccount ? (
        <>
          <div className="error-summary" role="alert">
            <p>{t("invitation.wrongAccount", { email: invitation.email, current: signedInAs })}</p>
          </div>
          <Form method="post" action="/sign-out">
            <button type="submit" className="button button--secondary">
              {t("signIn.signOut")}
            </button>
          </Form>
        </>
      ) : (
        <Form method="post">
          {signedInAs ? null : <p>{t("invitation.signInFirst", { email: invitation.email })}</p>}
          <button type="submit" className="button">
            {t("invitation.accept")}
          </button>
        </Form>
      )}
    </>
  );
}

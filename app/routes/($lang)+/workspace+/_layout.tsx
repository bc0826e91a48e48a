import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { Form, Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { ErrorPage } from "~/components/error-page";
import { mayOnSite } from "~/services/access.server";
import { requireUser } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { user: { email: user.email, mayManagePeople: mayOnSite(user, "managePeople") } };
}

type WorkspaceUser = Awaited<ReturnType<typeof loader>>["user"];

function WorkspaceBar({ user }: { user: WorkspaceUser }) {
  const { t } = useTranslation();
  return (
    <div className="workspace-bar">
      <span>{t("signIn.signedInAs", { email: user.email })}</span>
      {user.mayManagePeople ? (
        <nav aria-label={t("people.adminNav")}>
          <Link to="/workspace/people">{t("people.navLink")}</Link>
        </nav>
      ) : null}
      <Form method="post" action="/sign-out">
        <button type="submit" className="button button--secondary">
          {t("signIn.signOut")}
        </button>
      </Form>
    </div>
  );
}

export default function WorkspaceLayout() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <>
      <WorkspaceBar user={user} />
      <Outlet />
    </>
  );
}

/** An error on a workspace page keeps the bar (who is signed in, signing out) around it. */
export function ErrorBoundary() {
  const error = useRouteError();
  // Missing when the workspace's own loader failed: then there is no one to show as signed in.
  const data = useRouteLoaderData<typeof loader>("routes/($lang)+/workspace+/_layout");
  return (
    <>
      {data ? <WorkspaceBar user={data.user} /> : null}
      <ErrorPage error={error} place="workspace" />
    </>
  );
}

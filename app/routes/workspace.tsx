import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { user: { email: user.email, role: user.role } };
}

export default function WorkspaceLayout() {
  const { user } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <div className="workspace-bar">
        <span>{t("signIn.signedInAs", { email: user.email })}</span>
        {user.role === "admin" ? (
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
      <Outlet />
    </>
  );
}

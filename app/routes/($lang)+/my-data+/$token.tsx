import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Form } from "~/components/link";
import { LinkNotWorking } from "~/components/secret-link";
import { LinkTokenSchema } from "~/schemas/link-token";
import { isMyDataLinkUsable, openMyDataLink } from "~/services/my-data.server";
import { metaT } from "~/utils/meta";
import { redirectInLanguage } from "~/utils/redirect.server";
import { readForm } from "~/utils/request.server";
import { startMyDataCookie } from "./__session.server";

// Opening the link only shows a button, so a mail scanner that fetches it uses nothing up.
export async function loader({ params }: LoaderFunctionArgs) {
  const token = LinkTokenSchema.safeParse(params.token);
  const usable = token.success && (await isMyDataLinkUsable({ token: token.data }));
  return data({ usable }, { status: usable ? 200 : 410 });
}

/** Uses the link up (once, within 15 minutes) and starts the short session that shows the data. */
export async function action({ request, params }: ActionFunctionArgs) {
  await readForm(request, 1024);
  const token = LinkTokenSchema.safeParse(params.token);
  const sessionId = token.success ? await openMyDataLink({ token: token.data }) : undefined;
  if (!sessionId) return data({ usable: false }, { status: 410 });
  return redirectInLanguage(request, "/my-data/yours", { headers: { "Set-Cookie": await startMyDataCookie(sessionId) } });
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  return [{ title: `${data?.usable ? t("myData.link.title") : t("myData.link.invalidTitle")} – ${t("site.name")}` }];
};

export default function MyDataLink() {
  const { usable } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  if (!usable || actionData?.usable === false) {
    return <LinkNotWorking title={t("myData.link.invalidTitle")} body={t("myData.link.invalidBody")} back={{ to: "/my-data", label: t("myData.link.newLink") }} />;
  }
  return (
    <>
      <h1>{t("myData.link.title")}</h1>
      <p>{t("myData.link.body")}</p>
      <Form method="post">
        <button type="submit" className="button">
          {t("myData.link.submit")}
        </button>
      </Form>
    </>
  );
}

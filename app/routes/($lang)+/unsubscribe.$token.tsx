import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { metaT } from "~/utils/meta";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Form, Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { LinkNotWorking } from "~/components/secret-link";
import { UnsubscribeTokenSchema } from "~/schemas/delivery";
import { getNewsSubscriptionByToken, unsubscribe } from "~/services/responses.server";
import { readForm } from "~/utils/request.server";

async function subscriptionFor(token: string | undefined) {
  const parsed = UnsubscribeTokenSchema.safeParse(token);
  return parsed.success ? { token: parsed.data, subscription: await getNewsSubscriptionByToken({ token: parsed.data }) } : undefined;
}

/** GET only shows a button, so a mail scanner opening the link unsubscribes nobody. */
export async function loader({ params }: LoaderFunctionArgs) {
  const found = await subscriptionFor(params.token);
  if (!found?.subscription) return data({ subscription: null }, { status: 404 });
  return data({ subscription: found.subscription });
}

/** The button's POST, and the mail client's one-click POST (RFC 8058: body List-Unsubscribe=One-Click). */
export async function action({ request, params }: ActionFunctionArgs) {
  const found = await subscriptionFor(params.token);
  await readForm(request, 1024);
  if (!found?.subscription || !(await unsubscribe({ token: found.token }))) return data({ done: false }, { status: 404 });
  return data({ done: true });
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  return [{ title: `${data?.subscription ? t("delivery.unsubscribe.title") : t("delivery.unsubscribe.invalidTitle")} – ${t("site.name")}` }];
};

export default function Unsubscribe() {
  const { subscription } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  if (!subscription) {
    return <LinkNotWorking title={t("delivery.unsubscribe.invalidTitle")} body={t("delivery.unsubscribe.invalidBody")} />;
  }
  const back = (
    <p>
      <Link to={`/c/${subscription.slug}`}>{t("delivery.unsubscribe.back")}</Link>
    </p>
  );
  if (actionData?.done || !subscription.subscribed) {
    return (
      <>
        <h1>{t("delivery.unsubscribe.doneTitle")}</h1>
        <p role="status">{t("delivery.unsubscribe.done", { title: subscription.campaignTitle })}</p>
        {back}
      </>
    );
  }
  return (
    <>
      <h1>{t("delivery.unsubscribe.title")}</h1>
      <p>{t("delivery.unsubscribe.body", { title: subscription.campaignTitle })}</p>
      <Form method="post">
        <button type="submit" className="button">
          {t("delivery.unsubscribe.submit")}
        </button>
      </Form>
      {back}
    </>
  );
}

import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ConfirmationPage } from "~/components/confirmation-page";
import { Form, Link } from "~/components/link";
import { LinkNotWorking } from "~/components/secret-link";
import { When } from "~/components/when";
import { languageOf } from "~/i18n/paths";
import { getWithdrawal, withdrawSignature } from "~/services/withdrawal.server";
import { readDone, redirectDone } from "~/utils/done.server";
import { metaT } from "~/utils/meta";
import { readForm } from "~/utils/request.server";

/** `{signature id}-{HMAC}`, as `idToken` makes it. */
const WithdrawTokenSchema = z.string().regex(/^\d{1,15}-[A-Za-z0-9_-]{43}$/);

/** GET only shows the signature and a button, so a mail scanner opening the link withdraws nothing. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = WithdrawTokenSchema.safeParse(params.token);
  const withdrawal = token.success ? await getWithdrawal({ token: token.data, language: languageOf(request) }) : undefined;
  if (!withdrawal) return data({ withdrawal: null, justWithdrawn: false }, { status: 404 });
  // "Withdrawn" after the button, "already withdrawn" when the link is opened again later.
  const justWithdrawn = withdrawal.withdrawn && readDone(request, ["withdrawn"]).done === "withdrawn";
  return data({ withdrawal, justWithdrawn });
}

/** The button's POST: withdraws, then shows that it is done. Safe to repeat. */
export async function action({ request, params }: ActionFunctionArgs) {
  const token = WithdrawTokenSchema.safeParse(params.token);
  await readForm(request, 1024);
  if (!token.success || !(await withdrawSignature({ token: token.data }))) return data({ done: false }, { status: 404 });
  return redirectDone(request, `/withdraw/${token.data}`, "withdrawn");
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  const withdrawal = data?.withdrawal;
  const title = !withdrawal
    ? t("withdraw.invalidTitle")
    : !withdrawal.withdrawn
      ? t("withdraw.title")
      : data.justWithdrawn
        ? t("withdraw.doneTitle")
        : t("withdraw.alreadyTitle");
  return [{ title: `${title} – ${t("site.name")}` }];
};

export default function Withdraw() {
  const { withdrawal, justWithdrawn } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  if (!withdrawal) return <LinkNotWorking title={t("withdraw.invalidTitle")} body={t("withdraw.invalidBody")} />;
  const { campaign } = withdrawal;
  const back = { to: `/c/${campaign.slug}`, label: t("withdraw.back") };
  if (withdrawal.withdrawn) {
    return justWithdrawn ? (
      <ConfirmationPage title={t("withdraw.doneTitle")} lead={t("withdraw.done", { title: campaign.title })} back={back} />
    ) : (
      <ConfirmationPage title={t("withdraw.alreadyTitle")} lead={t("withdraw.already", { title: campaign.title })} back={back} />
    );
  }
  return (
    <>
      <h1>{t("withdraw.title")}</h1>
      <p className="lead">{t("withdraw.lead", { title: campaign.title })}</p>
      <dl className="recipients">
        <dt>{t("withdraw.name")}</dt>
        <dd>{withdrawal.name}</dd>
        <dt>{t("withdraw.signedOn")}</dt>
        <dd>
          <When at={withdrawal.signedAt} />
        </dd>
        <dt>{t("withdraw.status")}</dt>
        <dd>{withdrawal.confirmed ? t("withdraw.confirmed") : t("withdraw.unconfirmed")}</dd>
      </dl>
      <p>{t("withdraw.what")}</p>
      <Form method="post">
        <button type="submit" className="button button--warning">
          {t("withdraw.submit")}
        </button>
      </Form>
      <p>
        <Link to={back.to}>{back.label}</Link>
      </p>
    </>
  );
}

import type { SubmissionResult } from "@conform-to/react";
import { parseSubmission } from "~/utils/submission.server";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { CampaignPageHeader } from "~/components/campaign-page-header";
import { ErrorSummary } from "~/components/error-summary";
import { type MessageKey } from "~/i18n";
import { ManualDeliverySchema, ResendDeliverySchema, SendDeliverySchema } from "~/schemas/delivery";
import { getDeliveryPage, recordManualDelivery, requireDeliverableCampaign, resendDelivery, sendDelivery } from "~/services/delivery.server";
import { refusal } from "~/utils/domain-error";
import { readForm } from "~/utils/request.server";
import { requireUser } from "~/utils/session.server";
import { useFreshFormKey } from "~/utils/fresh-form-key";
import { DeliveryTable, ManualDeliveryForm, SendForm } from "./ui";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";
import { readDone, redirectDone } from "~/utils/done.server";
import { metaT, pageTitle } from "~/utils/meta";


export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = await getDeliveryPage({ user, slug: parseParams(params, CampaignParamsSchema).slug });
  return {
    ...page,
    campaign: { slug: page.campaign.slug, title: page.campaign.title, status: page.campaign.status },
    done: readDone(request, ["sent", "resent", "recorded"]).done,
  };
}

type Failure = { key: MessageKey; values: Record<string, string> };

/** Three buttons: send by email, record a delivery by hand or post, send a failed email again. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const slug = parseParams(params, CampaignParamsSchema).slug;
  await requireDeliverableCampaign({ user, slug }); // 404 or 403 before reading anything
  const formData = await readForm(request, 128 * 1024);
  const intent = formData.get("intent");
  const done = (what: "sent" | "resent" | "recorded") => redirectDone(request, `/workspace/c/${slug}/delivery`, what);
  const refused = (error: unknown, reply: SubmissionResult<string[]> | undefined) => {
    const { key, values } = refusal(error);
    const failure: Failure = { key, values: values as Record<string, string> };
    return data({ intent, result: reply, failure }, { status: 409 });
  };

  if (intent === "send" || intent === "record") {
    const submission =
      intent === "send" ? parseSubmission(formData, { schema: SendDeliverySchema }) : parseSubmission(formData, { schema: ManualDeliverySchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply(), failure: undefined }, { status: 400 });
    try {
      if (submission.value.intent === "send") await sendDelivery({ user, slug, input: submission.value });
      else await recordManualDelivery({ user, slug, input: submission.value });
    } catch (error) {
      return refused(error, submission.reply());
    }
    return done(intent === "send" ? "sent" : "recorded");
  }
  const resend = ResendDeliverySchema.safeParse(Object.fromEntries(formData));
  if (!resend.success) return data({ intent, result: undefined, failure: { key: "delivery.errors.notPossible" as const, values: {} } }, { status: 400 });
  try {
    await resendDelivery({ user, slug, deliveryId: resend.data.deliveryId });
  } catch (error) {
    return refused(error, undefined);
  }
  return done("resent");
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => pageTitle(location, metaT(location)("delivery.title"), data?.campaign.title);

export default function Delivery() {
  const { campaign, canDeliver, pack, recipients, deliveries, waiting, done } = useLoaderData<typeof loader>();
  const formKey = useFreshFormKey();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const failure = actionData?.failure;
  return (
    <>
      <CampaignPageHeader heading={t("delivery.title")} />
      {failure ? <ErrorSummary errors={[{ message: t(failure.key, failure.values) }]} /> : null}
      {done && !actionData ? (
        <p className="notice" role="status">
          {t(`delivery.done.${done}`)}
        </p>
      ) : null}
      <p>{t("delivery.intro")}</p>
      {pack ? (
        <p>
          {t("delivery.pack", { date: new Date(pack.createdAt), size: pack.size })} {pack.attached ? t("delivery.packAttached") : t("delivery.packLinkOnly")}
        </p>
      ) : (
        <p className="notice">
          {t("delivery.noPack")} <Link to={`/workspace/c/${campaign.slug}/pack`}>{t("delivery.exportPack")}</Link>
        </p>
      )}

      <h2>{t("delivery.deliveries")}</h2>
      {deliveries.length === 0 ? <p>{t("delivery.noDeliveries")}</p> : null}
      {deliveries.length || waiting.length ? <DeliveryTable deliveries={deliveries} waiting={waiting} /> : null}

      {!canDeliver ? (
        <p className="notice">{t("delivery.notDeliverable")}</p>
      ) : pack ? (
        <>
          <SendForm key={`send-${formKey}`} recipients={recipients} lastResult={actionData?.intent === "send" ? actionData.result : undefined} />
          <ManualDeliveryForm
            key={`record-${formKey}`}
            recipients={recipients}
            lastResult={actionData?.intent === "record" ? actionData.result : undefined}
          />
        </>
      ) : null}
    </>
  );
}

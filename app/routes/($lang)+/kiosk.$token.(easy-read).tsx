import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EasyReadRows } from "~/components/easy-read-rows";
import { KioskSignForm } from "~/components/kiosk-sign-form";
import { Link } from "~/components/link";
import { RecipientList } from "~/components/recipient-list";
import { languageOf, variantOfPath } from "~/i18n/paths";
import { TokenParamsSchema } from "~/schemas/params";
import { EasyReadKioskSignatureSchema, KioskSignatureSchema } from "~/schemas/signature";
import { checkKiosk, getKioskPage, signAtKiosk } from "~/services/events.server";
import { readDone, redirectDone } from "~/utils/done.server";
import { isHoneypotFilled } from "~/utils/honeypot";
import { metaT } from "~/utils/meta";
import { parseParams } from "~/utils/params";
import { kioskRateLimit } from "~/utils/rate-limit.server";
import { getClientIp, readForm } from "~/utils/request.server";
import { parseSubmission } from "~/utils/submission.server";
import { newToken } from "~/utils/tokens.server";

// An event's kiosk: a tablet on a stand, opened by the secret link staff were given
// (/kiosk/{token}, the Easy Read letter at /kiosk/{token}/easy-read). Strangers sign one after
// another, so nothing of one signer may reach the next: after each signature the page is loaded
// afresh (POST, redirect, GET) with a thank-you that names nobody and an empty form; the form and
// its fields have autocomplete off and new ids on every load; and the page is private
// (utils/http-policy.server.ts: `Cache-Control: no-store`, so Back fetches it again rather than
// showing it as it was, and `Referrer-Policy: no-referrer`, so the link goes nowhere else).

const outcomes = ["counted", "checkEmail"] as const;

/** The kiosk's own address, in the view shown: the standard letter or the Easy Read one. */
const kioskPath = (token: string, variant: "standard" | "easy_read") => (variant === "easy_read" ? `/kiosk/${token}/easy-read` : `/kiosk/${token}`);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { token } = parseParams(params, TokenParamsSchema);
  const variant = variantOfPath(new URL(request.url).pathname);
  const page = await getKioskPage({ token, language: languageOf(request), variant });
  if (page.refused) return data({ ...page, variant, done: undefined, formId: "" }, { status: page.refused.status });
  // A new id for the form on every load: its fields' ids change too, and the form starts afresh.
  return { ...page, variant, done: readDone(request, outcomes).done, formId: `kiosk-${newToken().slice(0, 12)}` };
}

/** The sign path of every public form (honeypot, rate limit, schema, service, redirect), the rate limit this kiosk's own. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { token } = parseParams(params, TokenParamsSchema);
  const variant = variantOfPath(new URL(request.url).pathname);
  const kiosk = await checkKiosk({ token });
  // Closed, or not on the event's dates: the refusal's page, and nothing read or written.
  if (kiosk.refused) return data({ refused: kiosk.refused, event: kiosk.event, result: undefined }, { status: kiosk.refused.status });
  const withinRate = kioskRateLimit.take(String(kiosk.kioskId));
  const formData = await readForm(request);
  const here = kioskPath(token, variant);

  if (isHoneypotFilled(formData)) return redirectDone(request, here, "counted");
  const submission = parseSubmission(formData, { schema: variant === "easy_read" ? EasyReadKioskSignatureSchema : KioskSignatureSchema });
  if (!withinRate) return data({ refused: undefined, event: undefined, result: submission.reply({ formErrors: ["kiosk.rateLimited"] }) }, { status: 429 });
  if (submission.status !== "success") return data({ refused: undefined, event: undefined, result: submission.reply() }, { status: 400 });
  const { outcome } = await signAtKiosk({ token, input: submission.value, ipAddress: getClientIp(request, context.clientAddress), language: languageOf(request), variant });
  return redirectDone(request, here, outcome);
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  if (!data) return [{ title: `${t("notFound.title")} – ${t("site.name")}` }];
  if (data.refused) return [{ title: `${t("kiosk.refused.title")} – ${t("site.name")}` }];
  return [{ title: `${t("kiosk.title", { event: data.event.name, title: data.campaign.title })} – ${t("site.name")}` }];
};

/** The event's name, place and dates. */
function EventLine({ event }: { event: { name: string; place: string | null; startsOn: string; endsOn: string } }) {
  const { t } = useTranslation();
  const dates =
    event.startsOn === event.endsOn ? t("kiosk.day", { date: new Date(event.startsOn) }) : t("kiosk.days", { from: new Date(event.startsOn), to: new Date(event.endsOn) });
  return (
    <p className="lead">
      {[event.name, event.place, dates].filter(Boolean).join(", ")}
    </p>
  );
}

export default function KioskPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const { token = "" } = useParams();

  const refused = actionData?.refused ?? loaderData.refused;
  if (refused) {
    return (
      <>
        <h1>{t("kiosk.refused.title")}</h1>
        <EventLine event={actionData?.event ?? loaderData.event} />
        <p>{t(`kiosk.refused.${refused.reason}`)}</p>
        <p>{t("kiosk.refused.staff")}</p>
      </>
    );
  }
  const { campaign, letter, recipients, event, variant, done, formId } = loaderData;
  // Without a refusal the loader gave the kiosk's page: this only tells TypeScript so.
  if (!campaign || !letter || !recipients) return null;
  // The letter is in the page's language unless the campaign lacks it (an English-only campaign on /cy).
  const lang = i18n.language.startsWith(campaign.language) ? undefined : campaign.language;
  return (
    <div className="kiosk">
      {done && !actionData ? (
        <div className="notice" role="status">
          <p>{t(`kiosk.done.${done}`)}</p>
          <p>{t("kiosk.next")}</p>
        </div>
      ) : null}
      <EventLine event={event} />
      <h1 lang={lang}>{campaign.title}</h1>
      <p>{t("kiosk.intro")}</p>
      <ul className="kiosk-links">
        <li>
          <a href="#kiosk-sign">{t("kiosk.toForm")}</a>
        </li>
        {campaign.hasEasyRead ? (
          <li>
            <Link to={kioskPath(token, variant === "easy_read" ? "standard" : "easy_read")}>{variant === "easy_read" ? t("kiosk.standard") : t("kiosk.easyRead")}</Link>
          </li>
        ) : null}
      </ul>
      {variant === "easy_read" ? (
        <>
          <h2 id="kiosk-letter">{t("easyRead.letterHeading")}</h2>
          <EasyReadRows labelledBy="kiosk-letter" lang={lang} rows={letter.rows} />
          {letter.openMoji ? (
            <p className="attribution">
              <a href="https://openmoji.org/">{t("easyRead.attribution")}</a>
            </p>
          ) : null}
        </>
      ) : (
        <>
          <RecipientList recipients={recipients} />
          <h2>{t("campaign.letter")}</h2>
          <article className="letter" lang={lang} dangerouslySetInnerHTML={{ __html: letter.html }} />
        </>
      )}
      <h2 id="kiosk-sign" tabIndex={-1}>
        {t("kiosk.formHeading")}
      </h2>
      <KioskSignForm key={formId} action={kioskPath(token, variant)} formId={formId} variant={variant} letterTextId={letter.id} lastResult={actionData?.result} />
    </div>
  );
}

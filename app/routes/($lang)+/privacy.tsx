import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Link } from "~/components/link";
import { getPrivacySettings } from "~/services/privacy-settings.server";
import { env } from "~/utils/env.server";
import { titled } from "~/utils/meta";

// What the code does with a person's information, said plainly, made from the privacy settings staff
// keep in /workspace/settings: who holds it, what is kept and why, for how long, who sees what, and
// the rights, with the two ways out (withdrawing a signature, /my-data). Until staff name the data
// controller, it is the site's operator, reached at MAIL_FROM as the /contact page gives it.
export async function loader() {
  const settings = await getPrivacySettings();
  const operatorEmail = env.MAIL_FROM.match(/<([^<>]+)>\s*$/)?.[1] ?? env.MAIL_FROM.trim();
  return {
    retentionMonths: settings.retentionMonths,
    controllerName: settings.controllerName,
    controllerContact: settings.controllerContact ?? operatorEmail,
  };
}

export const meta = titled("privacy.title");

const emailAddress = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** The controller's contact as staff typed it: an email address becomes a mail link, anything else (a postal address) stays text. */
function Contact({ contact }: { contact: string }) {
  return emailAddress.test(contact) ? (
    <p className="contact-email">
      <a href={`mailto:${contact}`}>{contact}</a>
    </p>
  ) : (
    <p className="contact-email privacy-contact">{contact}</p>
  );
}

export default function PrivacyNotice() {
  const { retentionMonths, controllerName, controllerContact } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("privacy.title")}</h1>
      <p className="lead">{t("privacy.intro")}</p>
      <p>{t("privacy.shortcuts")}</p>
      <ul>
        <li>
          {/* The router's Link, so its scroll restoration scrolls to the section rather than back. */}
          <Link to="#withdraw">{t("privacy.withdrawShortcut")}</Link>
        </li>
        <li>
          <Link to="/my-data">{t("privacy.myDataShortcut")}</Link>
        </li>
      </ul>

      <h2>{t("privacy.controllerTitle")}</h2>
      <p>{controllerName ? t("privacy.controllerNamed", { name: controllerName }) : t("privacy.controllerOperator")}</p>
      <p>{t("privacy.controllerContact")}</p>
      <Contact contact={controllerContact} />

      <h2>{t("privacy.collectTitle")}</h2>
      <p>{t("privacy.collect")}</p>
      <ul>
        <li>{t("privacy.collectName")}</li>
        <li>{t("privacy.collectEmail")}</li>
        <li>{t("privacy.collectTown")}</li>
        <li>{t("privacy.collectOrganisation")}</li>
        <li>{t("privacy.collectComment")}</li>
        <li>{t("privacy.collectShowName")}</li>
        <li>{t("privacy.collectNews")}</li>
        <li>{t("privacy.collectHelper")}</li>
        <li>{t("privacy.collectWhen")}</li>
        <li>{t("privacy.collectIp")}</li>
      </ul>
      <p>{t("privacy.checks")}</p>

      <h2>{t("privacy.supportTitle")}</h2>
      <p>{t("privacy.support")}</p>
      <p>{t("privacy.supportPublished")}</p>

      <h2>{t("privacy.accountTitle")}</h2>
      <p>{t("privacy.account")}</p>

      <h2>{t("privacy.whoTitle")}</h2>
      <ul>
        <li>{t("privacy.whoPublic")}</li>
        <li>{t("privacy.whoTeam")}</li>
        <li>{t("privacy.whoStaff")}</li>
      </ul>
      <p>{t("privacy.whoEmail")}</p>
      <p>{t("privacy.whoComment")}</p>

      <h2>{t("privacy.packTitle")}</h2>
      <p>{t("privacy.pack")}</p>
      <p>{t("privacy.packShowName")}</p>
      <p>{t("privacy.packNever")}</p>

      <h2>{t("privacy.mailTitle")}</h2>
      <p>{t("privacy.mail")}</p>
      <ul>
        <li>{t("privacy.mailConfirm")}</li>
        <li>{t("privacy.mailAgain")}</li>
        <li>{t("privacy.mailNews")}</li>
      </ul>
      <p>{t("privacy.mailNothingElse")}</p>
      <p>{t("privacy.mailDeleted")}</p>

      <h2>{t("privacy.keepTitle")}</h2>
      <p>{t("privacy.keep", { count: retentionMonths })}</p>
      <p>{t("privacy.keepThen")}</p>
      <p>{t("privacy.keepPacks")}</p>
      <p>{t("privacy.keepHeld")}</p>
      <p>{t("privacy.keepSooner")}</p>
      <ul>
        <li>{t("privacy.keepIp")}</li>
        <li>{t("privacy.keepUnconfirmed")}</li>
      </ul>
      <p>{t("privacy.keepAccount")}</p>

      <h2 id="withdraw">{t("privacy.withdrawTitle")}</h2>
      <p>{t("privacy.withdraw")}</p>
      <p>{t("privacy.withdrawLost")}</p>
      <p>
        <Link to="/my-data">{t("privacy.myDataLink")}</Link>
      </p>

      <h2>{t("privacy.rightsTitle")}</h2>
      <p>{t("privacy.rights")}</p>
      <ul>
        <li>{t("privacy.rightsWithdraw")}</li>
        <li>
          {t("privacy.rightsSee")} <Link to="/my-data">{t("privacy.myDataLink")}</Link>
        </li>
        <li>{t("privacy.rightsCorrect")}</li>
      </ul>
      <p>
        {t("privacy.rightsAsk")} <Link to="/contact">{t("privacy.contactLink")}</Link>
      </p>
      <p>
        {t("privacy.complain")} <a href="https://ico.org.uk/make-a-complaint/">{t("privacy.icoLink")}</a> (ico.org.uk)
      </p>
    </>
  );
}

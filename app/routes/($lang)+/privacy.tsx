import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { titled } from "~/utils/meta";

// What the code does with a signer's information, said plainly: what is kept, who sees it, what
// goes to the recipients, and (honestly) that nothing deletes old signatures by itself yet.
export const meta = titled("privacy.title");

export default function PrivacyNotice() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("privacy.title")}</h1>
      <p className="lead">{t("privacy.intro")}</p>

      <h2>{t("privacy.collectTitle")}</h2>
      <p>{t("privacy.collect")}</p>
      <ul>
        <li>{t("privacy.collectName")}</li>
        <li>{t("privacy.collectEmail")}</li>
        <li>{t("privacy.collectTown")}</li>
        <li>{t("privacy.collectSignerType")}</li>
        <li>{t("privacy.collectOrganisation")}</li>
        <li>{t("privacy.collectComment")}</li>
        <li>{t("privacy.collectChoices")}</li>
        <li>{t("privacy.collectIp")}</li>
        <li>{t("privacy.collectWhen")}</li>
      </ul>

      <h2>{t("privacy.whyTitle")}</h2>
      <ul>
        <li>{t("privacy.whyEmail")}</li>
        <li>{t("privacy.whyNews")}</li>
        <li>{t("privacy.whyName")}</li>
        <li>{t("privacy.whyIp")}</li>
        <li>{t("privacy.whyVersion")}</li>
      </ul>

      <h2>{t("privacy.whoTitle")}</h2>
      <ul>
        <li>{t("privacy.whoPublic")}</li>
        <li>{t("privacy.whoTeam")}</li>
        <li>{t("privacy.whoStaff")}</li>
      </ul>
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
      <p>{t("privacy.keep")}</p>
      <p>{t("privacy.keepNotBuilt")}</p>

      <h2>{t("privacy.supportTitle")}</h2>
      <p>{t("privacy.support")}</p>
      <p>{t("privacy.supportPublished")}</p>

      <h2>{t("privacy.rightsTitle")}</h2>
      <p>{t("privacy.rights")}</p>
      <ul>
        <li>{t("privacy.rightsSee")}</li>
        <li>{t("privacy.rightsCorrect")}</li>
        <li>{t("privacy.rightsDelete")}</li>
        <li>{t("privacy.rightsStop")}</li>
      </ul>
      <p>
        {t("privacy.rightsAsk")} <Link to="/contact">{t("privacy.contactLink")}</Link>
      </p>
      <p>
        {t("privacy.complain")} <a href="https://ico.org.uk/make-a-complaint/">{t("privacy.icoLink")}</a>
      </p>
    </>
  );
}

import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { titled } from "~/utils/meta";

// An accessibility statement in the GOV.UK model. It says only what the tests show (axe on every
// page the end-to-end tests open, keyboard-only and no-JavaScript journeys) and what is missing.
export const meta = titled("accessibility.title");

export default function AccessibilityStatement() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("accessibility.title")}</h1>
      <p className="lead">{t("accessibility.intro")}</p>
      <p>{t("accessibility.youCan")}</p>
      <ul>
        <li>{t("accessibility.youCanKeyboard")}</li>
        <li>{t("accessibility.youCanNoScript")}</li>
      </ul>
      <p>{t("accessibility.plainWords")}</p>
      <p>
        {t("accessibility.abilityNet")} <a href="https://mcmw.abilitynet.org.uk/">{t("accessibility.abilityNetLink")}</a>
      </p>

      <h2>{t("accessibility.howTitle")}</h2>
      <p>{t("accessibility.how")}</p>
      <ul>
        <li>{t("accessibility.problemPackPdf")}</li>
        <li>{t("accessibility.problemUploadedPdfs")}</li>
        <li>{t("accessibility.problemEasyRead")}</li>
      </ul>

      <h2>{t("accessibility.cannotTitle")}</h2>
      <p>{t("accessibility.cannot")}</p>
      <p>{t("accessibility.cannotTell")}</p>
      <p>
        <Link to="/contact">{t("accessibility.contactLink")}</Link>
      </p>

      <h2>{t("accessibility.reportTitle")}</h2>
      <p>{t("accessibility.report")}</p>
      <p>
        <Link to="/contact">{t("accessibility.contactLink")}</Link>
      </p>

      <h2>{t("accessibility.enforcementTitle")}</h2>
      <p>{t("accessibility.enforcement")}</p>
      <p>
        {t("accessibility.enforcementEass")} <a href="https://www.equalityadvisoryservice.com/">{t("accessibility.eassLink")}</a>
      </p>
      <p>
        {t("accessibility.enforcementNi")} <a href="https://www.equalityni.org/Home">{t("accessibility.niLink")}</a>
      </p>

      <h2>{t("accessibility.technicalTitle")}</h2>
      <p>{t("accessibility.compliance")}</p>

      <h2>{t("accessibility.testingTitle")}</h2>
      <p>{t("accessibility.testing")}</p>
      <ul>
        <li>{t("accessibility.testingAxe")}</li>
        <li>{t("accessibility.testingKeyboard")}</li>
        <li>{t("accessibility.testingNoScript")}</li>
      </ul>
      <p>{t("accessibility.testingLimits")}</p>

      <h2>{t("accessibility.preparedTitle")}</h2>
      <p>{t("accessibility.prepared")}</p>
    </>
  );
}

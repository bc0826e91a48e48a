import { useTranslation } from "react-i18next";
import { Link } from "~/components/link";

// One plain sentence under every form that takes personal data: what it is used for, and the way to
// the privacy notice (in the page's language, through the site's Link). `purpose` picks the first
// sentence: a campaign's forms (signing, letters of support), signing in, or asking for your data.
export type PrivacyNotePurpose = "campaign" | "signIn" | "myData";

export function PrivacyNote({ purpose = "campaign" }: { purpose?: PrivacyNotePurpose }) {
  const { t } = useTranslation();
  return (
    <p className="hint privacy-note">
      {t(`privacyNote.${purpose}`)} <Link to="/privacy">{t("privacyNote.link")}</Link>
    </p>
  );
}

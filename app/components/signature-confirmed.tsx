import { useTranslation } from "react-i18next";
import type { Confirmation } from "~/services/signing.server";
import { Link } from "./link";
import { ConfirmationPage } from "./confirmation-page";
import { LinkNotWorking } from "./secret-link";
import { ShareLink } from "./share-link";

/**
 * What a signer sees on opening the link in their confirmation mail: confirmed, or the link does not
 * work, with the signature's withdraw link; an event's kiosk, a device strangers share, never shows
 * this page (its signers find the link in their mail).
 */
export function SignatureConfirmed({ result, shareUrl, back }: { result: Confirmation; shareUrl: string | null; back: string }) {
  const { t } = useTranslation();
  if (result.status !== "verified") {
    return <LinkNotWorking title={t("verify.invalidTitle")} body={t("verify.invalidBody")} back={{ to: "/", label: t("notFound.home") }} />;
  }
  return (
    <ConfirmationPage title={t("verify.title")} lead={t("verify.body", { title: result.campaign.title })} back={{ to: back, label: t("verify.back") }}>
      {result.campaign.thankYou ? (
        <blockquote className="thank-you">
          <p>{result.campaign.thankYou}</p>
          <footer>{t("verify.fromCampaign")}</footer>
        </blockquote>
      ) : null}
      <p>{t("verify.countLag")}</p>
      {shareUrl ? <ShareLink url={shareUrl} /> : null}
      <p>
        {t("verify.changedMind")} <Link to={result.withdrawTo}>{t("verify.withdrawLink")}</Link>
      </p>
    </ConfirmationPage>
  );
}

import { useTranslation } from "react-i18next";
import { Link } from "./link";
import { ConfirmationPage } from "./confirmation-page";
import { LinkNotWorking } from "./secret-link";
import { ShareLink } from "./share-link";

type Outcome = { status: "invalid" } | { status: "verified"; campaign: { slug: string; title: string; thankYou: string | null } };

/**
 * What a signer sees on opening the link in their confirmation mail: confirmed, or the link does not
 * work. `withdrawTo` is the signature's withdraw link; an event's kiosk, a device strangers share,
 * never shows this page (its signers find the link in their mail).
 */
export function SignatureConfirmed({ result, shareUrl, back, withdrawTo }: { result: Outcome; shareUrl: string | null; back: string; withdrawTo: string | null }) {
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
      {withdrawTo ? (
        <p>
          {t("verify.changedMind")} <Link to={withdrawTo}>{t("verify.withdrawLink")}</Link>
        </p>
      ) : null}
    </ConfirmationPage>
  );
}

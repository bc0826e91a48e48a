import { useTranslation } from "react-i18next";
import { CopyButton } from "./copy-button";

/**
 * A campaign's address to pass on: a plain link, which works everywhere, and a "Copy link" button
 * once the page runs JavaScript (see CopyButton).
 */
export function ShareLink({ url }: { url: string }) {
  const { t } = useTranslation();
  return (
    <div className="share">
      <p>
        {t("verify.shareIntro")} <a href={url}>{url}</a>
      </p>
      <CopyButton text={url} label={t("verify.copyLink")} copied={t("verify.linkCopied")} failed={t("verify.copyFailed")} />
    </div>
  );
}

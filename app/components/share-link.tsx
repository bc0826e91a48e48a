import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * A campaign's address to pass on: a plain link, which works everywhere, and, once the page runs
 * JavaScript and the browser can write to the clipboard, a "Copy link" button whose result is said
 * in a live region. The button appears only after hydration, so without JavaScript there is never a
 * button that does nothing. The live region is there from the start (empty), so that screen readers
 * are already watching it when the message arrives.
 */
export function ShareLink({ url }: { url: string }) {
  const { t } = useTranslation();
  const [canCopy, setCanCopy] = useState(false);
  const [message, setMessage] = useState("");
  useEffect(() => setCanCopy(typeof navigator.clipboard?.writeText === "function"), []);

  async function copy() {
    // Emptied first, so that a second copy is announced again.
    setMessage("");
    try {
      await navigator.clipboard.writeText(url);
      setMessage(t("verify.linkCopied"));
    } catch {
      setMessage(t("verify.copyFailed"));
    }
  }

  return (
    <div className="share">
      <p>
        {t("verify.shareIntro")} <a href={url}>{url}</a>
      </p>
      {canCopy ? (
        <p>
          <button type="button" className="button button--secondary" onClick={copy}>
            {t("verify.copyLink")}
          </button>
        </p>
      ) : null}
      <p role="status">{message}</p>
    </div>
  );
}

import { useEffect, useState } from "react";

/**
 * A button that copies `text`, shown only once the page runs JavaScript and the browser can write
 * to the clipboard: without JavaScript there is never a button that does nothing. What happened is
 * said in a live region that is there from the start (empty), so screen readers already watch it
 * when the message arrives.
 */
export function CopyButton({ text, label, copied, failed }: { text: string; label: string; copied: string; failed: string }) {
  const [canCopy, setCanCopy] = useState(false);
  const [message, setMessage] = useState("");
  useEffect(() => setCanCopy(typeof navigator.clipboard?.writeText === "function"), []);

  async function copy() {
    // Emptied first, so that a second copy is announced again.
    setMessage("");
    try {
      await navigator.clipboard.writeText(text);
      setMessage(copied);
    } catch {
      setMessage(failed);
    }
  }

  return (
    <>
      {canCopy ? (
        <p>
          <button type="button" className="button button--secondary" onClick={copy}>
            {label}
          </button>
        </p>
      ) : null}
      <p role="status">{message}</p>
    </>
  );
}

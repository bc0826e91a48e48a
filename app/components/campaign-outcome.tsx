import { useTranslation } from "react-i18next";

export interface CampaignOutcomeData {
  /** When the letter was first delivered, and to whom: addressees and copies apart. */
  delivery: { on: string; to: string[]; copies: string[] } | null;
  /** The responses, newest first; `html` is Markdown rendered with raw HTML off. */
  responses: { id: number; from: string; receivedOn: string; html: string; pdfUrl: string | null }[];
}

/** On the public page: when and to whom the letter was delivered, and what came back. */
export function CampaignOutcome({ delivery, responses }: CampaignOutcomeData) {
  const { t } = useTranslation();
  const date = (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00.000Z` : iso);
  return (
    <>
      {delivery ? (
        <p className="notice">
          {delivery.to.length && delivery.copies.length
            ? t("delivery.public.toAndCopies", { date: date(delivery.on), to: delivery.to, copies: delivery.copies })
            : delivery.to.length
              ? t("delivery.public.to", { date: date(delivery.on), to: delivery.to })
              : t("delivery.public.copies", { date: date(delivery.on), copies: delivery.copies })}
        </p>
      ) : null}
      {responses.length ? (
        <section aria-labelledby="responses" className="responses">
          <h2 id="responses">{responses.length === 1 ? t("delivery.public.response") : t("delivery.public.responses")}</h2>
          {responses.map((r) => (
            <article key={r.id} aria-labelledby={`response-${r.id}`}>
              <h3 id={`response-${r.id}`}>{t("delivery.public.from", { from: r.from, date: date(r.receivedOn) })}</h3>
              <div className="letter" dangerouslySetInnerHTML={{ __html: r.html }} />
              {r.pdfUrl ? (
                <p>
                  <a href={r.pdfUrl}>{t("delivery.public.pdf", { from: r.from })}</a>
                </p>
              ) : null}
            </article>
          ))}
        </section>
      ) : null}
    </>
  );
}

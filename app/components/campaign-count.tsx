import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

const REFRESH_MS = 10_000;

/** The verified count and progress to the goal; with JavaScript, kept fresh from count.json. */
export function CampaignCount({ slug, count: initialCount, goal }: { slug: string; count: number; goal: number | null }) {
  const { t } = useTranslation();
  const [count, setCount] = useState(initialCount);
  useEffect(() => setCount(initialCount), [initialCount]);
  useEffect(() => {
    const timer = setInterval(async () => {
      try {
        const response = await fetch(`/c/${slug}/count.json`);
        if (response.ok) setCount((await response.json()).count);
      } catch {
        // Offline for a moment: the count shown stays as it was.
      }
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [slug]);

  return (
    <div className="count-block">
      <p className="count" data-testid="signature-count">
        {t("campaign.signatures", { count })}
      </p>
      {goal ? (
        <>
          <progress className="progress" value={Math.min(count, goal)} max={goal} aria-label={t("campaign.progressLabel", { count, goal })} />
          <p className="muted">{t("campaign.goal", { goal })}</p>
        </>
      ) : null}
    </div>
  );
}

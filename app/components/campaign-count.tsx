import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

const REFRESH_MS = 10_000;

/**
 * The verified count and progress to the goal; with JavaScript, kept fresh from count.json. Beneath
 * the count, how many of them signed on paper and at events, when any did (as the page was drawn).
 */
export function CampaignCount({
  slug,
  count: initialCount,
  goal,
  bySource,
}: {
  slug: string;
  count: number;
  goal: number | null;
  bySource?: { paper: number; event: number };
}) {
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
      <InTheRoom paper={bySource?.paper ?? 0} event={bySource?.event ?? 0} />
      {goal ? (
        <>
          <progress className="progress" value={Math.min(count, goal)} max={goal} aria-label={t("campaign.progressLabel", { count, goal })} />
          <p className="muted">{t("campaign.goal", { goal })}</p>
        </>
      ) : null}
    </div>
  );
}

/** "including 56 on paper and 12 at events", or either alone; nothing when everyone signed online. */
function InTheRoom({ paper, event }: { paper: number; event: number }) {
  const { t } = useTranslation();
  if (!paper && !event) return null;
  const text =
    paper && event
      ? t("campaign.countOnPaperAndAtEvents", { paper, event })
      : paper
        ? t("campaign.countOnPaper", { paper })
        : t("campaign.countAtEvents", { event });
  return (
    <p className="muted" data-testid="signature-count-sources">
      {text}
    </p>
  );
}

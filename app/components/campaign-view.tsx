import { Link } from "~/components/link";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { SignerType } from "~/schemas/signature";
import { CampaignCount } from "./campaign-count";
import { RecipientList } from "./recipient-list";
import { SignatoryList } from "./signatory-list";

export interface CampaignViewData {
  campaign: {
    slug: string;
    title: string;
    summary: string;
    language: string;
    goal: number | null;
    closesAt: string | null;
    status: string;
    openForSigning: boolean;
    /** The Easy Read version in the language shown, with the picture its link carries. */
    easyRead?: { symbol: string } | null;
  };
  /** `amended`: the latest correction, when the letter has more than one version. */
  letter: { html: string; amended?: { at: string; reason: string } | null };
  recipients: { id: number; name: string; title: string; role: "to" | "cc" }[];
  signatories: { id: number; name: string; signerType: SignerType; organisation: string | null; role: string | null }[];
  pagination: { page: number; pages: number };
  count: number;
  /** Of the count, how many signed on paper and at events. */
  countBySource?: { paper: number; event: number };
}

/**
 * The public campaign page; the workspace preview shows the same, with `signForm` left out.
 * `outcome`: the delivery and any responses, shown under the campaign's state.
 * `supportLetters`: the letters of support and the way to write one, after the letter.
 */
export function CampaignView({
  data,
  signForm,
  outcome,
  supportLetters,
}: {
  data: CampaignViewData;
  signForm?: ReactNode;
  outcome?: ReactNode;
  supportLetters?: ReactNode;
}) {
  const { campaign, letter, recipients, signatories, pagination, count, countBySource } = data;
  const { t, i18n } = useTranslation();
  // The campaign's own words are in its language, which may not be the page's (an English-only campaign on /cy).
  const lang = i18n.language.startsWith(campaign.language) ? undefined : campaign.language;
  return (
    <>
      <h1 lang={lang}>{campaign.title}</h1>
      <p className="lead" lang={lang}>
        {campaign.summary}
      </p>
      {campaign.easyRead ? (
        <p className="easy-read-callout">
          <Link className="easy-read-link" to={`/c/${campaign.slug}/easy-read`}>
            <img src={campaign.easyRead.symbol} alt="" width={40} height={40} />
            {t("easyRead.link")}
          </Link>{" "}
          <span className="muted">{t("easyRead.linkHint")}</span>
        </p>
      ) : null}
      <CampaignCount slug={campaign.slug} count={count} goal={campaign.goal} bySource={countBySource} />
      {campaign.openForSigning ? (
        <p>
          <a href="#sign-title">{t("campaign.signThis")}</a>
          {campaign.closesAt ? <span className="muted"> · {t("campaign.closesOn", { date: new Date(campaign.closesAt) })}</span> : null}
        </p>
      ) : (
        <p className="notice">{campaign.status === "draft" || campaign.status === "submitted" ? t("campaign.notOpen") : t("campaign.closed")}</p>
      )}
      {outcome}
      <RecipientList recipients={recipients} />
      <h2>{t("campaign.letter")}</h2>
      <article className="letter" lang={campaign.language} dangerouslySetInnerHTML={{ __html: letter.html }} />
      {letter.amended ? (
        <p className="amended">
          {t("versions.amendedOn", { date: new Date(letter.amended.at), reason: letter.amended.reason })}{" "}
          <Link to={`/c/${campaign.slug}/versions`}>{t("versions.seeChanges")}</Link>
        </p>
      ) : null}
      {supportLetters}
      {campaign.openForSigning && signForm ? (
        <section aria-labelledby="sign-title">
          <h2 id="sign-title">{t("sign.heading")}</h2>
          <p>{t("sign.intro")}</p>
          {signForm}
        </section>
      ) : null}
      <SignatoryList slug={campaign.slug} signatories={signatories} pagination={pagination} />
      <p>
        <Link to="/">{t("site.home")}</Link>
      </p>
    </>
  );
}

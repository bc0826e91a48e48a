import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { metaT } from "~/utils/meta";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { SupportLetterAuthor } from "~/components/support-letter-author";
import { getSupportLetterList } from "~/services/support-letters.server";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";
import { languageOf } from "~/i18n/paths";

const QuerySchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1) });

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { page } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return getSupportLetterList({ slug: parseParams(params, CampaignParamsSchema).slug, page, language: languageOf(request) });
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  if (!data) return [{ title: `${t("notFound.title")} – ${t("site.name")}` }];
  return [{ title: `${t("support.list.title", { title: data.campaign.title })} – ${t("site.name")}` }];
};

export default function SupportLetters() {
  const { campaign, letters, pagination } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const base = `/c/${campaign.slug}/support`;
  return (
    <>
      <h1>{t("support.campaignHeading")}</h1>
      <p className="lead">
        <Link to={`/c/${campaign.slug}`}>{campaign.title}</Link>
      </p>
      <p>{t("support.list.intro")}</p>
      {letters.length === 0 ? (
        <p>{t("support.list.none")}</p>
      ) : (
        <ul className="support-letters">
          {letters.map((letter) => (
            <li key={letter.id}>
              <h2>
                <Link to={`${base}/${letter.id}`}>{letter.authorName}</Link>
              </h2>
              <SupportLetterAuthor letter={letter} />
              <p>{letter.opening ?? t("support.list.pdfOnly")}</p>
            </li>
          ))}
        </ul>
      )}
      {pagination.pages > 1 ? (
        <nav className="pagination" aria-label={t("support.campaignHeading")}>
          {pagination.page > 1 ? <Link to={`${base}?page=${pagination.page - 1}`}>{t("support.list.newer")}</Link> : null}
          <span>{t("support.list.pageOf", { page: pagination.page, pages: pagination.pages })}</span>
          {pagination.page < pagination.pages ? <Link to={`${base}?page=${pagination.page + 1}`}>{t("support.list.older")}</Link> : null}
        </nav>
      ) : null}
      <p>
        <Link to={`/c/${campaign.slug}`}>{t("support.form.back")}</Link>
      </p>
    </>
  );
}

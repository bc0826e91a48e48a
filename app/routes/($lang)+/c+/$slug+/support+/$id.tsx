import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { metaT } from "~/utils/meta";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { SupportLetterAuthor } from "~/components/support-letter-author";
import { SupportLetterIdSchema } from "~/schemas/support-letter";
import { getPublicSupportLetter } from "~/services/support-letters.server";
import { CampaignParamsSchema } from "~/schemas/params";
import { parseParams } from "~/utils/params";
import { languageOf } from "~/i18n/paths";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = SupportLetterIdSchema.safeParse(params.id);
  if (!id.success) throw new Response("Letter of support not found", { status: 404 });
  return getPublicSupportLetter({ slug: parseParams(params, CampaignParamsSchema).slug, id: id.data, language: languageOf(request) });
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  if (!data) return [{ title: `${t("notFound.title")} – ${t("site.name")}` }];
  return [{ title: `${t("support.letter.title", { name: data.letter.authorName })} – ${data.campaign.title} – ${t("site.name")}` }];
};

export default function SupportLetterPage() {
  const { campaign, letter } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const base = `/c/${campaign.slug}/support`;
  return (
    <>
      <h1>{t("support.letter.title", { name: letter.authorName })}</h1>
      <p className="lead">
        <Link to={`/c/${campaign.slug}`}>{campaign.title}</Link>
      </p>
      <SupportLetterAuthor letter={letter} />
      {letter.publishedAt ? <p>{t("support.letter.published", { date: new Date(letter.publishedAt) })}</p> : null}
      {letter.html ? <article className="letter" dangerouslySetInnerHTML={{ __html: letter.html }} /> : null}
      {letter.pdf ? (
        <p>
          <a href={`${base}/${letter.id}/letter.pdf`}>{t("support.letter.pdf", { size: t(letter.pdf.key, { value: letter.pdf.value }) })}</a>
        </p>
      ) : null}
      <p>
        <Link to={base}>{t("support.letter.all")}</Link>
      </p>
    </>
  );
}

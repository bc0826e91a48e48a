import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SignatureConfirmed } from "~/components/signature-confirmed";
import { languageOf, localePath } from "~/i18n/paths";
import { CampaignParamsSchema } from "~/schemas/params";
import { verifySignature } from "~/services/signing.server";
import { env } from "~/utils/env.server";
import { metaT } from "~/utils/meta";
import { parseParams } from "~/utils/params";

// The link in an Easy Read signer's confirmation mail: the same check as /verify/{token}, then the
// confirmation in Easy Read, leading back to the Easy Read letter. Confirmed by the page cache for
// an anonymous visitor, as /verify/{token} is.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { slug } = parseParams(params, CampaignParamsSchema);
  const result = context.confirmation ?? (await verifySignature({ token: params.token }));
  // A token for another campaign's signature still confirms it; it is named by its own campaign.
  if (result.status === "invalid") return data({ result, shareUrl: null, slug }, { status: 404 });
  return data({
    result,
    shareUrl: `${env.PUBLIC_URL}${localePath(languageOf(request), `/c/${result.campaign.slug}/easy-read`)}`,
    slug: result.campaign.slug,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  const title = data?.result.status === "verified" ? t("verify.title") : t("verify.invalidTitle");
  return [{ title: `${title} – ${t("site.name")}` }];
};

export default function EasyReadVerify() {
  const { result, shareUrl, slug } = useLoaderData<typeof loader>();
  return <SignatureConfirmed result={result} shareUrl={shareUrl} back={`/c/${slug}/easy-read`} />;
}

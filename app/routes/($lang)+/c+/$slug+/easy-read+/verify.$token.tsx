import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SignatureConfirmed } from "~/components/signature-confirmed";
import { languageOf, localePath } from "~/i18n/paths";
import { LinkTokenSchema } from "~/schemas/link-token";
import { CampaignParamsSchema } from "~/schemas/params";
import { verifySignature } from "~/services/signing.server";
import { withdrawPath } from "~/services/withdrawal.server";
import { env } from "~/utils/env.server";
import { metaT } from "~/utils/meta";
import { parseParams } from "~/utils/params";

// The link in an Easy Read signer's confirmation mail: the same check as /verify/{token}, then the
// confirmation in Easy Read, leading back to the Easy Read letter.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { slug } = parseParams(params, CampaignParamsSchema);
  const token = LinkTokenSchema.safeParse(params.token);
  const result = token.success ? await verifySignature({ token: token.data }) : { status: "invalid" as const };
  // A token for another campaign's signature still confirms it; it is named by its own campaign.
  if (result.status === "invalid") return data({ result, shareUrl: null, slug, withdrawTo: null }, { status: 404 });
  return data({
    result,
    shareUrl: `${env.PUBLIC_URL}${localePath(languageOf(request), `/c/${result.campaign.slug}/easy-read`)}`,
    slug: result.campaign.slug,
    withdrawTo: withdrawPath(result.signatureId),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  const title = data?.result.status === "verified" ? t("verify.title") : t("verify.invalidTitle");
  return [{ title: `${title} – ${t("site.name")}` }];
};

export default function EasyReadVerify() {
  const { result, shareUrl, slug, withdrawTo } = useLoaderData<typeof loader>();
  return <SignatureConfirmed result={result} shareUrl={shareUrl} withdrawTo={withdrawTo} back={`/c/${slug}/easy-read`} />;
}

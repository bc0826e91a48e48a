import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SignatureConfirmed } from "~/components/signature-confirmed";
import { languageOf, localePath } from "~/i18n/paths";
import { verifySignature } from "~/services/signing.server";
import { env } from "~/utils/env.server";
import { metaT } from "~/utils/meta";

// The link in a confirmation mail. An anonymous visitor's link is confirmed by the page cache,
// which renders this page once per campaign and language (app/services/page-cache.server.ts).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const result = context.confirmation ?? (await verifySignature({ token: params.token }));
  if (result.status === "invalid") return data({ result, shareUrl: null }, { status: 404 });
  return data({ result, shareUrl: `${env.PUBLIC_URL}${localePath(languageOf(request), `/c/${result.campaign.slug}`)}` });
}

export const meta: MetaFunction<typeof loader> = ({ data, location }) => {
  const t = metaT(location);
  const title = data?.result.status === "verified" ? t("verify.title") : t("verify.invalidTitle");
  return [{ title: `${title} – ${t("site.name")}` }];
};

export default function Verify() {
  const { result, shareUrl } = useLoaderData<typeof loader>();
  return <SignatureConfirmed result={result} shareUrl={shareUrl} back={result.status === "verified" ? `/c/${result.campaign.slug}` : "/"} />;
}

import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CAMPAIGNS_PER_PAGE, listCampaignData } from "~/services/public-api.server";
import { titled } from "~/utils/meta";

// The open-data API explained to people (issue 18): each address with an example, what it holds,
// paging, caching and CORS, the terms of reuse, and the OpenAPI document for programs. The data's
// addresses carry every language, so they are the same from /api and /cy/api: plain links, not
// the site's Link, which would put them under /cy.

export async function loader() {
  const { campaigns } = await listCampaignData({});
  // The examples name a real campaign when there is one.
  return { exampleSlug: campaigns[0]?.slug ?? "your-campaign", perPage: CAMPAIGNS_PER_PAGE };
}

export const meta = titled("api.title");

function Field({ fields, children }: { fields: string; children: string }) {
  return (
    <li>
      <code>{fields}</code>: {children}
    </li>
  );
}

function Example({ href }: { href: string }) {
  const { t } = useTranslation();
  return (
    <p>
      {t("api.example")} <a href={href}>{href}</a>
    </p>
  );
}

export default function ApiPage() {
  const { exampleSlug, perPage } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const slug = exampleSlug;
  return (
    <>
      <h1>{t("api.title")}</h1>
      <p className="lead">{t("api.intro")}</p>

      <h2>{t("api.licenceTitle")}</h2>
      <p>{t("api.licence")}</p>

      <h2>{t("api.endpointsTitle")}</h2>
      <h3>
        {t("api.campaignTitle")}: <code>/c/{"{slug}"}.json</code>
      </h3>
      <p>{t("api.campaign")}</p>
      <Example href={`/c/${slug}.json`} />
      <ul>
        <Field fields="slug, title, summary">{t("api.campaignFields.texts", { codes: "en, cy" })}</Field>
        <Field fields="languages, primaryLanguage">{t("api.campaignFields.languages")}</Field>
        <Field fields="status">{t("api.campaignFields.status", { values: "open, closed, delivered, archived" })}</Field>
        <Field fields="count, goal">{t("api.campaignFields.count")}</Field>
        <Field fields="counts">{t("api.campaignFields.counts", { values: "online, paper, event" })}</Field>
        <Field fields="recipients">{t("api.campaignFields.recipients", { to: "to", cc: "cc" })}</Field>
        <Field fields="dates: opened, closes, delivered">{t("api.campaignFields.dates", { format: "ISO 8601" })}</Field>
        <Field fields="responses">{t("api.campaignFields.responses")}</Field>
        <Field fields="updatedAt">{t("api.campaignFields.updatedAt")}</Field>
        <Field fields="links">{t("api.campaignFields.links")}</Field>
      </ul>

      <h3>
        {t("api.campaignsTitle")}: <code>/campaigns.json</code>
      </h3>
      <p>{t("api.campaigns", { count: perPage })}</p>
      <Example href="/campaigns.json" />

      <h3>
        {t("api.signaturesTitle")}: <code>/c/{"{slug}"}/signatures.json</code>, <code>/c/{"{slug}"}/signatures.csv</code>
      </h3>
      <p>{t("api.signatures", { fields: "name, signerType (individual, professional, organisation), organisation, role" })}</p>
      <Example href={`/c/${slug}/signatures.json`} />
      <Example href={`/c/${slug}/signatures.csv?limit=1000`} />

      <h2>{t("api.pagingTitle")}</h2>
      <p>{t("api.paging", { next: "next", link: "Link", limit: "limit" })}</p>

      <h2>{t("api.cachingTitle")}</h2>
      <p>
        {t("api.caching", {
          cors: "Access-Control-Allow-Origin: *",
          etag: "ETag",
          ifNoneMatch: "If-None-Match",
          notModified: "304 Not Modified",
          countUrl: "/c/{slug}/count.json",
        })}
      </p>

      <h2>{t("api.openApiTitle")}</h2>
      <p>
        {t("api.openApi", { format: "OpenAPI 3.1" })} <a href="/api/openapi.json">/api/openapi.json</a>
      </p>
    </>
  );
}

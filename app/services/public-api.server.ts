import { z } from "zod";
import { listCampaignTexts, listRecipients } from "~/models/campaigns.server";
import { getApiCampaign, listApiCampaigns, listPublicSignatoriesAfter, listStatusChanges } from "~/models/public-api.server";
import { listResponses } from "~/models/responses.server";
import { countVerifiedByLanguage, countVerifiedBySignerType, countVerifiedBySource } from "~/models/signature-stats.server";
import {
  type Campaign,
  CampaignListSchema,
  CampaignSchema,
  type CampaignSummary,
  publicApiSchemas,
  type Signatory,
  SignatoryListSchema,
  SignatorySchema,
} from "~/schemas/public-api";
import { localePath } from "~/i18n/paths";
import type { Language } from "~/utils/db.server";
import { notFound } from "~/utils/domain-error";
import { env } from "~/utils/env.server";
import { getCampaignCount } from "./counting.server";
import { isPublicStatus, languagesOf, recipientTitle } from "./campaigns.server";
import { getPublicDelivery, recipientLabel } from "./delivery.server";
import { csvLine } from "./pack/files.server";

// The public open-data API (issue 18, point 1): what anyone may read about a public campaign, as
// JSON and CSV, with no more than its public page shows. Every answer is parsed through its schema
// (app/schemas/public-api.ts) on the way out, so nothing the schema does not name can leave.
// Routes answer these through utils/public-resource.server.ts (CORS, ETag, caching).

/** Campaigns per page of /campaigns.json. */
export const CAMPAIGNS_PER_PAGE = 50;
/** Closed and delivered campaigns stay in /campaigns.json this many months after they ended. */
export const RECENT_MONTHS = 12;

const url = (path: string) => `${env.PUBLIC_URL}${path}`;
const pageLinks = (slug: string, languages: Language[]) =>
  Object.fromEntries(languages.map((language) => [language, url(localePath(language, `/c/${slug}`))])) as Partial<Record<Language, string>>;

type TextRow = { campaign_id: number; language: Language; title: string; summary: string };

/** Title and summary in each of a campaign's languages (the campaigns row holds the primary's, for older rows). */
function perLanguage(campaign: { id: number; title: string; summary: string; language: Language }, languages: Language[], texts: TextRow[]) {
  const text = (language: Language) => texts.find((t) => t.campaign_id === campaign.id && t.language === language);
  const pick = (field: "title" | "summary") =>
    Object.fromEntries(languages.map((l) => [l, text(l)?.[field] || (l === campaign.language ? campaign[field] : "")])) as Partial<Record<Language, string>>;
  return { title: pick("title"), summary: pick("summary") };
}

/** When the campaign first opened: its first change to "open" in the audit log, else (made open from a file) when it was created. */
function openedAt(changes: { after: string | null; created_at: string }[], createdAt: string) {
  for (const change of changes) {
    try {
      if (JSON.parse(change.after ?? "{}").status === "open") return change.created_at;
    } catch {
      // An entry that is not JSON says nothing about opening.
    }
  }
  return createdAt;
}

const latest = (times: (string | null | undefined)[]) => times.filter((t): t is string => Boolean(t)).sort().at(-1)!;

/** `/c/{slug}.json`: a public campaign in all its languages. Drafts and campaigns under review are not found. */
export async function getCampaignData({ slug }: { slug: string }): Promise<Campaign> {
  const campaign = await getApiCampaign({ slug });
  if (!campaign || !isPublicStatus(campaign.status)) throw notFound();
  const campaignId = campaign.id;
  const languages = languagesOf(campaign);
  const [texts, recipients, responses, count, byType, bySource, byLanguage, delivery, changes] = await Promise.all([
    listCampaignTexts({ campaignIds: [campaignId] }),
    listRecipients({ campaignId }),
    listResponses({ campaignId }),
    // The number count.json gives, from the same read.
    getCampaignCount({ slug }),
    countVerifiedBySignerType({ campaignId }),
    countVerifiedBySource({ campaignId }),
    countVerifiedByLanguage({ campaignId }),
    getPublicDelivery({ campaignId }),
    listStatusChanges({ campaignId }),
  ]);
  const tally = <K extends string>(keys: readonly K[], rows: { key: string; count: number }[]) =>
    Object.fromEntries([...keys.map((k) => [k, 0] as const), ...rows.map((r) => [r.key, r.count] as const)]) as Record<K, number>;
  return CampaignSchema.parse({
    slug: campaign.slug,
    ...perLanguage(campaign, languages, texts),
    languages,
    primaryLanguage: campaign.language,
    status: campaign.status,
    count: count?.count ?? 0,
    goal: campaign.goal,
    counts: {
      bySignerType: tally(["individual", "professional", "organisation"], byType.map((r) => ({ key: r.signerType, count: r.count }))),
      bySource: tally(["online", "paper", "event"], bySource.map((r) => ({ key: r.source, count: r.count }))),
      byLanguage: tally(languages, byLanguage.map((r) => ({ key: r.language, count: r.count }))),
    },
    recipients: recipients.map((r) => ({
      name: r.name,
      title: Object.fromEntries(languages.map((l) => [l, recipientTitle(r, l)])),
      role: r.role,
    })),
    dates: { opened: openedAt(changes, campaign.created_at), closes: campaign.closes_at, delivered: delivery?.on ?? null },
    responses: responses.map((r) => ({
      from: recipientLabel({ name: r.from_name, title: r.from_title }),
      receivedOn: r.received_on,
      text: r.body,
      pdfUrl: r.pdf_file ? url(`/c/${slug}/responses/${r.id}/response.pdf`) : null,
    })),
    updatedAt: latest([campaign.updated_at, campaign.count_updated_at, count?.updatedAt, delivery?.on, ...responses.map((r) => r.created_at)]),
    links: {
      self: url(`/c/${slug}.json`),
      page: pageLinks(slug, languages),
      count: url(`/c/${slug}/count.json`),
      signaturesJson: url(`/c/${slug}/signatures.json`),
      signaturesCsv: url(`/c/${slug}/signatures.csv`),
    },
  } satisfies z.input<typeof CampaignSchema>);
}

/**
 * `/campaigns.json`: open campaigns, and those closed or delivered in the last RECENT_MONTHS
 * months, newest first, CAMPAIGNS_PER_PAGE a page; `after` is the cursor from the previous page.
 */
export async function listCampaignData({ after, at = new Date() }: { after?: number; at?: Date }) {
  const since = new Date(at);
  since.setUTCMonth(since.getUTCMonth() - RECENT_MONTHS);
  const rows = await listApiCampaigns({ endedSince: since.toISOString(), afterId: after, limit: CAMPAIGNS_PER_PAGE + 1 });
  const page = rows.slice(0, CAMPAIGNS_PER_PAGE);
  const texts = await listCampaignTexts({ campaignIds: page.map((c) => c.id) });
  const campaigns = page.map((c): CampaignSummary => {
    const languages = languagesOf(c);
    return {
      slug: c.slug,
      ...perLanguage(c, languages, texts),
      languages,
      primaryLanguage: c.language,
      status: c.status as CampaignSummary["status"],
      count: c.verified_count ?? 0,
      goal: c.goal,
      closes: c.closes_at,
      links: { self: url(`/c/${c.slug}.json`), page: pageLinks(c.slug, languages) },
    };
  });
  const next = rows.length > CAMPAIGNS_PER_PAGE ? url(`/campaigns.json?after=${page.at(-1)!.id}`) : null;
  return CampaignListSchema.parse({ campaigns, next });
}

export type SignatoryFormat = "json" | "csv";

/**
 * A page of a public campaign's signatories, exactly as its public page lists them (a name only
 * when the signer chose to show it; never an email, town, comment or anything moderation hid),
 * newest first, `limit` of them after the cursor `after`.
 */
export async function listSignatoryData({ slug, after, limit, format }: { slug: string; after?: number; limit: number; format: SignatoryFormat }) {
  const campaign = await getApiCampaign({ slug });
  if (!campaign || !isPublicStatus(campaign.status)) throw notFound();
  const rows = await listPublicSignatoriesAfter({ campaignId: campaign.id, afterId: after, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? String(page.at(-1)!.id) : null;
  const next = nextCursor ? url(`/c/${slug}/signatures.${format}?after=${nextCursor}&limit=${limit}`) : null;
  return SignatoryListSchema.parse({
    campaign: slug,
    signatories: page.map((s): Signatory => ({ name: s.name, signerType: s.signer_type, organisation: s.organisation, role: s.role })),
    nextCursor,
    next,
  });
}

const CSV_COLUMNS = Object.keys(SignatorySchema.shape) as (keyof Signatory)[];

/** The signatories as CSV: a header row, then one row each, every cell escaped (formula injection too). */
export function signatoriesCsv(signatories: Signatory[]) {
  return csvLine(CSV_COLUMNS) + signatories.map((s) => csvLine(CSV_COLUMNS.map((column) => s[column]))).join("");
}

let openApi: { url: string; document: object } | undefined;

/** `/api/openapi.json`: OpenAPI 3.1, its schemas generated from app/schemas/public-api.ts. */
export function openApiDocument() {
  if (openApi?.url === env.PUBLIC_URL) return openApi.document;
  const { schemas } = z.toJSONSchema(publicApiSchemas, { target: "draft-2020-12", io: "output", uri: (id) => `#/components/schemas/${id}` });
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const json = (name: string, description: string) => ({ description, content: { "application/json": { schema: ref(name) } } });
  const slug = { name: "slug", in: "path", required: true, description: "The campaign's slug, as in its address /c/{slug}.", schema: { type: "string", pattern: "^[a-z0-9]+(-[a-z0-9]+)*$" } };
  const after = (description: string) => ({ name: "after", in: "query", required: false, description, schema: { type: "string", pattern: "^[1-9][0-9]{0,15}$" } });
  const limit = { name: "limit", in: "query", required: false, description: "Signatories per page: 1 to 1000, 100 if not given.", schema: { type: "integer", minimum: 1, maximum: 1000, default: 100 } };
  const cached = { description: "Not modified: the If-None-Match header named the current ETag." };
  const notFoundAnswer = json("Error", "No public campaign has this slug (drafts and campaigns under review are not public).");
  const badRequest = json("Error", "A query parameter is not valid; the message says which.");
  const linkHeader = { Link: { description: 'The next page: <…>; rel="next". Absent on the last page.', schema: { type: "string" } } };
  const signatories = (format: "json" | "csv") => ({
    get: {
      operationId: format === "json" ? "listSignatories" : "listSignatoriesCsv",
      summary: `A campaign's public signatories, as ${format.toUpperCase()}`,
      description:
        "Only what the campaign page shows: a name only when the signer chose to show it, their signer type, organisation and role. Newest first, keyset-paged: follow `next` (or the Link header).",
      parameters: [slug, after("The nextCursor of the previous page."), limit],
      responses: {
        "200":
          format === "json"
            ? { ...json("SignatoryList", "A page of signatories."), headers: linkHeader }
            : {
                description: "A page of signatories: a header row (name, signerType, organisation, role), then one row each.",
                headers: linkHeader,
                content: { "text/csv": { schema: { type: "string" } } },
              },
        "304": cached,
        "400": badRequest,
        "404": notFoundAnswer,
      },
    },
  });
  const document = {
    openapi: "3.1.0",
    info: {
      title: "Undersigned open data",
      version: "1",
      description:
        "Public campaigns, their counts and their public signatories. Free to reuse; signatories' names are shown only as they chose. Every answer allows any origin (CORS *), has an ETag (send If-None-Match for a 304) and may be kept by a shared cache for a minute.",
      license: { name: "Free to reuse, with signatories' names only as they chose to show them", url: url("/api") },
    },
    servers: [{ url: env.PUBLIC_URL }],
    paths: {
      "/campaigns.json": {
        get: {
          operationId: "listCampaigns",
          summary: "Open campaigns, and those closed or delivered in the last 12 months",
          description: `Newest first, ${CAMPAIGNS_PER_PAGE} a page: follow \`next\`.`,
          parameters: [after("The cursor in the previous page's next link.")],
          responses: { "200": json("CampaignList", "A page of campaigns."), "304": cached, "400": badRequest },
        },
      },
      "/c/{slug}.json": {
        get: {
          operationId: "getCampaign",
          summary: "A campaign: its texts in each language, count, recipients, dates and responses",
          parameters: [slug],
          responses: { "200": json("Campaign", "The campaign."), "304": cached, "404": notFoundAnswer },
        },
      },
      "/c/{slug}/signatures.json": signatories("json"),
      "/c/{slug}/signatures.csv": signatories("csv"),
    },
    components: { schemas },
  };
  openApi = { url: env.PUBLIC_URL, document };
  return document;
}

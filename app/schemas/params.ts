import { z } from "zod";
import { LinkTokenSchema } from "./link-token";

// Every route parameter is read through one of these (utils/params.ts): an address that cannot be
// one of ours is a 404, the same as one that does not exist, before anything is looked up.

const slug = z.string().max(80).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);
/** A record's number in an address: 1 to 2^53 − 1, digits only. */
const recordId = z.string().regex(/^[1-9]\d{0,15}$/).transform(Number).pipe(z.number().max(Number.MAX_SAFE_INTEGER));

/** `/c/{slug}/…`, `/workspace/c/{slug}/…` */
export const CampaignParamsSchema = z.object({ slug });
/** `/c/{slug}/…/{id}/…`: a letter of support, a response, a pack export. */
export const CampaignRecordParamsSchema = z.object({ slug, id: recordId });
/** `/…/{token}`: a secret link. */
export const TokenParamsSchema = z.object({ token: LinkTokenSchema });

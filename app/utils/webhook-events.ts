/**
 * What a campaign's webhooks can be told about (issue 18): the names receivers see in the payload's
 * `event` and the `X-Undersigned-Event` header. The database keeps them as text (db/schema.ts
 * WebhookEvent names the same three).
 */
export const WEBHOOK_EVENTS = ["signature.verified", "campaign.delivered", "response.published"] as const;

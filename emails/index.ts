import { alreadySigned } from "./already-signed";
import { campaignResponse } from "./campaign-response";
import { packDelivery } from "./pack-delivery";
import { myDataLink } from "./my-data-link";
import { paperSignature } from "./paper-signature";
import { signIn } from "./sign-in";
import { supportInvitation, supportReminder } from "./support-invitation";
import { supportLetterApproved } from "./support-letter-approved";
import { supportLetterConfirm } from "./support-letter-confirm";
import { supportLetterRejected } from "./support-letter-rejected";
import { supportLetterSentBack } from "./support-letter-sent-back";
import { teamInvitation } from "./team-invitation";
import { verifySignature } from "./verify-signature";

// Every mail the platform sends, by template name (the name is stored with each outbox message).
export const templates = {
  "verify-signature": verifySignature,
  "already-signed": alreadySigned,
  "sign-in": signIn,
  "team-invitation": teamInvitation,
  "pack-delivery": packDelivery,
  "campaign-response": campaignResponse,
  "support-invitation": supportInvitation,
  "support-reminder": supportReminder,
  "support-letter-approved": supportLetterApproved,
  "support-letter-sent-back": supportLetterSentBack,
  "support-letter-rejected": supportLetterRejected,
  "support-letter-confirm": supportLetterConfirm,
  "paper-signature": paperSignature,
  "my-data-link": myDataLink,
};

export type TemplateName = keyof typeof templates;
export type TemplateData<N extends TemplateName> = Parameters<(typeof templates)[N]>[2];
export type { RenderedEmail } from "./layout";

import { alreadySigned } from "./already-signed";
import { signIn } from "./sign-in";
import { teamInvitation } from "./team-invitation";
import { verifySignature } from "./verify-signature";

// Every mail the platform sends, by template name (the name is stored with each outbox message).
export const templates = {
  "verify-signature": verifySignature,
  "already-signed": alreadySigned,
  "sign-in": signIn,
  "team-invitation": teamInvitation,
};

export type TemplateName = keyof typeof templates;
export type TemplateData<N extends TemplateName> = Parameters<(typeof templates)[N]>[2];
export type { RenderedEmail } from "./layout";

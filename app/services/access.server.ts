import { getMemberRole, getWorkspaceCampaign, type WorkspaceCampaign } from "~/models/campaigns.server";
import type { SessionUser } from "~/models/users.server";
import type { UserRole } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/domain-error";

// "May this person do this to this campaign?" answered in one place, as a table: who they are
// (their role, and for a campaigner how they stand to the campaign) against what they want to do.
// Routes, services and the command line ask here; nothing else looks at a role.

/** What someone may want to do to a campaign. */
export type CampaignNeed =
  | "view" // its workspace pages: dashboard, letters of support, team
  | "edit" // the editor, amendments, publishing, closing and reopening, letters of support
  | "manageTeam" // inviting and removing co-campaigners
  | "review" // approving a submitted campaign, or sending it back
  | "finish" // marking it delivered, archiving it
  | "moderate" // hiding and invalidating signatures
  | "seeSignerEmails"
  | "export" // the signature pack
  | "deliver" // sending the pack to its recipients, recording responses
  | "paper" // printing signature sheets and keying paper signatures: the campaign's team and staff
  | "runKiosk" // opening and closing an event's kiosk (a signing link for a tablet): staff only
  | "manageWebhooks"; // adding and deleting webhooks, seeing their deliveries: the campaign's team and staff
/** What someone may want to do to the site as a whole. */
export type SiteNeed = "createCampaign" | "seeAllCampaigns" | "readAudit" | "changeSettings" | "managePeople";

/** How a person stands to a campaign: its owner, a co-campaigner, or neither. */
export type Relation = "owner" | "member" | "none";

/**
 * Who may act. A signed-in person, or the command line: someone with a shell on the server, who
 * could read the database anyway, and acts as an administrator (recorded with no user).
 */
export type Actor = Pick<SessionUser, "id" | "role"> | typeof commandLine;
export const commandLine = { id: null, role: "operator" } as const;
type ActorRole = UserRole | "operator";

const everyone = { owner: true, member: true, none: false } as const;
const ownerOnly = { owner: true, member: false, none: false } as const;
const nobody = { owner: false, member: false, none: false } as const;

/**
 * The policy. For a campaigner, by relation; staff, admins and the command line act on every
 * campaign. A campaigner with no relation to a campaign is told it does not exist (404), so a slug
 * reveals nothing; one who is on the team but may not do this is told so (403).
 */
const campaignPolicy: Record<CampaignNeed, { campaigner: Record<Relation, boolean>; staff: boolean; admin: boolean; operator: boolean }> = {
  view: { campaigner: everyone, staff: true, admin: true, operator: true },
  edit: { campaigner: everyone, staff: true, admin: true, operator: true },
  manageTeam: { campaigner: ownerOnly, staff: true, admin: true, operator: true },
  review: { campaigner: nobody, staff: true, admin: true, operator: true },
  finish: { campaigner: nobody, staff: true, admin: true, operator: true },
  moderate: { campaigner: nobody, staff: true, admin: true, operator: true },
  seeSignerEmails: { campaigner: nobody, staff: true, admin: true, operator: true },
  export: { campaigner: nobody, staff: true, admin: true, operator: true },
  deliver: { campaigner: nobody, staff: true, admin: true, operator: true },
  paper: { campaigner: everyone, staff: true, admin: true, operator: true },
  // A kiosk link lets anyone holding it add witnessed signatures without an email: staff hand it out.
  runKiosk: { campaigner: nobody, staff: true, admin: true, operator: true },
  // Signers' emails in a webhook's payloads are a further choice, for those who may see them (seeSignerEmails).
  manageWebhooks: { campaigner: everyone, staff: true, admin: true, operator: true },
};

const sitePolicy: Record<SiteNeed, Record<ActorRole, boolean>> = {
  createCampaign: { campaigner: true, staff: true, admin: true, operator: true },
  seeAllCampaigns: { campaigner: false, staff: true, admin: true, operator: true },
  readAudit: { campaigner: false, staff: true, admin: true, operator: true },
  changeSettings: { campaigner: false, staff: true, admin: true, operator: true },
  managePeople: { campaigner: false, staff: false, admin: true, operator: true },
};

/** Whether this actor may do this to a campaign they stand to as `relation`. */
function mayOnCampaign(actor: Actor, relation: Relation, need: CampaignNeed) {
  const rule = campaignPolicy[need];
  return actor.role === "campaigner" ? rule.campaigner[relation] : rule[actor.role];
}

/** Whether this actor may do this to the site. */
export function mayOnSite(actor: Actor, need: SiteNeed) {
  return sitePolicy[need][actor.role];
}

/** Throws a 403 naming what this actor may not do to the site. */
export function requireSiteAccess({ actor, need }: { actor: Actor; need: SiteNeed }) {
  if (!mayOnSite(actor, need)) throw forbidden(`access.forbidden.${need}`);
}

async function relationTo(actor: Actor, campaign: WorkspaceCampaign): Promise<Relation> {
  if (actor.id === null || actor.role !== "campaigner") return "none";
  const role = await getMemberRole({ campaignId: campaign.id, userId: actor.id });
  return role === "owner" ? "owner" : role ? "member" : "none";
}

/**
 * The campaign, if this actor may do `need` to it, with everything else they may do there (for the
 * page to offer only that). A campaign they may not even view answers 404, as one that does not
 * exist; one they may view but not do this to answers 403, naming what they may not do.
 */
export async function requireCampaignAccess({ actor, slug, need }: { actor: Actor; slug: string; need: CampaignNeed }) {
  const campaign = await getWorkspaceCampaign({ slug });
  if (!campaign) throw notFound();
  const relation = await relationTo(actor, campaign);
  if (!mayOnCampaign(actor, relation, "view")) throw notFound();
  if (!mayOnCampaign(actor, relation, need)) throw forbidden(`access.forbidden.${need}`);
  const may = Object.fromEntries(
    (Object.keys(campaignPolicy) as CampaignNeed[]).map((each) => [each, mayOnCampaign(actor, relation, each)]),
  ) as Record<CampaignNeed, boolean>;
  return { campaign, may };
}

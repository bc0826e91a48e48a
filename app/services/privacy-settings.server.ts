import { insertAuditEntry } from "~/models/audit.server";
import { deleteSetting, getSetting, setSetting } from "~/models/settings.server";
import type { PrivacySettingsInput } from "~/schemas/privacy";
import { db, type Executor, now } from "~/utils/db.server";
import { type Actor, requireSiteAccess } from "./access.server";

/** Months personal data is kept after a campaign closes or is delivered, unless staff set another. */
export const DEFAULT_RETENTION_MONTHS = 6;

export const PRIVACY_SETTING_KEYS = {
  retentionMonths: "privacy.retention_months",
  controllerName: "privacy.controller_name",
  controllerContact: "privacy.controller_contact",
} as const;

/** What the privacy notice and the retention run go by: set by staff in /workspace/settings. */
export type PrivacySettings = {
  retentionMonths: number;
  /** Who holds the data (the data controller), and how to reach them; null until staff name them. */
  controllerName: string | null;
  controllerContact: string | null;
};

export async function getPrivacySettings(trx: Executor = db): Promise<PrivacySettings> {
  const [months, name, contact] = await Promise.all([
    getSetting({ key: PRIVACY_SETTING_KEYS.retentionMonths }, trx),
    getSetting({ key: PRIVACY_SETTING_KEYS.controllerName }, trx),
    getSetting({ key: PRIVACY_SETTING_KEYS.controllerContact }, trx),
  ]);
  const retentionMonths = Number(months);
  return {
    retentionMonths: Number.isInteger(retentionMonths) && retentionMonths > 0 ? retentionMonths : DEFAULT_RETENTION_MONTHS,
    controllerName: name || null,
    controllerContact: contact || null,
  };
}

/** Staff save the retention period and who the data controller is; audited with before and after. */
export async function savePrivacySettings({ actor, input }: { actor: Actor; input: Omit<PrivacySettingsInput, "intent"> }) {
  requireSiteAccess({ actor, need: "changeSettings" });
  await db.transaction().execute(async (trx) => {
    const at = now();
    const before = await getPrivacySettings(trx);
    await setSetting({ key: PRIVACY_SETTING_KEYS.retentionMonths, value: String(input.retentionMonths), at }, trx);
    for (const field of ["controllerName", "controllerContact"] as const) {
      const value = input[field];
      if (value) await setSetting({ key: PRIVACY_SETTING_KEYS[field], value, at }, trx);
      else await deleteSetting({ key: PRIVACY_SETTING_KEYS[field] }, trx);
    }
    const after = { retentionMonths: input.retentionMonths, controllerName: input.controllerName, controllerContact: input.controllerContact };
    await insertAuditEntry({ userId: actor.id, campaignId: null, action: "settings.privacy", before, after, createdAt: at }, trx);
  });
}

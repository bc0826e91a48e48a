import { getSetting } from "~/models/settings.server";
import { db, type Executor } from "~/utils/db.server";

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

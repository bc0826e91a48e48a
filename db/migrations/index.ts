import type { Migration } from "kysely";
import * as foundation from "./2026_11_28_0000_foundation";
import * as accounts from "./2026_11_28_0100_accounts";
import * as workspace from "./2026_11_28_0200_workspace";
import * as moderation from "./2026_11_28_0300_moderation";
import * as team from "./2026_11_28_0500_team";
import * as settings from "./2026_11_28_0600_settings";
import * as supportLetters from "./2026_11_28_0700_support_letters";
import * as packExports from "./2026_11_28_0800_pack_exports";
import * as packSignaturesIndex from "./2026_11_28_0810_pack_signatures_index";
import * as delivery from "./2026_11_28_0900_delivery";
import * as packExportLeases from "./2026_11_28_1000_pack_export_leases";
import * as signInCodeFailures from "./2026_11_28_1100_sign_in_code_failures";
import * as languages from "./2026_12_01_0000_languages";
import * as easyRead from "./2026_12_01_0100_easy_read";
import * as paperAndEvents from "./2026_12_01_0200_paper_and_events";
import * as signaturesSourceIndex from "./2026_12_01_0250_signatures_source_index";
import * as paperKeying from "./2026_12_01_0300_paper_keying";
import * as privacy from "./2026_12_01_0400_privacy";
import * as outboxRender from "./2026_12_01_0500_outbox_render";
import * as pageVersions from "./2026_12_01_0510_page_versions";
import * as severalProcesses from "./2026_12_02_0000_several_processes";
import * as webhooks from "./2026_12_02_0100_webhooks";
import * as packManifestSignature from "./2026_12_02_0200_pack_manifest_signature";

// Every migration, in order. Listed by hand so bundlers and the CLI see the same set.
export const migrations: Record<string, Migration> = {
  "2026_11_28_0000_foundation": foundation,
  "2026_11_28_0100_accounts": accounts,
  "2026_11_28_0200_workspace": workspace,
  "2026_11_28_0300_moderation": moderation,
  "2026_11_28_0500_team": team,
  "2026_11_28_0600_settings": settings,
  "2026_11_28_0700_support_letters": supportLetters,
  "2026_11_28_0800_pack_exports": packExports,
  "2026_11_28_0810_pack_signatures_index": packSignaturesIndex,
  "2026_11_28_0900_delivery": delivery,
  "2026_11_28_1000_pack_export_leases": packExportLeases,
  "2026_11_28_1100_sign_in_code_failures": signInCodeFailures,
  "2026_12_01_0000_languages": languages,
  "2026_12_01_0100_easy_read": easyRead,
  "2026_12_01_0200_paper_and_events": paperAndEvents,
  "2026_12_01_0250_signatures_source_index": signaturesSourceIndex,
  "2026_12_01_0300_paper_keying": paperKeying,
  "2026_12_01_0400_privacy": privacy,
  "2026_12_01_0500_outbox_render": outboxRender,
  "2026_12_01_0510_page_versions": pageVersions,
  "2026_12_02_0000_several_processes": severalProcesses,
  "2026_12_02_0100_webhooks": webhooks,
  "2026_12_02_0200_pack_manifest_signature": packManifestSignature,
};

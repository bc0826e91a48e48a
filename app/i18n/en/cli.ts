// Namespace "cli", in English: what `npm run cli -- <command>` prints (app/cli.ts). It speaks the
// language of the shell (LC_ALL, LC_MESSAGES or LANG: app/i18n/cli-language.ts). Command names,
// --options and values such as campaigner|staff|admin are typed as they are in every language; the
// <names> and example files in a usage line may be translated. A pack's check reuses pack.verify.*.
export const cliStrings = {
  cli: {
    usage: {
      title: "Usage: npm run cli -- <command>",
      commands: "Commands:",
      // One command's usage, after a mistake in it: {{usage}} is one of the lines below.
      of: "Usage: npm run cli -- {{usage}}",
      campaignCreate: "campaign:create --file campaign.json",
      userCreate: "user:create --email someone@example.org --role campaigner|staff|admin [--name 'Their Name']",
      packExport: "pack:export <campaign-slug> --out pack.zip",
      packVerify: "pack:verify pack.zip [--key public-key.pem]",
      paperImport: "paper:import <campaign-slug> --file keyed.csv --by someone@example.org",
      eventCreate: "event:create <campaign-slug> --name 'Event name' --date YYYY-MM-DD [--until YYYY-MM-DD] [--place 'Place'] [--language en|cy]",
      // --max-batches is for testing and operations: stop after N batches of 500 signatures (the next run resumes).
      privacyRun: "privacy:run [--as-of YYYY-MM-DD] [--max-batches N]",
    },
    errors: {
      noSuchFile: "No such file: {{file}}",
      notJson: "{{file}} is not valid JSON: {{error}}",
      fileRequired: "--file is required: the path of a campaign JSON file",
      campaignRequired: "Name the campaign: pack:export <campaign-slug> --out pack.zip",
      outRequired: "--out is required: where to write the ZIP file",
      zipRequired: "Name the ZIP file to check",
      paperCampaignRequired: "Name the campaign: paper:import <campaign-slug> --file keyed.csv --by someone@example.org",
      paperFileRequired: "--file is required: the spreadsheet of typed-in rows, saved as CSV",
      paperByRequired: "--by is required: the email address of the person who typed the rows in",
      eventCampaignRequired: "Name the campaign: event:create <campaign-slug> --name 'Event name' --date YYYY-MM-DD",
      eventNameRequired: "--name is required: the name of the event",
      eventDateRequired: "--date is required: the event's first day, as YYYY-MM-DD",
      // The command line itself was wrong (Node's parseArgs): {{option}} is as it was typed.
      unknownOption: "Unknown option '{{option}}'",
      optionValueMissing: "Option '{{option}}' argument missing",
      unexpectedArgument: "Unexpected argument '{{argument}}'. This command does not take positional arguments",
      asOfDate: "--as-of must be a date, as YYYY-MM-DD",
      maxBatches: "--max-batches must be a whole number, 1 or more",
    },
    campaignCreated: "Created campaign \"{{slug}}\": {{url}}",
    // paper:import, one line per sheet in the file. {{sheet}} is its number as printed ("S-0003").
    paperKeyed: "{{sheet}}: first entry saved. A different person must type the sheet in again.",
    paperCompared: "{{sheet}}: second entry saved and compared with the first. Signatures: {{agreed}}. Already signed: {{duplicates}}. Rows to settle on the sheet's page: {{disputed}}.",
    // {{dates}} is the first day, or the first and last ("2026-12-03 – 2026-12-05").
    eventCreated: "Created event \"{{name}}\" ({{dates}}) for \"{{slug}}\", and opened a kiosk for it.",
    kioskLink: "Kiosk link for the tablet on the stand (shown only now; anyone with it can sign at the event):\n{{link}}",
    // {{role}} is one of roles.*
    userCreated: "Created {{role}} account for {{email}}.",
    roles: { campaigner: "campaigner", staff: "staff", admin: "admin" },
    signInQueued: "A sign-in link is queued; the running server sends it.",
    signInLink: "Sign in within 15 minutes: {{link}}\n(or type the code {{code}} at {{url}})",
    // Rewritten in place as the pack is written.
    exportProgress: "Writing signatories: {{done, number}} of {{total, number}}",
    exported: "Exported the signature pack of \"{{slug}}\" to {{out}} ({{bytes}} bytes, SHA-256 {{sha256}}).",
    verifyFailed: "The pack failed the check. {{problem}}",
    verifyIntact: "The pack is intact: every file matches manifest.json and its signature holds.",
    // After the fingerprint, when no --key was given.
    keyInPack: " (the key inside the pack: compare it with the fingerprint on the site's /verify-pack page, or pass --key)",
    // privacy:run, one line per campaign past its retention date, then the sweeps across every campaign.
    privacy: {
      noneDue: "No campaign is past its retention date.",
      anonymised: "{{slug}}: anonymised. Signatures: {{signatures}}. Typed-in sheet rows: {{keyedRows}}. Scans deleted: {{scans}}. Letters of support: {{supportLetters}}. Pack files deleted: {{packs}}.",
      held: "{{slug}}: held back by staff, not anonymised.",
      stopped: "{{slug}}: stopped after {{signatures}} signatures; the next run carries on from there.",
      failed: "{{slug}}: failed (see the log); the other campaigns went on.",
      stoppedEarly: "Stopped at --max-batches; the sweeps did not run.",
      swept: "Unconfirmed signatures over 30 days old deleted: {{unconfirmedDeleted}}. IP addresses over 30 days old erased: {{addressesErased}} from signatures, {{supportLetterAddressesErased}} from letters of support. Addresses erased from mail sent over 30 days ago: {{recipientsErased}}.",
    },
  },
};

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
    },
    errors: {
      noSuchFile: "No such file: {{file}}",
      notJson: "{{file}} is not valid JSON: {{error}}",
      fileRequired: "--file is required: the path of a campaign JSON file",
      campaignRequired: "Name the campaign: pack:export <campaign-slug> --out pack.zip",
      outRequired: "--out is required: where to write the ZIP file",
      zipRequired: "Name the ZIP file to check",
      // The command line itself was wrong (Node's parseArgs): {{option}} is as it was typed.
      unknownOption: "Unknown option '{{option}}'",
      optionValueMissing: "Option '{{option}}' argument missing",
      unexpectedArgument: "Unexpected argument '{{argument}}'. This command does not take positional arguments",
    },
    campaignCreated: "Created campaign \"{{slug}}\": {{url}}",
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
  },
};
